import {
  alertEventKey,
  DEFAULT_EXPECTED_REPORT_INTERVAL_MS,
  MINUTE_MS,
  type Alert,
  type AlertEvent,
  type PositionFix,
  type Vessel,
  type Zone,
} from '@vesselwatch/domain';
import { ZoneIndex } from '@vesselwatch/geo';
import {
  DEFAULT_RULES_CONFIG,
  RulesEngine,
  type FixVerdict,
  type VesselProfile,
  type VesselRuleState,
} from '@vesselwatch/rules';

/**
 * A deterministic fleet for processor tests and the end-to-end benchmark: Vietnamese offshore vessels off
 * the coast run east at 10 knots towards a foreign territorial sea, cross into it, turn and come back, so
 * every vessel opens, raises and resolves border.approach and opens and resolves border.crossed. Synthetic
 * zones (not the real boundaries): what matters here is that the processor's outputs are exactly what the
 * rules decide, which `expectedOutcome` computes by running the same rules engine sequentially.
 */

/** A Monday, 00:00 UTC. Fix times of the scenario count from here unless told otherwise. */
export const SCENARIO_T0_MS = Date.UTC(2026, 0, 5, 0, 0, 0);
export const SCENARIO_ZONE_SET_VERSION = 'scenario-v1';
/** The foreign waters of the scenario (east boundary of the tracks' turning point). */
export const SCENARIO_FOREIGN_ZONE_ID = 'scenario-chn-ts';

const box = (west: number, south: number, east: number, north: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [west, south],
      [east, south],
      [east, north],
      [west, north],
      [west, south],
    ] as Array<[number, number]>,
  ],
});
/** Coordinates are [lon, lat]. */
export function scenarioZones(): Zone[] {
  return [
    {
      id: 'scenario-vnm-ts',
      name: 'Scenario Vietnamese territorial sea',
      kind: 'territorial_sea',
      jurisdiction: 'VNM',
      geometry: box(108.5, 9.0, 109.5, 11.0),
      approximate: true,
      properties: {},
    },
    {
      id: SCENARIO_FOREIGN_ZONE_ID,
      name: 'Scenario foreign territorial sea',
      kind: 'territorial_sea',
      jurisdiction: 'CHN',
      geometry: box(110.5, 9.5, 111.5, 10.5),
      approximate: true,
      properties: {},
    },
  ];
}

export interface FleetScenarioOptions {
  vessels: number;
  /** Time between two fixes of one vessel (default 5 minutes). */
  stepMs?: number;
  startMs?: number;
  /** Vessel ids are `<prefix><number>` (default `scn-`). */
  idPrefix?: string;
  /** How many fixes per vessel (default: one trip out and back, 52). */
  stepsPerVessel?: number;
}

const SPEED_KNOTS = 10;
const START_LON = 110.2;
const TURN_LON = 110.56;

/** Fixes of the whole fleet in time order (vessels interleaved), each received 30 s after it was reported. */
export function scenarioFixes(options: FleetScenarioOptions): PositionFix[] {
  const stepMs = options.stepMs ?? 5 * MINUTE_MS;
  const startMs = options.startMs ?? SCENARIO_T0_MS;
  const prefix = options.idPrefix ?? 'scn-';
  const tracks: PositionFix[][] = [];
  for (let vessel = 0; vessel < options.vessels; vessel++) {
    const vesselId = `${prefix}${vessel}`;
    const lat = 9.55 + (vessel % 90) * 0.01;
    const stepDeg = (SPEED_KNOTS * (stepMs / 3_600_000)) / (60 * Math.cos((lat * Math.PI) / 180));
    let lon = START_LON - (vessel % 7) * 0.01;
    let east = true;
    const steps = options.stepsPerVessel ?? 52;
    const track: PositionFix[] = [];
    for (let step = 0; step < steps; step++) {
      const reportedAtMs = startMs + step * stepMs;
      track.push({
        vesselId,
        terminalId: `T-${vesselId}`,
        reportedAtMs,
        receivedAtMs: reportedAtMs + 30_000,
        position: [Math.round(lon * 1e6) / 1e6, lat],
        speedKnots: SPEED_KNOTS,
        courseDeg: east ? 90 : 270,
        source: 'sim',
      });
      if (east && lon >= TURN_LON) east = false;
      else if (!east && lon <= START_LON - 0.05) east = true;
      lon += east ? stepDeg : -stepDeg;
    }
    tracks.push(track);
  }
  const fixes: PositionFix[] = [];
  const longest = Math.max(0, ...tracks.map((track) => track.length));
  for (let step = 0; step < longest; step++) {
    for (const track of tracks) if (track[step]) fixes.push(track[step]!);
  }
  return fixes;
}

/**
 * Registry entries for the scenario's vessels (offshore, Vietnamese, reporting every 2 h). Registration
 * numbers are unique in a registry: give fleets that share one different `registrationBase`s (up to 6 digits).
 */
export function scenarioVessels(count: number, idPrefix = 'scn-', registrationBase = 10_000): Vessel[] {
  return Array.from({ length: count }, (_, vessel) => ({
    id: `${idPrefix}${vessel}`,
    registrationNumber: `BĐ-${String(registrationBase + vessel).padStart(5, '0')}-TS`,
    name: `Scenario ${vessel}`,
    flagState: 'VNM',
    lengthOverallM: 16,
    gear: 'longline' as const,
    homePortId: 'scenario-port',
    owner: { name: 'Scenario owner', role: 'owner' as const, language: 'vi' as const },
    contacts: [],
    terminalIds: [`T-${idPrefix}${vessel}`],
    expectedReportIntervalMs: DEFAULT_EXPECTED_REPORT_INTERVAL_MS,
  }));
}

/** The profile the processor derives for a scenario vessel (registered or not: the same here). */
export function scenarioProfile(vesselId: string): VesselProfile {
  return {
    vesselId,
    flagState: 'VNM',
    vesselClass: 'offshore',
    expectedReportIntervalMs: DEFAULT_EXPECTED_REPORT_INTERVAL_MS,
  };
}

export interface ExpectedOutcome {
  /** Every alert event, in the order the rules made them. */
  events: AlertEvent[];
  /** The distinct event keys (alertEventKey). */
  eventKeys: Set<string>;
  /** The final version of every alert, by id. */
  alerts: Map<string, Alert>;
  verdicts: Record<FixVerdict, number>;
  /** Each vessel's final rule state. */
  states: Map<string, VesselRuleState>;
}

/**
 * What a correct processor must end up with: the rules applied to each vessel's fixes in order, once each,
 * with nothing lost and nothing applied twice. (Signal loss is not part of it: the scenario's vessels report
 * far more often than their expected interval.)
 */
export function expectedOutcome(
  zones: readonly Zone[],
  fixes: readonly PositionFix[],
  profileOf: (vesselId: string) => VesselProfile = scenarioProfile,
  zoneSetVersion = SCENARIO_ZONE_SET_VERSION,
): ExpectedOutcome {
  const engine = new RulesEngine({
    zones: ZoneIndex.build(zones),
    zoneSetVersion,
    config: DEFAULT_RULES_CONFIG,
  });
  const states = new Map<string, VesselRuleState>();
  const events: AlertEvent[] = [];
  const alerts = new Map<string, Alert>();
  const verdicts: Record<FixVerdict, number> = { accepted: 0, late: 0, rejected: 0 };
  for (const fix of fixes) {
    const outcome = engine.applyFix(states.get(fix.vesselId) ?? null, fix, profileOf(fix.vesselId));
    states.set(fix.vesselId, outcome.state);
    verdicts[outcome.verdict] += 1;
    for (const event of outcome.events) {
      events.push(event);
      alerts.set(event.alert.id, event.alert);
    }
  }
  return { events, eventKeys: new Set(events.map(alertEventKey)), alerts, verdicts, states };
}
