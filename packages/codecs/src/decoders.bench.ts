// Decoder throughput on the real files in ../shared/data, single thread, with warm-up.
// Run: npx tsx packages/codecs/src/decoders.bench.ts
import { readFileSync, readdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { type InputFormat, createLineDecoder } from './formats';
import { encodeNafPosition } from './naf/naf-encoder';

const data = new URL('../../../../shared/data/', import.meta.url);
const lines = (path: string) => readFileSync(new URL(path, data), 'utf8').split('\n');
const gfwDir = new URL('ais/gfw_gpsdio_segment_regression/', data);

const inputs: Array<[string, InputFormat, string[]]> = [
  ['NMEA (DMA log)', 'nmea', lines('ais/nmea/dma_AisLib_stream_example.txt')],
  [
    'GFW JSON lines',
    'gfw-json',
    readdirSync(gfwDir)
      .filter((f) => f.endsWith('.json'))
      .slice(0, 10)
      .flatMap((f) => lines(`ais/gfw_gpsdio_segment_regression/${f}`)),
  ],
  ['CSV (GFW pyseas)', 'csv', lines('ais/gfw_pyseas/position_messages.csv')],
  [
    'NAF (synthetic records)',
    'naf',
    Array.from({ length: 20_000 }, (_, i) =>
      encodeNafPosition(
        {
          terminalId: `T${i % 500}`,
          source: 'naf',
          reportedAtMs: 1_790_000_000_000 + i * 60_000,
          position: [106 + (i % 100) / 100, 9 + (i % 70) / 100],
          speedKnots: (i % 100) / 10,
          courseDeg: i % 360,
        },
        { to: 'VNM', from: 'VNM' },
      ),
    ),
  ],
];

function run(format: InputFormat, input: string[]): number {
  const decoder = createLineDecoder(format);
  let positions = 0;
  for (const line of input)
    for (const result of decoder.decode(line, 0)) if (result.kind === 'position') positions++;
  return positions;
}

console.log(
  `machine: ${cpus()[0]?.model} x${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}`,
);
for (const [name, format, input] of inputs) {
  for (let i = 0; i < 3; i++) run(format, input); // warm-up
  const rounds = 5;
  const started = performance.now();
  let positions = 0;
  for (let i = 0; i < rounds; i++) positions += run(format, input);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${name.padEnd(26)} ${Math.round((input.length * rounds) / seconds)
      .toLocaleString('en')
      .padStart(10)} lines/s  ` +
      `${Math.round(positions / seconds)
        .toLocaleString('en')
        .padStart(10)} positions/s`,
  );
}
