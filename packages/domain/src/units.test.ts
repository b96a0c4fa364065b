import { describe, expect, it } from 'vitest';
import {
  HOUR_MS,
  distanceNmAt,
  impliedSpeedKnots,
  knotsToMetresPerSecond,
  metresToNauticalMiles,
  nauticalMilesToMetres,
} from './units';

describe('units', () => {
  it('converts nautical miles and metres both ways', () => {
    expect(nauticalMilesToMetres(1)).toBe(1852);
    expect(metresToNauticalMiles(nauticalMilesToMetres(12))).toBeCloseTo(12, 12);
  });

  it('knows a knot is 1852 m per hour', () => {
    expect(knotsToMetresPerSecond(10)).toBeCloseTo(5.1444, 4);
  });

  it('relates speed, distance and time', () => {
    expect(distanceNmAt(8, 2 * HOUR_MS)).toBe(16);
    expect(impliedSpeedKnots(16, 2 * HOUR_MS)).toBe(8);
  });

  it('treats movement in no time as infinitely fast and standing still as 0 kn', () => {
    expect(impliedSpeedKnots(1, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(impliedSpeedKnots(0, 0)).toBe(0);
  });
});
