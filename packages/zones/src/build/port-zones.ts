import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { LonLatSchema, parseOrThrow, VesselWatchError, type Zone } from '@vesselwatch/domain';
import { round7 } from './contour';
import { EARTH_RADIUS_M } from './nearest-seed-field';
import type { BboxDeg } from './grid';

const NM_M = 1852;
const CIRCLE_VERTICES = 48;

const CuratedPortSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  province: z.string().min(1),
  position: LonLatSchema,
  approximate: z.boolean(),
  source: z.string().min(1),
  radiusNm: z.number().positive().max(20),
});
const CuratedPortsFileSchema = z.object({
  portExitMarginNm: z.number().nonnegative().max(20),
  wpiRadiusNm: z.number().positive().max(20),
  ports: z.array(CuratedPortSchema).min(1),
});
export type CuratedPortsFile = z.infer<typeof CuratedPortsFileSchema>;

export async function readCuratedPorts(path: string): Promise<CuratedPortsFile> {
  return parseOrThrow(CuratedPortsFileSchema, JSON.parse(await readFile(path, 'utf8')), path);
}

/** A port area: a circle of radiusNm around the port's position, [lon, lat], on the mean sphere. */
export function circlePolygon(lon: number, lat: number, radiusNm: number): [number, number][][] {
  const DEG = Math.PI / 180;
  const delta = (radiusNm * NM_M) / EARTH_RADIUS_M;
  const phi1 = lat * DEG;
  const ring: [number, number][] = [];
  for (let k = 0; k < CIRCLE_VERTICES; k++) {
    const bearing = (2 * Math.PI * k) / CIRCLE_VERTICES;
    const phi2 = Math.asin(
      Math.sin(phi1) * Math.cos(delta) + Math.cos(phi1) * Math.sin(delta) * Math.cos(bearing),
    );
    const lambda2 =
      lon * DEG +
      Math.atan2(
        Math.sin(bearing) * Math.sin(delta) * Math.cos(phi1),
        Math.cos(delta) - Math.sin(phi1) * Math.sin(phi2),
      );
    ring.push([round7(lambda2 / DEG), round7(phi2 / DEG)]);
  }
  ring.push(ring[0]!);
  return [ring];
}

/** Port zones for the curated Vietnamese fishing ports; zone id = port id (vessels' homePortId). */
export function curatedPortZones(file: CuratedPortsFile): Zone[] {
  return file.ports.map((port) => ({
    id: port.id,
    name: `${port.name} fishing port`,
    kind: 'port',
    jurisdiction: 'VNM',
    geometry: {
      type: 'Polygon',
      coordinates: circlePolygon(port.position[0], port.position[1], port.radiusNm),
    },
    approximate: true,
    source: `data/ports/vn-fishing-ports.json: ${port.source}; area: a circle of ${port.radiusNm} nm`,
    properties: {
      position: port.position,
      radiusNm: port.radiusNm,
      province: port.province,
      positionApproximate: port.approximate,
      alerts: { portExitMarginNm: file.portExitMarginNm },
    },
  }));
}

/** WPI "Country Code" (a country name) to ISO 3166-1 alpha-3, for the region's countries. */
const WPI_COUNTRIES: Record<string, string> = {
  Vietnam: 'VNM',
  China: 'CHN',
  Thailand: 'THA',
  Malaysia: 'MYS',
  Indonesia: 'IDN',
  Philippines: 'PHL',
  Cambodia: 'KHM',
  Singapore: 'SGP',
  Brunei: 'BRN',
  Taiwan: 'TWN',
  'Hong Kong': 'HKG',
  Macau: 'MAC',
  Burma: 'MMR',
  Japan: 'JPN',
  India: 'IND',
  Laos: 'LAO',
};

export interface WpiPort {
  number: number;
  name: string;
  country: string;
  lon: number;
  lat: number;
}

/** Parses the World Port Index CSV (NGA Pub. 150 export) and keeps the ports inside the bbox. */
export function parseWorldPortIndex(csv: string, bbox: BboxDeg, path: string): WpiPort[] {
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '');
  const col = (name: string) => {
    const at = header.indexOf(name);
    if (at < 0)
      throw new VesselWatchError('VW_ERR_INPUT_INVALID', {
        detail: `${path}: no "${name}" column in the header`,
      });
    return at;
  };
  const [num, name, country, lat, lon] = [
    col('World Port Index Number'),
    col('Main Port Name'),
    col('Country Code'),
    col('Latitude'),
    col('Longitude'),
  ];
  const ports: WpiPort[] = [];
  lines.slice(1).forEach((line, row) => {
    if (line.trim() === '') return;
    const cells = splitCsvLine(line);
    const p = {
      number: Number(cells[num]),
      name: cells[name]!.trim(),
      lon: Number(cells[lon]),
      lat: Number(cells[lat]),
    };
    if (![p.number, p.lon, p.lat].every(Number.isFinite))
      throw new VesselWatchError('VW_ERR_INPUT_INVALID', {
        detail: `${path} line ${row + 2}: bad number, position`,
      });
    if (p.lon < bbox[0] || p.lon > bbox[2] || p.lat < bbox[1] || p.lat > bbox[3]) return;
    const iso3 = WPI_COUNTRIES[cells[country]!.trim()];
    if (!iso3)
      throw new VesselWatchError('VW_ERR_INPUT_INVALID', {
        detail: `${path} line ${row + 2} (${p.name}): country "${cells[country]}" has no ISO alpha-3 code in the builder's table`,
      });
    ports.push({ ...p, country: iso3 });
  });
  return ports;
}

function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}

/**
 * Port zones for the region's World Port Index ports (id `wpi-<number>`), leaving out the ports the
 * curated list already has (its entries cite their WPI number).
 */
export function wpiPortZones(ports: readonly WpiPort[], curated: CuratedPortsFile): Zone[] {
  const cited = new Set(
    curated.ports.flatMap((p) =>
      [...p.source.matchAll(/World Port Index \(NGA Pub\. 150\) no\. (\d+)/g)].map((m) => Number(m[1])),
    ),
  );
  return ports
    .filter((p) => !cited.has(p.number))
    .map((p) => ({
      id: `wpi-${p.number}`,
      name: `${p.name} port`,
      kind: 'port' as const,
      jurisdiction: p.country,
      geometry: { type: 'Polygon' as const, coordinates: circlePolygon(p.lon, p.lat, curated.wpiRadiusNm) },
      approximate: true,
      source: `World Port Index (NGA Pub. 150, public domain) no. ${p.number}; area: a circle of ${curated.wpiRadiusNm} nm`,
      properties: {
        position: [p.lon, p.lat],
        radiusNm: curated.wpiRadiusNm,
        wpiNumber: p.number,
        alerts: { portExitMarginNm: curated.portExitMarginNm },
      },
    }));
}
