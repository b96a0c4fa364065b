import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isVesselWatchError, zoneAlertSettings, type Zone } from '@vesselwatch/domain';
import { ImportMappingSchema } from './import-mapping';
import { planZoneImport } from './import-zones';
import { readBoundaryFile } from './read-boundary-file';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../../../../test/fixtures/zones/${name}`, import.meta.url));
const square = (lon: number, lat: number): Zone['geometry'] => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon, lat],
      [lon + 0.1, lat],
      [lon + 0.1, lat + 0.1],
      [lon, lat + 0.1],
      [lon, lat],
    ],
  ],
});
const zone = (id: string, kind: Zone['kind'], jurisdiction: string, lon: number, lat: number): Zone => ({
  id,
  name: id,
  kind,
  jurisdiction,
  geometry: square(lon, lat),
  approximate: true,
  properties: {},
});
const BASE = {
  version: 'default-test',
  zones: [
    zone('vn-fishing-zone-coastal', 'fishing_zone', 'VNM', 109, 12),
    zone('vn-fishing-zone-offshore', 'fishing_zone', 'VNM', 110, 12),
    zone('eez-approx-VNM', 'eez', 'VNM', 108, 10),
    zone('osm-ts-CHN', 'territorial_sea', 'CHN', 110, 20),
  ],
};
const mapping = (json: unknown = {}) => ImportMappingSchema.parse(json);

async function refusal(promise: Promise<unknown>): Promise<Error & { details: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    if (isVesselWatchError(error)) return error as Error & { details: Record<string, unknown> };
    throw error;
  }
  throw new Error('expected the import to be refused');
}

describe('zone import', () => {
  it('maps a GeoJSON file with a mapping file and replaces the zones of the same kind and jurisdiction', async () => {
    const { default: json } = await import(fixture('official-fishing-zones.mapping.json'), {
      with: { type: 'json' },
    });
    const plan = await planZoneImport(fixture('official-fishing-zones.geojson'), BASE, mapping(json));
    expect(plan.scope).toEqual([['fishing_zone', 'VNM']]);
    expect(plan.diff.added.map((z) => z.id)).toEqual(['kh-inshore-official']);
    expect(plan.diff.changed.map((z) => z.id)).toEqual(['vn-fishing-zone-coastal']);
    expect(plan.diff.removed.map((z) => z.id)).toEqual(['vn-fishing-zone-offshore']);
    expect(plan.diff.unchanged).toBe(2);
    expect(plan.version).toMatch(/^import-[0-9a-f]{12}$/);
    const inshore = plan.zones.find((z) => z.id === 'kh-inshore-official')!;
    expect(inshore).toMatchObject({
      kind: 'fishing_zone',
      jurisdiction: 'VNM',
      name: 'Vung long (official test)',
    });
    expect(zoneAlertSettings(inshore)).toEqual({
      allowedVesselClasses: ['inshore'],
      timeToBoundaryHorizonMin: 90,
    });
    const coastal = plan.zones.find((z) => z.id === 'vn-fishing-zone-coastal')!;
    expect(zoneAlertSettings(coastal).approachTiersNm).toEqual({ notice: 6, warning: 3, danger: 1 });
    expect(coastal.source).toMatch(/official fishing zones/);
    // The same file again gives the same version: versions are content hashes.
    expect(
      (await planZoneImport(fixture('official-fishing-zones.geojson'), BASE, mapping(json))).version,
    ).toBe(plan.version);
  });

  it('reads KML placemarks (polygons and multi-geometries) with validity windows, kind from --kind', async () => {
    const plan = await planZoneImport(
      fixture('storm-warning.kml'),
      BASE,
      mapping({ defaults: { kind: 'storm_warning', jurisdiction: 'VNM' } }),
    );
    const a = plan.zones.find((z) => z.id === 'storm-2026-11-a')!;
    expect(a).toMatchObject({
      kind: 'storm_warning',
      name: 'Storm warning area A',
      validFromMs: Date.parse('2026-11-27T00:00:00Z'),
      validToMs: Date.parse('2026-11-29T00:00:00Z'),
    });
    expect(plan.zones.find((z) => z.id === 'storm-2026-11-b')!.geometry.type).toBe('MultiPolygon');
    expect(plan.diff.added).toHaveLength(2);
    expect(plan.diff.removed).toHaveLength(0);
  });

  it('reads a zipped Shapefile (rings with holes, dBASE attributes) and maps its own kind words', async () => {
    const plan = await planZoneImport(
      fixture('khanh-hoa-mpa.shp.zip'),
      BASE,
      mapping({
        attributes: {
          id: 'ZONE_ID',
          name: 'TEN',
          kind: 'LOAI',
          jurisdiction: 'QUOC_GIA',
          validFrom: 'TU_NGAY',
          validTo: 'DEN_NGAY',
          allowedVesselClasses: 'CLASSES',
        },
        kindValues: { bao_ton: 'protected_area' },
      }),
    );
    expect(plan.format).toBe('shapefile');
    const mpa = plan.zones.find((z) => z.id === 'kh-mpa-hon-mun')!;
    expect(mpa).toMatchObject({ kind: 'protected_area', name: 'Khu bao ton bien Hon Mun' });
    expect(mpa.geometry.type).toBe('Polygon');
    expect((mpa.geometry.coordinates as number[][][]).length).toBe(2); // shell and hole
    const season = plan.zones.find((z) => z.id === 'kh-closed-season-2027')!;
    expect(season.validFromMs).toBe(Date.parse('2027-04-01T00:00:00Z'));
    expect(zoneAlertSettings(season).allowedVesselClasses).toEqual(['coastal']);
  });

  it('refuses a projected Shapefile, naming the problem', async () => {
    const error = await refusal(planZoneImport(fixture('khanh-hoa-mpa-utm.shp.zip'), BASE, mapping()));
    expect(error.message).toMatch(/VW_ERR_ZONE_FILE_INVALID.*not WGS 84/);
  });

  it('refuses a malformed file, naming every bad feature and its problem', async () => {
    const error = await refusal(planZoneImport(fixture('malformed-zones.geojson'), BASE, mapping()));
    expect(error.message).toMatch(/^VW_ERR_ZONE_FILE_INVALID: malformed-zones.geojson: 2 problem/);
    const problems = error.details['problems'] as { feature: string; problem: string }[];
    expect(problems).toEqual(
      expect.arrayContaining([
        {
          feature: 'feature #3 "Vung khong ro loai"',
          problem: expect.stringMatching(/^kind: .*got "vung la"/),
        },
        { feature: 'feature #2 "Vung cam Hon Tre"', problem: expect.stringMatching(/intersects itself/) },
      ]),
    );
  });

  it('names unreadable files and feature-level problems of other kinds', async () => {
    const file = await readBoundaryFile(fixture('make-shapefile-fixture.ts'));
    expect(file.problems[0]).toMatch(/unknown file type/);
    const kml = await refusal(planZoneImport(fixture('storm-warning.kml'), BASE, mapping()));
    expect(kml.message).toMatch(/feature #1 "Storm warning area A": kind: .*jurisdiction/);
  });
});
