import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { zoneAlertSettings, type Zone } from '@vesselwatch/domain';
import { distanceMetres, ZoneIndex } from '@vesselwatch/geo';
import { loadDefaultZoneSet, loadRegionLand, type BuiltZoneSet } from '@vesselwatch/zones';

const SHARED = (relative: string) =>
  fileURLToPath(new URL(`../../../shared/data/${relative}`, import.meta.url));
const MARINE_REGIONS = SHARED('eez/marineregions_v12_vietnam_boundary_lines_subset.geojson');
const PORTS = fileURLToPath(new URL('../../data/ports/vn-fishing-ports.json', import.meta.url));

function readShared(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new Error(`this test needs ${path} (../shared/data beside the repository)`);
  }
}

const RAD = Math.PI / 180;
/** The point at fraction t of the great circle from A to B (the engine measures edges as geodesics). */
function slerp(lonA: number, latA: number, lonB: number, latB: number, t: number): [number, number] {
  const v = (lon: number, lat: number) => [
    Math.cos(lat * RAD) * Math.cos(lon * RAD),
    Math.cos(lat * RAD) * Math.sin(lon * RAD),
    Math.sin(lat * RAD),
  ];
  const a = v(lonA, latA);
  const b = v(lonB, latB);
  const omega = Math.acos(Math.min(1, a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!));
  if (omega < 1e-12) return [lonA, latA];
  const [ka, kb] = [Math.sin((1 - t) * omega) / Math.sin(omega), Math.sin(t * omega) / Math.sin(omega)];
  const [x, y, z] = [0, 1, 2].map((i) => ka * a[i]! + kb * b[i]!) as [number, number, number];
  return [Math.atan2(y, x) / RAD, Math.atan2(z, Math.hypot(x, y)) / RAD];
}

/** Points every ~stepM metres along a [lon, lat] polyline of geodesic edges, with each one's segment index. */
function along(line: number[][], stepM: number): { lon: number; lat: number; segment: number }[] {
  const out: { lon: number; lat: number; segment: number }[] = [];
  for (let i = 0; i + 1 < line.length; i++) {
    const [lonA, latA] = line[i] as [number, number];
    const [lonB, latB] = line[i + 1] as [number, number];
    const n = Math.max(1, Math.ceil(distanceMetres(lonA, latA, lonB, latB) / stepM));
    for (let k = 0; k < n; k++) {
      const [lon, lat] = slerp(lonA, latA, lonB, latB, k / n);
      out.push({ lon, lat, segment: i });
    }
  }
  const [lon, lat] = line[line.length - 1] as [number, number];
  out.push({ lon, lat, segment: line.length - 2 });
  return out;
}

describe('default zone set (95-125 E, 0-25 N)', () => {
  let set: BuiltZoneSet;
  let index: ZoneIndex;
  const ids = (lon: number, lat: number) => index.zonesAt(lon, lat).map((z) => z.id);

  beforeAll(async () => {
    set = await loadDefaultZoneSet();
    index = ZoneIndex.build(set.zones);
  }, 120_000);

  it('has a content version, the ODbL attribution and every kind of zone the issue asks for', () => {
    expect(set.version).toMatch(/^default-[0-9a-f]{12}$/);
    expect(set.attribution.join(' ')).toMatch(/OpenStreetMap contributors, ODbL/);
    const byId = new Map(set.zones.map((z) => [z.id, z]));
    for (const id of [
      'osm-ts-VNM',
      'osm-ts-CHN',
      'eez-approx-VNM',
      'eez-approx-CHN',
      'eez-approx-IDN',
      'eez-approx-THA',
    ])
      expect(byId.has(id), id).toBe(true);
    expect(byId.has('osm-ts-LAO')).toBe(false); // landlocked: no sea, no zone
    for (const z of set.zones.filter((zone) => zone.kind === 'eez')) {
      expect(z.approximate).toBe(true);
      expect(String(z.properties['method'])).toMatch(/equidistance/);
    }
    expect(
      set.zones
        .filter((z) => z.kind === 'boundary_line')
        .map((z) => z.id)
        .sort(),
    ).toEqual([
      'treaty-tha-vnm-1997',
      'treaty-vnm-chn-gulf-of-tonkin-2000',
      'treaty-vnm-idn-continental-shelf-2003',
    ]);
  });

  it('follows the Marine Regions v12 treaty lines to within 100 m (Gulf of Tonkin, Vietnam-Indonesia, Thailand-Vietnam)', () => {
    const reference = JSON.parse(readShared(MARINE_REGIONS)) as {
      features: { properties: { line_id: number }; geometry: { coordinates: number[][][] } }[];
    };
    const cases: [number, string][] = [
      [1294, 'CHN'],
      [1330, 'IDN'],
      [1352, 'THA'],
    ];
    const worst: string[] = [];
    for (const [lineId, neighbour] of cases) {
      const line = reference.features.find((f) => f.properties.line_id === lineId)!.geometry.coordinates[0]!;
      for (const state of ['VNM', neighbour]) {
        const filter = index.filter({ zoneIds: [`eez-approx-${state}`] });
        let max = 0;
        for (const p of along(line, 500)) {
          const d = index.nearestBoundary(p.lon, p.lat, filter)!.distanceM;
          // Point 9 of line 1294 (segments 7 and 8): Marine Regions has 108.200833 E, the treaty text
          // 108.208611 E (data/zones/treaty-lines.json); there we follow the treaty, about 800 m east.
          if (lineId === 1294 && (p.segment === 7 || p.segment === 8)) expect(d).toBeLessThan(900);
          else max = Math.max(max, d);
        }
        worst.push(`${lineId} ${state}: ${max.toFixed(1)} m`);
        expect(max, `line ${lineId}, EEZ of ${state}`).toBeLessThan(100);
      }
    }
    console.log(`largest distance from the Marine Regions lines to our EEZ boundaries: ${worst.join('; ')}`);
  });

  it('puts a point just west of the Gulf of Tonkin line in Vietnam and just east in China', () => {
    // Mid-segment between treaty points 10 (108.379167, 20.401389) and 11 (107.929722, 19.959167),
    // offset about 200 m perpendicular to the line.
    const [lon, lat] = [(108.379167 + 107.929722) / 2, (20.401389 + 19.959167) / 2];
    const west = ids(lon - 0.0013, lat + 0.0013);
    const east = ids(lon + 0.0013, lat - 0.0013);
    expect(west).toContain('eez-approx-VNM');
    expect(west).not.toContain('eez-approx-CHN');
    expect(east).toContain('eez-approx-CHN');
    expect(east).not.toContain('eez-approx-VNM');
    expect(ids(110.5, 12.0)).toEqual(['eez-approx-VNM', 'vn-fishing-zone-offshore']); // off Khanh Hoa, ~70 nm
    expect(ids(114.5, 13)).toEqual([]); // more than 200 nm from every coast that generates an EEZ
  });

  it('draws the fishing zones by class as data, in order from the coast', () => {
    const zone = (id: string): Zone => set.zones.find((z) => z.id === id)!;
    expect(zoneAlertSettings(zone('vn-fishing-zone-coastal')).allowedVesselClasses).toEqual(['coastal']);
    expect(zoneAlertSettings(zone('vn-fishing-zone-inshore')).allowedVesselClasses).toEqual(['inshore']);
    expect(zoneAlertSettings(zone('vn-fishing-zone-offshore')).allowedVesselClasses).toEqual(['offshore']);
    // Due east of Nha Trang (coast at about 109.2 E): 3 nm coastal, 15 nm inshore, 40 nm offshore.
    const fishing = (lon: number) => ids(lon, 12.25).filter((id) => id.startsWith('vn-fishing-zone-'));
    expect(fishing(109.37)).toEqual(['vn-fishing-zone-coastal']);
    expect(fishing(109.6)).toEqual(['vn-fishing-zone-inshore']);
    expect(fishing(110.0)).toEqual(['vn-fishing-zone-offshore']);
    for (const id of ['vn-fishing-zone-coastal', 'vn-fishing-zone-inshore', 'vn-fishing-zone-offshore'])
      expect(zone(id).approximate).toBe(true);
  });

  it('has a port zone for every curated Vietnamese fishing port, with the same id, and WPI ports of the region', () => {
    const curated = (
      JSON.parse(readFileSync(PORTS, 'utf8')) as { ports: { id: string; position: [number, number] }[] }
    ).ports;
    for (const port of curated) {
      const zone = set.zones.find((z) => z.id === port.id);
      expect(zone?.kind, port.id).toBe('port');
      expect(ids(port.position[0], port.position[1])).toContain(port.id);
      expect(zoneAlertSettings(zone!).portExitMarginNm).toBe(0.5);
    }
    readShared(SHARED('ports/WPI_UpdatedPub150.csv'));
    const wpi = set.zones.filter((z) => z.id.startsWith('wpi-'));
    expect(wpi.length).toBeGreaterThan(150);
    expect(new Set(wpi.map((z) => z.jurisdiction))).toContain('THA');
    expect(wpi.some((z) => z.id === 'wpi-57680')).toBe(false); // Hai Phong: the curated vn-hai-phong
  });

  it('cross-checks the curated ports that cite the World Port Index against it (within 100 m)', () => {
    const csv = readShared(SHARED('ports/WPI_UpdatedPub150.csv'))
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/);
    const header = csv[0]!.split(',');
    const [num, lat, lon] = ['World Port Index Number', 'Latitude', 'Longitude'].map((c) =>
      header.indexOf(c),
    );
    const wpi = new Map(
      csv.slice(1).map((line) => {
        const cells = line.split(','); // the columns used here come before / after any quoted text
        return [
          Number(cells[num!]),
          [Number(cells[cells.length - 1]), Number(cells[cells.length - 2])],
        ] as const;
      }),
    );
    expect(header[lon!]).toBe('Longitude');
    expect(lon).toBe(header.length - 1);
    expect(lat).toBe(header.length - 2);
    const curated = (
      JSON.parse(readFileSync(PORTS, 'utf8')) as {
        ports: { id: string; position: [number, number]; source: string }[];
      }
    ).ports;
    let checked = 0;
    for (const port of curated) {
      const cited = /World Port Index \(NGA Pub\. 150\) no\. (\d+)/.exec(port.source);
      if (!cited) continue;
      const [wlon, wlat] = wpi.get(Number(cited[1]))!;
      expect(distanceMetres(port.position[0], port.position[1], wlon, wlat), port.id).toBeLessThan(100);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(5);
  });

  it('provides the region land mask (Natural Earth 1:10m)', async () => {
    const land = ZoneIndex.build(await loadRegionLand());
    expect(land.zonesAt(105.85, 21.03).map((z) => z.properties['land'])).toEqual([true]); // Hanoi
    expect(land.zonesAt(109.5, 12.0)).toEqual([]); // off Khanh Hoa
  });
});
