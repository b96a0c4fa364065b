import { METRES_PER_NM, WGS84_A, lambertDistance, toUnitVector } from './ellipsoid';

/**
 * Where a vessel at (lon, lat) on its course and speed will be after `horizonMin` minutes, following the
 * course as a geodesic (over a horizon of hours the difference from a rhumb line is far below a position's
 * own error). Writes the start (out[0..2]) and the end (out[3..5]) as unit vectors on the auxiliary sphere,
 * where azimuths are preserved; returns false when the vessel does not move within the horizon.
 */
export function courseTrack(
  lon: number,
  lat: number,
  speedKnots: number,
  courseDeg: number,
  horizonMin: number,
  out: Float64Array,
): boolean {
  if (!(speedKnots > 0) || !(horizonMin > 0)) return false;
  const distanceM = speedKnots * METRES_PER_NM * (horizonMin / 60);
  toUnitVector(lon, lat, out, 0);
  const px = out[0]!;
  const py = out[1]!;
  const pz = out[2]!;
  const cl = Math.hypot(px, py);
  // East and north unit vectors (at a pole any horizontal direction will do).
  let ex = -py;
  let ey = px;
  if (cl > 1e-12) {
    ex /= cl;
    ey /= cl;
  } else {
    ex = 0;
    ey = 1;
  }
  const nx = -pz * ey;
  const ny = pz * ex;
  const nz = px * ey - py * ex;
  const az = (courseDeg * Math.PI) / 180;
  const dirx = Math.cos(az) * nx + Math.sin(az) * ex;
  const diry = Math.cos(az) * ny + Math.sin(az) * ey;
  const dirz = Math.cos(az) * nz;
  // The angle for the distance on the ellipsoid: start from the sphere of radius a, correct by Lambert.
  let sigma = distanceM / WGS84_A;
  let qx = 0;
  let qy = 0;
  let qz = 0;
  for (let k = 0; k < 3; k++) {
    qx = Math.cos(sigma) * px + Math.sin(sigma) * dirx;
    qy = Math.cos(sigma) * py + Math.sin(sigma) * diry;
    qz = Math.cos(sigma) * pz + Math.sin(sigma) * dirz;
    const d = lambertDistance(px, py, pz, qx, qy, qz);
    if (d <= 0) break;
    sigma *= distanceM / d;
  }
  out[3] = qx;
  out[4] = qy;
  out[5] = qz;
  return true;
}
