import type { LonLat } from '@vesselwatch/domain';

/**
 * Great-circle navigation on a sphere of the mean Earth radius: accurate to about 0.5 %, plenty for
 * simulated tracks (the geofence engine does its own exact geodesy). Positions are [lon, lat] degrees.
 */
const EARTH_RADIUS_NM = 3440.065;
const RAD = Math.PI / 180;

export function distanceNm(from: LonLat, to: LonLat): number {
  const dLat = (to[1] - from[1]) * RAD;
  const dLon = (to[0] - from[0]) * RAD;
  const a =
    Math.sin(dLat / 2) ** 2 + Math.cos(from[1] * RAD) * Math.cos(to[1] * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_NM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Initial course from one point to another, degrees true in [0, 360). */
export function bearingDeg(from: LonLat, to: LonLat): number {
  const lat1 = from[1] * RAD;
  const lat2 = to[1] * RAD;
  const dLon = (to[0] - from[0]) * RAD;
  const y = Math.sin(dLon) * Math.cos(lat2);
  const x = Math.cos(lat1) * Math.sin(lat2) - Math.sin(lat1) * Math.cos(lat2) * Math.cos(dLon);
  return (Math.atan2(y, x) / RAD + 360) % 360;
}

/** The point reached from `from` after `distance` nautical miles on a course. */
export function destination(from: LonLat, courseDeg: number, distance: number): LonLat {
  const angular = distance / EARTH_RADIUS_NM;
  const course = courseDeg * RAD;
  const lat1 = from[1] * RAD;
  const lon1 = from[0] * RAD;
  const lat2 = Math.asin(
    Math.sin(lat1) * Math.cos(angular) + Math.cos(lat1) * Math.sin(angular) * Math.cos(course),
  );
  const lon2 =
    lon1 +
    Math.atan2(
      Math.sin(course) * Math.sin(angular) * Math.cos(lat1),
      Math.cos(angular) - Math.sin(lat1) * Math.sin(lat2),
    );
  return [((lon2 / RAD + 540) % 360) - 180, lat2 / RAD];
}

/** Linear interpolation between two nearby positions (legs are short enough for it). */
export function interpolate(from: LonLat, to: LonLat, fraction: number): LonLat {
  return [from[0] + (to[0] - from[0]) * fraction, from[1] + (to[1] - from[1]) * fraction];
}
