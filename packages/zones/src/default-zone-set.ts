import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rmdir, stat, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseOrThrow, ZoneSchema, type Zone } from '@vesselwatch/domain';
import { z } from 'zod';
import { buildDefaultZoneSet, type BuiltZoneSet } from './build/build-default-zone-set';

/** Where `npm run zones:build` writes (git-ignored). */
export const DEFAULT_BUILD_DIR = fileURLToPath(new URL('../../../data/build/zones/', import.meta.url));
const SET_FILE = 'default-zone-set.json';
const LAND_FILE = 'region-land.json';
/**
 * The World Port Index CSV the build reads when nothing else is said: the one beside the repository
 * (../shared/data/ports), when present. Public domain (NGA Pub. 150); read at build time only.
 */
export const DEFAULT_WPI_CSV = fileURLToPath(
  new URL('../../../../shared/data/ports/WPI_UpdatedPub150.csv', import.meta.url),
);

export interface DefaultZoneSetOptions {
  /** Directory of the build output (default data/build/zones). */
  buildDir?: string;
  /** World Port Index CSV; default DEFAULT_WPI_CSV when it exists; null: none. */
  wpiCsvPath?: string | null;
  log?: (message: string) => void;
}

const SetFileSchema = z.object({
  version: z.string().min(1),
  attribution: z.array(z.string()),
  sources: z.array(
    z.object({
      name: z.string(),
      licence: z.string(),
      attribution: z.string(),
      zoneIds: z.array(z.string()),
    }),
  ),
  zones: z.array(ZoneSchema),
});
const LandFileSchema = z.object({ zones: z.array(ZoneSchema) });

/**
 * Builds the default zone set and the region's land and writes them to the build directory (each file
 * written whole, then renamed into place). Returns what it wrote.
 */
export async function writeDefaultZoneSet(options: DefaultZoneSetOptions = {}): Promise<BuiltZoneSet> {
  const dir = options.buildDir ?? DEFAULT_BUILD_DIR;
  const wpiCsvPath =
    options.wpiCsvPath === undefined
      ? existsSync(DEFAULT_WPI_CSV)
        ? DEFAULT_WPI_CSV
        : null
      : options.wpiCsvPath;
  const { set, land } = await buildDefaultZoneSet({ wpiCsvPath, log: options.log });
  await mkdir(dir, { recursive: true });
  await writeWhole(`${dir}/${LAND_FILE}`, JSON.stringify({ zones: land }));
  await writeWhole(`${dir}/${SET_FILE}`, JSON.stringify(set));
  return set;
}

async function writeWhole(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

/** A lock older than this is taken to be left by a build that died. */
const STALE_LOCK_MS = 10 * 60_000;
const LOCK_POLL_MS = 250;
const building = new Map<string, Promise<void>>();

/**
 * Builds the output when it is missing, once: concurrent callers in this process share one build, and
 * other processes (parallel test workers, a second instance) wait on a lock directory beside the output.
 */
async function ensureBuilt(options: DefaultZoneSetOptions, file: string): Promise<string> {
  const dir = options.buildDir ?? DEFAULT_BUILD_DIR;
  const path = `${dir}/${file}`;
  if (existsSync(`${dir}/${SET_FILE}`) && existsSync(`${dir}/${LAND_FILE}`)) return path;
  let pending = building.get(dir);
  if (!pending) {
    pending = buildUnderLock(dir, options).finally(() => building.delete(dir));
    building.set(dir, pending);
  }
  await pending;
  return path;
}

async function buildUnderLock(dir: string, options: DefaultZoneSetOptions): Promise<void> {
  await mkdir(dir, { recursive: true });
  const lock = `${dir}/.build-lock`;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > STALE_LOCK_MS) await rmdir(lock).catch(() => undefined);
      else await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
  }
  try {
    if (existsSync(`${dir}/${SET_FILE}`) && existsSync(`${dir}/${LAND_FILE}`)) return;
    options.log?.(`${dir} has no default zone set: building it (npm run zones:build)`);
    await writeDefaultZoneSet(options);
  } finally {
    await rmdir(lock);
  }
}

/**
 * The default zone set for 95-125 E, 0-25 N (see docs/zones.md): read from data/build/zones, built there
 * first when missing. Carries its version (`default-<content hash>`) and attribution.
 */
export async function loadDefaultZoneSet(options: DefaultZoneSetOptions = {}): Promise<BuiltZoneSet> {
  const path = await ensureBuilt(options, SET_FILE);
  return parseOrThrow(SetFileSchema, JSON.parse(await readFile(path, 'utf8')), path);
}

/**
 * The region's land (Natural Earth 1:10m, about 1 km accuracy; small islets missing), as zones of kind
 * custom with properties.land = true, jurisdiction ZZZ (no state): for the "fix on land" sanity rule.
 */
export async function loadRegionLand(options: DefaultZoneSetOptions = {}): Promise<Zone[]> {
  const path = await ensureBuilt(options, LAND_FILE);
  return parseOrThrow(LandFileSchema, JSON.parse(await readFile(path, 'utf8')), path).zones;
}
