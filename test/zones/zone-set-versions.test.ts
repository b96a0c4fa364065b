import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isVesselWatchError } from '@vesselwatch/domain';
import { openStore, type Store } from '@vesselwatch/store';
import {
  ensureActiveZoneSet,
  ImportMappingSchema,
  importZoneFile,
  loadDefaultZoneSet,
} from '@vesselwatch/zones';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/zones/${name}`, import.meta.url));

describe('zone-set versions in the store (embedded database)', () => {
  let dataDir: string;
  let store: Store;
  let defaultVersion: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'vw-zone-sets-'));
    store = await openStore({ embedded: { dataDir } });
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('saves and activates the default set when none is active, and leaves an active one alone', async () => {
    expect(await store.activeZoneSetVersion()).toBeNull();
    const first = await ensureActiveZoneSet(store);
    defaultVersion = (await loadDefaultZoneSet()).version;
    expect(first).toEqual({ version: defaultVersion, created: true });
    expect(await store.activeZoneSetVersion()).toBe(defaultVersion);
    expect(await ensureActiveZoneSet(store)).toEqual({ version: defaultVersion, created: false });
  }, 120_000);

  it('refuses a malformed file and leaves the active set unchanged', async () => {
    const error = await importZoneFile(store, fixture('malformed-zones.geojson'), {
      mapping: ImportMappingSchema.parse({}),
      dryRun: false,
    }).catch((e: unknown) => e);
    expect(isVesselWatchError(error) && error.code).toBe('VW_ERR_ZONE_FILE_INVALID');
    expect((error as Error).message).toMatch(/feature #2 "Vung cam Hon Tre".*intersects itself/);
    expect(await store.activeZoneSetVersion()).toBe(defaultVersion);
  });

  it('a dry run reports and changes nothing; the import then saves a new version and activates it', async () => {
    const mapping = ImportMappingSchema.parse({ defaults: { kind: 'storm_warning', jurisdiction: 'VNM' } });
    const dry = await importZoneFile(store, fixture('storm-warning.kml'), { mapping, dryRun: true });
    expect(dry.activated).toBe(false);
    expect(dry.plan.baseVersion).toBe(defaultVersion);
    expect(dry.plan.diff.added.map((z) => z.id)).toEqual(['storm-2026-11-a', 'storm-2026-11-b']);
    expect(dry.plan.diff.removed).toEqual([]);
    expect(await store.activeZoneSetVersion()).toBe(defaultVersion);
    expect(await store.loadZoneSet(dry.plan.version)).toBeNull();

    const done = await importZoneFile(store, fixture('storm-warning.kml'), { mapping, dryRun: false });
    expect(done).toMatchObject({ activated: true, plan: { version: dry.plan.version } });
    expect(await store.activeZoneSetVersion()).toBe(done.plan.version);
    const active = (await store.loadZoneSet())!;
    expect(active.zones.find((z) => z.id === 'storm-2026-11-a')?.validToMs).toBe(
      Date.parse('2026-11-29T00:00:00Z'),
    );
    // The previous version is kept as it was.
    expect((await store.loadZoneSet(defaultVersion))!.zones.some((z) => z.id.startsWith('storm-'))).toBe(
      false,
    );
    // Importing the same file again changes nothing.
    expect(
      (await importZoneFile(store, fixture('storm-warning.kml'), { mapping, dryRun: false })).activated,
    ).toBe(false);
  }, 120_000);
});
