import { describe, expect, it } from 'vitest';
import { CsvLineDecoder, DEFAULT_CSV_COLUMNS } from './csv-decoder';
import { splitCsvLine } from './csv-line';

describe('splitCsvLine', () => {
  it('handles quotes, doubled quotes and empty cells', () => {
    expect(splitCsvLine('a,"b,c","say ""hi""",', ',')).toEqual({
      ok: true,
      cells: ['a', 'b,c', 'say "hi"', ''],
    });
    expect(splitCsvLine('a,"b', ',')).toMatchObject({ ok: false });
    expect(splitCsvLine('"a"b', ',')).toMatchObject({ ok: false });
  });
});

describe('CsvLineDecoder', () => {
  it('reads configured columns in any order and delimiter', () => {
    const decoder = new CsvLineDecoder({
      delimiter: ';',
      source: 'csv',
      columns: { ...DEFAULT_CSV_COLUMNS, terminalId: ['boat'], time: ['when'] },
    });
    expect(decoder.decode('when;lat;lon;boat;sog')).toEqual([{ kind: 'skipped' }]);
    expect(decoder.decode('2026-11-26T08:00:00Z;9.5;106.25;QNg-90123;7.44')).toEqual([
      {
        kind: 'position',
        report: {
          terminalId: 'QNg-90123',
          source: 'csv',
          reportedAtMs: Date.UTC(2026, 10, 26, 8),
          position: [106.25, 9.5],
          speedKnots: 7.4,
          courseDeg: null,
        },
      },
    ]);
  });

  it('rejects every row, naming the missing columns, when the header lacks one', () => {
    const decoder = new CsvLineDecoder();
    expect(decoder.decode('id,lat,lon')[0]).toMatchObject({
      reason: 'missing-field',
      detail: expect.stringMatching(/terminalId.*time/),
    });
    expect(decoder.decode('A,1,2')[0]).toMatchObject({ reason: 'missing-field' });
  });

  it.each([
    ['T1,2026-11-26T08:00:00Z,,106', 'missing-field'],
    ['T1,2026-11-26T08:00:00Z,north,106', 'bad-field'],
    ['T1,yesterday,9,106', 'bad-field'],
    ['T1,2026-11-26T08:00:00Z,9,200', 'out-of-range'],
    [',2026-11-26T08:00:00Z,9,106', 'missing-field'],
  ])('rejects %s as %s', (row, reason) => {
    const decoder = new CsvLineDecoder();
    decoder.decode('terminalId,time,lat,lon');
    expect(decoder.decode(row)[0]).toMatchObject({ kind: 'rejected', reason });
  });
});
