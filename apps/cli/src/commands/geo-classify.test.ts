import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Zone } from '@vesselwatch/domain';
import { squareRing } from '../test-support/square-ring';
import { runGeoClassify } from './geo-classify';

const zones: Zone[] = [
  {
    id: 'ts-VNM',
    name: 'VNM waters',
    kind: 'territorial_sea',
    jurisdiction: 'VNM',
    geometry: { type: 'Polygon', coordinates: [squareRing(105, 8, 108, 12)] },
    approximate: false,
    properties: {},
  },
  {
    id: 'ts-CHN',
    name: 'CHN waters',
    kind: 'territorial_sea',
    jurisdiction: 'CHN',
    geometry: { type: 'Polygon', coordinates: [squareRing(109, 8, 110, 12)] },
    approximate: false,
    properties: {},
  },
];

async function classify(csv: string, args: string[] = []) {
  let out = '';
  let err = '';
  const code = await runGeoClassify(
    args,
    { input: Readable.from([csv]), write: (t) => (out += t), error: (t) => (err += t) },
    async () => zones,
  );
  return { code, out, err };
}

describe('vesselwatch geo classify', () => {
  it('writes zones and the distance to the nearest foreign waters per row', async () => {
    const { code, out, err } = await classify('lon,lat,flag\n106,10,VNM\n109.5,10,VNM\n106,10\n120,10,CHN\n');
    expect(err).toBe('');
    expect(code).toBe(0);
    const rows = out.trim().split('\n');
    expect(rows[0]).toBe('lon,lat,zone_ids,nearest_foreign_nm');
    const [, , ids, nm] = rows[1]!.split(',');
    expect(ids).toBe('ts-VNM');
    expect(Number(nm)).toBeGreaterThan(175); // 3 degrees of longitude at 10 N, in nautical miles
    expect(Number(nm)).toBeLessThan(180);
    expect(rows[2]).toBe('109.5,10,ts-CHN,0.000'); // inside foreign waters
    expect(rows[3]).toBe('106,10,ts-VNM,'); // no flag, no distance
    expect(rows[4]!.startsWith('120,10,,')).toBe(true);
  });

  it('uses --flag for rows without one and rejects bad rows naming the line', async () => {
    const { code, out, err } = await classify('106,10\nabc,10\n200,10\n106,10,vn\n', ['--flag', 'VNM']);
    expect(code).toBe(1);
    expect(out.trim().split('\n')).toHaveLength(2);
    expect(err).toMatch(/line 2 rejected \(lon and lat must be numbers\)/);
    expect(err).toMatch(/line 3 rejected \(lon must be within/);
    expect(err).toMatch(/line 4 rejected \(flag "vn"/);
  });
});
