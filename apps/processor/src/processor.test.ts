import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InProcessBus, type Bus } from '@vesselwatch/bus';
import { decodeLiveUpdate } from '@vesselwatch/codecs';
import { TOPICS, isVesselWatchError, type PositionFix } from '@vesselwatch/domain';
import { openStore, type Store } from '@vesselwatch/store';
import {
  SCENARIO_ZONE_SET_VERSION,
  expectedOutcome,
  scenarioFixes,
  scenarioVessels,
  scenarioZones,
} from '@vesselwatch/testkit';
import { DEAD_LETTER_HEADERS } from './batch-outcome';
import { Processor } from './processor';
import { PROCESSOR_SETTINGS_DEFAULT, type ProcessorSettings } from './settings';
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

/**
 * The processor on the in-process bus (as in the all-in-one) and embedded PGlite: what it stores and
 * produces must be exactly what the rules decide for the input, applied once, also across a restart, a
 * zone-set change and a second processor writing the same partitions.
 */
const PARTITIONS = 4;
const VESSELS = 20;
const WAIT_MS = 30_000;

const settings: ProcessorSettings = {
  ...PROCESSOR_SETTINGS_DEFAULT,
  clock: 'event',
  maxBatchSize: 100,
  zonePollIntervalMs: 100,
  registryPollIntervalMs: 100,
  redeliveryBackoff: { initialMs: 20, maxMs: 200 },
};

async function newBus(): Promise<Bus> {
  const bus = new InProcessBus();
  await bus.ensureTopics([
    { topic: TOPICS.fixes, partitions: PARTITIONS },
    { topic: TOPICS.fixesDeadLetter, partitions: 1 },
    { topic: TOPICS.alerts, partitions: PARTITIONS },
    { topic: TOPICS.live, partitions: PARTITIONS },
  ]);
  return bus;
}

describe('processor on the in-process bus and embedded PGlite', () => {
  let bus: Bus;
  let store: Store;
  const running: Processor[] = [];
  const log = recordingLogger();

  beforeEach(async () => {
    log.lines.length = 0;
    bus = await newBus();
    store = await openStore({ embedded: {} });
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((processor) => processor.stop()));
    await bus.close();
    await store.close();
  });

  const start = async (overrides: Partial<ProcessorSettings> = {}, onBus: Bus = bus) => {
    const processor = await Processor.start({ bus: onBus, store, log }, { ...settings, ...overrides });
    running.push(processor);
    return processor;
  };
  const setUpScenario = async () => {
    await store.saveZoneSet(SCENARIO_ZONE_SET_VERSION, scenarioZones(), { activate: true });
    await store.upsertVessels(scenarioVessels(VESSELS));
  };

  it('stores and publishes exactly what the rules decide; poison messages go to the dead-letter topic', async () => {
    await setUpScenario();
    const fixes = scenarioFixes({ vessels: VESSELS });
    const expected = expectedOutcome(scenarioZones(), fixes);
    const poison = [
      { key: 'scn-3', value: new TextEncoder().encode('{"not":"a fix"}'), headers: { origin: 'test' } },
      { key: 'scn-4', value: new Uint8Array([0xff, 0xfe, 0x00]) },
    ];
    // One of the vessel's fixes under another key: refused, not split across partitions.
    const misKeyed = { ...fixMessages([fixes[5]!])[0]!, key: 'scn-999' };
    await sendAll(bus, TOPICS.fixes, [...fixMessages(fixes.slice(0, 300)), ...poison, misKeyed]);
    await sendAll(bus, TOPICS.fixes, fixMessages(fixes.slice(300)));
    const processor = await start();
    await eventually(
      () => allApplied(bus, store, settings.groupId, TOPICS.fixes),
      'every fix is applied',
      WAIT_MS,
    );

    expect(await countRows(store, 'SELECT count(*)::int AS n FROM fixes')).toBe(fixes.length);
    expect(await countRows(store, 'SELECT count(*)::int AS n FROM vessel_state')).toBe(VESSELS);
    const alerts = await storedAlerts(store);
    expect([...alerts.values()].map(alertEssentials).sort(byId)).toEqual(
      [...expected.alerts.values()].map(alertEssentials).sort(byId),
    );
    expect(await countRows(store, 'SELECT count(*)::int AS n FROM alert_audit')).toBe(expected.events.length);

    const produced = await collectTopic(bus, TOPICS.alerts, 'test-alerts-reader');
    await eventually(
      () => produced.messages.length >= expected.events.length,
      'alert events arrive',
      WAIT_MS,
    );
    await produced.stop();
    const counts = eventKeyCounts(alertEvents(produced.messages));
    expect(new Set(counts.keys())).toEqual(expected.eventKeys);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    for (const message of produced.messages)
      expect(message.key).toBe(alertEvents([message])[0]!.alert.vesselId);

    const live = await collectTopic(bus, TOPICS.live, 'test-live-reader');
    await eventually(() => live.messages.length > 0, 'live updates arrive', WAIT_MS);
    await live.stop();
    const lastLive = new Map(live.messages.map((m) => [m.key, decodeLiveUpdate(m.value)]));
    expect(lastLive.size).toBe(VESSELS);
    for (const [vesselId, update] of lastLive) {
      expect(update.fix).toEqual(expected.states.get(vesselId)!.lastFix);
    }

    const dlq = await collectTopic(bus, TOPICS.fixesDeadLetter, 'test-dlq-reader');
    await eventually(() => dlq.messages.length >= 3, 'dead letters arrive', WAIT_MS);
    await dlq.stop();
    // The dead letters of different partitions arrive in any order: by key.
    const letters = new Map(dlq.messages.map((m) => [m.key, m]));
    expect([...letters.keys()].sort()).toEqual(['scn-3', 'scn-4', 'scn-999']);
    for (const letter of letters.values()) {
      expect(letter.headers[DEAD_LETTER_HEADERS.errorCode]).toBe('VW_ERR_INPUT_INVALID');
      expect(letter.headers[DEAD_LETTER_HEADERS.stage]).toBe('processor');
      expect(letter.headers[DEAD_LETTER_HEADERS.sourceTopic]).toBe(TOPICS.fixes);
      expect(letter.headers[DEAD_LETTER_HEADERS.sourceOffset]).toMatch(/^\d+$/);
    }
    expect(letters.get('scn-3')!.headers.origin).toBe('test');
    expect(letters.get('scn-3')!.headers[DEAD_LETTER_HEADERS.reason]).toMatch(/position fix message/);
    expect(letters.get('scn-4')!.value).toEqual(poison[1]!.value);
    expect(letters.get('scn-999')!.headers[DEAD_LETTER_HEADERS.reason]).toMatch(/not the fix's vessel id/);

    const restored = await store.loadProcessorPartitions(settings.groupId, TOPICS.fixes, [0, 1, 2, 3]);
    expect(new Map(restored.states.map((entry) => [entry.vesselId, entry.state]))).toEqual(expected.states);

    const metrics = (await processor.metrics.text()).body;
    expect(metrics).toContain(`vesselwatch_processor_fixes_total{verdict="accepted"} ${fixes.length}`);
    expect(metrics).toMatch(/vesselwatch_processor_dead_letters_total\{reason="invalid_fix"\} 2/);
    expect(metrics).toMatch(/vesselwatch_processor_dead_letters_total\{reason="key_mismatch"\} 1/);
    expect(metrics).toMatch(
      /vesselwatch_processor_alert_events_total\{type="border.crossed",transition="opened"\} 20/,
    );
    expect(metrics).toMatch(/vesselwatch_processor_consumer_lag\{partition="0"\} 0/);
    // The in-process bus stamps append time too: the batches were handled within seconds of being sent.
    const lagSeconds = /vesselwatch_processor_lag_seconds\{partition="0"\} ([0-9.e-]+)/.exec(metrics);
    expect(Number(lagSeconds?.[1])).toBeLessThan(30);
    expect(metrics).toMatch(/vesselwatch_processor_vessels 20/);
    expect(metrics).toMatch(/vesselwatch_processor_batch_seconds_count\{kind="fixes"\} [1-9]/);
    for (const phase of ['rules', 'produce', 'store']) {
      expect(metrics).toMatch(
        new RegExp(`vesselwatch_processor_batch_phase_seconds_count\\{phase="${phase}"\\} [1-9]`),
      );
    }
    expect(log.lines.filter((line) => line.level === 'error')).toEqual([]);
  });

  it('a second processor restores the states and offsets the first stored and goes on without a duplicate', async () => {
    await setUpScenario();
    const fixes = scenarioFixes({ vessels: VESSELS });
    const expected = expectedOutcome(scenarioZones(), fixes);
    const half = Math.floor(fixes.length / 2);
    await sendAll(bus, TOPICS.fixes, fixMessages(fixes.slice(0, half)));
    const first = await start();
    await eventually(
      () => allApplied(bus, store, settings.groupId, TOPICS.fixes),
      'half is applied',
      WAIT_MS,
    );
    await first.stop();
    running.splice(running.indexOf(first), 1);

    await sendAll(bus, TOPICS.fixes, fixMessages(fixes.slice(half)));
    await start();
    await eventually(() => allApplied(bus, store, settings.groupId, TOPICS.fixes), 'all is applied', WAIT_MS);
    const alerts = await storedAlerts(store);
    expect([...alerts.values()].map(alertEssentials).sort(byId)).toEqual(
      [...expected.alerts.values()].map(alertEssentials).sort(byId),
    );
    const produced = await collectTopic(bus, TOPICS.alerts, 'test-alerts-reader');
    await eventually(
      () => produced.messages.length >= expected.events.length,
      'alert events arrive',
      WAIT_MS,
    );
    await produced.stop();
    const counts = eventKeyCounts(alertEvents(produced.messages));
    expect(new Set(counts.keys())).toEqual(expected.eventKeys);
    expect(Math.max(...counts.values())).toBe(1);
  });

  it('when another processor wrote the partitions meanwhile, it reloads them and applies nothing twice', async () => {
    await setUpScenario();
    const fixes = scenarioFixes({ vessels: VESSELS });
    const expected = expectedOutcome(scenarioZones(), fixes);
    const firstPart = fixes.slice(0, 400);
    await sendAll(bus, TOPICS.fixes, fixMessages(firstPart));
    const first = await start();
    await eventually(
      () => allApplied(bus, store, settings.groupId, TOPICS.fixes),
      'the first part is applied',
      WAIT_MS,
    );

    // Another member of the same group, on a copy of the log (as a processor that took the partitions over
    // while this one was cut off), applies the next part to the same database.
    const otherBus = await newBus();
    await sendAll(otherBus, TOPICS.fixes, fixMessages(fixes.slice(0, 700)));
    const other = await start({}, otherBus);
    await eventually(
      () => allApplied(otherBus, store, settings.groupId, TOPICS.fixes),
      'the other applied',
      WAIT_MS,
    );
    await other.stop();
    running.splice(running.indexOf(other), 1);
    await otherBus.close();

    await sendAll(bus, TOPICS.fixes, fixMessages(fixes.slice(400)));
    await eventually(
      () => allApplied(bus, store, settings.groupId, TOPICS.fixes),
      'the rest is applied',
      WAIT_MS,
    );
    const metrics = (await first.metrics.text()).body;
    expect(metrics).toMatch(/vesselwatch_processor_offset_conflicts_total [1-9]/);
    expect(metrics).toMatch(/vesselwatch_processor_redelivered_skipped_total [1-9]/);
    expect(log.lines.some((line) => line.message.startsWith('partition reloaded'))).toBe(true);

    expect(await countRows(store, 'SELECT count(*)::int AS n FROM fixes')).toBe(fixes.length);
    const alerts = await storedAlerts(store);
    expect([...alerts.values()].map(alertEssentials).sort(byId)).toEqual(
      [...expected.alerts.values()].map(alertEssentials).sort(byId),
    );
    const restored = await store.loadProcessorPartitions(settings.groupId, TOPICS.fixes, [0, 1, 2, 3]);
    expect(new Map(restored.states.map((entry) => [entry.vesselId, entry.state]))).toEqual(expected.states);
  });

  it('a new active zone set re-evaluates every vessel: episodes of zones that are gone resolve', async () => {
    await setUpScenario();
    const fixes = scenarioFixes({ vessels: VESSELS });
    // Far enough that every vessel is inside the foreign territorial sea.
    const inside = fixes.filter(
      (fix: PositionFix) => fix.reportedAtMs < fixes[0]!.reportedAtMs + 28 * 5 * 60_000,
    );
    await sendAll(bus, TOPICS.fixes, fixMessages(inside));
    const processor = await start();
    await eventually(
      () => allApplied(bus, store, settings.groupId, TOPICS.fixes),
      'the fixes are applied',
      WAIT_MS,
    );
    const open = [...(await storedAlerts(store)).values()].filter((alert) => alert.status === 'open');
    expect(open.map((alert) => alert.type).sort()).toContain('border.crossed');

    await store.saveZoneSet('scenario-v2', scenarioZones().slice(0, 1), { activate: true });
    await eventually(
      async () => [...(await storedAlerts(store)).values()].every((alert) => alert.status === 'resolved'),
      'every episode resolved under the new zone set',
      WAIT_MS,
    );
    expect(processor.status().zoneSetVersion).toBe('scenario-v2');
    const resolvedNow = [...(await storedAlerts(store)).values()].filter((alert) =>
      open.some((before) => before.id === alert.id),
    );
    expect(resolvedNow.length).toBe(open.length);
    expect(resolvedNow.every((alert) => alert.resolvedAtMs !== null)).toBe(true);
    expect((await processor.metrics.text()).body).toMatch(/vesselwatch_processor_zone_set_changes_total 1/);
  });

  it('resumes each partition at the offset stored with its states when the group commit is ahead, skipping nothing', async () => {
    await setUpScenario();
    const fixes = scenarioFixes({ vessels: VESSELS });
    await sendAll(bus, TOPICS.fixes, fixMessages(fixes.slice(0, 200)));
    const processor = await start();
    await eventually(
      () => allApplied(bus, store, settings.groupId, TOPICS.fixes),
      'the first fixes are applied',
      WAIT_MS,
    );
    // As after restoring the database from an older backup: it has applied less than Kafka says is done.
    await store.driver.exec(
      `UPDATE processor_offsets SET next_offset = next_offset - 3 WHERE partition = 0 AND next_offset >= 3`,
    );
    await processor.stop();
    running.splice(running.indexOf(processor), 1);
    const committed = await bus.committedOffsets(settings.groupId, TOPICS.fixes);
    const stored = await store.loadProcessorPartitions(settings.groupId, TOPICS.fixes, [0]);
    expect(committed.get(0)! > stored.nextOffsets.get(0)!).toBe(true);

    await sendAll(bus, TOPICS.fixes, fixMessages(fixes.slice(200)));
    await start();
    // The bus hands partition 0 out from the stored offset, not the group's commit: no gap, nothing skipped.
    await eventually(
      () => allApplied(bus, store, settings.groupId, TOPICS.fixes),
      'every fix is applied',
      WAIT_MS,
    );
    expect(log.lines.some((line) => line.fields.code === 'VW_ERR_PROCESSOR_OFFSET_GAP')).toBe(false);
    expect(await countRows(store, 'SELECT count(*)::int AS n FROM fixes')).toBe(fixes.length);
  });

  it('refuses to start without an active zone set, naming the problem', async () => {
    await expect(start()).rejects.toSatisfy(
      (error) => isVesselWatchError(error, 'VW_ERR_PROCESSOR_NO_ZONE_SET') && !error.retriable,
    );
  });
});

function byId(a: Record<string, unknown>, b: Record<string, unknown>): number {
  return String(a.id).localeCompare(String(b.id));
}
