import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { KafkaBus, type BusMessage } from '@vesselwatch/bus';
import { decodeDownlinkMessage } from '@vesselwatch/codecs';
import type { AlertEvent } from '@vesselwatch/domain';
import { planDeliveries, type NotificationChannel } from '@vesselwatch/notify';
import { createScratchDatabase, openStore } from '@vesselwatch/store';
import { requireService, startJsonLinesChild, type JsonLinesChild } from '@vesselwatch/testkit';
import { idempotencyKey } from './channels/channel-sender';
import { borderEvent, testVessel } from './test-support/fixtures';
import { sendEvents, until } from './test-support/harness';
import { HttpReceiver, SmtpReceiver } from './test-support/receivers';

/**
 * The notifier on the real Kafka broker and PostgreSQL, in a process of its own, SIGKILLed in the middle of
 * the stream and started again. Every (transition, recipient, channel) must reach its receiver, and no
 * receiver may get a second message. The one window in which the outbox cannot know (the provider accepted,
 * the process died before marking the row sent) can repeat a message; the repeat carries the same
 * idempotency key (Idempotency-Key header, webhook delivery id, e-mail Message-ID, downlink id), which the
 * receivers here honour as providers do, and the test counts such repeats and bounds them by the sends that
 * can be in flight at the kill.
 */
const kafka = await requireService('kafka');
const postgres = await requireService('postgres');
const PARTITIONS = 3;
const VESSELS = 20;
const SEND_CONCURRENCY = 4; // notifier-child.ts
const childScript = fileURLToPath(new URL('./test-support/notifier-child.ts', import.meta.url));
// Recent: events older than the notifier's maxEventAgeMs (6 h) would be recorded as stale and not sent.
const T = Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000;

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

/** A receiver that, like a provider taking idempotency keys, keeps the first message per key. */
function byKey<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return counts;
}

function startChild(env: Record<string, string>): JsonLinesChild {
  const child = startJsonLinesChild(childScript, { ...env, LOG_LEVEL: 'info' });
  cleanups.push(child.kill);
  return child;
}

describe.skipIf(!kafka || !postgres)('notifier on the real Kafka broker and PostgreSQL', () => {
  it('killed (SIGKILL) mid-stream and restarted: every message arrives, none twice per idempotency key', async () => {
    const database = await createScratchDatabase(postgres!.address, 'vw_notifier_test');
    cleanups.push(database.drop);
    const store = await openStore({ url: database.url });
    cleanups.push(() => store.close());
    const vessels = Array.from({ length: VESSELS }, (_, i) => testVessel(`V-${i + 1}`));
    await store.upsertVessels(vessels);
    const webhook = await new HttpReceiver().start();
    // The SMS gateway takes a while per message, so that the kill lands while messages are being sent.
    const sms = await new HttpReceiver((_request, index) => ({
      status: 200,
      body: { id: `sms-${index}` },
      delayMs: 25,
    })).start();
    const smtp = await new SmtpReceiver().start();
    cleanups.push(
      () => webhook.close(),
      () => sms.close(),
      () => smtp.close(),
    );
    await store.notifications.saveSubscription({
      id: 'ops-hook',
      recipient: { kind: 'webhook', url: `${webhook.url}/vms`, secret: randomBytes(24).toString('hex') },
      channels: ['webhook'],
      minSeverity: 'danger',
      transitions: ['opened'],
    });

    const prefix = `vw-notify-test-${randomBytes(5).toString('hex')}`;
    const bus = new KafkaBus({
      brokers: kafka!.address.split(','),
      clientId: 'vesselwatch-notifier-test-driver',
      logLevel: 'error',
      consumerTuning: {
        sessionTimeoutMs: 6_000,
        heartbeatIntervalMs: 500,
        rebalanceTimeoutMs: 6_000,
        maxWaitTimeMs: 100,
      },
    });
    cleanups.push(() => bus.close());
    const topics = { alerts: `${prefix}.alerts`, downlink: `${prefix}.downlink` };
    await bus.ensureTopics([
      { topic: topics.alerts, partitions: PARTITIONS },
      { topic: topics.downlink, partitions: PARTITIONS },
    ]);
    const downlink: BusMessage[] = [];
    const terminalProvider = bus.consumer({
      groupId: `${prefix}-provider`,
      topics: [topics.downlink],
      fromBeginning: true,
    });
    cleanups.push(() => terminalProvider.stop());
    await terminalProvider.run(async (batch) => void downlink.push(...batch.messages));
    const producer = await bus.producer();

    // Per vessel: a danger approach opens, drops to warning, resolves.
    const events: AlertEvent[] = vessels.flatMap((vessel, i) => [
      borderEvent(vessel.id, T + i * 1000),
      borderEvent(vessel.id, T + i * 1000, 'updated', 'warning', T + i * 1000 + 600_000),
      borderEvent(vessel.id, T + i * 1000, 'resolved', 'warning', T + i * 1000 + 1_200_000),
    ]);
    // What must arrive, by channel: the idempotency keys of every planned delivery that has an address.
    const subscriptions = await store.notifications.subscriptions();
    const expected = new Map<NotificationChannel, Set<string>>([
      ['sms', new Set()],
      ['email', new Set()],
      ['webhook', new Set()],
      ['downlink', new Set()],
    ]);
    for (const event of events) {
      const vessel = vessels.find((v) => v.id === event.alert.vesselId)!;
      for (const delivery of planDeliveries(
        event,
        subscriptions,
        { vessel, portOfficers: [] },
        {
          nowMs: T,
          configuredChannels: new Set(['sms', 'email', 'webhook', 'downlink']),
        },
      )) {
        if (delivery.status === 'pending')
          expected.get(delivery.channel)!.add(idempotencyKey(delivery.dedupKey));
      }
    }
    expect([...expected].map(([channel, keys]) => [channel, keys.size])).toEqual([
      ['sms', 2 * events.length],
      ['email', events.length],
      ['webhook', VESSELS],
      ['downlink', events.length],
    ]);

    const childEnv = {
      KAFKA_BROKERS: kafka!.address,
      DATABASE_URL: database.url,
      VW_TEST_TOPIC_PREFIX: prefix,
      VW_TEST_PARTITIONS: String(PARTITIONS),
      VW_NOTIFIER_GROUP_ID: `${prefix}-notifier`,
      VW_TEST_SMS_URL: `${sms.url}/sms`,
      VW_TEST_SMTP_PORT: String(smtp.port),
    };
    const first = startChild(childEnv);
    await until(
      () => first.lines.some((l) => l.msg === 'child ready'),
      `the first notifier is ready:\n${first.output()}`,
      60_000,
    );
    const half = events.length / 2;
    await sendEvents(producer, topics.alerts, events.slice(0, half));
    await until(() => sms.requests.length >= 30, 'the first notifier is in the middle of sending', 60_000);
    first.process.kill('SIGKILL');
    await new Promise((resolve) => first.process.once('exit', resolve));
    const sentBeforeKill = sms.requests.length;
    expect(sentBeforeKill).toBeLessThan(expected.get('sms')!.size);

    // While no notifier runs: the rest, and the processor repeating some events (at-least-once).
    await sendEvents(producer, topics.alerts, [...events.slice(half), ...events.slice(0, 10)]);
    const second = startChild(childEnv);
    await until(
      () => second.lines.some((l) => l.msg === 'child ready'),
      `the second notifier is ready:\n${second.output()}`,
      60_000,
    );

    const received = () => ({
      sms: byKey(sms.requests, (r) => String(r.headers['idempotency-key'])),
      email: byKey(smtp.mails, (m) => m.headers.get('message-id')!.replace(/^<|@.*$/g, '')),
      webhook: byKey(webhook.requests, (r) => String(r.headers['idempotency-key'])),
      downlink: byKey(downlink, (m) => decodeDownlinkMessage(m.value).id),
    });
    await until(
      () =>
        Object.entries(received()).every(
          ([channel, keys]) => keys.size === expected.get(channel as NotificationChannel)!.size,
        ),
      `every message arrived:\n${second.output().slice(-3000)}`,
      90_000,
    );
    await until(
      async () =>
        (
          await store.driver.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM notification_deliveries WHERE status <> 'sent' AND status <> 'undeliverable'",
          )
        ).rows[0]!.n === 0,
      'every delivery is marked sent',
      30_000,
    );
    // Longer than the lease: a row left claimed by the dead notifier would have been sent again by now.
    await sleep(4_000);

    const got = received();
    let repeats = 0;
    for (const [channel, counts] of Object.entries(got)) {
      expect(new Set(counts.keys()), channel).toEqual(expected.get(channel as NotificationChannel));
      for (const count of counts.values()) repeats += count - 1;
    }
    // Only sends in flight at the kill can repeat, each with its idempotency key (the receivers keep one).
    expect(repeats).toBeLessThanOrEqual(SEND_CONCURRENCY);
    const { rows } = await store.driver.query<{ status: string; channel: string; n: number }>(
      'SELECT status, channel, count(*)::int AS n FROM notification_deliveries GROUP BY status, channel ORDER BY status, channel',
    );
    expect(rows).toEqual([
      { status: 'sent', channel: 'downlink', n: events.length },
      { status: 'sent', channel: 'email', n: events.length },
      { status: 'sent', channel: 'sms', n: 2 * events.length },
      { status: 'sent', channel: 'webhook', n: VESSELS },
      { status: 'undeliverable', channel: 'email', n: events.length },
    ]);
    console.log(
      `notifier kill test: ${sentBeforeKill} SMS before the kill; repeats after the restart (same idempotency key): ${repeats}`,
    );
    // The standalone notifier's HTTP endpoints: liveness, readiness (bus and database), metrics.
    const url = String(second.lines.find((l) => l.msg === 'child ready')!.url);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { bus: 'ok', database: 'ok' } });
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain(
      `vesselwatch_notifier_outbox_deliveries{status="sent",channel="sms"} ${2 * events.length}`,
    );
    expect(metrics).toMatch(/vesselwatch_notifier_send_outcomes_total\{outcome="sent"\} \d+/);
    second.process.kill('SIGTERM');
    await new Promise((resolve) => second.process.once('exit', resolve));
    expect(second.process.exitCode).toBe(0);
  }, 240_000);
});
