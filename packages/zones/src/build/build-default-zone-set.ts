import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Zone } from '@vesselwatch/domain';
import { ZoneIndex } from '@vesselwatch/geo';
import polygonClipping, { type Geom } from 'polygon-clipping';
import type { ZoneSet, ZoneSetSource } from '../zone-set';
import { loadTreatyLines } from '../treaty-lines';
import { dataPath, readEezMethod, readFishingZones, readTreatyAreas, type EezMethod } from './build-inputs';
import type { MultiPolygonCoords, Position } from './contour';
import { approximateEezs, type StatePart } from './eez-field';
import { vietnamFishingZones } from './fishing-zones';
import { gridOver, type BboxDeg } from './grid';
import {
  landWithin,
  NATURAL_EARTH_ATTRIBUTION,
  naturalEarthLand,
  polygonMeetsBbox,
} from './natural-earth-land';
import { loadOsmTerritorialSeas, OSM_ATTRIBUTION, OSM_PACKAGE } from './osm-territorial-seas';
import { curatedPortZones, parseWorldPortIndex, readCuratedPorts, wpiPortZones } from './port-zones';
import { applyTreatyAreas } from './treaty-areas';

const NM_M = 1852;

export interface BuildOptions {
  /** World Port Index CSV (NGA Pub. 150); null: the set has the curated Vietnamese ports only. */
  wpiCsvPath: string | null;
  log?: (message: string) => void;
}

export interface BuiltZoneSet extends ZoneSet {
  version: string;
}

export interface BuildResult {
  set: BuiltZoneSet;
  /** Natural Earth land of the region, one zone (kind custom, properties.land = true). */
  land: Zone[];
}

/**
 * Builds the default zone set for the region (data/zones/eez-method.json): OpenStreetMap territorial
 * seas, the typed treaty lines, approximate EEZs (equidistance, treaty lines where they exist), Vietnam's
 * fishing zones, port areas; and the region's land mask. Every zone is validated by the geofence index.
 * The version is a hash of the zones' content, so the same inputs give the same version.
 */
export async function buildDefaultZoneSet(options: BuildOptions): Promise<BuildResult> {
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  const step = (what: string) => log(`${what} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  const method = await readEezMethod();
  const region = method.region.bboxDeg;
  const compute = expand(region, method.computeMarginDeg);

  const osm = await loadOsmTerritorialSeas();
  const parts = statePartsFor(osm, compute, method);

  const treatyLines = await loadTreatyLines();
  const treatyAreas = (await readTreatyAreas()).areas.map((area) => ({
    ...area,
    line: treatyLines.find((z) => z.id === area.treatyZoneId)!.geometry.coordinates as Position[],
  }));
  const grid = gridOver(compute, method.gridStepDeg);
  const equidistance = approximateEezs(grid, parts, {
    limitFromTerritorialSeaM: (method.eezLimitNm - method.territorialSeaNm) * NM_M,
    keepOffNodes: method.keepOffOtherStatesSteps,
  });
  step('equidistance');
  // Landlocked states (no sea beyond their polygon) get neither an EEZ nor a "territorial sea" zone.
  const seas = osm
    .filter((zone) => equidistance.has(zone.jurisdiction))
    .flatMap((zone) => keepParts(zone, region));
  step(`territorial seas: ${seas.length} states`);
  const eezAreas = clipAll(applyTreatyAreas(equidistance, treatyAreas), region);
  const eezs = [...eezAreas].map(([state, area]) => eezZone(state, area, method));
  step(`approximate EEZs: ${eezs.length}`);

  const land = landWithin(await naturalEarthLand(), region);
  const fishingFile = await readFishingZones();
  const fishingAreas = vietnamFishingZones(eezAreas.get('VNM') ?? [], land, fishingFile);
  const fishing = fishingFile.zones.map((spec): Zone => ({
    id: spec.id,
    name: spec.name,
    kind: 'fishing_zone',
    jurisdiction: 'VNM',
    geometry: { type: 'MultiPolygon', coordinates: fishingAreas[spec.zone] },
    approximate: true,
    source: `${fishingFile.source.slice(0, 300)} Lines approximate: see data/zones/vn-fishing-zones.json`,
    properties: {
      fishingZone: spec.zone,
      rule: spec.rule,
      coastalLimitNm: fishingFile.coastalLimitNm,
      inshoreLimitNm: fishingFile.inshoreLimitNm,
      method: 'distance from Natural Earth 1:10m coasts on a grid, inside the approximate Vietnamese EEZ',
      alerts: { allowedVesselClasses: spec.allowedVesselClasses },
    },
  }));
  step('fishing zones');

  const curated = await readCuratedPorts(dataPath('ports/vn-fishing-ports.json'));
  const wpi = options.wpiCsvPath
    ? wpiPortZones(
        parseWorldPortIndex(await readFile(options.wpiCsvPath, 'utf8'), region, options.wpiCsvPath),
        curated,
      )
    : [];
  const ports = [...curatedPortZones(curated), ...wpi];
  step(
    `ports: ${ports.length}${options.wpiCsvPath ? '' : ' (no World Port Index file given: curated ports only)'}`,
  );

  const zones = [...seas, ...treatyLines, ...eezs, ...fishing, ...ports];
  const landZones: Zone[] = [
    {
      id: 'land-natural-earth-10m',
      name: 'Land (Natural Earth 1:10m) of the region',
      kind: 'custom',
      jurisdiction: 'ZZZ',
      geometry: { type: 'MultiPolygon', coordinates: land },
      approximate: true,
      source: NATURAL_EARTH_ATTRIBUTION,
      properties: { land: true, scale: '1:10,000,000', regionBboxDeg: region },
    },
  ];
  ZoneIndex.build(zones);
  ZoneIndex.build(landZones);
  step('validated');
  const version = `default-${createHash('sha256').update(JSON.stringify(zones)).digest('hex').slice(0, 12)}`;
  const sources: ZoneSetSource[] = [
    {
      name: `${OSM_PACKAGE} (OpenStreetMap maritime boundaries, 10 m resolution)`,
      licence: 'ODbL-1.0',
      attribution: '© OpenStreetMap contributors',
      zoneIds: seas.map((z) => z.id),
    },
    {
      name: 'data/zones/treaty-lines.json',
      licence: 'facts (treaty coordinates)',
      attribution: 'treaty texts cited per zone',
      zoneIds: treatyLines.map((z) => z.id),
    },
    {
      name: 'approximate EEZs: equidistance from the OpenStreetMap territorial seas (ODbL), treaty lines where they exist',
      licence: 'ODbL-1.0 (derived from OpenStreetMap)',
      attribution: '© OpenStreetMap contributors',
      zoneIds: eezs.map((z) => z.id),
    },
    {
      name: 'Vietnamese fishing zones (data/zones/vn-fishing-zones.json) from Natural Earth 1:10m coasts',
      licence: 'public domain (Natural Earth); derived with OpenStreetMap data (ODbL)',
      attribution: 'Made with Natural Earth; © OpenStreetMap contributors',
      zoneIds: fishing.map((z) => z.id),
    },
    {
      name: options.wpiCsvPath
        ? 'ports: data/ports/vn-fishing-ports.json and the World Port Index (NGA Pub. 150)'
        : 'ports: data/ports/vn-fishing-ports.json (no World Port Index file was given)',
      licence: 'facts; World Port Index: US Government work, public domain',
      attribution: 'World Port Index (NGA Pub. 150)',
      zoneIds: ports.map((z) => z.id),
    },
  ];
  const set: BuiltZoneSet = {
    version,
    zones,
    attribution: [
      OSM_ATTRIBUTION,
      'Approximate EEZs derived from OpenStreetMap data (ODbL 1.0, © OpenStreetMap contributors)',
      'Treaty lines: published treaty coordinates (see each zone\'s "source")',
      'Coasts of the fishing zones: Made with Natural Earth (public domain)',
      ...(options.wpiCsvPath ? ['Ports: World Port Index (NGA Pub. 150), public domain'] : []),
    ],
    sources,
  };
  return { set, land: landZones };
}

function expand(bbox: BboxDeg, marginDeg: number): BboxDeg {
  return [bbox[0] - marginDeg, bbox[1] - marginDeg, bbox[2] + marginDeg, bbox[3] + marginDeg];
}

/** The zone with only its polygon parts that meet the bbox (none: dropped). Parts are kept whole. */
function keepParts(zone: Zone, bbox: BboxDeg): Zone[] {
  if (zone.geometry.type !== 'MultiPolygon') return [];
  const parts = zone.geometry.coordinates.filter((p) => polygonMeetsBbox(p, bbox));
  return parts.length === 0 ? [] : [{ ...zone, geometry: { type: 'MultiPolygon', coordinates: parts } }];
}

function statePartsFor(osm: readonly Zone[], compute: BboxDeg, method: EezMethod): StatePart[] {
  const parts: StatePart[] = [];
  for (const zone of osm) {
    if (zone.geometry.type !== 'MultiPolygon') continue;
    for (const polygon of zone.geometry.coordinates) {
      if (!polygonMeetsBbox(polygon, compute)) continue;
      const box = ringBox(polygon[0]!);
      const noEez = method.noEezFeatures.some(
        ({ bboxDeg: f }) => box[0] >= f[0] && box[2] <= f[2] && box[1] >= f[1] && box[3] <= f[3],
      );
      parts.push({ state: zone.jurisdiction, rings: polygon as [number, number][][], generatesEez: !noEez });
    }
  }
  return parts;
}

function ringBox(ring: readonly (readonly number[])[]): BboxDeg {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const [lon, lat] of ring as [number, number][]) {
    w = Math.min(w, lon);
    e = Math.max(e, lon);
    s = Math.min(s, lat);
    n = Math.max(n, lat);
  }
  return [w, s, e, n];
}

function clipAll(areas: Map<string, MultiPolygonCoords>, bbox: BboxDeg): Map<string, MultiPolygonCoords> {
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
  const out = new Map<string, MultiPolygonCoords>();
  for (const [state, area] of [...areas].sort(([a], [b]) => a.localeCompare(b))) {
    const clipped = polygonClipping.intersection(area as Geom, box) as MultiPolygonCoords;
    if (clipped.length > 0) out.set(state, clipped);
  }
  return out;
}

function eezZone(state: string, area: MultiPolygonCoords, method: EezMethod): Zone {
  return {
    id: `eez-approx-${state}`,
    name: `${state} exclusive economic zone (approximate)`,
    kind: 'eez',
    jurisdiction: state,
    geometry: { type: 'MultiPolygon', coordinates: area },
    approximate: true,
    source:
      'Approximation by VesselWatch: equidistance from the OpenStreetMap territorial seas (ODbL), 200 nm limit, treaty lines where they exist; see data/zones/eez-method.json',
    properties: {
      method: `equidistance on a ${method.gridStepDeg} degree grid between the states' land + territorial-sea polygons (OpenStreetMap), outer limit ${method.eezLimitNm} nm from the baselines (${method.eezLimitNm - method.territorialSeaNm} nm beyond the ${method.territorialSeaNm} nm limit); treaty lines replace equidistance in the treaty areas of data/zones/treaty-areas.json; clipped to the region ${method.region.bboxDeg.join(', ')}`,
      includesLand: true,
      includesTerritorialSea: true,
      licence: 'ODbL-1.0',
      attribution: '© OpenStreetMap contributors',
    },
  };
}
