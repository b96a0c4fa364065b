import type { TerminalReport } from '@vesselwatch/codecs';
import { DEFAULT_EXPECTED_REPORT_INTERVAL_MS } from '@vesselwatch/domain';
import { DEFAULT_FLEET_SHARES, type FleetShares, type SimVessel, generateFleet } from './fleet';
import { type Port, vietnameseFishingPorts } from './ports';
import { Random } from '@vesselwatch/random';
import { VesselTimeline, glitchedPosition } from './vessel-timeline';

export interface SimulationConfig {
  seed: number;
  vesselCount: number;
  /** How often each terminal reports; 2 h by default (Decree 26/2019), down to seconds. */
  reportIntervalMs: number;
  /** Simulated time the fleet's schedule is built around (first reports are at or after it). */
  startMs: number;
  shares?: FleetShares;
  ports?: readonly Port[];
}

export const DEFAULT_SIMULATION = {
  seed: 20261126,
  vesselCount: 300,
  reportIntervalMs: DEFAULT_EXPECTED_REPORT_INTERVAL_MS,
} as const;

/** A report as the simulated terminal sends it, with the state behind it (for tests and docs). */
export interface SimulatedReport {
  vessel: SimVessel;
  report: TerminalReport;
  atSea: boolean;
  glitch: boolean;
}

interface Cursor {
  timeline: VesselTimeline;
  /** Time of this vessel's next report. */
  nextReportMs: number;
}

/**
 * The simulated fleet over time. `advanceTo(t)` returns every report due up to t, in time order, and is
 * deterministic: the same config gives the same reports however time is advanced (in one step or many).
 */
export class Simulation {
  readonly vessels: readonly SimVessel[];
  private readonly cursors: Cursor[];
  private readonly seed: number;
  private readonly reportIntervalMs: number;
  private timeMs: number;

  constructor(config: SimulationConfig) {
    this.seed = config.seed;
    this.reportIntervalMs = config.reportIntervalMs;
    this.timeMs = config.startMs;
    this.vessels = generateFleet(
      config.seed,
      config.vesselCount,
      config.ports ?? vietnameseFishingPorts(),
      config.shares ?? DEFAULT_FLEET_SHARES,
    );
    this.cursors = this.vessels.map((vessel) => ({
      timeline: new VesselTimeline(vessel, config.seed, config.startMs),
      // Terminals report at their own offset within the interval, as real ones do.
      nextReportMs:
        config.startMs +
        Math.floor(Random.derive(config.seed ^ 0x0ff5, vessel.index).next() * config.reportIntervalMs),
    }));
  }

  /** Simulated time reached so far. */
  get nowMs(): number {
    return this.timeMs;
  }

  advanceTo(untilMs: number): SimulatedReport[] {
    const reports: SimulatedReport[] = [];
    for (const cursor of this.cursors) {
      while (cursor.nextReportMs <= untilMs) {
        const report = this.reportAt(cursor, cursor.nextReportMs);
        if (report) reports.push(report);
        cursor.nextReportMs += this.reportIntervalMs;
      }
    }
    this.timeMs = Math.max(this.timeMs, untilMs);
    return reports.sort(
      (a, b) => a.report.reportedAtMs - b.report.reportedAtMs || a.vessel.index - b.vessel.index,
    );
  }

  private reportAt(cursor: Cursor, timeMs: number): SimulatedReport | null {
    const { timeline } = cursor;
    const state = timeline.stateAt(timeMs);
    const { silence, glitchAtMs } = state.trip;
    if (silence && timeMs >= silence.fromMs && timeMs < silence.untilMs) return null;
    // The glitch hits the one report nearest the planned instant.
    const glitch = glitchAtMs !== null && Math.abs(timeMs - glitchAtMs) < this.reportIntervalMs / 2;
    const noise = Random.derive(
      this.seed ^ 0x9015e,
      timeline.vessel.index * 1_000_003 + Math.floor(timeMs / 1000),
    );
    const speedKnots = state.atSea ? Math.max(0, state.speedKnots + noise.between(-0.3, 0.3)) : 0;
    return {
      vessel: timeline.vessel,
      atSea: state.atSea,
      glitch,
      report: {
        terminalId: timeline.vessel.terminalId,
        source: 'sim',
        reportedAtMs: timeMs,
        position: glitch ? glitchedPosition(state.position, noise) : state.position,
        speedKnots: Math.min(102.2, speedKnots),
        courseDeg: state.courseDeg === null ? null : (state.courseDeg + noise.between(-3, 3) + 360) % 360,
      },
    };
  }
}
