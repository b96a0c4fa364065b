import type { LiveVesselUpdate } from '@vesselwatch/domain';

/** A map viewport in degrees; west > east crosses the antimeridian. */
export interface Viewport {
  west: number;
  south: number;
  east: number;
  north: number;
  zoom: number;
}

export function inViewport(viewport: Viewport, [lon, lat]: readonly [number, number]): boolean {
  if (lat < viewport.south || lat > viewport.north) return false;
  return viewport.west <= viewport.east
    ? lon >= viewport.west && lon <= viewport.east
    : lon >= viewport.west || lon <= viewport.east;
}

/**
 * Live updates merged between two frames: one entry per vessel, its newest update (by fix time, then by
 * the processor's update time; a redelivered or late older update never replaces a newer one). `take()`
 * hands the merged updates over and starts the next interval empty.
 */
export class FrameBuffer {
  private pending = new Map<string, LiveVesselUpdate>();
  /** Newest (reportedAtMs, updatedAtMs) seen per vessel, so an older redelivery after a frame is dropped too. */
  private readonly newest = new Map<string, [number, number]>();

  add(update: LiveVesselUpdate): boolean {
    const seen = this.newest.get(update.vesselId);
    const key: [number, number] = [update.fix.reportedAtMs, update.updatedAtMs];
    if (seen && (key[0] < seen[0] || (key[0] === seen[0] && key[1] < seen[1]))) return false;
    this.newest.set(update.vesselId, key);
    this.pending.set(update.vesselId, update);
    return true;
  }

  get size(): number {
    return this.pending.size;
  }

  take(): LiveVesselUpdate[] {
    const updates = [...this.pending.values()];
    this.pending = new Map();
    return updates;
  }
}

/** Alert events seen lately, so a redelivered event (at-least-once bus) reaches clients once. */
export class RecentKeys {
  private readonly keys = new Set<string>();
  constructor(private readonly capacity = 50_000) {}

  /** True the first time a key is seen (within the last `capacity` keys). */
  firstTime(key: string): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    if (this.keys.size > this.capacity) {
      const oldest = this.keys.values().next().value;
      if (oldest !== undefined) this.keys.delete(oldest);
    }
    return true;
  }
}
