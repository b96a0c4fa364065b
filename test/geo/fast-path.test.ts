import { describe, expect, it } from 'vitest';
import { VesselTracker, ZoneIndex, toUnitVector } from '@vesselwatch/geo';
import { loadTreatyLines } from '@vesselwatch/zones';
import { osmZones, rng, syntheticZones } from './fixtures';

/**
 * The per-vessel fast path (safe radius for zones, candidate list for the distance) must never change an
 * answer: on every fix of simulated tracks the tracker's zones, nearest edge and distance are compared
 * bit for bit with a fresh evaluation. The tracks start on boundaries and wander across them.
 */
const zones = [
  ...osmZones(['VNM', 'KHM', 'THA', 'CHN', 'PHL', 'MYS', 'IDN', 'BRN']),
  ...syntheticZones(),
  ...(await loadTreatyLines()),
];
const index = ZoneIndex.build(zones, { validate: false });
const KNOT = 1852 / 3600; // m/s

interface Track {
  points: [number, number, number][];
}

function simulate(seed: number, fixes: number, intervalS: number): Track {
  const random = rng(seed);
  // Start near a random vertex of a random boundary in the South China Sea area.
  const pool = zones.filter((z) => z.geometry.type !== 'LineString');
  let lon = 0;
  let lat = 0;
  for (;;) {
    const z = pool[Math.floor(random() * pool.length)]!;
    const g = z.geometry;
    const rings =
      g.type === 'Polygon' ? g.coordinates : g.type === 'MultiPolygon' ? g.coordinates.flat() : [];
    const ring = rings[Math.floor(random() * rings.length)]!;
    const v = ring[Math.floor(random() * ring.length)]!;
    [lon, lat] = [v[0]!, v[1]!];
    if (lon > 99 && lon < 122 && lat > -2 && lat < 24) break;
  }
  let course = random() * 360;
  let speed = 2 + random() * 10;
  const points: [number, number, number][] = [];
  let t = Date.UTC(2026, 0, 1) - 6 * 3600_000 + Math.floor(random() * 12) * 3600_000; // spans a validity window
  for (let i = 0; i < fixes; i++) {
    points.push([lon, lat, t]);
    course += (random() - 0.5) * 20;
    if (random() < 0.02) speed = random() * 12;
    const d = speed * KNOT * intervalS;
    lat += (d * Math.cos((course * Math.PI) / 180)) / 111_320;
    lon += (d * Math.sin((course * Math.PI) / 180)) / (111_320 * Math.cos((lat * Math.PI) / 180));
    t += intervalS * 1000;
  }
  return { points };
}

describe('vessel tracker fast path', () => {
  const fresh = new Int32Array(64);
  for (const [label, intervalS, tracks, fixes] of [
    ['10 s fixes', 10, 40, 1500],
    ['60 s fixes', 60, 20, 1000],
    ['2 h fixes', 7200, 20, 200],
  ] as const) {
    it(`never changes an answer (${label}, ${tracks * fixes} fixes)`, () => {
      let fastZones = 0;
      let fastDistance = 0;
      let total = 0;
      const mismatches: string[] = [];
      for (let k = 0; k < tracks; k++) {
        const flag = ['VNM', 'CHN', 'PHL', 'THA'][k % 4]!;
        const filter = index.foreignWatersFilter(flag);
        const tracker = new VesselTracker(index, filter);
        const track = simulate(intervalS * 1000 + k, fixes, intervalS);
        let prev: [number, number, number] | null = null;
        for (const p of track.points) {
          const [lon, lat, t] = p;
          tracker.update(lon, lat, t);
          const n = index.zonesAtInto(lon, lat, t, fresh);
          const expectedZones = Array.from(fresh.subarray(0, n)).join();
          const gotZones = Array.from(tracker.zoneIndices.subarray(0, tracker.zoneCount)).join();
          const expected = index.nearestBoundary(lon, lat, filter);
          if (gotZones !== expectedZones) mismatches.push(`zones at ${p}: ${gotZones} vs ${expectedZones}`);
          if (
            (expected?.edge ?? -1) !== tracker.nearestEdge ||
            (expected?.distanceM ?? Infinity) !== tracker.nearestM
          )
            mismatches.push(
              `nearest at ${p}: ${tracker.nearestEdge}/${tracker.nearestM} vs ${expected?.edge}/${expected?.distanceM}`,
            );
          if (prev && !tracker.mayHaveCrossed) {
            const c = index.crossings({ lon: prev[0], lat: prev[1], atMs: prev[2] }, { lon, lat, atMs: t });
            if (c.length > 0) mismatches.push(`crossing missed between ${prev} and ${p}`);
          }
          prev = p;
          total++;
        }
        fastZones += tracker.counters.zonesFast;
        fastDistance += tracker.counters.distanceFast;
      }
      expect(mismatches.slice(0, 5)).toEqual([]);
      console.log(
        `[fast path] ${label}: ${total} fixes, zones fast ${fastZones}, distance fast ${fastDistance}`,
      );
      if (intervalS <= 60) {
        // The test is not vacuous: dense tracks do take the fast path most of the time.
        expect(fastZones / total).toBeGreaterThan(0.5);
        expect(fastDistance / total).toBeGreaterThan(0.5);
      }
    }, 120_000);
  }

  it('the membership grid gives the same zones as the direct lookup, also on cell edges and vertices', () => {
    const random = rng(7);
    const viaGrid = new Int32Array(64);
    const direct = new Int32Array(64);
    const vertices = zones
      .filter((z) => z.geometry.type !== 'LineString' && z.geometry.type !== 'MultiLineString')
      .flatMap(
        (z) => (z.geometry.coordinates as number[][][] | number[][][][]).flat(2) as unknown as number[][],
      );
    const t0 = Date.UTC(2026, 0, 1) - 6 * 3600_000;
    let checked = 0;
    let inside = 0;
    const check = (lon: number, lat: number) => {
      const atMs = random() < 0.2 ? Number.NaN : t0 + Math.floor(random() * 12) * 3600_000;
      const n = index.zonesAtInto(lon, lat, atMs, viaGrid);
      const m = index.zonesAtIntoDirect(lon, lat, atMs, direct);
      expect([lon, lat, [...viaGrid.subarray(0, n)]]).toEqual([lon, lat, [...direct.subarray(0, m)]]);
      checked++;
      if (n > 0) inside++;
    };
    for (let i = 0; i < 60_000; i++) {
      const lon = 99 + 24 * random();
      const lat = -3 + 28 * random();
      check(lon, lat);
      // On a grid line (cells are 1/16 degree) and on a grid corner.
      check(Math.round(lon * 16) / 16, lat);
      check(Math.round(lon * 16) / 16, Math.round(lat * 16) / 16);
    }
    for (let i = 0; i < 40_000; i++) {
      // At and a hair beside boundary vertices, where cells are mixed.
      const v = vertices[Math.floor(random() * vertices.length)]!;
      check(v[0]!, v[1]!);
      check(v[0]! + (random() - 0.5) * 1e-6, v[1]! + (random() - 0.5) * 1e-6);
    }
    expect(checked).toBe(260_000);
    expect(inside).toBeGreaterThan(50_000);
  });

  it('the per-cell candidate lists give the same answer as the full tree search', () => {
    const random = rng(99);
    const filters = [
      index.foreignWatersFilter('VNM'),
      index.everyBoundary,
      index.filter({ kinds: ['boundary_line'] }),
    ];
    const v = new Float64Array(3);
    let checked = 0;
    for (let i = 0; i < 20_000; i++) {
      const lon = 99 + 24 * random();
      const lat = -3 + 28 * random();
      for (const f of filters) {
        const cached = index.nearestBoundary(lon, lat, f);
        toUnitVector(lon, lat, v, 0);
        index.nearestCore(v[0]!, v[1]!, v[2]!, index.treeOf(f), 0, null);
        expect(cached?.edge ?? -1).toBe(index.resEdge);
        expect(cached?.distanceM ?? Infinity).toBe(index.resDistM);
        checked++;
      }
    }
    expect(checked).toBe(60_000);
  });
});
