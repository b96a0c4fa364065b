import { describe, expect, it } from 'vitest';
import { decodeGfwLine, nanToNull } from './gfw-json';
import { JsonReportLineDecoder } from './report-json';

describe('JSON position reports', () => {
  const decode = (value: unknown) => new JsonReportLineDecoder().decode(JSON.stringify(value))[0];

  it('accepts reportedAt with a zone or reportedAtMs, and [lon, lat]', () => {
    const report = { terminalId: 'T1', position: [106.5, 9.5], speedKnots: 7.5, courseDeg: 90 };
    expect(decode({ ...report, reportedAt: '2026-11-26T08:00:00+07:00' })).toMatchObject({
      kind: 'position',
      report: { reportedAtMs: Date.UTC(2026, 10, 26, 1), position: [106.5, 9.5], source: 'json' },
    });
    expect(decode({ ...report, reportedAtMs: 5 })).toMatchObject({ report: { reportedAtMs: 5 } });
  });

  it.each([
    [{ terminalId: 'T1', position: [106.5, 9.5] }, 'missing-field', /reportedAt/],
    [{ terminalId: 'T1', reportedAtMs: 1, position: [9.5, 106.5] }, 'bad-field', /position\.1/],
    [{ terminalId: 'T1', reportedAt: '2026-11-26 08:00', position: [1, 2] }, 'bad-field', /with a zone/],
    [{ terminalId: 'T1', reportedAtMs: 1, position: [1, 2], colour: 'red' }, 'bad-field', /colour/],
  ])('rejects %j', (value, reason, detail) => {
    expect(decode(value)).toMatchObject({ kind: 'rejected', reason, detail: expect.stringMatching(detail) });
  });

  it('rejects text that is not JSON as syntax', () => {
    expect(new JsonReportLineDecoder().decode('{"terminalId":')[0]).toMatchObject({ reason: 'syntax' });
  });
});

describe('GFW gpsdio JSON lines', () => {
  const line = (fields: Record<string, unknown>) =>
    JSON.stringify({
      type: 'AIS.1',
      ssvid: '413503050',
      timestamp: '2021-01-01T09:13:00+00:00',
      ...fields,
    }).replace(/"__NaN__"/g, 'NaN');

  it('replaces NaN tokens but not the letters NaN inside strings', () => {
    expect(nanToNull('{"a": NaN, "b": "NaN, x", "c": [NaN]}')).toBe(
      '{"a": null, "b": "NaN, x", "c": [null]}',
    );
  });

  it('rejects 91/181 and NaN positions as not available, and nulls 102.3 kn and 360 deg', () => {
    expect(decodeGfwLine(line({ lon: 181, lat: 91, speed: 1, course: 1 }))).toMatchObject({
      reason: 'not-available',
    });
    expect(decodeGfwLine(line({ lon: '__NaN__', lat: '__NaN__' }))).toMatchObject({
      reason: 'not-available',
    });
    expect(decodeGfwLine(line({ lon: 120.5, lat: 20.25, speed: 102.3000030518, course: 360.0 }))).toEqual({
      kind: 'position',
      report: {
        terminalId: '413503050',
        source: 'ais',
        reportedAtMs: Date.UTC(2021, 0, 1, 9, 13),
        position: [120.5, 20.25],
        speedKnots: null,
        courseDeg: null,
      },
    });
  });

  it('skips licence header lines', () => {
    expect(decodeGfwLine('Copyright 2015-2016 SkyTruth')).toEqual({ kind: 'skipped' });
  });
});
