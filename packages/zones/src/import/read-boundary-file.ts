import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { kml } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import { unzipSync } from 'fflate';
import * as shapefile from 'shapefile';

export type BoundaryFileFormat = 'geojson' | 'kml' | 'shapefile';

/** One feature of an official boundary file, before mapping: GeoJSON geometry ([lon, lat]) and attributes. */
export interface RawFeature {
  /** How error messages name it: `feature #3 "Vung cam Hon Mun"` (1-based, in file order). */
  label: string;
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates?: unknown; geometries?: unknown[] } | null;
}

export interface BoundaryFile {
  path: string;
  format: BoundaryFileFormat;
  features: RawFeature[];
  /** Problems found while reading (unsupported coordinate system, missing parts); empty when fine. */
  problems: string[];
}

export function formatOf(path: string): BoundaryFileFormat | null {
  const ext = extname(path).toLowerCase();
  if (ext === '.geojson' || ext === '.json') return 'geojson';
  if (ext === '.kml') return 'kml';
  if (ext === '.zip') return 'shapefile';
  return null;
}

/** Reads a GeoJSON, KML or zipped ESRI Shapefile boundary file into raw features. */
export async function readBoundaryFile(path: string, format = formatOf(path)): Promise<BoundaryFile> {
  if (format === null)
    return {
      path,
      format: 'geojson',
      features: [],
      problems: [
        `${basename(path)}: unknown file type (use .geojson, .json, .kml or a .zip holding a Shapefile)`,
      ],
    };
  const bytes = await readFile(path);
  if (format === 'geojson') return fromGeoJson(path, bytes.toString('utf8'));
  if (format === 'kml') return fromKml(path, bytes.toString('utf8'));
  return fromShapefileZip(path, new Uint8Array(bytes));
}

function labelled(features: unknown[], nameKeys = ['name', 'NAME', 'Name', 'id', 'ID']): RawFeature[] {
  return features.map((raw, i) => {
    const f = (raw ?? {}) as {
      properties?: Record<string, unknown> | null;
      geometry?: RawFeature['geometry'];
      id?: unknown;
    };
    const properties = { ...(f.properties ?? {}) };
    if (f.id !== undefined && properties['id'] === undefined) properties['id'] = f.id;
    const name = nameKeys
      .map((k) => properties[k])
      .find((v) => typeof v === 'string' || typeof v === 'number');
    return {
      label: `feature #${i + 1}${name === undefined ? '' : ` "${String(name)}"`}`,
      properties,
      geometry: f.geometry ?? null,
    };
  });
}

function fromGeoJson(path: string, text: string): BoundaryFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      path,
      format: 'geojson',
      features: [],
      problems: [`not valid JSON: ${(error as Error).message}`],
    };
  }
  const doc = json as { type?: unknown; features?: unknown; crs?: { properties?: { name?: unknown } } };
  const problems: string[] = [];
  const crs = doc.crs?.properties?.name;
  if (typeof crs === 'string' && !/CRS84|EPSG::?4326/i.test(crs))
    problems.push(
      `coordinate reference system ${crs}: only WGS 84 longitude/latitude (EPSG:4326, RFC 7946) is accepted`,
    );
  if (doc.type === 'Feature') return { path, format: 'geojson', features: labelled([doc]), problems };
  if (doc.type !== 'FeatureCollection' || !Array.isArray(doc.features))
    return {
      path,
      format: 'geojson',
      features: [],
      problems: [...problems, 'not a GeoJSON FeatureCollection or Feature'],
    };
  return { path, format: 'geojson', features: labelled(doc.features), problems };
}

function fromKml(path: string, text: string): BoundaryFile {
  const problems: string[] = [];
  let dom: ReturnType<DOMParser['parseFromString']> | undefined;
  try {
    dom = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') problems.push(`KML is not well-formed XML: ${message.trim()}`);
      },
    }).parseFromString(text, 'text/xml');
  } catch (error) {
    if (problems.length === 0) problems.push(`KML is not well-formed XML: ${(error as Error).message}`);
  }
  if (problems.length > 0 || !dom?.documentElement) return { path, format: 'kml', features: [], problems };
  const collection = kml(dom as unknown as Parameters<typeof kml>[0]);
  return { path, format: 'kml', features: labelled(collection.features), problems };
}

async function fromShapefileZip(path: string, bytes: Uint8Array): Promise<BoundaryFile> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (error) {
    return {
      path,
      format: 'shapefile',
      features: [],
      problems: [`not a readable .zip: ${(error as Error).message}`],
    };
  }
  const names = Object.keys(entries).filter((n) => !n.startsWith('__MACOSX/'));
  const shp = names.filter((n) => n.toLowerCase().endsWith('.shp'));
  if (shp.length !== 1)
    return {
      path,
      format: 'shapefile',
      features: [],
      problems: [
        `the .zip must hold exactly one .shp file (it holds ${shp.length}: ${shp.join(', ') || 'none'})`,
      ],
    };
  const stem = shp[0]!.slice(0, -4);
  const part = (ext: string) => names.find((n) => n.toLowerCase() === `${stem.toLowerCase()}${ext}`);
  const problems: string[] = [];
  const prj = part('.prj');
  if (prj) {
    const wkt = new TextDecoder().decode(entries[prj]);
    if (/^\s*PROJCS/i.test(wkt) || !/WGS[_ ]?(19)?84/i.test(wkt))
      problems.push(
        `${prj}: coordinates are not WGS 84 longitude/latitude (${wkt.slice(0, 60)}...); reproject to EPSG:4326 first`,
      );
  }
  const dbf = part('.dbf');
  const cpg = part('.cpg');
  const encoding = cpg ? new TextDecoder().decode(entries[cpg]).trim() || 'utf-8' : 'utf-8';
  const buffer = (name: string) => {
    const b = entries[name]!;
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  };
  try {
    const collection = await shapefile.read(buffer(shp[0]!), dbf ? buffer(dbf) : undefined, { encoding });
    return { path, format: 'shapefile', features: labelled(collection.features), problems };
  } catch (error) {
    return {
      path,
      format: 'shapefile',
      features: [],
      problems: [...problems, `${shp[0]}: cannot be read (${(error as Error).message})`],
    };
  }
}
