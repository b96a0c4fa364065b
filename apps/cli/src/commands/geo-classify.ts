import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { VesselWatchError, type Zone } from '@vesselwatch/domain';
import { ZoneIndex, type BoundaryFilter } from '@vesselwatch/geo';

export const GEO_CLASSIFY_USAGE = `Usage: vesselwatch geo classify [--flag VNM] [--at 2026-06-01T00:00:00Z] < points.csv

Reads CSV lon,lat[,flag] on stdin (a header line is skipped) and writes CSV
lon,lat,zone_ids,nearest_foreign_nm on stdout: the ids of every zone containing the point (joined by ";")
and the distance in nautical miles to the nearest foreign waters for the row's flag (else --flag);
0 inside foreign waters, empty without a flag. --at picks the instant for zones with validity windows
(default: now). Zones: the database's active zone set (DATABASE_URL, else the embedded one in
VW_DATA_DIR), the one alerts are computed with; the default zone set when none is active yet.`;

export interface ClassifyIo {
  input: Readable;
  write: (text: string) => void;
  error: (text: string) => void;
}

interface ClassifyOptions {
  flag?: string;
  atMs: number;
}

function parseArgs(args: string[]): ClassifyOptions {
  const options: ClassifyOptions = { atMs: Date.now() };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = args[i + 1];
    if (arg === '--flag' && value && /^[A-Z]{3}$/.test(value)) {
      options.flag = value;
      i++;
    } else if (arg === '--at' && value && !Number.isNaN(Date.parse(value))) {
      options.atMs = Date.parse(value);
      i++;
    } else {
      throw new VesselWatchError('VW_ERR_CONFIG_INVALID', {
        detail: `geo classify: unexpected or invalid argument "${arg}${value ? ` ${value}` : ''}"\n${GEO_CLASSIFY_USAGE}`,
      });
    }
  }
  return options;
}

/** Classifies points from CSV; returns the exit code (1 when some lines were rejected). */
export async function runGeoClassify(
  args: string[],
  io: ClassifyIo,
  /** Loads the zones, after the arguments were checked. */
  loadZones: () => Promise<readonly Zone[]>,
): Promise<number> {
  const options = parseArgs(args);
  const index = ZoneIndex.build(await loadZones());
  const filters = new Map<string, BoundaryFilter>();
  const filterFor = (flag: string): BoundaryFilter => {
    let f = filters.get(flag);
    if (!f) {
      f = index.foreignWatersFilter(flag);
      filters.set(flag, f);
    }
    return f;
  };
  const out = new Int32Array(256);
  let lineNo = 0;
  let rejected = 0;
  let buffer = 'lon,lat,zone_ids,nearest_foreign_nm\n';
  const lines = createInterface({ input: io.input, crlfDelay: Infinity });
  for await (const raw of lines) {
    lineNo++;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const cols = line.split(',').map((c) => c.trim());
    const lon = Number(cols[0]);
    const lat = Number(cols[1]);
    if (lineNo === 1 && (Number.isNaN(lon) || cols[0] === '')) continue; // header
    const flag = cols[2] || options.flag;
    const problem =
      cols.length < 2 || cols[0] === '' || cols[1] === '' || !Number.isFinite(lon) || !Number.isFinite(lat)
        ? 'lon and lat must be numbers'
        : lon < -180 || lon > 180 || lat < -90 || lat > 90
          ? 'lon must be within -180..180 and lat within -90..90'
          : flag && !/^[A-Z]{3}$/.test(flag)
            ? `flag "${flag}" is not an ISO 3166-1 alpha-3 code`
            : null;
    if (problem) {
      io.error(`vesselwatch geo classify: line ${lineNo} rejected (${problem}): ${raw}\n`);
      rejected++;
      continue;
    }
    const n = index.zonesAtInto(lon, lat, options.atMs, out);
    const ids: string[] = [];
    for (let k = 0; k < n; k++) ids.push(index.zones[out[k]!]!.id);
    let nearest = '';
    if (flag) {
      const f = filterFor(flag);
      let inside = false;
      for (let k = 0; k < n; k++) if (f.mask[out[k]!] === 1) inside = true;
      const nm = inside ? 0 : index.nearestBoundaryNm(lon, lat, f);
      nearest = Number.isFinite(nm) ? nm.toFixed(3) : '';
    }
    buffer += `${cols[0]},${cols[1]},${ids.join(';')},${nearest}\n`;
    if (buffer.length > 65_536) {
      io.write(buffer);
      buffer = '';
    }
  }
  io.write(buffer);
  return rejected > 0 ? 1 : 0;
}
