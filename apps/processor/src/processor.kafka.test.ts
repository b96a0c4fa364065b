import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { KafkaBus, partitionForKey, type Bus } from '@vesselwatch/bus';
import type { PositionFix } from '@vesselwatch/domain';
import { createScratchDatabase, openStore, type Store } from '@vesselwatch/store';
import {
  SCENARIO_ZONE_SET_VERSION,
  expectedOutcome,
  requireService,
  scenarioFixes,
  scenarioVessels,
  scenarioZones,
  startJsonLinesChild,
  type JsonLinesChild,
} from '@vesselwatch/testkit';
import { Processor } from './processor';
import { PROCESSOR_SETTINGS_DEFAULT } from './settings';
import { childTopicSpecs, childTopics } from './test-support/child-topics';
import { viaPort } from './test-support/via-port';
import {
  alertEssentials,
  alertEvents,
  allApplied,
  collectTopic,
  countRows,
  eventKeyCounts,
  eventually,
  fixMessages,
  recordingLogger,
  sendAll,
  storedAlerts,
} from './test-support/processor-harness';
import { TcpProxy } from './test-support/tcp-proxy';

/**
 * The processor on the real Kafka broker and the real PostgreSQL server, with faults: a processor killed
 * (SIGKILL) in the middle of a batch, and a 30 s database outage. Each test has its own database and its
 * own topics and group. What must hold afterwards: every fix stored once, the alerts exactly those the
 * rules decide for the input (no lost and no duplicated alert), every alert event on the alerts topic
 * (repeats of events allowed only as exact duplicates, which consumers drop by alertEventKey).
 */
const kafka = await requireService('kafka');
const postgres = await requireService('postgres');
const PARTITIONS = 4;
const VESSELS = 40;
const childScript = fileURLToPath(new URL('./test-support/processor-child.ts', import.meta.url));

interface Fixture {
  prefix: string;
  groupId: string;
  databaseUrl: string;
  store: Store;
  bus: Bus;
  dropDatabase: () => Promise<void>;
}

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function setUp(partitions = PARTITIONS): Promise<Fixture> {
  const database = await createScratchDatabase(postgres!.address, 'vw_processor_test');
  cleanups.push(database.drop);
  const store = await openStore({ url: database.url });
  cleanups.push(() => store.close());
  await store.saveZoneSet(SCENARIO_ZONE_SET_VERSION, scenarioZones(), { activate: true });
  await store.upsertVessels(scenarioVessels(VESSELS));
  const prefix = `vw-proc-test-${randomBytes(5).toString('hex')}`;
  const bus = new KafkaBus({
    brokers: kafka!.address.split(','),
    clientId: 'vesselwatch-processor-test-driver',
    logLevel: 'error',
    consumerTuning: {
      sessionTimeoutMs: 6_000,
      heartbeatIntervalMs: 500,
      rebalanceTimeoutMs: 6_000,
      maxWaitTimeMs: 100,
    },
  });
  cleanups.push(() => bus.close());
  await bus.ensureTopics(childTopicSpecs(prefix, partitions));
  return {
    prefix,
    groupId: `${prefix}-processor`,
    databaseUrl: database.url,
    store,
    bus,
    dropDatabase: database.drop,
  };
}

function startChild(fixture: Fixture, databaseUrl: string): JsonLinesChild {
  const child = startJsonLinesChild(childScript, {
    KAFKA_BROKERS: kafka!.address,
    DATABASE_URL: databaseUrl,
    VW_TEST_TOPIC_PREFIX: fixture.prefix,
    VW_TEST_PARTITIONS: String(PARTITIONS),
    VW_PROCESSOR_GROUP_ID: fixture.groupId,
    LOG_LEVEL: 'debug',
  });
  cleanups.push(child.kill);
  return child;
}

const assignedPartitions = (child: JsonLinesChild): number[] | null => {
  const last = child.lines.filter((line) => line.msg === 'partitions assigned; rule states restored').at(-1);
  return last ? (last.partitions as number[]) : null;
};

/** Waits until the processor has applied every message on the fixes topic (offsets stored in the database). */
function everythingApplied(fixture: Fixture, what: string): Promise<void> {
  const fixes = childTopics(fixture.prefix).fixes;
  return eventually(() => allApplied(fixture.bus, fixture.store, fixture.groupId, fixes), what, 60_000, 250);
}

/** A processor in this process on the fixture's bus and store (event clock, batches of 200). */
function startInProcess(fixture: Fixture, log = recordingLogger()): Promise<Processor> {
  return Processor.start(
    { bus: fixture.bus, store: fixture.store, log },
    {
      ...PROCESSOR_SETTINGS_DEFAULT,
      groupId: fixture.groupId,
      topics: childTopics(fixture.prefix),
      clock: 'event',
      maxBatchSize: 200,
    },
  );
}

/** Runs an in-process processor until `fixes` are all applied, then stops it. */
async function applyWithProcessor(fixture: Fixture, fixes: PositionFix[], what: string): Promise<void> {
  const processor = await startInProcess(fixture);
  await sendAll(fixture.bus, childTopics(fixture.prefix).fixes, fixMessages(fixes));
  await everythingApplied(fixture, what);
  await processor.stop();
}

/** A kafkajs admin client of the test's own, for what the Bus does not offer (deleting records, partitions). */
async function kafkaAdmin(): Promise<Admin> {
  const admin = new Kafka({
    clientId: 'vw-processor-test-admin',
    brokers: kafka!.address.split(','),
    logLevel: logLevel.NOTHING,
  }).admin();
  cleanups.push(() => admin.disconnect());
  await admin.connect();
  return admin;
}

async function expectExactlyTheRulesOutcome(fixture: Fixture, fixes: ReturnType<typeof scenarioFixes>) {
  const expected = expectedOutcome(scenarioZones(), fixes);
  expect(await countRows(fixture.store, 'SELECT count(*)::int AS n FROM fixes')).toBe(fixes.length);
  const alerts = await storedAlerts(fixture.store);
  expect([...alerts.values()].map(alertEssentials).sort(byId)).toEqual(
    [...expected.alerts.values()].map(alertEssentials).sort(byId),
  );
  expect(await countRows(fixture.store, 'SELECT count(*)::int AS n FROM alert_audit')).toBe(
    expected.events.length,
  );
  const restored = await fixture.store.loadProcessorPartitions(
    fixture.groupId,
    childTopics(fixture.prefix).fixes,
    [0, 1, 2, 3],
  );
  expect(new Map(restored.states.map((entry) => [entry.vesselId, entry.state]))).toEqual(expected.states);

  const produced = await collectTopic(
    fixture.bus,
    childTopics(fixture.prefix).alerts,
    `${fixture.prefix}-reader`,
  );
  cleanups.push(produced.stop);
  const distinct = () => new Set(eventKeyCounts(alertEvents(produced.messages)).keys());
  await eventually(
    () => distinct().size >= expected.eventKeys.size,
    `every alert event arrives (${expected.eventKeys.size} distinct)`,
    60_000,
  ).catch((error: Error) => {
    const missing = [...expected.eventKeys].filter((key) => !distinct().has(key));
    throw new Error(
      `${error.message}; read ${produced.messages.length} messages, ${missing.length} events missing: ${missing.slice(0, 5).join(', ')}`,
    );
  });
  await sleep(1_000); // anything produced twice arrives too
  const counts = eventKeyCounts(alertEvents(produced.messages));
  expect(new Set(counts.keys())).toEqual(expected.eventKeys);
  return { expected, counts };
}

describe.skipIf(!kafka || !postgres)('processor on the real Kafka broker and PostgreSQL', () => {
  it('two processors share the partitions; one is killed (SIGKILL) mid-batch and the other takes over: no lost fix, no duplicated alert', async () => {
    const fixture = await setUp();
    const topics = childTopics(fixture.prefix);
    const fixes = scenarioFixes({ vessels: VESSELS });
    // The victim reaches the database through a slow link: each of its transactions takes seconds, so the
    // kill lands while a batch is between its produce and its commit.
    const slowLink = await TcpProxy.start(
      { host: new URL(fixture.databaseUrl).hostname, port: Number(new URL(fixture.databaseUrl).port) },
      { delayMs: 150 },
    );
    cleanups.push(() => slowLink.close());
    const survivor = startChild(fixture, fixture.databaseUrl);
    const victim = startChild(fixture, viaPort(fixture.databaseUrl, slowLink.port));
    await eventually(
      () => (assignedPartitions(survivor)?.length ?? 0) > 0 && (assignedPartitions(victim)?.length ?? 0) > 0,
      'both processors own partitions',
      60_000,
      200,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\nsurvivor:\n${survivor.output()}\nvictim:\n${victim.output()}`);
    });
    expect([...assignedPartitions(survivor)!, ...assignedPartitions(victim)!].sort()).toEqual([0, 1, 2, 3]);

    const half = Math.floor(fixes.length / 2);
    await sendAll(fixture.bus, topics.fixes, fixMessages(fixes.slice(0, half)));
    // Kill it once it has stored a batch and started the next one.
    await eventually(
      () =>
        victim.lines.filter((line) => line.msg === 'fix batch started').length >= 2 &&
        victim.lines.some((line) => line.msg === 'fix batch started'),
      'the victim is in the middle of a batch',
      30_000,
      5,
    );
    const started = victim.lines.filter((line) => line.msg === 'fix batch started');
    const inProgress = started.at(-1)!;
    victim.process.kill('SIGKILL');
    await new Promise((resolve) => victim.process.once('exit', resolve));
    // The batch it was in was not stored: its offset is not in the database.
    const partition = inProgress.partition as number;
    const firstOffset = BigInt(inProgress.firstOffset as string);
    const stored = await fixture.store.loadProcessorPartitions(fixture.groupId, topics.fixes, [0, 1, 2, 3]);
    expect(stored.nextOffsets.get(partition) ?? 0n).toBeLessThanOrEqual(firstOffset);
    // It handles several partitions at once (concurrentPartitions), so other batches may have been killed
    // between their produce and their commit too: each partition whose last started batch is not stored.
    const killedMidBatch = new Set(
      [...new Set(started.map((line) => line.partition as number))].filter((p) => {
        const last = started.filter((line) => line.partition === p).at(-1)!;
        return (stored.nextOffsets.get(p) ?? 0n) <= BigInt(last.firstOffset as string);
      }),
    );

    await sendAll(fixture.bus, topics.fixes, fixMessages(fixes.slice(half)));
    await eventually(
      () => (assignedPartitions(survivor)?.length ?? 0) === PARTITIONS,
      'the survivor owns every partition',
      60_000,
      200,
    );
    await eventually(
      () => allApplied(fixture.bus, fixture.store, fixture.groupId, topics.fixes),
      'every fix is applied',
      60_000,
      250,
    ).catch(async (error: Error) => {
      const notable = (child: JsonLinesChild) =>
        child.lines
          .filter((line) => line.level !== 'debug' || line.msg !== 'fix batch started')
          .map((line) => JSON.stringify(line))
          .join('\n');
      const lastBatches = [0, 1, 2, 3].map((p) =>
        JSON.stringify(
          survivor.lines.filter((line) => line.msg === 'fix batch started' && line.partition === p).at(-1) ??
            null,
        ),
      );
      const stored = await fixture.store.loadProcessorPartitions(fixture.groupId, topics.fixes, [0, 1, 2, 3]);
      throw new Error(
        `${error.message}\nend offsets ${String([...(await fixture.bus.endOffsets(topics.fixes))])}; stored ${String([...stored.nextOffsets])}; committed ${String([...(await fixture.bus.committedOffsets(fixture.groupId, topics.fixes))])}\nsurvivor's last batch per partition:\n${lastBatches.join('\n')}\nsurvivor:\n${notable(survivor)}\nvictim:\n${notable(victim)}`,
      );
    });
    const { counts } = await expectExactlyTheRulesOutcome(fixture, fixes);
    // Events of the killed batches may have been produced twice (produce, then crash before the commit):
    // the same key, so consumers drop the repeat. Nothing else repeats.
    const repeatedVessels = [...counts].filter(([, count]) => count > 1).map(([key]) => key.split('/')[0]!);
    for (const vesselId of repeatedVessels) {
      expect(killedMidBatch).toContain(partitionForKey(vesselId, PARTITIONS));
    }
    expect(survivor.lines.filter((line) => line.level === 'error')).toEqual([]);

    // SIGTERM drains and commits: afterwards the group's committed offsets are at the end of every partition.
    survivor.process.kill('SIGTERM');
    expect(await new Promise((resolve) => survivor.process.once('exit', resolve))).toBe(0);
    expect(survivor.lines.some((line) => line.msg === 'processor stopped')).toBe(true);
    const ends = await fixture.bus.endOffsets(topics.fixes);
    expect(await fixture.bus.committedOffsets(fixture.groupId, topics.fixes)).toEqual(ends);
  }, 180_000);

  it('a 30 s database outage pauses consumption without losing anything, and the processor keeps its membership', async () => {
    const fixture = await setUp();
    const topics = childTopics(fixture.prefix);
    const fixes = scenarioFixes({ vessels: VESSELS });
    const link = await TcpProxy.start({
      host: new URL(fixture.databaseUrl).hostname,
      port: Number(new URL(fixture.databaseUrl).port),
    });
    cleanups.push(() => link.close());
    const processorStore = await openStore({
      url: viaPort(fixture.databaseUrl, link.port),
      connectTimeoutMs: 2_000,
    });
    cleanups.push(() => processorStore.close());
    // Kafka's default group timing (30 s session): only heartbeats during the outage keep the member in.
    const processorBus = new KafkaBus({
      brokers: kafka!.address.split(','),
      clientId: 'vw-outage-test',
      logLevel: 'error',
    });
    cleanups.push(() => processorBus.close());
    const log = recordingLogger();
    const processor = await Processor.start(
      { bus: processorBus, store: processorStore, log },
      {
        ...PROCESSOR_SETTINGS_DEFAULT,
        groupId: fixture.groupId,
        topics,
        clock: 'event',
        maxBatchSize: 200,
        zonePollIntervalMs: 1_000,
        registryPollIntervalMs: 1_000,
      },
    );
    cleanups.push(() => processor.stop());
    const third = Math.floor(fixes.length / 3);
    await sendAll(fixture.bus, topics.fixes, fixMessages(fixes.slice(0, third)));
    await everythingApplied(fixture, 'a third is applied');

    await link.cut();
    const cutAtMs = Date.now();
    const storedBefore = await fixture.store.loadProcessorPartitions(
      fixture.groupId,
      topics.fixes,
      [0, 1, 2, 3],
    );
    const committedBefore = await fixture.bus.committedOffsets(fixture.groupId, topics.fixes);
    await sendAll(fixture.bus, topics.fixes, fixMessages(fixes.slice(third, 2 * third)));
    await sleep(30_000 - (Date.now() - cutAtMs));
    // Paused: nothing stored, nothing committed, the failures reported, and the member never left.
    const storedDuring = await fixture.store.loadProcessorPartitions(
      fixture.groupId,
      topics.fixes,
      [0, 1, 2, 3],
    );
    expect(storedDuring.nextOffsets).toEqual(storedBefore.nextOffsets);
    expect(await fixture.bus.committedOffsets(fixture.groupId, topics.fixes)).toEqual(committedBefore);
    const failures = log.lines.filter(
      (line) => line.level === 'error' && line.fields.code === 'VW_ERR_DB_UNAVAILABLE',
    );
    expect(failures.length).toBeGreaterThan(0);
    expect(log.lines.some((line) => line.message === 'partitions revoked')).toBe(false);
    const metricsDuring = (await processor.metrics.text()).body;
    expect(metricsDuring).toMatch(
      /vesselwatch_processor_batch_failures_total\{kind="fixes",code="VW_ERR_DB_UNAVAILABLE"\} [1-9]/,
    );
    // The stuck batches' fixes were appended at the cut: the partitions show themselves falling behind.
    const lagSeconds = [
      ...metricsDuring.matchAll(/vesselwatch_processor_lag_seconds\{partition="\d"\} ([0-9.e+-]+)/g),
    ];
    expect(Math.max(...lagSeconds.map((match) => Number(match[1])))).toBeGreaterThan(15);

    await link.restore();
    await sendAll(fixture.bus, topics.fixes, fixMessages(fixes.slice(2 * third)));
    await everythingApplied(fixture, 'everything is applied');
    const { counts } = await expectExactlyTheRulesOutcome(fixture, fixes);
    // Nothing crashed: every event was produced exactly once... except those of batches whose produce
    // succeeded and whose write then failed, which were produced again on redelivery (same keys).
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(1 + failures.length);
    expect(log.lines.some((line) => line.message === 'partitions revoked')).toBe(false);
    expect(log.lines.filter((line) => line.fields.code === 'VW_ERR_PROCESSOR_OFFSET_GAP')).toEqual([]);
  }, 300_000);

  it('fixes the broker deleted before they were applied (retention) are reported as lost, and each partition goes on from the first fix still there', async () => {
    const fixture = await setUp();
    const topics = childTopics(fixture.prefix);
    const fixes = scenarioFixes({ vessels: VESSELS });
    const third = Math.floor(fixes.length / 3);
    await applyWithProcessor(fixture, fixes.slice(0, third), 'a third is applied');

    // While no processor runs, the second third arrives and the broker deletes it (what retention does to a
    // partition whose consumer is too far behind), then the last third arrives.
    await sendAll(fixture.bus, topics.fixes, fixMessages(fixes.slice(third, 2 * third)));
    const deletedUpTo = await fixture.bus.endOffsets(topics.fixes);
    const admin = await kafkaAdmin();
    await admin.fetchTopicMetadata({ topics: [topics.fixes] });
    const appliedBefore = (
      await fixture.store.loadProcessorPartitions(fixture.groupId, topics.fixes, [0, 1, 2, 3])
    ).nextOffsets;
    await admin.deleteTopicRecords({
      topic: topics.fixes,
      partitions: [...deletedUpTo].map(([partition, offset]) => ({ partition, offset: offset.toString() })),
    });
    const kept = [...fixes.slice(0, third), ...fixes.slice(2 * third)];
    await sendAll(fixture.bus, topics.fixes, fixMessages(fixes.slice(2 * third)));

    const log = recordingLogger();
    const second = await startInProcess(fixture, log);
    cleanups.push(() => second.stop());
    await everythingApplied(fixture, 'the last third is applied');
    expect(await countRows(fixture.store, 'SELECT count(*)::int AS n FROM fixes')).toBe(kept.length);
    const reports = log.lines.filter((line) => line.fields.code === 'VW_ERR_PROCESSOR_MESSAGES_EXPIRED');
    expect(reports.every((line) => line.level === 'error')).toBe(true);
    const reported = new Map(reports.map((line) => [line.fields.partition, line.fields]));
    for (const [partition, end] of deletedUpTo) {
      const applied = appliedBefore.get(partition) ?? 0n;
      if (end === applied) {
        expect(reported.has(partition)).toBe(false);
        continue;
      }
      expect(reported.get(partition)).toMatchObject({
        fromOffset: applied.toString(),
        toOffset: (end - 1n).toString(),
        lost: (end - applied).toString(),
      });
    }
    const lost = [...reported.values()].reduce((sum, fields) => sum + Number(fields.lost), 0);
    expect(lost).toBe(third);
    expect((await second.metrics.text()).body).toContain(
      `vesselwatch_processor_expired_messages_total ${lost}`,
    );
  }, 180_000);

  it('partitions added to the fixes topic: rule states follow their vessels to the new partitions, and the alerts are exactly the rules’ own', async () => {
    const fixture = await setUp(2);
    const topics = childTopics(fixture.prefix);
    const fixes = scenarioFixes({ vessels: VESSELS });
    const half = Math.floor(fixes.length / 2);
    await applyWithProcessor(fixture, fixes.slice(0, half), 'the first half is applied on 2 partitions');

    // The operator grows the topic (after draining it, as docs/processor.md asks); producers now spread the
    // same vessels over 4 partitions.
    const admin = await kafkaAdmin();
    await admin.createPartitions({ topicPartitions: [{ topic: topics.fixes, count: 4 }] });
    const moved = scenarioVessels(VESSELS).filter(
      (vessel) => partitionForKey(vessel.id, 4) !== partitionForKey(vessel.id, 2),
    );
    expect(moved.length).toBeGreaterThan(5);
    await sendAll(fixture.bus, topics.fixes, fixMessages(fixes.slice(half)));
    const ends = await fixture.bus.endOffsets(topics.fixes);
    expect(ends.size).toBe(4);
    expect((ends.get(2) ?? 0n) + (ends.get(3) ?? 0n)).toBeGreaterThan(0n);

    const log = recordingLogger();
    const second = await startInProcess(fixture, log);
    cleanups.push(() => second.stop());
    await everythingApplied(fixture, 'the second half is applied on 4 partitions');
    expect(log.lines.find((line) => /more partitions/.test(line.message))?.fields).toMatchObject({
      from: 2,
      to: 4,
      moved: moved.length,
    });
    // Without the re-tagging, the moved vessels start again from empty states: episodes open twice.
    await expectExactlyTheRulesOutcome(fixture, fixes);
  }, 180_000);
});

function byId(a: Record<string, unknown>, b: Record<string, unknown>): number {
  return String(a.id).localeCompare(String(b.id));
}
