import type { LonLat, TrackPoint } from '../api/types';

/**
 * Where the vessel was at `atMs`, interpolated linearly between the two fixes around it (clamped to the
 * first and last fix). Longitudes are interpolated the short way round the antimeridian.
 * Returns null for an empty track.
 */
export function positionAt(points: readonly TrackPoint[], atMs: number): LonLat | null {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return null;
  if (atMs <= first.reportedAtMs) return first.position;
  if (atMs >= last.reportedAtMs) return last.position;
  let low = 0;
  let high = points.length - 1;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if ((points[middle] as TrackPoint).reportedAtMs <= atMs) low = middle;
    else high = middle;
  }
  const a = points[low] as TrackPoint;
  const b = points[high] as TrackPoint;
  const span = b.reportedAtMs - a.reportedAtMs;
  const f = span > 0 ? (atMs - a.reportedAtMs) / span : 0;
  let dLon = b.position[0] - a.position[0];
  if (dLon > 180) dLon -= 360;
  if (dLon < -180) dLon += 360;
  let lon = a.position[0] + dLon * f;
  if (lon > 180) lon -= 360;
  if (lon < -180) lon += 360;
  return [lon, a.position[1] + (b.position[1] - a.position[1]) * f];
}

/** The fix shown in the replay's readout: the latest at or before `atMs` (the first one before it starts). */
export function fixAtOrBefore(points: readonly TrackPoint[], atMs: number): TrackPoint | null {
  let found: TrackPoint | null = points[0] ?? null;
  for (const point of points) {
    if (point.reportedAtMs > atMs) break;
    found = point;
  }
  return found;
}

/** Replay speeds offered: simulated seconds per real second. */
export const REPLAY_SPEEDS = [60, 300, 900, 3600] as const;

/**
 * The replay's clock: event time advances by `speed` x wall time while playing, and stops at the end.
 * Pure: wall time comes in as an argument.
 */
export class ReplayClock {
  private playingSinceWallMs: number | null = null;
  private baseMs: number;

  constructor(
    readonly fromMs: number,
    readonly toMs: number,
    public speed: number = REPLAY_SPEEDS[1],
  ) {
    this.baseMs = fromMs;
  }

  get playing(): boolean {
    return this.playingSinceWallMs !== null;
  }

  now(wallMs: number): number {
    if (this.playingSinceWallMs === null) return this.baseMs;
    return Math.min(this.toMs, this.baseMs + (wallMs - this.playingSinceWallMs) * this.speed);
  }

  play(wallMs: number): void {
    if (this.playing) return;
    if (this.baseMs >= this.toMs) this.baseMs = this.fromMs;
    this.playingSinceWallMs = wallMs;
  }

  pause(wallMs: number): void {
    this.baseMs = this.now(wallMs);
    this.playingSinceWallMs = null;
  }

  seek(atMs: number, wallMs: number): void {
    this.baseMs = Math.max(this.fromMs, Math.min(this.toMs, atMs));
    if (this.playing) this.playingSinceWallMs = wallMs;
  }

  setSpeed(speed: number, wallMs: number): void {
    this.baseMs = this.now(wallMs);
    if (this.playing) this.playingSinceWallMs = wallMs;
    this.speed = speed;
  }

  /** True once playing reached the end (the caller then pauses). */
  finished(wallMs: number): boolean {
    return this.now(wallMs) >= this.toMs;
  }
}
