import { readFileSync, readdirSync } from 'node:fs';
import { HOUR_MS, MINUTE_MS, type AlertEvent, type PositionFix } from '@vesselwatch/domain';
import { ZoneIndex } from '@vesselwatch/geo';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES_CONFIG } from './config';
import { RulesEngine } from './engine';
import { FIXTURE_T0_MS, RULES_FIXTURES, loadFixtureZones } from './test-support/fixture-zones';
import type { PortCallRecord, VesselProfile, VesselRuleState } from './types';

/**
 * Rule scenarios as fixture files (test/fixtures/rules/scenarios/*.json): input fixes, watermarks and
 * processor restarts in, the expected sequence of alert transitions out. Zones are synthetic
 * (test/fixtures/rules/zones.json) so each distance is known by construction.
 */
const FIXTURES = RULES_FIXTURES;
const T0_MS = FIXTURE_T0_MS;

type Step =
  | {
      atMin: number;
      lon: number;
      lat: number;
      sog?: number;
      cog?: number;
      receivedAtMin?: number;
      /** "accepted" (default), "late" or "rejected:<reason>". */
      expect?: string;
    }
  | { watermarkMin: number }
  | { restart: true };

interface Scenario {
  description: string;
  vessel?: Partial<VesselProfile>;
  steps: Step[];
  /** "<transition> <type> <severity>", in order. */
  expectedEvents: string[];
  expectedAlerts?: Array<{ type: string; openedAtMin: number; resolvedAtMin: number; toleranceMin: number }>;
  /** Distinct port calls (port, arrival) recorded. */
  expectedPortCalls?: number;
}

const zones = ZoneIndex.build(loadFixtureZones('zones.json'));
const land = ZoneIndex.build(loadFixtureZones('land.json'));
const newEngine = () =>
  new RulesEngine({ zones, land, zoneSetVersion: 'scenario-v1', config: DEFAULT_RULES_CONFIG });

function fixOf(step: Extract<Step, { atMin: number }>): PositionFix {
  return {
    vesselId: 'VN-SCENARIO-1',
    terminalId: 'T-1',
    reportedAtMs: T0_MS + step.atMin * MINUTE_MS,
    receivedAtMs: T0_MS + (step.receivedAtMin ?? step.atMin) * MINUTE_MS,
    position: [step.lon, step.lat],
    speedKnots: step.sog ?? null,
    courseDeg: step.cog ?? null,
    source: 'sim',
  };
}

interface Run {
  events: AlertEvent[];
  verdicts: string[];
  portCalls: PortCallRecord[];
}

function run(scenario: Scenario): Run {
  const vessel: VesselProfile = {
    vesselId: 'VN-SCENARIO-1',
    flagState: 'VNM',
    vesselClass: 'offshore',
    expectedReportIntervalMs: 2 * HOUR_MS,
    ...scenario.vessel,
  };
  let engine = newEngine();
  let state: VesselRuleState | null = null;
  const result: Run = { events: [], verdicts: [], portCalls: [] };
  for (const step of scenario.steps) {
    if ('restart' in step) {
      // What a processor taking over does: the state comes back from its stored JSON.
      state = JSON.parse(JSON.stringify(state)) as VesselRuleState;
      engine = newEngine();
    } else if ('watermarkMin' in step) {
      if (!state) throw new Error('a watermark step needs a fix before it');
      const outcome = engine.applyWatermark(state, vessel, T0_MS + step.watermarkMin * MINUTE_MS);
      state = outcome.state;
      result.events.push(...outcome.events);
    } else {
      const outcome = engine.applyFix(state, fixOf(step), vessel);
      state = outcome.state;
      result.events.push(...outcome.events);
      result.portCalls.push(...outcome.portCalls);
      result.verdicts.push(
        outcome.verdict === 'rejected' ? `rejected:${outcome.rejectionReason}` : outcome.verdict,
      );
      expect(result.verdicts.at(-1), `verdict of the fix at ${step.atMin} min`).toBe(
        step.expect ?? 'accepted',
      );
    }
  }
  return result;
}

const files = readdirSync(`${FIXTURES}scenarios`).filter((file) => file.endsWith('.json'));

describe('rule scenarios (test/fixtures/rules/scenarios)', () => {
  it('finds the scenario files', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  for (const file of files) {
    const scenario = JSON.parse(readFileSync(`${FIXTURES}scenarios/${file}`, 'utf8')) as Scenario;
    it(`${file}: ${scenario.description}`, () => {
      const { events, portCalls } = run(scenario);
      const described = events.map((e) => `${e.transition} ${e.alert.type} ${e.alert.severity}`);
      expect(described).toEqual(scenario.expectedEvents);

      // Every update and resolution belongs to an episode opened earlier (across restarts too), and no
      // episode opens twice: that is what keeps a restarted processor from duplicating alerts.
      const opened = new Set<string>();
      for (const event of events) {
        if (event.transition === 'opened') {
          expect(opened.has(event.alert.id), `${event.alert.id} opened twice`).toBe(false);
          opened.add(event.alert.id);
        } else {
          expect(opened.has(event.alert.id), `${event.alert.id} ${event.transition} before it opened`).toBe(
            true,
          );
        }
        expect(event.alert.zoneSetVersion).toBe('scenario-v1');
      }

      for (const want of scenario.expectedAlerts ?? []) {
        const resolved = events.find((e) => e.alert.type === want.type && e.transition === 'resolved');
        expect(resolved, `a resolved ${want.type}`).toBeDefined();
        const tolerance = want.toleranceMin * MINUTE_MS + 1;
        expect(Math.abs(resolved!.alert.openedAtMs - (T0_MS + want.openedAtMin * MINUTE_MS))).toBeLessThan(
          tolerance,
        );
        expect(
          Math.abs(resolved!.alert.resolvedAtMs! - (T0_MS + want.resolvedAtMin * MINUTE_MS)),
        ).toBeLessThan(tolerance);
      }
      if (scenario.expectedPortCalls !== undefined) {
        const calls = new Set(portCalls.map((call) => `${call.portId}@${call.arrivedAtMs}`));
        expect(calls.size).toBe(scenario.expectedPortCalls);
        expect(portCalls.some((call) => call.departedAtMs !== null)).toBe(true);
      }
    });
  }
});
