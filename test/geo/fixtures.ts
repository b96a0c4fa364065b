import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Zone } from '@vesselwatch/domain';
import { osmMaritimeToZones } from '@vesselwatch/zones';
import { seededUniform } from '@vesselwatch/random';

/** Deterministic PRNG so failures reproduce. */
export const rng = seededUniform;

let osmCache: Zone[] | null = null;
/** Real territorial seas (OpenStreetMap, ODbL) from the npm package the default zone set uses. */
export function osmZones(isoCodes: readonly string[]): Zone[] {
  if (!osmCache) {
    const path = createRequire(import.meta.url).resolve('@osm_borders/maritime_10m/borders.geo.json');
    osmCache = osmMaritimeToZones(JSON.parse(readFileSync(path, 'utf8')));
  }
  return osmCache.filter((z) => isoCodes.includes(z.jurisdiction));
}

function zone(id: string, jurisdiction: string, geometry: Zone['geometry'], extra: Partial<Zone> = {}): Zone {
  return {
    id,
    name: id,
    kind: 'custom',
    jurisdiction,
    geometry,
    approximate: false,
    properties: {},
    ...extra,
  };
}

/** A star-shaped ring with n points around (lon, lat), radii between r0 and r1 degrees. */
export function starRing(lon: number, lat: number, n: number, r0: number, r1: number, random: () => number) {
  const ring: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    const r = r0 + (r1 - r0) * random();
    ring.push([lon + r * Math.cos(a), lat + r * Math.sin(a)]);
  }
  ring.push(ring[0]!);
  return ring;
}

/** Synthetic zones exercising what real data lacks: holes, many parts, an antimeridian jump, lines. */
export function syntheticZones(): Zone[] {
  const random = rng(7);
  const hole1 = starRing(110, 10, 300, 0.3, 0.5, random).reverse();
  const hole2 = starRing(111.2, 10.3, 200, 0.15, 0.25, random).reverse();
  const parts: [number, number][][][] = [];
  for (let k = 0; k < 12; k++)
    parts.push([starRing(112 + (k % 4) * 0.8, 6 + Math.floor(k / 4) * 0.8, 60, 0.1, 0.3, random)]);
  return [
    zone(
      'synthetic-holes',
      'VNM',
      {
        type: 'Polygon',
        coordinates: [starRing(110.5, 10.2, 1500, 1.6, 2.2, random), hole1, hole2],
      },
      { kind: 'fishing_zone' },
    ),
    zone(
      'synthetic-archipelago',
      'PHL',
      { type: 'MultiPolygon', coordinates: parts },
      { kind: 'protected_area' },
    ),
    zone(
      'synthetic-overlap',
      'CHN',
      { type: 'Polygon', coordinates: [starRing(109.5, 9.5, 400, 0.8, 1.2, random)] },
      {
        kind: 'storm_warning',
        validFromMs: Date.UTC(2026, 0, 1),
        validToMs: Date.UTC(2026, 0, 2),
      },
    ),
    // A ring drawn across the antimeridian without splitting it (longitude jumps from 179.x to -179.x).
    zone('synthetic-antimeridian', 'FJI', {
      type: 'Polygon',
      coordinates: [
        [
          [178.5, -15],
          [-179.2, -15.5],
          [-178.6, -13.8],
          [-179.9, -12.9],
          [179.1, -13.2],
          [178.5, -15],
        ],
      ],
    }),
    zone(
      'synthetic-line',
      'VNM',
      {
        type: 'LineString',
        coordinates: [
          [108.8, 7.5],
          [109.6, 8.4],
          [110.9, 8.1],
          [112.6, 9.3],
        ],
      },
      { kind: 'boundary_line', properties: { parties: ['VNM', 'PHL'] } },
    ),
  ];
}

export function oracleZoneSet(): Zone[] {
  return [...osmZones(['BRN', 'SGP', 'FJI', 'TUV', 'TLS']), ...syntheticZones()];
}
