import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { VesselWatchError, parseOrThrow, type Zone } from '@vesselwatch/domain';
import { z } from 'zod';

export const OSM_PACKAGE = '@osm_borders/maritime_10m';
export const OSM_ATTRIBUTION =
  'Territorial seas: © OpenStreetMap contributors, ODbL 1.0 (openstreetmap.org/copyright), via the npm package @osm_borders/maritime_10m';

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

type Polygon = [number, number][][];

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
      geometry: { type: 'MultiPolygon', coordinates: polygons },
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

/** Every country's land + territorial sea from the installed npm package. */
export async function loadOsmTerritorialSeas(): Promise<Zone[]> {
  const require = createRequire(import.meta.url);
  const osmPath = require.resolve(`${OSM_PACKAGE}/borders.geo.json`);
  return osmMaritimeToZones(JSON.parse(await readFile(osmPath, 'utf8')));
}
