import { describe, expect, it } from 'vitest';
import { isVesselWatchError, type Zone } from '@vesselwatch/domain';
import { distanceMetres } from './ellipsoid';
import { ZoneIndex } from './zone-index';

function zone(id: string, geometry: Zone['geometry'], extra: Partial<Zone> = {}): Zone {
  return {
    id,
    name: id,
    kind: 'custom',
    jurisdiction: 'VNM',
    geometry,
    approximate: false,
    properties: {},
    ...extra,
  };
}
const box = (x0: number, y0: number, x1: number, y1: number): [number, number][] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

function expectInvalid(zones: Zone[], ...fragments: RegExp[]): void {
  let caught: unknown;
  try {
    ZoneIndex.build(zones);
  } catch (error) {
    caught = error;
  }
  expect(isVesselWatchError(caught, 'VW_ERR_INPUT_INVALID')).toBe(true);
  for (const f of fragments) expect((caught as Error).message).toMatch(f);
}

describe('ZoneIndex validation names the feature and the problem', () => {
  it('rejects an unclosed ring', () => {
    const ring = box(0, 0, 1, 1)
      .slice(0, 4)
      .concat([[0.5, -0.1]]);
    expectInvalid(
      [zone('open-ring', { type: 'Polygon', coordinates: [ring] })],
      /zone "open-ring"/,
      /not closed/,
    );
  });
  it('rejects a self-intersecting (bow-tie) ring', () => {
    const bowtie: [number, number][] = [
      [0, 0],
      [1, 1],
      [1, 0],
      [0, 1],
      [0, 0],
    ];
    expectInvalid(
      [zone('bowtie', { type: 'Polygon', coordinates: [bowtie] })],
      /zone "bowtie"/,
      /intersects itself/,
    );
  });
  it('rejects out-of-range coordinates', () => {
    expectInvalid(
      [zone('far', { type: 'Polygon', coordinates: [box(10, 80, 200, 95)] })],
      /zone "far"/,
      /out of range/,
    );
  });
  it('rejects a hole outside its shell (wrong nesting) and holes crossing the shell', () => {
    expectInvalid(
      [zone('nest', { type: 'Polygon', coordinates: [box(0, 0, 1, 1), box(2, 2, 3, 3)] })],
      /zone "nest"/,
      /outside its shell/,
    );
    expectInvalid(
      [zone('cross', { type: 'Polygon', coordinates: [box(0, 0, 1, 1), box(0.5, 0.5, 1.5, 0.8)] })],
      /zone "cross"/,
      /rings 0 and 1 cross/,
    );
  });
  it('rejects bad fields and duplicate ids, listing every problem', () => {
    expectInvalid(
      [
        zone('a', { type: 'Polygon', coordinates: [box(0, 0, 1, 1)] }, { jurisdiction: 'vn' }),
        zone('b', { type: 'Polygon', coordinates: [box(0, 0, 1, 1)] }),
        zone('b', { type: 'Polygon', coordinates: [box(2, 0, 3, 1)] }),
      ],
      /zone "a": jurisdiction/,
      /zone "b": id is used twice/,
    );
  });
});

describe('ZoneIndex queries', () => {
  const zones: Zone[] = [
    zone(
      'outer',
      { type: 'Polygon', coordinates: [box(100, 0, 110, 10), box(104, 4, 106, 6).reverse()] },
      {
        kind: 'territorial_sea',
        jurisdiction: 'VNM',
      },
    ),
    zone('narrow', { type: 'Polygon', coordinates: [box(107, 0, 107.01, 10)] }, { kind: 'protected_area' }),
    zone(
      'foreign',
      { type: 'MultiPolygon', coordinates: [[box(111, 0, 112, 10)], [box(113, 0, 114, 10)]] },
      {
        kind: 'territorial_sea',
        jurisdiction: 'CHN',
      },
    ),
    zone(
      'season',
      { type: 'Polygon', coordinates: [box(101, 1, 102, 2)] },
      {
        kind: 'fishing_zone',
        validFromMs: 1000,
        validToMs: 2000,
      },
    ),
    zone(
      'dateline',
      {
        type: 'MultiPolygon',
        coordinates: [[box(179, -20, 180, -10)], [box(-180, -20, -179, -10)]],
      },
      { jurisdiction: 'FJI' },
    ),
    zone(
      'treaty',
      {
        type: 'LineString',
        coordinates: [
          [115, 0],
          [115, 10],
        ],
      },
      {
        kind: 'boundary_line',
        properties: { parties: ['VNM', 'PHL'] },
      },
    ),
  ];
  const index = ZoneIndex.build(zones);
  const ids = (lon: number, lat: number, atMs?: number) => index.zonesAt(lon, lat, atMs).map((z) => z.id);

  it('finds every zone containing a point, honours holes and validity windows', () => {
    expect(ids(101.5, 1.5)).toEqual(['outer', 'season']);
    expect(ids(101.5, 1.5, 1500)).toEqual(['outer', 'season']);
    expect(ids(101.5, 1.5, 2500)).toEqual(['outer']);
    expect(ids(105, 5)).toEqual([]); // in the hole
    expect(ids(107.005, 5)).toEqual(['outer', 'narrow']);
    expect(ids(113.5, 5)).toEqual(['foreign']);
    expect(ids(179.5, -15)).toEqual(['dateline']);
    expect(ids(-179.5, -15)).toEqual(['dateline']);
  });

  it('measures the distance to the nearest watched boundary with filters', () => {
    const foreign = index.foreignWatersFilter('VNM');
    const n = index.nearestBoundary(109, 5, foreign)!;
    expect(n.zone.id).toBe('foreign');
    expect(n.lon).toBeCloseTo(111, 6);
    expect(n.distanceM).toBeCloseTo(distanceMetres(109, 5, 111, 5), -1);
    // The treaty line counts as foreign waters for a VNM vessel (it is a party), not for a THA one.
    expect(index.nearestBoundary(114.8, 5, foreign)!.zone.id).toBe('treaty');
    const permitted = index.filter({ zoneIds: ['season'] });
    // Edges are geodesics: the 1-degree edge along 2 N bulges ~8 m poleward of the parallel at its middle.
    const toSeason = index.nearestBoundary(101.5, 1.9, permitted)!.distanceM;
    expect(Math.abs(toSeason - distanceMetres(101.5, 1.9, 101.5, 2))).toBeLessThan(10);
    expect(index.nearestBoundary(0, 0, index.filter({ zoneIds: [] }))).toBeNull();
  });

  it('ignores the antimeridian cut as a boundary and measures across it', () => {
    const d = index.nearestBoundary(179.9, -15, index.filter({ zoneIds: ['dateline'] }))!;
    // Nearest real edge: the meridian 179 E (0.9 degrees away), not the cut at 180.
    expect(d.lon).toBeCloseTo(179, 6);
    const across = index.nearestBoundary(-178.5, -15, index.filter({ zoneIds: ['dateline'] }))!;
    expect(across.lon).toBeCloseTo(-179, 6);
  });

  it('reports every boundary crossed between two sparse fixes, in order, with interpolated times', () => {
    const from = { lon: 106.5, lat: 5, atMs: 0 };
    const to = { lon: 112.5, lat: 5, atMs: 7_200_000 };
    const crossings = index.crossings(from, to);
    expect(crossings.map((c) => `${c.zone.id}:${c.direction}`)).toEqual([
      'narrow:enter',
      'narrow:exit',
      'outer:exit',
      'foreign:enter',
      'foreign:exit',
    ]);
    const enter = crossings[0]!;
    expect(enter.lon).toBeCloseTo(107, 6);
    expect(enter.atMs).toBeGreaterThan(0);
    expect(crossings[1]!.atMs - enter.atMs).toBeLessThan(60_000); // a 1 km zone crossed in under a minute
    for (let i = 1; i < crossings.length; i++)
      expect(crossings[i]!.atMs).toBeGreaterThanOrEqual(crossings[i - 1]!.atMs);
    expect(
      index.crossings({ lon: 114.5, lat: 5, atMs: 0 }, { lon: 115.5, lat: 5, atMs: 1 })[0],
    ).toMatchObject({
      direction: 'cross',
      side: 'right',
    });
    expect(index.crossings(from, { lon: 106.6, lat: 5, atMs: 1 })).toHaveLength(0);
  });

  it('crosses the antimeridian', () => {
    const c = index.crossings({ lon: 178.5, lat: -15, atMs: 0 }, { lon: -178.5, lat: -15, atMs: 3000 });
    expect(c.map((x) => `${x.zone.id}:${x.direction}:${Math.round(x.lon)}`)).toEqual([
      'dateline:enter:179',
      'dateline:exit:-179',
    ]);
    expect(c[0]!.atMs).toBeCloseTo(500, -1);
  });

  it('tells the time to a watched boundary on the current course', () => {
    const foreign = index.foreignWatersFilter('VNM');
    // Due east at 10 kn from 1 nm west of the boundary at 111 E: about 6 minutes.
    const startLon = 111 - 1852 / distanceMetres(110, 5, 111, 5);
    const minutes = index.timeToBoundary(startLon, 5, 10, 90, foreign, 60)!;
    expect(minutes).toBeGreaterThan(5.9);
    expect(minutes).toBeLessThan(6.1);
    expect(index.timeToBoundary(startLon, 5, 10, 270, foreign, 60)).toBeNull();
    expect(index.timeToBoundary(startLon, 5, 0, 90, foreign, 60)).toBeNull();
  });
});
