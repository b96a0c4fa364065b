import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Decoded } from './decoded';
import { createLineDecoder } from './formats';
import type { LineDecoder } from './line-decoder';

/** ../shared/data relative to the project root; tests that need it fail (never skip) when it is missing. */
const SHARED_DATA_DIR = fileURLToPath(new URL('../../../../shared/data/', import.meta.url));

function sharedDataPath(relativePath: string): string {
  const path = `${SHARED_DATA_DIR}${relativePath}`;
  if (!existsSync(path)) {
    throw new Error(
      `test data ${path} is missing: these tests need ../shared/data (see ../shared/data/README.md)`,
    );
  }
  return path;
}

function readSharedLines(relativePath: string): string[] {
  return readFileSync(sharedDataPath(relativePath), 'utf8').split('\n');
}

function sharedDataFiles(relativeDir: string, suffix: string): string[] {
  const dir = sharedDataPath(relativeDir);
  return readdirSync(dir)
    .filter((name) => name.endsWith(suffix))
    .sort()
    .map((name) => `${relativeDir}/${name}`);
}

/** Counts of outcomes, keyed `position`, `static`, `rejected:<reason>`, `ignored`, `pending`, `skipped`. */
function tallyDecoded(results: Decoded[]): Record<string, number> {
  const tally: Record<string, number> = {};
  for (const result of results) {
    const key = result.kind === 'rejected' ? `rejected:${result.reason}` : result.kind;
    tally[key] = (tally[key] ?? 0) + 1;
  }
  return tally;
}

function decodeAll(decoder: LineDecoder, lines: string[], receivedAtMs = 0): Decoded[] {
  return [...lines.flatMap((line) => decoder.decode(line, receivedAtMs)), ...decoder.flush()];
}

// Counts of the real files in ../shared/data. The NMEA position counts agree exactly with pyais 3.3.1 on
// the DMA and pyais logs; on the libais edge cases pyais also accepts 3 truncated type 27 messages (it pads
// missing bits with zeros) that we reject as `syntax` (docs/gateway.md, "AIS decoder").
describe('fixture files decode to exact counts', () => {
  it('DMA AisLib stream: 2,965 positions, 23 "not available", times from $PGHP headers', () => {
    const results = decodeAll(
      createLineDecoder('nmea'),
      readSharedLines('ais/nmea/dma_AisLib_stream_example.txt'),
    );
    expect(tallyDecoded(results)).toEqual({
      position: 2965,
      static: 498,
      ignored: 565,
      pending: 4500,
      skipped: 1,
      'rejected:not-available': 23,
    });
    const first = results.find((r) => r.kind === 'position');
    expect(first?.kind === 'position' && new Date(first.report.reportedAtMs).toISOString()).toMatch(
      /^2010-06-11T/,
    );
  });

  it('pyais sample: 758 positions; 100 empty payloads and 20 orphan fragments are rejected with reasons', () => {
    const results = decodeAll(
      createLineDecoder('nmea'),
      readSharedLines('ais/nmea/pyais_nmea_data_sample.txt'),
    );
    expect(tallyDecoded(results)).toEqual({
      position: 758,
      static: 2,
      ignored: 14,
      pending: 20,
      'rejected:syntax': 100,
      'rejected:not-available': 4,
      'rejected:incomplete-message': 20,
    });
  });

  it('libais edge cases: 28 positions; corrupt long-range reports rejected, times from the USCG trailer', () => {
    const results = decodeAll(createLineDecoder('nmea'), readSharedLines('ais/nmea/libais_test.aivdm'));
    expect(tallyDecoded(results)).toEqual({
      position: 28,
      static: 12,
      ignored: 207,
      pending: 2,
      skipped: 83,
      'rejected:syntax': 8,
      'rejected:out-of-range': 6,
    });
    const first = results.find((r) => r.kind === 'position');
    expect(first?.kind === 'position' && first.report.reportedAtMs).toBe(1272412827_000);
  });

  it('NAF samples: all 4 records decode with the values they carry', () => {
    const results = decodeAll(createLineDecoder('naf'), readSharedLines('vms/naf_samples.txt'));
    const positions = results.flatMap((r) => (r.kind === 'position' ? [r.report] : []));
    expect(positions).toHaveLength(4);
    expect(positions[1]).toEqual({
      terminalId: '48319-16',
      source: 'naf',
      reportedAtMs: Date.UTC(2019, 2, 31, 11, 52),
      position: [156.531, 8.489],
      speedKnots: 7,
      courseDeg: 132,
    });
    expect(positions[3]).toMatchObject({ position: [-100.274, -20.86], speedKnots: null, courseDeg: null });
  });

  it('GFW gpsdio JSON lines: 71,764 positions, 914 "not available" rejected, 16,205 static', () => {
    const tally: Record<string, number> = {};
    for (const file of sharedDataFiles('ais/gfw_gpsdio_segment_regression', '.json')) {
      const counts = tallyDecoded(decodeAll(createLineDecoder('gfw-json'), readSharedLines(file)));
      for (const [key, count] of Object.entries(counts)) tally[key] = (tally[key] ?? 0) + count;
    }
    expect(tally).toEqual({ position: 71764, static: 16205, skipped: 56, 'rejected:not-available': 914 });
    // Every message of the README's 88,883 is accounted for.
    expect(71764 + 16205 + 914).toBe(88883);
  });

  it('GFW pyseas CSVs decode with the default columns', () => {
    for (const [file, rows] of [
      ['ais/gfw_pyseas/position_messages.csv', 19846],
      ['ais/gfw_pyseas/gap_positions_ee.csv', 41844],
      ['ais/gfw_pyseas/gap_positions_gfw.csv', 2119],
    ] as const) {
      expect(tallyDecoded(decodeAll(createLineDecoder('csv'), readSharedLines(file)))).toEqual({
        position: rows,
        skipped: 2,
      });
    }
  });
});
