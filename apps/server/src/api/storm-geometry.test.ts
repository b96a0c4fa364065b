import { describe, expect, it } from 'vitest';
import { ZoneIndex } from '@vesselwatch/geo';
import type { Zone } from '@vesselwatch/domain';
import { circleRing, convexHull, destination, stormForecastArea } from './storm-geometry';

const zoneOf = (geometry: Zone['geometry']): Zone => ({
  id: 'storm',
  name: 'storm',
  kind: 'storm_warning',
  jurisdiction: 'VNM',
  geometry,
  approximate: true,
  properties: {},
});

describe('storm forecast area', () => {
  it('puts points at the right distance', () => {
    const [lon, lat] = destination([110, 10], 0, 60);
    expect(lon).toBeCloseTo(110, 9);
    expect(lat).toBeCloseTo(11, 2); // 60 nm north is one degree of latitude
    const ring = circleRing([110, 10], 60);
    expect(ring).toHaveLength(65);
    expect(ring[0]).toEqual(ring[64]);
  });

  it('hulls points counter-clockwise and closed', () => {
    expect(
      convexHull([
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 1],
        [0.5, 0.5],
      ]),
    ).toEqual([
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 0],
    ]);
  });

  it('covers every forecast circle and the passage between them, as one valid polygon', () => {
    const area = stormForecastArea([
      { atMs: 2, position: [111.5, 13.5], radiusNm: 80 },
      { atMs: 1, position: [114, 13], radiusNm: 60 },
      { atMs: 3, position: [109.8, 14], radiusNm: 100 },
    ]);
    expect(area.type).toBe('Polygon');
    const index = ZoneIndex.build([zoneOf(area)]);
    const inside = (lon: number, lat: number) => index.zonesAt(lon, lat).length > 0;
    expect(inside(114, 13)).toBe(true);
    expect(inside(112.75, 13.25)).toBe(true); // between the first two positions
    expect(inside(109.8, 15.6)).toBe(true); // 96 nm north of the last
    expect(inside(114, 14.2)).toBe(false); // 72 nm north of the first (radius 60)
    expect(inside(105, 13)).toBe(false);
  });

  it('refuses a circle across the antimeridian', () => {
    expect(() => stormForecastArea([{ atMs: 1, position: [179.5, 0], radiusNm: 100 }])).toThrow(RangeError);
  });
});
