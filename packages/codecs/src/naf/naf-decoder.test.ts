import { describe, expect, it } from 'vitest';
import { decodeNafRecord } from './naf-decoder';
import { encodeNafPosition } from './naf-encoder';

const record = (fields: string) => `//SR//AD/VNM//FR/VNM//TM/POS//${fields}//ER//`;

describe('decodeNafRecord', () => {
  it('reads degrees-and-minutes positions, HHMMSS times, SP in tenths of a knot and CO', () => {
    const decoded = decodeNafRecord(
      record('IR/VN-0042//DA/20261126//TI/081530//LA/N0915//LO/E10612//SP/105//CO/215'),
    );
    expect(decoded).toEqual({
      kind: 'position',
      report: {
        terminalId: 'VN-0042',
        source: 'naf',
        reportedAtMs: Date.UTC(2026, 10, 26, 8, 15, 30),
        position: [106.2, 9.25],
        speedKnots: 10.5,
        courseDeg: 215,
      },
    });
  });

  it.each([
    ['empty fields', 'RC///IR/A1//DA/261126//TI/0800//LT/+9.1//LG/+106.2', [106.2, 9.1]],
    ['a missing leading zero', 'IR/A1//DA/261126//TI/0800//LT/.940//LG/-011.733', [-11.733, 0.94]],
    ['a field without its slash (TI1233)', 'IR/A1//DA/261126//TI1233//LT/+9.1//LG/+106.2', [106.2, 9.1]],
    ['unknown codes', 'IR/A1//ZZ/whatever//DA/261126//TI/0800//LT/+9.1//LG/+106.2', [106.2, 9.1]],
    ['a lower-case flag state', 'IR/A1//FS/vnm//DA/261126//TI/0800//LT/+9.1//LG/+106.2', [106.2, 9.1]],
    ['a southern/western position', 'IR/A1//DA/261126//TI/0800//LA/S0930//LO/W00322', [-(3 + 22 / 60), -9.5]],
  ])('tolerates %s', (_case, fields, position) => {
    const decoded = decodeNafRecord(record(fields));
    expect(decoded.kind).toBe('position');
    if (decoded.kind === 'position') expect(decoded.report.position).toEqual(position);
  });

  it('uses RC, then XR, when IR is missing, and maps CO/360 to 0', () => {
    const decoded = decodeNafRecord(record('RC/3EAJ9//XR/X1//DA/261126//TI/0800//LT/+9//LG/+106//CO/360'));
    expect(decoded.kind === 'position' && decoded.report).toMatchObject({
      terminalId: '3EAJ9',
      courseDeg: 0,
    });
  });

  it.each([
    ['not a record', 'AD/VNM//TM/POS', 'syntax', /starts with \/\/SR\/\//],
    ['no end', '//SR//AD/VNM//IR/A1', 'syntax', /ends with \/\/ER/],
    ['no identity', record('DA/261126//TI/0800//LT/+9//LG/+106'), 'missing-field', /IR, RC and XR/],
    ['no latitude', record('IR/A1//DA/261126//TI/0800//LG/+106'), 'missing-field', /LT or LA/],
    ['no date', record('IR/A1//TI/0800//LT/+9//LG/+106'), 'missing-field', /DA is required/],
    ['latitude 95', record('IR/A1//DA/261126//TI/0800//LT/+95//LG/+106'), 'bad-field', /latitude/],
    ['61 minutes', record('IR/A1//DA/261126//TI/0800//LA/N0961//LO/E10600'), 'bad-field', /61 minutes/],
    ['30 February', record('IR/A1//DA/20260230//TI/0800//LT/+9//LG/+106'), 'bad-field', /calendar date/],
    ['hour 24', record('IR/A1//DA/261126//TI/2400//LT/+9//LG/+106'), 'bad-field', /time of day/],
    ['speed in knots', record('IR/A1//DA/261126//TI/0800//LT/+9//LG/+106//SP/10.5'), 'bad-field', /SP/],
    ['course 361', record('IR/A1//DA/261126//TI/0800//LT/+9//LG/+106//CO/361'), 'bad-field', /CO/],
    ['a conflicting repeat', record('IR/A1//IR/B2//DA/261126//TI/0800//LT/+9//LG/+106'), 'syntax', /twice/],
    ['an entry without a position type', '//SR//TM/RET//IR/A1//ER//', 'unsupported-type', /RET/],
    [
      'a two-letter flag state',
      record('IR/A1//FS/VN//DA/261126//TI/0800//LT/+9//LG/+106'),
      'bad-field',
      /FS\/VN is not an ISO-3166/,
    ],
    [
      'a record number with letters',
      record('IR/A1//RN/12A//DA/261126//TI/0800//LT/+9//LG/+106'),
      'bad-field',
      /RN\/12A/,
    ],
    [
      'a record date of 13 months',
      record('IR/A1//RD/20261301//DA/261126//TI/0800//LT/+9//LG/+106'),
      'bad-field',
      /RD/,
    ],
  ])('rejects %s with a reason', (_case, input, reason, detail) => {
    const decoded = decodeNafRecord(input);
    expect(decoded.kind).toBe('rejected');
    if (decoded.kind === 'rejected') {
      expect(decoded.reason).toBe(reason);
      expect(decoded.detail).toMatch(detail);
    }
  });
});

describe('encodeNafPosition', () => {
  it('round-trips through the decoder at NAF precision', () => {
    const report = {
      terminalId: 'SIM-00017',
      source: 'naf' as const,
      reportedAtMs: Date.UTC(2026, 10, 26, 6, 0, 42),
      position: [106.12345, -9.87654] as [number, number],
      speedKnots: 8.46,
      courseDeg: 359.6,
    };
    const line = encodeNafPosition(report, {
      to: 'VNM',
      from: 'VNM',
      vesselName: 'TRAN/DE 01',
      flagState: 'VNM',
    });
    expect(line).toContain('//NA/TRAN DE 01//');
    expect(decodeNafRecord(line)).toEqual({
      kind: 'position',
      report: { ...report, position: [106.123, -9.877], speedKnots: 8.5, courseDeg: 0 },
    });
  });
});
