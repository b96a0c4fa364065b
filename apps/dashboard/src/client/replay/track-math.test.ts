import { describe, expect, it } from 'vitest';
import type { TrackPoint } from '../api/types';
import { ReplayClock, fixAtOrBefore, positionAt } from './track-math';

const point = (reportedAtMs: number, lon: number, lat: number): TrackPoint => ({
  reportedAtMs,
  position: [lon, lat],
  speedKnots: 5,
  courseDeg: 90,
});

describe('positionAt', () => {
  const track = [point(0, 108, 12), point(1000, 109, 13), point(3000, 109, 15)];

  it('interpolates between the fixes around the time, clamped at both ends', () => {
    expect(positionAt(track, -5)).toEqual([108, 12]);
    expect(positionAt(track, 500)).toEqual([108.5, 12.5]);
    expect(positionAt(track, 2000)).toEqual([109, 14]);
    expect(positionAt(track, 9999)).toEqual([109, 15]);
    expect(positionAt([], 0)).toBeNull();
  });

  it('goes the short way across the antimeridian', () => {
    const across = [point(0, 179, 0), point(1000, -179, 0)];
    expect(positionAt(across, 500)?.[0]).toBeCloseTo(180, 9);
    expect(positionAt(across, 750)?.[0]).toBeCloseTo(-179.5, 9);
  });

  it('reads the fix at or before a time', () => {
    expect(fixAtOrBefore(track, 1500)?.reportedAtMs).toBe(1000);
    expect(fixAtOrBefore(track, -1)?.reportedAtMs).toBe(0);
  });
});

describe('ReplayClock', () => {
  it('advances by speed x wall time while playing, pauses, seeks and stops at the end', () => {
    const clock = new ReplayClock(1_000, 100_000, 60);
    expect(clock.now(0)).toBe(1_000);
    clock.play(0);
    expect(clock.now(500)).toBe(31_000);
    clock.pause(500);
    expect(clock.now(10_000)).toBe(31_000);
    clock.setSpeed(3600, 10_000);
    clock.play(10_000);
    expect(clock.now(10_010)).toBe(67_000);
    expect(clock.finished(20_000)).toBe(true);
    expect(clock.now(20_000)).toBe(100_000);
    clock.seek(50_000, 20_000);
    expect(clock.now(20_000)).toBe(50_000);
    clock.pause(20_000);
    clock.seek(999_999, 20_000);
    clock.play(20_000);
    expect(clock.now(20_000)).toBe(1_000);
  });
});
