import { VesselWatchError } from '@vesselwatch/domain';
import { zoneSetToGeoJson, type ZoneSet } from '@vesselwatch/zones';

export const ZONES_EXPORT_USAGE = `Usage: vesselwatch zones export --format geojson > zones.geojson

Writes the active zone set of the database (DATABASE_URL, else the embedded one in VW_DATA_DIR), the one
the processor checks fixes against, as a GeoJSON FeatureCollection on stdout; the default zone set when
the database has none active yet. Each feature carries the zone's fields as properties; the collection
carries "version", "attribution" and "sources" (the OpenStreetMap-derived territorial seas are ODbL: keep
the attribution with the data).`;

export async function runZonesExport(
  args: string[],
  /** Writes a chunk; may return a promise (backpressure), which is awaited before the next chunk. */
  write: (text: string) => void | Promise<void>,
  load: () => Promise<ZoneSet>,
): Promise<number> {
  const at = args.indexOf('--format');
  const format = at >= 0 ? args[at + 1] : undefined;
  const unknown = args.filter((a, i) => a !== '--format' && i !== at + 1);
  if (format !== 'geojson' || unknown.length > 0) {
    throw new VesselWatchError('VW_ERR_CONFIG_INVALID', {
      detail: `zones export: ${format === undefined ? 'missing --format' : `unsupported format "${format}"`}${unknown.length ? `, unexpected ${unknown.join(' ')}` : ''} (only --format geojson)\n${ZONES_EXPORT_USAGE}`,
    });
  }
  const set = await load();
  const collection = zoneSetToGeoJson(set);
  const { features, ...head } = collection as { features: unknown[] };
  // Streamed feature by feature: the world set is ~50 MB of JSON.
  const headJson = JSON.stringify(head);
  await write(`${headJson.slice(0, -1)},"features":[\n`);
  for (let i = 0; i < features.length; i++)
    await write(`${i > 0 ? ',\n' : ''}${JSON.stringify(features[i])}`);
  await write('\n]}\n');
  return 0;
}
