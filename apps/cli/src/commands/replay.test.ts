import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type BusMessage, InProcessBus } from '@vesselwatch/bus';
import { TOPICS, VesselSchema, isVesselWatchError } from '@vesselwatch/domain';
import { openStore } from '@vesselwatch/store';
import { requireService } from '@vesselwatch/testkit';
import { createIngestPath, InMemoryTerminalDirectory } from '@vesselwatch/gateway';
import { topicSpecs } from '../all-in-one';
import { loadConfig } from '../config';
import { runReplayCommand } from './replay';
import { parseReplayArgs } from './replay-args';
import { replayFiles, resolveReplayFiles } from './replay-files';

const SHARED = new URL('../../../../../shared/data/', import.meta.url).pathname;
const GFW_DIR = join(SHARED, 'ais/gfw_gpsdio_segment_regression');

async function countTopic(bus: InProcessBus, topic: string, expected: number): Promise<BusMessage[]> {
  const messages: BusMessage[] = [];
  const consumer = bus.consumer({
    groupId: `count-${Math.random()}`,
    topics: [topic],
    fromBeginning: true,
    maxBatchSize: 5_000,
  });
  await consumer.run(async (batch) => {
    messages.push(...batch.messages);
  });
  for (let i = 0; i < 500 && messages.length < expected; i++) await sleep(20);
  await consumer.stop();
  return messages;
}

describe('vesselwatch replay', () => {
  let bus: InProcessBus;
  let dir: string;
  beforeEach(async () => {
    bus = new InProcessBus();
    await bus.ensureTopics(topicSpecs(4));
    dir = await mkdtemp(join(tmpdir(), 'vw-replay-'));
  });
  afterEach(async () => {
    await bus.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('publishes exactly as many fixes from the GFW files as the decoder tests accept (71,764), 914 to the DLQ', async () => {
    const { files, skipped } = await resolveReplayFiles([GFW_DIR], null);
    expect(files).toHaveLength(56);
    expect(files.every((file) => file.format === 'gfw-json')).toBe(true);
    expect(skipped.map((path) => path.split('/').pop())).toEqual(['LICENSE.txt']);
    const { pipeline } = createIngestPath(await bus.producer(), new InMemoryTerminalDirectory());
    const totals = await replayFiles(pipeline, files, { speedFactor: null, batchLines: 2_000 });
    expect(totals).toMatchObject({
      accepted: 71764,
      rejected: 914,
      rejectedByReason: { 'not-available': 914 },
      staticReports: 16205,
    });
    expect(await countTopic(bus, TOPICS.fixes, 71764)).toHaveLength(71764);
    expect(await countTopic(bus, TOPICS.fixesDeadLetter, 914)).toHaveLength(914);
  });

  it('paces by report time: 20 minutes of reports at 1200x take at least a second', async () => {
    const path = join(dir, 'paced.naf');
    const record = (minute: number) =>
      `//SR//AD/VNM//FR/VNM//TM/POS//IR/P1//DA/20261126//TI/08${String(minute).padStart(2, '0')}//LT/+09.5//LG/+106.2//ER//`;
    await writeFile(path, [0, 10, 20].map(record).join('\n'));
    const { files } = await resolveReplayFiles([path], null);
    const { pipeline } = createIngestPath(await bus.producer(), new InMemoryTerminalDirectory());
    const startedAtMs = Date.now();
    const totals = await replayFiles(pipeline, files, { speedFactor: 1200, batchLines: 1 });
    expect(totals.accepted).toBe(3);
    expect(Date.now() - startedAtMs).toBeGreaterThanOrEqual(950);
  });

  it('prints a summary with rejections by reason and the file and line of each example', async () => {
    const path = join(dir, 'mixed.nmea');
    await writeFile(
      path,
      '!AIVDM,1,1,,B,133i;RPP1DPEbcDMV@1r:Ow:2>`<,0*41\n!AIVDM,1,1,,B,133i;RPP1DPEbcDMV@1r:Ow:2>`<,0*42\n',
    );
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((text: string) => void printed.push(text));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await runReplayCommand(loadConfig({}), [path, '--speed', 'max'])).toBe(0);
    } finally {
      vi.restoreAllMocks();
    }
    const summary = printed.join('\n');
    expect(summary).toMatch(/accepted: +1 fixes/);
    expect(summary).toMatch(/checksum +1/);
    expect(summary).toMatch(/checksum: mixed\.nmea:2: checksum is 42/);
  });

  it('refuses unknown options, formats and files it cannot recognise', async () => {
    expect(() => parseReplayArgs(['a.txt', '--speed', 'fast'])).toThrow(/--speed fast/);
    expect(() => parseReplayArgs(['a.txt', '--format', 'xml'])).toThrow(/VW_ERR_FORMAT_UNKNOWN/);
    expect(parseReplayArgs(['a.txt', '--speed=3600x'])).toMatchObject({ speedFactor: 3600, batchLines: 50 });
    const path = join(dir, 'notes.txt');
    await writeFile(path, 'hello\nworld\n');
    const error = await resolveReplayFiles([path], null).catch((e: unknown) => e);
    expect(isVesselWatchError(error, 'VW_ERR_FORMAT_UNKNOWN')).toBe(true);
  });
});

const postgres = await requireService('postgres');

describe.skipIf(!postgres)('vesselwatch replay with a database server', () => {
  it('maps terminals to vessels through the registry in DATABASE_URL', async () => {
    const suffix = Math.random().toString(36).slice(2, 10);
    const store = await openStore({ url: postgres!.address });
    const dir = await mkdtemp(join(tmpdir(), 'vw-replay-registry-'));
    try {
      await store.upsertVessels([
        VesselSchema.parse({
          id: `replay-test-${suffix}`,
          registrationNumber: 'KG-90001-TS',
          name: 'Replay test',
          flagState: 'VNM',
          lengthOverallM: 16,
          gear: 'trawl',
          homePortId: 'vn-rach-gia',
          owner: { name: 'Test owner', role: 'owner' },
          terminalIds: [`T-${suffix}`],
        }),
      ]);
      const naf = (terminal: string) =>
        `//SR//AD/VNM//FR/VNM//TM/POS//IR/${terminal}//DA/20261126//TI/0800//LT/+09.5//LG/+104.2//ER//`;
      const path = join(dir, 'reports.naf');
      await writeFile(path, `${naf(`T-${suffix}`)}\n${naf(`UNKNOWN-${suffix}`)}\n`);
      const printed: string[] = [];
      vi.spyOn(console, 'log').mockImplementation((text: string) => void printed.push(text));
      vi.spyOn(console, 'error').mockImplementation(() => {});
      vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      try {
        expect(await runReplayCommand(loadConfig({ DATABASE_URL: postgres!.address }), [path])).toBe(0);
      } finally {
        vi.restoreAllMocks();
      }
      const summary = printed.join('\n');
      expect(summary).toMatch(/accepted: +2 fixes/);
      expect(summary).toMatch(/unregistered: 1 /);
    } finally {
      await store.driver.query('DELETE FROM vessels WHERE id = $1', [`replay-test-${suffix}`]);
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
