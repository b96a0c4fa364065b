import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Zone } from '@vesselwatch/domain';
import { squareRing } from '../test-support/square-ring';
import { openStore } from '@vesselwatch/store';
import { loadConfig } from '../config';
import { loadActiveZoneSet } from './active-zone-set';
import { runZonesExport } from './zones-export';

const zone = (id: string, jurisdiction: string, ring: [number, number][], properties = {}): Zone => ({
  id,
  name: `${jurisdiction} waters`,
  kind: 'territorial_sea',
  jurisdiction,
  geometry: { type: 'Polygon', coordinates: [ring] },
  approximate: false,
  properties,
});
const osm = { licence: 'ODbL-1.0', attribution: '© OpenStreetMap contributors' };
const zones: Zone[] = [
  { ...zone('ts-VNM', 'VNM', squareRing(105, 8, 108, 12), osm), source: 'OpenStreetMap maritime borders' },
  { ...zone('ts-CHN', 'CHN', squareRing(108, 12, 111, 16), osm), source: 'OpenStreetMap maritime borders' },
  { ...zone('closure-1', 'VNM', squareRing(106, 9, 107, 10)), source: 'Decision 123/QD-BNN' },
];

const noStore = async (): Promise<never> => {
  throw new Error('the database must not be opened');
};

describe('vesselwatch zones export', () => {
  it('writes a FeatureCollection with the attribution', async () => {
    let out = '';
    const code = await runZonesExport(
      ['--format', 'geojson'],
      (t) => {
        out += t;
      },
      async () => ({
        zones: zones.slice(0, 2),
        attribution: ['© test'],
        sources: [{ name: 'test', licence: 'CC0', attribution: '© test', zoneIds: ['ts-VNM', 'ts-CHN'] }],
      }),
    );
    expect(code).toBe(0);
    const parsed = JSON.parse(out);
    expect(parsed.type).toBe('FeatureCollection');
    expect(parsed.attribution).toEqual(['© test']);
    expect(parsed.features.map((f: { id: string }) => f.id)).toEqual(['ts-VNM', 'ts-CHN']);
    expect(parsed.features[0].properties.jurisdiction).toBe('VNM');
  });

  it('rejects other formats before loading anything', async () => {
    await expect(runZonesExport(['--format', 'kml'], () => {}, noStore)).rejects.toThrow(
      /unsupported format "kml"/,
    );
  });

  it("exports the database's active version, not the default set, with its attribution and sources", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vw-zones-export-'));
    try {
      const config = loadConfig({ VW_DATA_DIR: dataDir });
      const store = await openStore(config.database);
      try {
        await store.saveZoneSet('official-2026-11', zones, { activate: true });
      } finally {
        await store.close();
      }
      const notices: string[] = [];
      const set = await loadActiveZoneSet(config, (text) => notices.push(text));
      expect(notices).toEqual([]);
      expect(set.version).toBe('official-2026-11');
      expect(set.zones.map((z) => z.id).sort()).toEqual(['closure-1', 'ts-CHN', 'ts-VNM']);
      expect(set.attribution).toEqual(['© OpenStreetMap contributors (ODbL 1.0)']);
      expect(
        set.sources.map(({ name, licence, zoneIds }) => ({ name, licence, zoneIds: zoneIds.sort() })),
      ).toEqual([
        { name: 'Decision 123/QD-BNN', licence: 'unspecified', zoneIds: ['closure-1'] },
        { name: 'OpenStreetMap maritime borders', licence: 'ODbL-1.0', zoneIds: ['ts-CHN', 'ts-VNM'] },
      ]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('says so and writes the default set when the database has no active zone set yet', async () => {
    const notices: string[] = [];
    const set = await loadActiveZoneSet(
      loadConfig({}),
      (text) => notices.push(text),
      async () => ({ loadZoneSet: async () => null, close: async () => undefined }),
    );
    expect(notices.join('')).toMatch(/no active zone set yet .*: using the default zone set/);
    expect(set.version).toMatch(/^default-/);
    expect(set.attribution.some((line) => line.includes('© OpenStreetMap contributors'))).toBe(true);
  }, 120_000);
});
