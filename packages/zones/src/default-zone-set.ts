import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { VesselWatchError, parseOrThrow, type Zone } from '@vesselwatch/domain';
import { z } from 'zod';

/** A zone set and the attributions that must travel with it (ODbL for OpenStreetMap-derived data). */
export interface ZoneSet {
  zones: Zone[];
  /** Human-readable attribution lines; every export and every map showing these zones carries them. */
  attribution: string[];
  /** Where each group of zones comes from and under which licence. */
  sources: ZoneSetSource[];
}

export interface ZoneSetSource {
  name: string;
  licence: string;
  attribution: string;
  zoneIds: string[];
}

const OSM_PACKAGE = '@osm_borders/maritime_10m';
const OSM_ATTRIBUTION =
  'Territorial seas: © OpenStreetMap contributors, ODbL 1.0 (openstreetmap.org/copyright), via the npm package @osm_borders/maritime_10m';
const TREATY_LINES = fileURLToPath(new URL('../../../data/zones/treaty-lines.json', import.meta.url));

const OsmFeatureSchema = z.object({
  type: z.literal('Feature'),
  properties: z.object({ isoA3: z.string(), isoA2: z.string().optional() }),
  geometry: z.object({
    type: z.string(),
    coordinates: z.unknown().optional(),
    geometries: z.array(z.object({ type: z.string(), coordinates: z.unknown() })).optional(),
  }),
});
const OsmCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(z.unknown()),
});

type Polygon = number[][][];

/**
 * Converts @osm_borders/maritime_10m (one feature per country: land plus territorial sea, a
 * GeometryCollection of polygons) into one MultiPolygon zone per country, kind territorial_sea.
 */
export function osmMaritimeToZones(collection: unknown): Zone[] {
  const fc = parseOrThrow(OsmCollectionSchema, collection, `${OSM_PACKAGE} feature collection`);
  return fc.features.map((raw, i) => {
    const feature = parseOrThrow(OsmFeatureSchema, raw, `${OSM_PACKAGE} feature #${i}`);
    const polygons: Polygon[] = [];
    const add = (type: string, coordinates: unknown): void => {
      if (type === 'Polygon') polygons.push(coordinates as Polygon);
      else if (type === 'MultiPolygon') polygons.push(...(coordinates as Polygon[]));
      else
        throw new VesselWatchError('VW_ERR_INPUT_INVALID', {
          detail: `${OSM_PACKAGE} feature ${feature.properties.isoA3}: unexpected geometry type ${type}`,
        });
    };
    if (feature.geometry.type === 'GeometryCollection')
      for (const g of feature.geometry.geometries ?? []) add(g.type, g.coordinates);
    else add(feature.geometry.type, feature.geometry.coordinates);
    const iso3 = feature.properties.isoA3;
    const zone: Zone = {
      id: `osm-ts-${iso3}`,
      name: `${iso3} land and territorial sea (OpenStreetMap)`,
      kind: 'territorial_sea',
      jurisdiction: iso3,
      geometry: { type: 'MultiPolygon', coordinates: polygons as [number, number][][][] },
      approximate: false,
      source: OSM_ATTRIBUTION,
      properties: {
        includesLand: true,
        isoA2: feature.properties.isoA2,
        licence: 'ODbL-1.0',
        attribution: '© OpenStreetMap contributors',
      },
    };
    return zone;
  });
}

const TreatyFileSchema = z.object({ description: z.string(), zones: z.array(z.unknown()) });

/** The treaty lines typed into data/zones/treaty-lines.json (facts, with their citations). */
export async function loadTreatyLines(path = TREATY_LINES): Promise<Zone[]> {
  const file = parseOrThrow(TreatyFileSchema, JSON.parse(await readFile(path, 'utf8')), path);
  return file.zones as Zone[]; // checked field by field when the index is built
}

/**
 * The interim default zone set: the world's territorial seas from OpenStreetMap (npm package
 * @osm_borders/maritime_10m, ODbL) plus the Vietnamese treaty lines typed into data/. The zone-data issue
 * replaces this function; callers only depend on its signature.
 */
export async function loadDefaultZoneSet(): Promise<ZoneSet> {
  const require = createRequire(import.meta.url);
  const osmPath = require.resolve(`${OSM_PACKAGE}/borders.geo.json`);
  const seas = osmMaritimeToZones(JSON.parse(await readFile(osmPath, 'utf8')));
  const lines = await loadTreatyLines();
  return {
    zones: [...seas, ...lines],
    attribution: [OSM_ATTRIBUTION, 'Treaty lines: published treaty coordinates (see each zone\'s "source")'],
    sources: [
      {
        name: `${OSM_PACKAGE} (OpenStreetMap maritime boundaries, 10 m resolution)`,
        licence: 'ODbL-1.0',
        attribution: '© OpenStreetMap contributors',
        zoneIds: seas.map((zone) => zone.id),
      },
      {
        name: 'data/zones/treaty-lines.json',
        licence: 'facts (treaty coordinates)',
        attribution: 'treaty texts cited per zone',
        zoneIds: lines.map((zone) => zone.id),
      },
    ],
  };
}

/** The set as a GeoJSON FeatureCollection; attribution and sources travel in foreign members. */
export function zoneSetToGeoJson(set: ZoneSet): Record<string, unknown> {
  return {
    type: 'FeatureCollection',
    attribution: set.attribution,
    sources: set.sources.map(({ name, licence, attribution }) => ({ name, licence, attribution })),
    features: set.zones.map((zone) => {
      const { geometry, ...rest } = zone;
      return { type: 'Feature', id: zone.id, properties: rest, geometry };
    }),
  };
}
