import { describe, expect, it } from 'vitest';
import type { Zone } from '@vesselwatch/domain';
import { seededUniform } from '@vesselwatch/random';
import { toUnitVector } from './ellipsoid';
import { VesselTracker } from './vessel-tracker';
import { ZoneIndex } from './zone-index';

/**
 * The nearest-edge search leaves out edges whose nearest point is a vertex shared with a neighbour
 * (NearestSearch.dominated). Checked here against a brute-force scan of every edge, on a coast drawn with
 * thousands of short, gently wavy edges: seen from far off, dozens of them lie within metres of the
 * nearest distance, which is where the rule does its work.
 */
const random = seededUniform(7);
const coast: [number, number][] = [];
for (let k = 0; k <= 3000; k++) {
  const lat = 2 + (6 * k) / 3000;
  coast.push([110 + 0.01 * Math.sin(k / 40) + 0.002 * (random() - 0.5), lat]);
}
const ring: [number, number][] = [...coast, [115, 8], [115, 2], coast[0]!];
const zones: Zone[] = [
  {
    id: 'coast',
    name: 'coast',
    kind: 'eez',
    jurisdiction: 'PHL',
    geometry: { type: 'Polygon', coordinates: [ring] },
    approximate: false,
    properties: {},
  },
];
const index = ZoneIndex.build(zones);
const foreign = index.foreignWatersFilter('VNM');
const edges = index.stats.edges;
const p = new Float64Array(3);

/** Brute force: the nearest edge over all edges, and over the edges the rule keeps (ties: smaller id). */
function bruteForce(lon: number, lat: number): { all: number; kept: number; keptEdge: number } {
  toUnitVector(lon, lat, p, 0);
  let all = Infinity;
  let kept = Infinity;
  let keptEdge = -1;
  for (let e = 0; e < edges; e++) {
    const d = index.edgeDistance(p[0]!, p[1]!, p[2]!, e);
    if (d < all) all = d;
    if (!index.search.dominated(p[0]!, p[1]!, p[2]!, e) && d < kept) {
      kept = d;
      keptEdge = e;
    }
  }
  return { all, kept, keptEdge };
}

describe('nearest edge along a densely drawn coast', () => {
  it('leaves out only edges a neighbour is as near as: same distance to a few parts per million', () => {
    let leftOut = 0;
    for (let k = 0; k < 300; k++) {
      const lon = 106.5 + 3.3 * random(); // 300 km to 10 km off the coast
      const lat = 1 + 8 * random(); // also beyond both ends of it
      const brute = bruteForce(lon, lat);
      const answer = index.nearestBoundary(lon, lat, foreign)!;
      // Exactly the nearest kept edge...
      expect(answer.edge).toBe(brute.keptEdge);
      expect(answer.distanceM).toBe(brute.kept);
      // ...which is as near as the nearest of all edges, but for Lambert's ellipsoidal correction, which
      // can favour a vertex over the spherical foot next to it by millimetres per kilometre of offset.
      expect(answer.distanceM).toBeGreaterThanOrEqual(brute.all);
      expect(answer.distanceM - brute.all).toBeLessThan(1e-5 * brute.all + 1e-6);
      toUnitVector(lon, lat, p, 0);
      for (let e = 0; e < edges; e++) if (index.search.dominated(p[0]!, p[1]!, p[2]!, e)) leftOut++;
    }
    expect(leftOut / 300).toBeGreaterThan(edges * 0.9); // nearly every edge is left out at every point
  });

  it('keeps the earlier of two edges meeting at a nearest vertex', () => {
    // Off the corner at (115, 2): its two edges are both nearest there, at that vertex.
    const answer = index.nearestBoundary(115.5, 1.5, foreign)!;
    expect(answer.lon).toBeCloseTo(115, 9);
    expect(answer.lat).toBeCloseTo(2, 9);
    const brute = bruteForce(115.5, 1.5);
    expect(answer.edge).toBe(brute.keptEdge);
    expect(answer.edge).toBe(edges - 2); // (115, 8) -> (115, 2), before (115, 2) -> the coast
  });

  it('the tracker fast path gives the same answers as fresh searches along the coast', () => {
    const tracker = new VesselTracker(index, foreign);
    let lon = 108;
    let lat = 2.5;
    const t0 = Date.UTC(2026, 5, 1);
    for (let k = 0; k < 20_000; k++) {
      // 10-second fixes at 8 knots, heading north-north-east, weaving.
      lat += (41 * Math.cos(0.3 + 0.2 * Math.sin(k / 500))) / 111_320;
      lon += (41 * Math.sin(0.3 + 0.2 * Math.sin(k / 500))) / (111_320 * Math.cos((lat * Math.PI) / 180));
      tracker.update(lon, lat, t0 + k * 10_000);
      const fresh = index.nearestBoundary(lon, lat, foreign)!;
      expect(tracker.nearestEdge).toBe(fresh.edge);
      expect(tracker.nearestM).toBe(fresh.distanceM);
    }
    expect(tracker.counters.distanceFast).toBeGreaterThan(19_000);
  });
});
