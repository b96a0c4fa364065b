import { encodeNafPosition } from '@vesselwatch/codecs';
import { Simulation, type SimulationConfig } from './simulation';

/**
 * Where the simulator's terminals deliver: NAF lines, as a VMS provider would POST them. The all-in-one
 * system passes the gateway's ingest pipeline, so simulated reports take the same path as real ones.
 * Resolves once the lines are accepted (published and acknowledged).
 */
export type NafSink = (lines: string[]) => Promise<void>;

export interface SimulatorRunConfig extends Omit<SimulationConfig, 'startMs'> {
  /** How far in the past the simulation starts, ms; it runs accelerated until it reaches the present. */
  historyMs: number;
  /** Simulated ms per wall-clock ms while catching up (60 = one simulated hour per minute). */
  speedFactor: number;
  /** Wall-clock ms between two steps. */
  tickMs: number;
}

export interface SimulatorStatus {
  vessels: number;
  reportsSent: number;
  simulatedNowMs: number;
  /** True once the simulation has caught up with the wall clock and runs in real time. */
  live: boolean;
}

/**
 * Runs a Simulation against the wall clock: simulated time advances `speedFactor` times faster than real
 * time from `historyMs` ago, and never passes the wall clock (reports are never from the future), so after
 * catching up it goes on in real time. Each step's reports are sent before the next step starts, so a slow
 * bus slows the simulator instead of piling up reports.
 */
export class SimulatorRunner {
  readonly simulation: Simulation;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  private reportsSent = 0;
  private readonly wallStartMs: number;
  private readonly simStartMs: number;

  constructor(
    private readonly config: SimulatorRunConfig,
    private readonly sink: NafSink,
    private readonly onError: (error: unknown) => void,
    private readonly wallNowMs: () => number = Date.now,
  ) {
    this.wallStartMs = wallNowMs();
    this.simStartMs = this.wallStartMs - config.historyMs;
    this.simulation = new Simulation({ ...config, startMs: this.simStartMs });
  }

  status(): SimulatorStatus {
    const wallNow = this.wallNowMs();
    return {
      vessels: this.simulation.vessels.length,
      reportsSent: this.reportsSent,
      simulatedNowMs: this.simulation.nowMs,
      live: this.simulation.nowMs >= wallNow - this.config.tickMs * 2,
    };
  }

  /** Simulated time that corresponds to a wall-clock instant: accelerated, capped at the present. */
  simulatedTimeAt(wallMs: number): number {
    return Math.min(wallMs, this.simStartMs + (wallMs - this.wallStartMs) * this.config.speedFactor);
  }

  start(): void {
    const tick = () => {
      this.running = this.step().then(
        () => {
          if (!this.stopped) this.timer = setTimeout(tick, this.config.tickMs);
        },
        (error: unknown) => {
          this.onError(error);
          if (!this.stopped) this.timer = setTimeout(tick, this.config.tickMs);
        },
      );
    };
    this.timer = setTimeout(tick, 0);
  }

  /** One step: every report due up to the current simulated time, sent as NAF through the sink. */
  async step(): Promise<number> {
    const reports = this.simulation.advanceTo(this.simulatedTimeAt(this.wallNowMs()));
    if (reports.length === 0) return 0;
    const lines = reports.map(({ report, vessel }) =>
      encodeNafPosition(report, { to: 'VNM', from: 'VNM', vesselName: vessel.name, flagState: 'VNM' }),
    );
    await this.sink(lines);
    this.reportsSent += lines.length;
    return lines.length;
  }

  /** Stops after the step in progress has been sent. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running.catch(() => undefined);
  }
}
