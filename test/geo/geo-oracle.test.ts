import geographiclib from 'geographiclib-geodesic';
import classifyPoint from 'robust-point-in-polygon';
import { describe, expect, it } from 'vitest';
import type { Zone } from '@vesselwatch/domain';
import { ZoneIndex } from '@vesselwatch/geo';
import { oracleZoneSet, rng } from './fixtures';

/**
 * The accuracy property of issue 3, against independent oracles on 100,000 random and near-edge points:
 * - membership equals an exact planar point-in-polygon test (robust-point-in-polygon, exact arithmetic)
 *   for every point farther than 1 m from an edge;
 * - the distance to the nearest boundary is within 0.1 % + 5 m of geographiclib's geodesic distance to the
 *   nearest edge (each edge a geodesic segment; the minimum found by golden-section search along it).
 */
const { Geodesic } = geographiclib;
const geod = Geodesic.WGS84;
const POINTS = 100_000;
const CHUNKS = 4;

const zones = oracleZoneSet();
const index = ZoneIndex.build(zones);

interface Ring {
  zone: number;
  part: number;
  hole: boolean;
  coords: number[][]; // planar, unwrapped across the antimeridian
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

const rings: Ring[] = [];
const edges: number[][] = []; // [lonA, latA, lonB, latB] geodetic, real boundaries only
zones.forEach((z: Zone, zi) => {
  const g = z.geometry;
  const addEdges = (line: number[][]) => {
    for (let i = 0; i + 1 < line.length; i++) {
      const [ax, ay] = line[i]!;
      const [bx, by] = line[i + 1]!;
      if (ax === bx && ay === by) continue;
      if (Math.abs(ax!) === 180 && ax === bx) continue; // antimeridian cut, not a boundary
      edges.push([ax!, ay!, bx!, by!]);
    }
  };
  if (g.type === 'LineString') addEdges(g.coordinates);
  else if (g.type === 'MultiLineString') g.coordinates.forEach(addEdges);
  else {
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    polys.forEach((poly, pi) =>
      poly.forEach((ring, ri) => {
        addEdges(ring);
        const coords: number[][] = [];
        let prev = ring[0]![0]!;
        for (const [x, y] of ring) {
          let u = x!;
          while (u - prev > 180) u -= 360;
          while (u - prev < -180) u += 360;
          coords.push([u, y!]);
          prev = u;
        }
        const xs = coords.map((c) => c[0]!);
        const ys = coords.map((c) => c[1]!);
        rings.push({
          zone: zi,
          part: pi,
          hole: ri > 0,
          coords,
          minX: Math.min(...xs),
          maxX: Math.max(...xs),
          minY: Math.min(...ys),
          maxY: Math.max(...ys),
        });
      }),
    );
  }
});

/** Oracle membership: zone indices whose polygon contains the point (planar, exact). */
function oracleZones(lon: number, lat: number): number[] {
  const inside = new Map<string, { shell: boolean; hole: boolean }>();
  for (const r of rings) {
    for (const shift of [0, 360, -360]) {
      const x = lon + shift;
      if (x < r.minX || x > r.maxX || lat < r.minY || lat > r.maxY) continue;
      if (classifyPoint(r.coords, [x, lat]) === -1) {
        const key = `${r.zone}/${r.part}`;
        const state = inside.get(key) ?? { shell: false, hole: false };
        if (r.hole) state.hole = true;
        else state.shell = true;
        inside.set(key, state);
      }
    }
  }
  const result = new Set<number>();
  for (const [key, state] of inside) if (state.shell && !state.hole) result.add(Number(key.split('/')[0]));
  return [...result].sort((a, b) => a - b);
}

/** Planar distance (metres, equirectangular at the point) to the nearest polygon edge as drawn. */
function planarEdgeDistanceM(lon: number, lat: number): number {
  const k = Math.cos((lat * Math.PI) / 180);
  let best = Infinity;
  for (const r of rings) {
    for (const shift of [0, 360, -360]) {
      const x = lon + shift;
      if (x < r.minX - 0.01 || x > r.maxX + 0.01 || lat < r.minY - 0.01 || lat > r.maxY + 0.01) continue;
      const c = r.coords;
      for (let i = 0; i + 1 < c.length; i++) {
        const ax = (c[i]![0]! - x) * k;
        const ay = c[i]![1]! - lat;
        const bx = (c[i + 1]![0]! - x) * k;
        const by = c[i + 1]![1]! - lat;
        const dx = bx - ax;
        const dy = by - ay;
        const len2 = dx * dx + dy * dy;
        const t = len2 > 0 ? Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2)) : 0;
        const px = ax + t * dx;
        const py = ay + t * dy;
        best = Math.min(best, Math.hypot(px, py) * 111_320);
      }
    }
  }
  return best;
}

// Sphere vectors for the oracle's own candidate pre-filter (independent of the engine's code).
const unit = (lon: number, lat: number): [number, number, number] => {
  const l = (lon * Math.PI) / 180;
  const p = (lat * Math.PI) / 180;
  return [Math.cos(p) * Math.cos(l), Math.cos(p) * Math.sin(l), Math.sin(p)];
};
const edgeVec = edges.map(([ax, ay, bx, by]) => [...unit(ax!, ay!), ...unit(bx!, by!)]);

function sphereAngleToArc(p: number[], e: number[]): number {
  const [ax, ay, az, bx, by, bz] = e as [number, number, number, number, number, number];
  const [px, py, pz] = p as [number, number, number];
  const nx = ay * bz - az * by;
  const ny = az * bx - ax * bz;
  const nz = ax * by - ay * bx;
  const nl = Math.hypot(nx, ny, nz);
  const angle = (x: number, y: number, z: number) =>
    Math.atan2(Math.hypot(py * z - pz * y, pz * x - px * z, px * y - py * x), px * x + py * y + pz * z);
  if (nl > 0) {
    const t = (px * nx + py * ny + pz * nz) / nl;
    const fx = px - (t * nx) / nl;
    const fy = py - (t * ny) / nl;
    const fz = pz - (t * nz) / nl;
    // Foot within the arc: the angles a-f and f-b add up to a-b.
    const ab = Math.atan2(nl, ax * bx + ay * by + az * bz);
    const fl = Math.hypot(fx, fy, fz);
    const af = Math.atan2(
      Math.hypot(ay * fz - az * fy, az * fx - ax * fz, ax * fy - ay * fx),
      ax * fx + ay * fy + az * fz,
    );
    const fb = Math.atan2(
      Math.hypot(fy * bz - fz * by, fz * bx - fx * bz, fx * by - fy * bx),
      fx * bx + fy * by + fz * bz,
    );
    if (fl > 0 && Math.abs(af + fb - ab) < 1e-9) return Math.asin(Math.min(1, Math.abs(t)));
  }
  return Math.min(angle(ax, ay, az), angle(bx, by, bz));
}

/** geographiclib: geodesic distance from the point to the geodesic segment of edge e (golden section). */
function geodesicToEdge(lon: number, lat: number, e: number[]): number {
  const [ax, ay, bx, by] = e as [number, number, number, number];
  const line = geod.InverseLine(ay, ax, by, bx);
  const length = line.s13;
  const at = (s: number) => {
    const q = line.Position(s);
    return geod.Inverse(lat, lon, q.lat2!, q.lon2!).s12!;
  };
  let lo = 0;
  let hi = length;
  const g = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - g * (hi - lo);
  let x2 = lo + g * (hi - lo);
  let f1 = at(x1);
  let f2 = at(x2);
  while (hi - lo > 0.05) {
    if (f1 < f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - g * (hi - lo);
      f1 = at(x1);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + g * (hi - lo);
      f2 = at(x2);
    }
  }
  return Math.min(f1, f2, at(0), at(length));
}

// Half the chord of each edge: no point of the edge is farther than that from both of its ends.
const edgeHalf = edgeVec.map(
  ([ax, ay, az, bx, by, bz]) => Math.hypot(ax! - bx!, ay! - by!, az! - bz!) / 2 + 1e-12,
);

function oracleDistanceM(lon: number, lat: number): number {
  const p = unit(lon, lat);
  const [px, py, pz] = p;
  // Cheap pass: chord to the nearer end minus half the edge bounds the chord to the edge from below.
  const lower = new Float64Array(edges.length);
  let upper = Infinity;
  for (let k = 0; k < edges.length; k++) {
    const e = edgeVec[k]!;
    const da = Math.hypot(px - e[0]!, py - e[1]!, pz - e[2]!);
    const db = Math.hypot(px - e[3]!, py - e[4]!, pz - e[5]!);
    const near = Math.min(da, db);
    if (near < upper) upper = near;
    lower[k] = near - edgeHalf[k]!;
  }
  // Exact sphere angles for the edges that can still be nearest, then geographiclib for the close ones.
  // The ellipsoid's distances lie within about 0.7 % of a 6,371 km sphere's; keep every edge that could win.
  const angles = new Map<number, number>();
  let minAngle = Infinity;
  for (let k = 0; k < edges.length; k++) {
    if (lower[k]! > upper) continue;
    const a = sphereAngleToArc(p, edgeVec[k]!);
    angles.set(k, a);
    minAngle = Math.min(minAngle, a);
  }
  let best = Infinity;
  for (const [k, a] of angles) {
    if (a * 0.98 > minAngle * 1.02 + 2e-7) continue;
    best = Math.min(best, geodesicToEdge(lon, lat, edges[k]!));
  }
  return best;
}

/** Random points: half uniform over a zone's box (grown by 20 %), half within ~0.05 degrees of an edge. */
function samplePoints(seed: number, count: number): [number, number][] {
  const random = rng(seed);
  const points: [number, number][] = [];
  while (points.length < count) {
    if (random() < 0.55) {
      const r = rings[Math.floor(random() * rings.length)]!;
      const w = r.maxX - r.minX;
      const h = r.maxY - r.minY;
      let x = r.minX - 0.1 * w + random() * 1.2 * w;
      if (x > 180) x -= 360;
      if (x < -180) x += 360;
      points.push([x, r.minY - 0.1 * h + random() * 1.2 * h]);
    } else {
      const [ax, ay, bx, by] = edges[Math.floor(random() * edges.length)]!;
      const t = random();
      const dlon = ((bx! - ax! + 540) % 360) - 180;
      // Offsets from 1e-7 degrees (1 cm) to 0.05 degrees (5 km), log-uniform, on either side.
      const off = Math.pow(10, -7 + random() * 5.7) * (random() < 0.5 ? -1 : 1);
      const len = Math.hypot(dlon, by! - ay!) || 1;
      let x = ax! + t * dlon + (-(by! - ay!) / len) * off;
      if (x > 180) x -= 360;
      if (x < -180) x += 360;
      points.push([x, Math.max(-89.9, Math.min(89.9, ay! + t * (by! - ay!) + (dlon / len) * off))]);
    }
  }
  return points;
}

describe('geo accuracy against exact oracles (100,000 random and near-edge points)', () => {
  const stats = { membership: 0, skippedWithin1m: 0, distance: 0, worstBudgetFraction: 0 };

  for (let chunk = 0; chunk < CHUNKS; chunk++) {
    it(`chunk ${chunk + 1}/${CHUNKS}: zones and nearest-boundary distance match the oracles`, () => {
      const points = samplePoints(1000 + chunk, POINTS / CHUNKS);
      const out = new Int32Array(16);
      const failures: string[] = [];
      for (const [lon, lat] of points) {
        // Membership (validity windows ignored: NaN).
        const n = index.zonesAtInto(lon, lat, NaN, out);
        const ours = Array.from(out.subarray(0, n));
        const expected = oracleZones(lon, lat);
        if (ours.join() !== expected.join()) {
          const d = planarEdgeDistanceM(lon, lat);
          if (d > 1)
            failures.push(
              `zones at [${lon}, ${lat}] (${d.toFixed(2)} m from an edge): ${ours} vs ${expected}`,
            );
          else stats.skippedWithin1m++;
        }
        stats.membership++;
        // Distance to the nearest boundary of any zone.
        const nearest = index.nearestBoundary(lon, lat);
        const truth = oracleDistanceM(lon, lat);
        const budget = 0.001 * truth + 5;
        const err = Math.abs(nearest!.distanceM - truth);
        stats.worstBudgetFraction = Math.max(stats.worstBudgetFraction, err / budget);
        if (err > budget)
          failures.push(`distance at [${lon}, ${lat}]: ${nearest!.distanceM} m vs ${truth} m`);
        stats.distance++;
      }
      expect(failures.slice(0, 10)).toEqual([]);
    }, 240_000);
  }

  it('checked at least 100,000 points', () => {
    console.log(`[geo oracle] ${JSON.stringify(stats)}`);
    expect(stats.membership).toBeGreaterThanOrEqual(POINTS);
    expect(stats.distance).toBeGreaterThanOrEqual(POINTS);
  });
});
