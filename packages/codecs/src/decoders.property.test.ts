import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PositionFixSchema } from '@vesselwatch/domain';
import type { Decoded } from './decoded';
import { INPUT_FORMATS, createLineDecoder } from './formats';
import { encodeNafPosition } from './naf/naf-encoder';
import { nmeaChecksum } from './ais/nmea-sentence';

// Property tests for every decoder: random and mutated input never throws and never yields a value outside
// the PositionFix ranges. Seeds are fixed so a failure reproduces; fast-check prints the shrunk input.
const SEED = 20261126;

/** Sample lines from ../shared/data (readFileSync throws, naming the path, when the data is missing). */
function readSharedLines(relativePath: string): string[] {
  return readFileSync(new URL(`../../../../shared/data/${relativePath}`, import.meta.url), 'utf8').split(
    '\n',
  );
}

/** Every position a decoder yields must be a valid PositionFix once a vessel id and receive time are added. */
function assertInRange(results: Decoded[]): void {
  for (const result of results) {
    if (result.kind !== 'position') continue;
    const parsed = PositionFixSchema.safeParse({ ...result.report, vesselId: 'v1', receivedAtMs: 0 });
    if (!parsed.success)
      throw new Error(`out-of-range output ${JSON.stringify(result.report)}: ${parsed.error.message}`);
  }
}

const samples: Record<(typeof INPUT_FORMATS)[number], string[]> = {
  naf: readSharedLines('vms/naf_samples.txt').filter((l) => l.startsWith('//')),
  nmea: readSharedLines('ais/nmea/pyais_nmea_data_sample.txt').slice(0, 200),
  json: [
    '{"terminalId":"T1","reportedAt":"2026-11-26T08:00:00Z","position":[106.5,9.5],"speedKnots":7.5,"courseDeg":90}',
  ],
  'gfw-json': readSharedLines('ais/gfw_gpsdio_segment_regression/regr_338142021.json').filter((l) =>
    l.startsWith('{'),
  ),
  csv: readSharedLines('ais/gfw_pyseas/position_messages.csv').slice(0, 50),
};

/** A sample line with a few characters replaced, inserted or deleted. */
const mutatedLine = (lines: string[]) =>
  fc
    .tuple(
      fc.constantFrom(...lines),
      fc.array(
        fc.tuple(
          fc.nat(),
          fc.constantFrom('replace', 'insert', 'delete'),
          fc.string({ minLength: 1, maxLength: 1 }),
        ),
        {
          maxLength: 6,
        },
      ),
    )
    .map(([line, edits]) =>
      edits.reduce((text, [at, edit, char]) => {
        const i = text.length === 0 ? 0 : at % text.length;
        if (edit === 'delete') return text.slice(0, i) + text.slice(i + 1);
        return text.slice(0, i) + char + text.slice(edit === 'replace' ? i + 1 : i);
      }, line),
    );

describe.each(INPUT_FORMATS)('%s decoder under random and mutated input', (format) => {
  it('never throws and never yields out-of-range values', () => {
    const lines = fc.array(fc.oneof(fc.string({ maxLength: 200 }), mutatedLine(samples[format])), {
      maxLength: 30,
    });
    fc.assert(
      fc.property(lines, (input) => {
        const decoder = createLineDecoder(format);
        const results = [
          ...input.flatMap((line) => decoder.decode(line, 1_700_000_000_000)),
          ...decoder.flush(),
        ];
        assertInRange(results);
        for (const result of results) {
          if (result.kind === 'rejected') expect(result.detail.length).toBeGreaterThan(0);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('AIS payloads with valid checksums', () => {
  it('any armoured payload of any type decodes without throwing and within range', () => {
    let positionsSeen = 0;
    const armour = fc.constantFrom(
      ...'0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVW`abcdefghijklmnopqrstuvw'.split(''),
    );
    // Half the payloads start with a position type's character (1, 2, 3, B = 18, C = 19, K = 27).
    const first = fc.oneof(fc.constantFrom('1', '2', '3', 'B', 'C', 'K'), armour);
    const rest = fc
      .integer({ min: 0, max: 60 })
      .chain((n) => fc.array(armour, { minLength: n, maxLength: n }));
    fc.assert(
      fc.property(first, rest, fc.integer({ min: 0, max: 5 }), (type, chars, fill) => {
        const body = `AIVDM,1,1,,A,${type}${chars.join('')},${fill}`;
        const results = createLineDecoder('nmea').decode(`!${body}*${nmeaChecksum(body)}`, 0);
        assertInRange(results);
        for (const result of results) if (result.kind === 'position') positionsSeen++;
      }),
      { seed: SEED, numRuns: 2000 },
    );
    // The generator must reach the position decoders, or the property says nothing about them.
    expect(positionsSeen).toBeGreaterThan(200);
  });
});

describe('NAF encoder and decoder', () => {
  it('round-trip any valid report within NAF precision', () => {
    const report = fc.record({
      lon: fc.double({ min: -180, max: 180, noNaN: true }),
      lat: fc.double({ min: -90, max: 90, noNaN: true }),
      speedKnots: fc.option(fc.double({ min: 0, max: 102.2, noNaN: true })),
      courseDeg: fc.option(fc.double({ min: 0, max: 359.4, noNaN: true })),
      reportedAtMs: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 0, 1) }),
    });
    fc.assert(
      fc.property(report, (r) => {
        const line = encodeNafPosition(
          {
            terminalId: 'T-1',
            source: 'naf',
            reportedAtMs: r.reportedAtMs,
            position: [r.lon, r.lat],
            speedKnots: r.speedKnots,
            courseDeg: r.courseDeg,
          },
          { to: 'VNM', from: 'VNM' },
        );
        const [decoded] = createLineDecoder('naf').decode(line, 0);
        if (decoded?.kind !== 'position')
          throw new Error(`${line} did not decode: ${JSON.stringify(decoded)}`);
        expect(Math.abs(decoded.report.position[0] - r.lon)).toBeLessThanOrEqual(0.0005 + 1e-9);
        expect(Math.abs(decoded.report.position[1] - r.lat)).toBeLessThanOrEqual(0.0005 + 1e-9);
        expect(Math.abs(decoded.report.reportedAtMs - r.reportedAtMs)).toBeLessThan(1000);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });
});
