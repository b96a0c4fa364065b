import { afterEach, describe, expect, it } from 'vitest';
import { InProcessBus, type BusMessage } from '@vesselwatch/bus';
import { decodeDownlinkMessage } from '@vesselwatch/codecs';
import { alertEventKey, type AlertEvent } from '@vesselwatch/domain';
import { openStore, type Store } from '@vesselwatch/store';
import { idempotencyKey } from './channels/channel-sender';
import { webhookSignature } from './channels/webhook';
import { Notifier } from './notifier';
import { NOTIFIER_SETTINGS_DEFAULT, type NotifierSettings } from './settings';
import { borderEvent, testVessel } from './test-support/fixtures';
import { recordingLogger, sendEvents, until } from './test-support/harness';
import { HttpReceiver, SmtpReceiver } from './test-support/receivers';

/**
 * The notifier on the in-process bus and embedded PGlite, with real local receivers: the right messages to
 * the right people once, retries, dead letters, escalation, unread messages kept, and no channels at all.
 */
const TOPICS = { alerts: 'test.alerts', downlink: 'test.downlink' };
const WEBHOOK_SECRET = 'webhook-secret-for-the-test';
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Rig {
  store: Store;
  bus: InProcessBus;
  sms: HttpReceiver;
  smtp: SmtpReceiver;
  webhook: HttpReceiver;
  downlink: BusMessage[];
  clock: { offsetMs: number };
  log: ReturnType<typeof recordingLogger>;
  start(overrides?: Partial<NotifierSettings>): Promise<Notifier>;
  send(events: AlertEvent[]): Promise<void>;
}

async function rig(): Promise<Rig> {
  const store = await openStore({ embedded: {} });
  cleanups.push(() => store.close());
  const bus = new InProcessBus();
  cleanups.push(() => bus.close());
  await bus.ensureTopics([
    { topic: TOPICS.alerts, partitions: 3 },
    { topic: TOPICS.downlink, partitions: 3 },
  ]);
  const sms = await new HttpReceiver().start();
  const smtp = await new SmtpReceiver().start();
  const webhook = await new HttpReceiver().start();
  cleanups.push(
    () => sms.close(),
    () => smtp.close(),
    () => webhook.close(),
  );
  const downlink: BusMessage[] = [];
  const watcher = bus.consumer({ groupId: 'test-terminal-provider', topics: [TOPICS.downlink] });
  cleanups.push(() => watcher.stop());
  await watcher.run(async (batch) => void downlink.push(...batch.messages));
  await store.upsertVessels([testVessel('V-1'), testVessel('V-2')]);
  await store.driver.query(
    "INSERT INTO users (id, display_name, phone, email) VALUES ('officer-1', 'Cán bộ cảng Sa Kỳ', '+84900000009', NULL)",
  );
  await store.driver.query(
    "INSERT INTO user_roles (user_id, role, scope) VALUES ('officer-1', 'port_officer', 'port-sa-ky')",
  );
  await store.notifications.saveSubscription({
    id: 'ops-hook',
    recipient: { kind: 'webhook', url: `${webhook.url}/vms`, secret: WEBHOOK_SECRET },
    channels: ['webhook'],
    alertTypes: ['border.approach'],
    minSeverity: 'danger',
    transitions: ['opened'],
  });
  await store.notifications.saveSubscription({
    id: 'provincial-centre',
    recipient: {
      kind: 'person',
      name: 'Trung tâm tỉnh',
      phone: '+84900000001',
      email: 'centre@example.org',
      language: 'vi',
    },
    channels: ['sms', 'email'],
    escalationLevel: 1,
  });
  const producer = await bus.producer();
  const clock = { offsetMs: 0 };
  const log = recordingLogger();
  return {
    store,
    bus,
    sms,
    smtp,
    webhook,
    downlink,
    clock,
    log,
    async start(overrides = {}) {
      const notifier = await Notifier.start(
        { bus, store, log, now: () => Date.now() + clock.offsetMs },
        {
          ...NOTIFIER_SETTINGS_DEFAULT,
          topics: TOPICS,
          groupId: 'test-notifier',
          channels: {
            sms: { url: `${sms.url}/sms`, apiKey: null, sender: null, timeoutMs: 2_000 },
            email: {
              host: '127.0.0.1',
              port: smtp.port,
              secure: false,
              user: null,
              password: null,
              from: 'alerts@vms.example.org',
              timeoutMs: 2_000,
            },
            webhookTimeoutMs: 2_000,
          },
          retry: { initialDelayMs: 50, maxDelayMs: 200, maxAttempts: 3 },
          pollIntervalMs: 100,
          escalationPollIntervalMs: 100,
          ...overrides,
        },
      );
      cleanups.push(() => notifier.stop());
      return notifier;
    },
    send: (events) => sendEvents(producer, TOPICS.alerts, events),
  };
}

// Recent: events older than the notifier's maxEventAgeMs (6 h) would be recorded as stale and not sent.
const T = Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000;

describe('notifier', () => {
  it('sends each transition once per recipient and channel: owner, captain, port officer, terminal, webhook', async () => {
    const r = await rig();
    await r.start();
    const opened = borderEvent('V-1', T);
    const updated = borderEvent('V-1', T, 'updated', 'warning', T + 600_000);
    const resolved = borderEvent('V-1', T, 'resolved', 'warning', T + 1_200_000);
    // The processor may repeat events (at-least-once): the repeat changes nothing.
    await r.send([opened, updated, opened]);
    await r.send([resolved, updated]);
    const expectedPerTransition = { sms: 3, email: 1, downlink: 1 }; // owner+captain+officer; owner; terminal
    const transitions = 3;
    await until(
      () =>
        r.sms.requests.length === expectedPerTransition.sms * transitions &&
        r.smtp.mails.length === expectedPerTransition.email * transitions &&
        r.downlink.length === transitions &&
        r.webhook.requests.length === 1,
      'every message arrived',
    );
    const deliveries = await r.store.notificationDeliveries(opened.alert.id);
    // Per transition: owner sms+email, captain sms (+ email without address), officer sms (+ email without
    // address), terminal downlink; the webhook for the opening only.
    expect(deliveries.filter((d) => d.status === 'sent')).toHaveLength(5 * transitions + 1);
    expect(deliveries.filter((d) => d.status === 'undeliverable').map((d) => d.reason)).toEqual(
      Array(2 * transitions).fill('no_address'),
    );
    expect(new Set(deliveries.map((d) => d.dedupKey)).size).toBe(deliveries.length);
    // Each message exactly once: distinct idempotency keys, none repeated.
    const smsKeys = r.sms.requests.map((q) => q.headers['idempotency-key']);
    expect(new Set(smsKeys).size).toBe(smsKeys.length);
    const captainOpened = r.sms
      .json<{ to: string; text: string }>()
      .find((m) => m.to === testVessel('V-1').contacts[0]!.phone && m.text.startsWith('DANGER'));
    expect(captainOpened!.text).toContain('Turn away now'); // the captain reads English
    const ownerMail = r.smtp.mails.find((m) =>
      m.headers
        .get('message-id')
        ?.includes(
          idempotencyKey(`${alertEventKey(opened)}|contact:V-1:${testVessel('V-1').owner.phone}|email`),
        ),
    );
    expect(ownerMail!.text).toContain('QNg-90001-TS');
    expect(ownerMail!.text).toContain('cách ranh giới (CHN) 1,8 hải lý');
    const downlink = r.downlink.map((m) => decodeDownlinkMessage(m.value));
    expect(downlink.map((m) => m.terminalId)).toEqual(['TERM-V-1', 'TERM-V-1', 'TERM-V-1']);
    expect(downlink[0]!.textAscii).toMatch(/^NGUY HIEM Sap vuot ranh gioi/);
    expect(r.webhook.requests[0]!.headers['x-vesselwatch-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('retries transient failures with back-off and keeps permanent ones as dead letters', async () => {
    const r = await rig();
    const owner = testVessel('V-1').owner.phone;
    const captain = testVessel('V-1').contacts[0]!.phone;
    let ownerAttempts = 0;
    r.sms.responder = (request) => {
      const to = (JSON.parse(request.body) as { to: string }).to;
      if (to === owner)
        return (ownerAttempts += 1) < 3 ? { status: 503 } : { status: 202, body: { id: 'ok' } };
      if (to === captain) return { status: 400, body: { error: 'unknown number' } };
      return { status: 200 };
    };
    await r.start();
    const event = borderEvent('V-1', T);
    await r.send([event]);
    await until(async () => {
      const all = await r.store.notificationDeliveries(event.alert.id);
      return all.length > 0 && all.every((d) => ['sent', 'dead', 'undeliverable'].includes(d.status));
    }, 'every delivery is settled');
    const sms = (await r.store.notificationDeliveries(event.alert.id)).filter((d) => d.channel === 'sms');
    expect(sms.find((d) => d.address === owner)).toMatchObject({
      status: 'sent',
      attempts: 3,
      providerMessageId: 'ok',
    });
    expect(sms.find((d) => d.address === captain)).toMatchObject({ status: 'dead', attempts: 1 });
    expect(sms.find((d) => d.address === captain)!.lastError).toContain('VW_ERR_NOTIFY_REJECTED');
    expect((await r.store.notifications.dead()).map((d) => d.address)).toEqual([captain]);
    expect(ownerAttempts).toBe(3);
  });

  it('escalates a danger alert nobody acknowledged in time to level 1, and not one that was acknowledged', async () => {
    const r = await rig();
    await r.start();
    const unacknowledged = borderEvent('V-1', T);
    const acknowledged = borderEvent('V-2', T);
    await r.store.writeBatch({ alerts: [unacknowledged.alert, acknowledged.alert] });
    await r.send([unacknowledged, acknowledged]);
    await until(
      async () => (await r.store.notifications.escalations(acknowledged.alert.id)).length === 1,
      'the timers started',
    );
    await r.store.acknowledgeAlert(acknowledged.alert.id, {
      byUserId: 'inspector',
      atMs: T,
      comment: 'called the owner',
    });
    const before = r.sms.requests.length;
    r.clock.offsetMs = 16 * 60_000;
    await until(
      async () =>
        (await r.store.notifications.escalations(unacknowledged.alert.id))[0]?.status === 'escalated',
      'the alert escalated',
    );
    await until(
      () => r.smtp.mails.some((m) => m.to.includes('centre@example.org')),
      'the centre got the e-mail',
    );
    expect((await r.store.notifications.escalations(acknowledged.alert.id))[0]!.status).toBe('acknowledged');
    const centre = r.sms
      .json<{ to: string; text: string }>()
      .slice(before)
      .filter((m) => m.to === '+84900000001');
    expect(centre).toHaveLength(1);
    expect(centre[0]!.text).toMatch(/^\[CHUYỂN CẤP 1: chưa ai xác nhận sau 15 phút\] NGUY HIỂM/);
  });

  it('records escalations to a level nobody subscribed to, warning once per level', async () => {
    const r = await rig();
    await r.store.notifications.saveEscalationPolicy({ id: 'border-guard', level: 2, afterMinutes: 30 });
    await r.start();
    const events = [borderEvent('V-1', T), borderEvent('V-1', T + 60_000), borderEvent('V-2', T)];
    await r.send(events);
    await until(
      async () => (await r.store.notifications.escalations(events[2]!.alert.id)).length === 2,
      'the timers started',
    );
    r.clock.offsetMs = 31 * 60_000;
    for (const event of events) {
      await until(
        async () =>
          (await r.store.notifications.escalations(event.alert.id)).every((e) => e.status === 'escalated'),
        'every timer escalated',
      );
      expect(
        (await r.store.notifications.escalations(event.alert.id)).find((e) => e.level === 2),
      ).toMatchObject({
        deliveries: 0,
      });
    }
    const warnings = r.log.lines.filter((line) =>
      line.msg.startsWith('alert escalated, but no subscription'),
    );
    expect(warnings.map((line) => [line.level, line.fields.level])).toEqual([
      ['warn', 2],
      ['debug', 2],
      ['debug', 2],
    ]);
  });

  it('records messages that are not alert events, and vessels without reachable contacts, without stopping', async () => {
    const r = await rig();
    await r.start({ channels: { sms: null, email: null, webhookTimeoutMs: 2_000 } });
    const producer = await r.bus.producer();
    await producer.send(TOPICS.alerts, [
      { key: 'V-9', value: new TextEncoder().encode('{"transition":"opened"}') },
    ]);
    const unregistered = borderEvent('unregistered:naf:X1', T);
    const registered = borderEvent('V-2', T);
    await r.send([unregistered, registered]);
    await until(
      async () => (await r.store.notifications.rejectedMessages()).length === 1,
      'the bad message is recorded',
    );
    await until(
      async () => (await r.store.notificationDeliveries(registered.alert.id)).length === 8,
      'the deliveries are recorded',
    );
    const deliveries = await r.store.notificationDeliveries(registered.alert.id);
    expect(
      deliveries
        .filter((d) => d.status === 'undeliverable')
        .map((d) => `${d.channel}:${d.reason}`)
        .sort(),
    ).toEqual([
      'email:channel_not_configured',
      'email:no_address',
      'email:no_address',
      'sms:channel_not_configured',
      'sms:channel_not_configured',
      'sms:channel_not_configured',
    ]);
    await until(
      () => r.downlink.length === 1 && r.webhook.requests.length === 2,
      'terminal and webhook still get theirs',
    );
    expect((await r.store.notificationDeliveries(unregistered.alert.id)).map((d) => d.channel)).toEqual([
      'webhook',
    ]);
    // An event from a replay of old history: recorded for everyone, sent to nobody, no escalation timer.
    const old = borderEvent('V-2', T - 7 * 3_600_000);
    await r.send([old]);
    await until(
      async () => (await r.store.notificationDeliveries(old.alert.id)).length === 8,
      'the stale event is recorded',
    );
    expect(
      new Set((await r.store.notificationDeliveries(old.alert.id)).map((d) => `${d.status}:${d.reason}`)),
    ).toEqual(new Set(['undeliverable:stale']));
    expect(await r.store.notifications.escalations(old.alert.id)).toEqual([]);
    const [rejected] = await r.store.notifications.rejectedMessages();
    expect(rejected!.reason).toContain('VW_ERR_INPUT_INVALID');
    expect(r.log.lines.some((line) => line.level === 'warn' && line.msg.includes('not an alert event'))).toBe(
      true,
    );
  });
});

describe('notifier and subscription changes', () => {
  it('signs with the secret the subscription has now, also for one added or rotated while it runs', async () => {
    const r = await rig();
    await r.start();
    const rotated = 'a-rotated-secret-for-the-hook';
    await r.store.notifications.saveSubscription({
      id: 'ops-hook',
      recipient: { kind: 'webhook', url: `${r.webhook.url}/vms`, secret: rotated },
      channels: ['webhook'],
      alertTypes: ['border.approach'],
      minSeverity: 'danger',
      transitions: ['opened'],
    });
    await r.send([borderEvent('V-2', T)]);
    await until(() => r.webhook.requests.length === 1, 'the webhook arrived');
    const [request] = r.webhook.requests;
    const timestamp = String(request!.headers['x-vesselwatch-timestamp']);
    expect(request!.headers['x-vesselwatch-signature']).toBe(
      webhookSignature(rotated, Number(timestamp), request!.body),
    );
    expect(request!.headers['x-vesselwatch-signature']).not.toBe(
      webhookSignature(WEBHOOK_SECRET, Number(timestamp), request!.body),
    );
  });
});
