/**
 * Units used across VesselWatch. Distances at sea are in nautical miles, speeds in knots, times in
 * milliseconds since the Unix epoch (UTC). Names carry the unit: `distanceNm`, `speedKnots`, `reportedAtMs`.
 */
export const METRES_PER_NAUTICAL_MILE = 1852;
export const SECOND_MS = 1_000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export function nauticalMilesToMetres(distanceNm: number): number {
  return distanceNm * METRES_PER_NAUTICAL_MILE;
}

export function metresToNauticalMiles(distanceM: number): number {
  return distanceM / METRES_PER_NAUTICAL_MILE;
}

/** Knots are nautical miles per hour. */
export function knotsToMetresPerSecond(speedKnots: number): number {
  return (speedKnots * METRES_PER_NAUTICAL_MILE) / (HOUR_MS / SECOND_MS);
}

/** Distance covered at a constant speed over a duration. */
export function distanceNmAt(speedKnots: number, durationMs: number): number {
  return speedKnots * (durationMs / HOUR_MS);
}

/** Speed implied by covering a distance in a duration; Infinity for a zero duration with movement. */
export function impliedSpeedKnots(distanceNm: number, durationMs: number): number {
  if (durationMs <= 0) return distanceNm === 0 ? 0 : Number.POSITIVE_INFINITY;
  return distanceNm / (durationMs / HOUR_MS);
}
