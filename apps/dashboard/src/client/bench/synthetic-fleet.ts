import { Random } from '@vesselwatch/random';
import type { LivePosition, VesselLiveStatus } from '../api/types';

const STATUSES: VesselLiveStatus[] = [
  'normal',
  'normal',
  'normal',
  'normal',
  'near_border',
  'crossed',
  'signal_lost',
  'in_port',
];
const KNOTS_TO_DEG_PER_S = 1 / 3600 / 60;

/**
 * A seeded national fleet for the benchmark: `count` vessels spread over the South China Sea and the Gulf
 * of Thailand (102-118 E, 6-22 N), each steaming on its own course; `step` moves every vessel by one
 * second of wall time (times `timeFactor`) and turns it a little, as a second of live frames would.
 */
export class SyntheticFleet {
  readonly vessels: LivePosition[] = [];
  private readonly random: Random;

  constructor(
    count: number,
    seed: number,
    private readonly timeFactor = 60,
  ) {
    this.random = new Random(seed);
    for (let i = 0; i < count; i++) {
      const status = STATUSES[this.random.integer(0, STATUSES.length - 1)] as VesselLiveStatus;
      this.vessels.push({
        vesselId: `bench-${i}`,
        registrationNumber: `BV-${String(10000 + i)}-TS`,
        name: null,
        fix: {
          reportedAtMs: 1,
          position: [this.random.between(102, 118), this.random.between(6, 22)],
          speedKnots: status === 'in_port' ? 0 : this.random.between(2, 12),
          courseDeg: this.random.between(0, 359),
        },
        status,
        portId: null,
        maxSeverity: null,
      });
    }
  }

  /** Advances every vessel; returns the frame the server would send, as JSON text. */
  step(nowMs: number): string {
    for (const vessel of this.vessels) {
      const course = ((vessel.fix.courseDeg ?? 0) + this.random.between(-5, 5) + 360) % 360;
      const distanceDeg = (vessel.fix.speedKnots ?? 0) * KNOTS_TO_DEG_PER_S * this.timeFactor * 60;
      const radians = (course * Math.PI) / 180;
      vessel.fix = {
        reportedAtMs: nowMs,
        position: [
          vessel.fix.position[0] + Math.sin(radians) * distanceDeg,
          vessel.fix.position[1] + Math.cos(radians) * distanceDeg,
        ],
        speedKnots: vessel.fix.speedKnots,
        courseDeg: course,
      };
    }
    return JSON.stringify({ atMs: nowMs, updates: this.vessels });
  }
}
