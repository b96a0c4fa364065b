import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openStore } from '@vesselwatch/store';
import { loadConfig } from '../config';
import { parseZonesImportArgs, runZonesImport } from './zones-import';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../../../../test/fixtures/zones/${name}`, import.meta.url));

describe('vesselwatch zones import', () => {
  it('parses its arguments and names what is wrong', () => {
    expect(
      parseZonesImportArgs(['a.kml', '--dry-run', '--kind', 'storm_warning', '--jurisdiction', 'VNM']),
    ).toEqual({
      file: 'a.kml',
      dryRun: true,
      kind: 'storm_warning',
      jurisdiction: 'VNM',
    });
    expect(() => parseZonesImportArgs([])).toThrow(/VW_ERR_CONFIG_INVALID: zones import: missing <file>/);
    expect(() => parseZonesImportArgs(['a.kml', '--kind'])).toThrow(/--kind needs a value/);
    expect(() => parseZonesImportArgs(['a.kml', '--force'])).toThrow(/unknown option --force/);
    expect(() => parseZonesImportArgs(['a.kml', 'b.kml'])).toThrow(/one file at a time/);
  });

  it('refuses an unknown --kind before touching the database', async () => {
    const config = loadConfig({});
    await expect(
      runZonesImport(
        config,
        [fixture('storm-warning.kml'), '--kind', 'storm'],
        () => undefined,
        async () => {
          throw new Error('the database must not be opened');
        },
      ),
    ).rejects.toThrow(/VW_ERR_CONFIG_INVALID.*--kind/);
  });

  it('prints a dry run against the embedded database and changes nothing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vw-zones-import-'));
    try {
      const config = loadConfig({ VW_DATA_DIR: dataDir });
      let out = '';
      const code = await runZonesImport(
        config,
        [fixture('storm-warning.kml'), '--dry-run', '--kind', 'storm_warning', '--jurisdiction', 'vnm'],
        (text) => (out += text),
      );
      expect(code).toBe(0);
      expect(out).toMatch(
        /^Dry run: would create zone-set version import-[0-9a-f]{12} from .*storm-warning.kml \(kml\), based on default-/,
      );
      expect(out).toMatch(/Added 2:\n {2}storm-2026-11-a \(storm_warning, VNM\) Storm warning area A\n/);
      expect(out).toMatch(/Removed 0:/);
      const store = await openStore(config.database);
      try {
        expect(await store.activeZoneSetVersion()).toBeNull();
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
