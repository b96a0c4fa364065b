import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import polygonClipping, { type Geom } from 'polygon-clipping';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { BboxDeg } from './grid';
import type { MultiPolygonCoords, PolygonCoords } from './contour';

export const NATURAL_EARTH_PACKAGE = 'world-atlas';
export const NATURAL_EARTH_FILE = 'land-10m.json';
export const NATURAL_EARTH_ATTRIBUTION =
  'Land: Natural Earth 1:10m land polygons (public domain), via the npm package world-atlas (TopoJSON)';

/** Natural Earth 1:10m land (npm world-atlas land-10m.json) as polygons, [lon, lat]. */
export async function naturalEarthLand(): Promise<MultiPolygonCoords> {
  const require = createRequire(import.meta.url);
  const path = require.resolve(`${NATURAL_EARTH_PACKAGE}/${NATURAL_EARTH_FILE}`);
  const topology = JSON.parse(await readFile(path, 'utf8')) as Topology<{ land: GeometryCollection }>;
  const land = feature(topology, topology.objects.land);
  const polygons: MultiPolygonCoords = [];
  for (const f of land.features) {
    const g = f.geometry;
    if (g.type === 'Polygon') polygons.push(g.coordinates as PolygonCoords);
    else if (g.type === 'MultiPolygon') polygons.push(...(g.coordinates as MultiPolygonCoords));
  }
  return polygons;
}

/** True when the polygon's outer ring's box meets the bbox. */
export function polygonMeetsBbox(polygon: PolygonCoords, bbox: BboxDeg): boolean {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const [lon, lat] of polygon[0]!) {
    if (lon < west) west = lon;
    if (lon > east) east = lon;
    if (lat < south) south = lat;
    if (lat > north) north = lat;
  }
  return east >= bbox[0] && west <= bbox[2] && north >= bbox[1] && south <= bbox[3];
}

/**
 * The land polygons cut to the bbox. Every polygon goes through the clipper, which also resolves the few
 * self-intersecting rings of the 1:10m data (the geofence index rejects those).
 */
export function landWithin(land: MultiPolygonCoords, bbox: BboxDeg): MultiPolygonCoords {
  const [w, s, e, n] = bbox;
  const box: Geom = [
    [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s],
    ],
  ];
  const out: MultiPolygonCoords = [];
  for (const polygon of land) {
    if (!polygonMeetsBbox(polygon, bbox)) continue;
    out.push(...(polygonClipping.intersection(polygon as Geom, box) as MultiPolygonCoords));
  }
  return out;
}
