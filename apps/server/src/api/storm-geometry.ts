import polygonClipping, { type Pair, type Polygon as ClipPolygon } from 'polygon-clipping';
import type { LonLat, ZoneGeometry } from '@vesselwatch/domain';

/** Mean Earth radius in nautical miles (6,371,008.8 m / 1,852 m). */
const EARTH_RADIUS_NM = 3440.069;
/** Vertices of one forecast circle. */
export const CIRCLE_VERTICES = 64;

const rad = (deg: number) => (deg * Math.PI) / 180;
const deg = (r: number) => (r * 180) / Math.PI;

/** The point `distanceNm` from `from` on the initial bearing `bearingDeg`, on the sphere. [lon, lat]. */
export function destination(from: LonLat, bearingDeg: number, distanceNm: number): LonLat {
  const [lon1, lat1] = [rad(from[0]), rad(from[1])];
  const delta = distanceNm / EARTH_RADIUS_NM;
  const theta = rad(bearingDeg);
  const lat2 = Math.asin(
    Math.sin(lat1) * Math.cos(delta) + Math.cos(lat1) * Math.sin(delta) * Math.cos(theta),
  );
  const lon2 =
    lon1 +
    Math.atan2(
      Math.sin(theta) * Math.sin(delta) * Math.cos(lat1),
      Math.cos(delta) - Math.sin(lat1) * Math.sin(lat2),
    );
  return [deg(lon2), deg(lat2)];
}

/** A circle of `radiusNm` around a centre as a closed ring of [lon, lat], counter-clockwise. */
export function circleRing(centre: LonLat, radiusNm: number, vertices = CIRCLE_VERTICES): LonLat[] {
  const ring: LonLat[] = [];
  for (let i = 0; i < vertices; i++) ring.push(destination(centre, 360 - (i * 360) / vertices, radiusNm));
  ring.push(ring[0]!);
  return ring;
}

/** Convex hull (Andrew's monotone chain) of points in the lon/lat plane, closed, counter-clockwise. */
export function convexHull(points: readonly LonLat[]): LonLat[] {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: LonLat, a: LonLat, b: LonLat) =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (list: LonLat[]) => {
    const out: LonLat[] = [];
    for (const p of list) {
      while (out.length >= 2 && cross(out[out.length - 2]!, out[out.length - 1]!, p) <= 0) out.pop();
      out.push(p);
    }
    out.pop();
    return out;
  };
  const hull = [...half(sorted), ...half([...sorted].reverse())];
  return [...hull, hull[0]!];
}

export interface ForecastPoint {
  atMs: number;
  position: LonLat;
  radiusNm: number;
}

/**
 * The area a storm forecast threatens: a circle of its radius around every forecast position, joined
 * between consecutive positions by the convex hull of the two circles (the storm passes in between), all
 * unioned into one Polygon (or a MultiPolygon when the union falls apart, which a track cannot do unless
 * its points are out of order). Throws a RangeError when a circle would cross the antimeridian or a pole.
 */
export function stormForecastArea(forecast: readonly ForecastPoint[]): ZoneGeometry {
  const ordered = [...forecast].sort((a, b) => a.atMs - b.atMs);
  const circles = ordered.map((point) => {
    const ring = circleRing(point.position, point.radiusNm);
    if (ring.some(([lon, lat]) => Math.abs(lon) > 180 || Math.abs(lat) > 89))
      throw new RangeError(
        `the circle of ${point.radiusNm} nm around [${point.position.join(', ')}] crosses the antimeridian or a pole`,
      );
    return ring;
  });
  const pieces: ClipPolygon[] =
    circles.length === 1
      ? [[circles[0]! as Pair[]]]
      : circles.slice(1).map((ring, i) => [convexHull([...circles[i]!, ...ring]) as Pair[]]);
  const [first, ...rest] = pieces;
  const union = polygonClipping.union(first!, ...rest);
  if (union.length === 1) return { type: 'Polygon', coordinates: union[0]! as LonLat[][] };
  return { type: 'MultiPolygon', coordinates: union as LonLat[][][] };
}
