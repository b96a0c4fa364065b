import { readFile } from 'node:fs/promises';
import { parseOrThrow, VesselWatchError, ZoneKindSchema, CountryCodeSchema } from '@vesselwatch/domain';
import { openStore } from '@vesselwatch/store';
import {
  describeImportPlan,
  ImportMappingSchema,
  importZoneFile,
  type ZoneImportStore,
} from '@vesselwatch/zones';
import type { AppConfig } from '../config';

export const ZONES_IMPORT_USAGE = `Usage: vesselwatch zones import <file> [--dry-run] [--kind K] [--jurisdiction ISO3] [--mapping mapping.json]

Imports an official boundary file (GeoJSON .geojson/.json, KML .kml, or a zipped ESRI Shapefile .zip, all
in WGS 84 longitude/latitude) into the zone set of the configured database (DATABASE_URL, or the embedded
one in VW_DATA_DIR). The file's zones replace every zone of the same kind and jurisdiction; the result is
saved as a new zone-set version and activated (a running processor picks it up without a restart).

  --dry-run            report what would be added, changed and removed; change nothing
  --kind K             kind of every feature without a kind attribute: territorial_sea, eez, fishing_zone,
                       protected_area, port, storm_warning, boundary_line, custom
  --jurisdiction ISO3  jurisdiction of every feature without one (ISO 3166-1 alpha-3, e.g. VNM)
  --mapping FILE       JSON mapping of attribute names, kind words and defaults (docs/zones.md)

A file with any bad feature is refused as a whole (VW_ERR_ZONE_FILE_INVALID names each feature and its
problem) and the active zone set stays as it was.`;

interface ImportArgs {
  file: string;
  dryRun: boolean;
  kind?: string;
  jurisdiction?: string;
  mappingFile?: string;
}

export function parseZonesImportArgs(args: readonly string[]): ImportArgs {
  const bad = (detail: string) =>
    new VesselWatchError('VW_ERR_CONFIG_INVALID', {
      detail: `zones import: ${detail}\n${ZONES_IMPORT_USAGE}`,
    });
  const out: Partial<ImportArgs> & { dryRun: boolean } = { dryRun: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = () => {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw bad(`${arg} needs a value`);
      return v;
    };
    if (arg === '--dry-run') out.dryRun = true;
    else if (arg === '--kind') out.kind = value();
    else if (arg === '--jurisdiction') out.jurisdiction = value();
    else if (arg === '--mapping') out.mappingFile = value();
    else if (arg.startsWith('--')) throw bad(`unknown option ${arg}`);
    else if (out.file !== undefined) throw bad(`one file at a time (got ${out.file} and ${arg})`);
    else out.file = arg;
  }
  if (out.file === undefined) throw bad('missing <file>');
  return out as ImportArgs;
}

/** `vesselwatch zones import`: prints the plan; exit code 0 when imported (or dry run), errors throw. */
export async function runZonesImport(
  config: AppConfig,
  args: string[],
  write: (text: string) => void,
  open: (config: AppConfig) => Promise<ZoneImportStore & { close(): Promise<void> }> = (c) =>
    openStore(c.database),
): Promise<number> {
  const parsed = parseZonesImportArgs(args);
  const fromFile = parsed.mappingFile
    ? parseOrThrow(
        ImportMappingSchema,
        JSON.parse(await readFile(parsed.mappingFile, 'utf8')),
        parsed.mappingFile,
      )
    : ImportMappingSchema.parse({});
  const kind =
    parsed.kind === undefined
      ? undefined
      : parseOrThrow(ZoneKindSchema, parsed.kind, '--kind', 'VW_ERR_CONFIG_INVALID');
  const jurisdiction =
    parsed.jurisdiction === undefined
      ? undefined
      : parseOrThrow(
          CountryCodeSchema,
          parsed.jurisdiction.toUpperCase(),
          '--jurisdiction',
          'VW_ERR_CONFIG_INVALID',
        );
  const mapping = {
    ...fromFile,
    defaults: { ...fromFile.defaults, ...(kind ? { kind } : {}), ...(jurisdiction ? { jurisdiction } : {}) },
  };
  const store = await open(config);
  try {
    const result = await importZoneFile(store, parsed.file, { mapping, dryRun: parsed.dryRun });
    write(`${describeImportPlan(result.plan, parsed.dryRun)}\n`);
    if (!parsed.dryRun && !result.activated)
      write(`No change: ${result.plan.version} is already the active version.\n`);
    return 0;
  } finally {
    await store.close();
  }
}
