/**
 * WGS-84 on Bessel's auxiliary sphere. Every position is kept as a unit vector on the auxiliary sphere
 * (reduced latitude beta with tan(beta) = (1 - f) tan(lat), longitude unchanged). On that sphere:
 *
 * - the ellipsoidal geodesic distance d between two points satisfies b * sigma <= d <= a * sigma, where
 *   sigma is their central angle (the metric of the ellipsoid is bounded by those of the spheres of radius
 *   b and a in reduced coordinates), so angles give rigorous, trig-free lower bounds for pruning;
 * - Lambert's formula gives d from sigma and the two sin(beta) (the z coordinates) with one atan2 and one
 *   sqrt; its error is far below the 0.1 % + 5 m budget (checked against geographiclib in the tests);
 * - ellipsoidal azimuths equal auxiliary-sphere azimuths at the start point (Bessel), which the course
 *   projection of timeToBoundary uses.
 *
 * Unit vectors also make the antimeridian a non-event for distances and crossings.
 */
export const WGS84_A = 6_378_137;
export const WGS84_F = 1 / 298.257223563;
export const WGS84_B = WGS84_A * (1 - WGS84_F);
export const METRES_PER_NM = 1852;

const DEG = Math.PI / 180;
const ONE_MINUS_F = 1 - WGS84_F;

/** Writes the auxiliary-sphere unit vector of (lon, lat) into out[offset..offset+2]. */
export function toUnitVector(lon: number, lat: number, out: Float64Array, offset: number): void {
  const lambda = lon * DEG;
  let cb: number;
  let sb: number;
  if (lat >= 90) {
    cb = 0;
    sb = 1;
  } else if (lat <= -90) {
    cb = 0;
    sb = -1;
  } else {
    // tan(beta) = (1 - f) tan(lat), without the atan/cos/sin round trip.
    const t = ONE_MINUS_F * Math.tan(lat * DEG);
    cb = 1 / Math.sqrt(1 + t * t);
    sb = t * cb;
  }
  out[offset] = cb * Math.cos(lambda);
  out[offset + 1] = cb * Math.sin(lambda);
  out[offset + 2] = sb;
}

/** Geodetic longitude of an auxiliary-sphere vector (need not be normalised). */
export function vectorLon(x: number, y: number): number {
  return Math.atan2(y, x) / DEG;
}

/** Geodetic latitude of an auxiliary-sphere vector (need not be normalised). */
export function vectorLat(x: number, y: number, z: number): number {
  const beta = Math.atan2(z, Math.hypot(x, y));
  return Math.atan(Math.tan(beta) / ONE_MINUS_F) / DEG;
}

/**
 * Ellipsoidal distance in metres between two unit vectors (Lambert's formula on the auxiliary sphere).
 * Always >= b * sigma (proved in docs/geo.md), so sigma-based lower bounds stay valid for its values.
 */
export function lambertDistance(
  px: number,
  py: number,
  pz: number,
  qx: number,
  qy: number,
  qz: number,
): number {
  const cx = py * qz - pz * qy;
  const cy = pz * qx - px * qz;
  const cz = px * qy - py * qx;
  const s = Math.sqrt(cx * cx + cy * cy + cz * cz);
  const c = px * qx + py * qy + pz * qz;
  if (s === 0) return c > 0 ? 0 : Math.PI * WGS84_A; // same point, or antipodes (never at sea here)
  const sigma = Math.atan2(s, c);
  const onePlusC = 1 + c;
  // 1 - c computed stably for small sigma: (1 - c)(1 + c) = s^2.
  const oneMinusC = c > 0 ? (s * s) / onePlusC : 1 - c;
  const sum = pz + qz;
  const diff = qz - pz;
  const x = onePlusC > 1e-300 ? ((sigma - s) * sum * sum) / (2 * onePlusC) : 0;
  const y = ((sigma + s) * diff * diff) / (2 * oneMinusC);
  return WGS84_A * (sigma - (WGS84_F / 2) * (x + y));
}

/**
 * Whether Lambert's distance from p to q can be at most `dist` metres, from their squared chord |q - p|^2
 * and z difference alone (no trigonometry): a search skips Lambert for an edge this rules out. With sigma
 * their central angle (<= pi/2 here), Lambert's terms give X <= sigma^3/3 (sum^2 <= 4, 1 + cos >= 1) and
 * Y <= 2 sigma dz^2/|q - p|^2, so d >= a sigma (1 - f dz^2/|q - p|^2 - f sigma^2/6); then, with c = |q - p|,
 * sigma = 2 asin(c/2) >= c (1 + c^2/24) and sigma^2 <= 1.234 c^2. Unlike b * sigma this follows the
 * direction (east-west distances are about a * sigma): up to 300 km it lies within 3 ppm of Lambert.
 */
export function lambertMayReach(chord2: number, dz: number, dist: number): boolean {
  if (!(chord2 < 2)) return true;
  const scaled =
    WGS84_A * (chord2 - WGS84_F * (dz * dz + 0.21 * chord2 * chord2)) * (1 + chord2 / 24) * (1 - 1e-9);
  return !(scaled > dist * Math.sqrt(chord2));
}

/** Central angle between two unit vectors. */
export function centralAngle(px: number, py: number, pz: number, qx: number, qy: number, qz: number): number {
  const cx = py * qz - pz * qy;
  const cy = pz * qx - px * qz;
  const cz = px * qy - py * qx;
  return Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), px * qx + py * qy + pz * qz);
}

/** Chord length (straight line through the sphere) for a central angle, and back. */
export function angleToChord(sigma: number): number {
  return sigma >= Math.PI ? 2 : 2 * Math.sin(sigma / 2);
}
export function chordToAngle(chord: number): number {
  return chord >= 2 ? Math.PI : 2 * Math.asin(chord / 2);
}

/** Ellipsoidal distance in metres between two lon/lat points (allocation-free). */
export function distanceMetres(lon1: number, lat1: number, lon2: number, lat2: number): number {
  toUnitVector(lon1, lat1, scratch, 0);
  toUnitVector(lon2, lat2, scratch, 3);
  return lambertDistance(scratch[0]!, scratch[1]!, scratch[2]!, scratch[3]!, scratch[4]!, scratch[5]!);
}
const scratch = new Float64Array(6);
