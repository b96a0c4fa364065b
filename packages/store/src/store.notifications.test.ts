import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { alertEventKey, isVesselWatchError, type AlertEvent } from '@vesselwatch/domain';
import {
  SubscriptionSchema,
  escalationTimers,
  planDeliveries,
  type NotificationChannel,
  type PlannedDelivery,
} from '@vesselwatch/notify';
import { openStore, type Store } from './open-store';
import { alert, vessel } from './test-support/domain-fixtures';
import { testDatabaseTargets, truncateStoreTables, type TestDatabase } from './test-support/test-databases';

/**
 * The notifier's tables (migration 0005) through the store's API, on every database available here:
 * the default policy as data, subscriptions, the outbox (idempotent writes, claims, leases, retries, dead
 * letters), delivery status per alert, escalation timers and rejected messages.
 */
const targets = await testDatabaseTargets(process.env);
const T0 = Date.UTC(2026, 10, 26, 7, 0, 0);
const ALL: ReadonlySet<NotificationChannel> = new Set(['sms', 'email', 'webhook', 'downlink']);

const NOTIFICATION_TABLES = [
  'notification_deliveries',
  'notification_escalations',
  'notification_rejected_messages',
  'users',
];

function dangerEvent(vesselId = 'V1'): AlertEvent {
  return {
    transition: 'opened',
    alert: alert(vesselId, 'border.approach', T0, null, {
      severity: 'danger',
      evidence: { distanceNm: 1.5, courseDeg: 270, speedKnots: 6, jurisdiction: 'CHN' },
    }),
  };
}

for (const target of targets) {
  describe.skipIf(!target.available)(`store notifications on ${target.name}`, () => {
    let database: TestDatabase;
    let store: Store;

    beforeAll(async () => {
      database = await target.create();
      store = await openStore(database.config);
    });
    afterAll(async () => {
      await store?.close();
      await database?.drop();
    });
    beforeEach(async () => {
      await truncateStoreTables(store.driver);
      await store.driver.exec(`TRUNCATE ${NOTIFICATION_TABLES.join(', ')} CASCADE`);
      await store.driver.exec(
        "DELETE FROM notification_subscriptions WHERE id NOT LIKE 'default-%'; DELETE FROM notification_escalation_policies WHERE id NOT LIKE 'default-%'",
      );
    });

    async function plan(event: AlertEvent, nowMs = T0): Promise<PlannedDelivery[]> {
      const v = await store.vessel(event.alert.vesselId);
      return planDeliveries(
        event,
        await store.notifications.subscriptions(),
        { vessel: v, portOfficers: await store.notifications.portOfficers(v ? [v.homePortId] : []) },
        { nowMs, configuredChannels: ALL },
      );
    }

    it('seeds the default policy as data: owners and crews, the terminal, port officers, escalation to level 1', async () => {
      const subscriptions = await store.notifications.subscriptions();
      expect(subscriptions.map((s) => [s.id, s.recipient.kind, s.channels, s.minSeverity])).toEqual([
        ['default-port-officers', 'port-officers', ['sms', 'email'], 'warning'],
        ['default-vessel-contacts', 'vessel-contacts', ['sms', 'email'], 'warning'],
        ['default-vessel-terminal', 'vessel-terminal', ['downlink'], 'notice'],
      ]);
      const [policy] = await store.notifications.escalationPolicies();
      expect(policy).toMatchObject({
        id: 'default-danger-level-1',
        level: 1,
        afterMinutes: 15,
        minSeverity: 'danger',
      });
    });

    it('saves, lists and removes subscriptions, refusing invalid ones', async () => {
      const saved = await store.notifications.saveSubscription({
        id: 'centre',
        recipient: { kind: 'person', name: 'Provincial centre', phone: '+84900000001' },
        channels: ['sms'],
        escalationLevel: 1,
      });
      expect(saved).toEqual(SubscriptionSchema.parse(saved));
      expect((await store.notifications.subscriptions()).find((s) => s.id === 'centre')).toEqual(saved);
      await store.notifications.saveSubscription({ ...saved, enabled: false });
      expect((await store.notifications.subscriptions()).find((s) => s.id === 'centre')!.enabled).toBe(false);
      const refused = await store.notifications
        .saveSubscription({ id: 'Bad Id', recipient: { kind: 'vessel-terminal' }, channels: ['sms'] })
        .catch((error: unknown) => error);
      expect(isVesselWatchError(refused, 'VW_ERR_INPUT_INVALID')).toBe(true);
      expect(await store.notifications.removeSubscription('centre')).toBe(true);
      expect(await store.notifications.removeSubscription('centre')).toBe(false);
    });

    it('writes a batch once: a redelivered event adds nothing; undeliverable rows are recorded with the reason', async () => {
      // The registry's fixture vessel: owner and captain with phones only.
      await store.upsertVessels([vessel('V1', 'port-a')]);
      await store.driver.query(
        "INSERT INTO users (id, display_name, phone, email) VALUES ('officer-a', 'Officer A', '+84911000001', 'a@example.org')",
      );
      await store.driver.query(
        "INSERT INTO user_roles (user_id, role, scope) VALUES ('officer-a', 'port_officer', 'port-a')",
      );
      const event = dangerEvent();
      const deliveries = await plan(event);
      const policies = await store.notifications.escalationPolicies();
      const batch = { deliveries, escalations: escalationTimers(event, policies, T0), rejected: [] };
      const first = await store.notifications.writeBatch(batch);
      expect(first).toEqual({
        deliveriesInserted: 7,
        deliveriesDuplicate: 0,
        escalationsStarted: 1,
        rejectedRecorded: 0,
      });
      expect(await store.notifications.writeBatch(batch)).toEqual({
        deliveriesInserted: 0,
        deliveriesDuplicate: 7,
        escalationsStarted: 0,
        rejectedRecorded: 0,
      });
      const stored = await store.notificationDeliveries(event.alert.id);
      expect(stored.map((d) => [d.recipientId, d.channel, d.status, d.reason])).toEqual([
        ['user:officer-a', 'sms', 'pending', null],
        ['user:officer-a', 'email', 'pending', null],
        ['contact:V1:+84912345678', 'sms', 'pending', null],
        ['contact:V1:+84912345678', 'email', 'undeliverable', 'no_address'],
        ['contact:V1:+84987654321', 'sms', 'pending', null],
        ['contact:V1:+84987654321', 'email', 'undeliverable', 'no_address'],
        ['terminal:T-V1', 'downlink', 'pending', null],
      ]);
      expect(stored[0]!.dedupKey).toBe(`${alertEventKey(event)}|user:officer-a|sms`);
      expect(stored[6]!.payload).toMatchObject({ terminalId: 'T-V1' });
      expect(stored[2]!.body).toContain('NGUY HIỂM');
    });

    it('claims due rows once, retries failed ones when due, keeps dead letters, and re-claims an expired claim', async () => {
      await store.upsertVessels([vessel('V1', 'port-a')]);
      const event = dangerEvent();
      const deliveries = (await plan(event)).filter((d) => d.status === 'pending');
      // One held by quiet hours until an hour later.
      deliveries[0] = { ...deliveries[0]!, notBeforeMs: T0 + 3_600_000 };
      await store.notifications.writeBatch({ deliveries, escalations: [], rejected: [] });
      const claim = (token: string, nowMs: number) =>
        store.notifications.claimDue({ nowMs, limit: 10, leaseMs: 30_000, claimToken: token });

      const first = await claim('c1', T0);
      expect(first.map((d) => [d.status, d.attempts])).toEqual([
        ['sending', 1],
        ['sending', 1],
      ]);
      expect(await claim('c2', T0)).toEqual([]);
      const [sms, downlink] = first as [(typeof first)[0], (typeof first)[0]];
      expect(
        await store.notifications.markSent(sms.id, 'c1', { nowMs: T0 + 1, providerMessageId: 'p-1' }),
      ).toBe(true);
      // A second mark (e.g. a stale sender) changes nothing.
      expect(
        await store.notifications.markSent(sms.id, 'c1', { nowMs: T0 + 2, providerMessageId: 'p-2' }),
      ).toBe(false);
      expect(
        await store.notifications.markFailed(downlink.id, 'c1', {
          error: 'broker down',
          nextAttemptAtMs: T0 + 5_000,
        }),
      ).toBe(true);
      expect(await store.notifications.nextDueMs()).toBe(T0 + 5_000);
      expect(await claim('c3', T0 + 4_999)).toEqual([]);
      const retried = await claim('c3', T0 + 5_000);
      expect(retried.map((d) => [d.id, d.attempts, d.status])).toEqual([[downlink.id, 2, 'sending']]);
      // Its sender dies: after the lease another claims it; the dead sender's token no longer counts.
      expect(await claim('c4', T0 + 5_000 + 29_999)).toEqual([]);
      const reclaimed = await claim('c4', T0 + 35_000);
      expect(reclaimed.map((d) => [d.id, d.attempts])).toEqual([[downlink.id, 3]]);
      expect(
        await store.notifications.markSent(downlink.id, 'c3', { nowMs: T0, providerMessageId: null }),
      ).toBe(false);
      expect(
        await store.notifications.markFailed(downlink.id, 'c4', {
          error: '400 refused',
          nextAttemptAtMs: null,
        }),
      ).toBe(true);

      const held = await claim('c5', T0 + 3_600_000);
      expect(held.map((d) => d.recipientId)).toEqual([deliveries[0]!.recipientId]);

      const byId = new Map((await store.notificationDeliveries(event.alert.id)).map((d) => [d.id, d]));
      expect(byId.get(sms.id)).toMatchObject({
        status: 'sent',
        providerMessageId: 'p-1',
        sentAtMs: T0 + 1,
        lastError: null,
      });
      expect(byId.get(downlink.id)).toMatchObject({
        status: 'dead',
        attempts: 3,
        lastError: '400 refused',
        nextAttemptAtMs: null,
      });
      expect((await store.notifications.dead()).map((d) => d.id)).toEqual([downlink.id]);
      expect(await store.notifications.counts()).toEqual(
        expect.arrayContaining([
          { status: 'dead', channel: 'downlink', count: 1 },
          { status: 'sent', channel: 'sms', count: 1 },
        ]),
      );
    });

    it('decides due escalation timers once, by what the alerts table says', async () => {
      await store.notifications.saveSubscription({
        id: 'centre',
        recipient: { kind: 'person', name: 'Centre', phone: '+84900000001' },
        channels: ['sms'],
        escalationLevel: 1,
      });
      const policies = await store.notifications.escalationPolicies();
      const events = [dangerEvent('V1'), dangerEvent('V2')];
      await store.writeBatch({ alerts: events.map((e) => e.alert) });
      await store.notifications.writeBatch({
        deliveries: [],
        escalations: events.flatMap((e) => escalationTimers(e, policies, T0)),
        rejected: [],
      });
      expect(await store.notifications.dueEscalations(T0 + 15 * 60_000 - 1)).toEqual([]);
      await store.acknowledgeAlert(events[1]!.alert.id, {
        byUserId: 'inspector',
        atMs: T0 + 60_000,
        comment: 'called them',
      });
      const due = await store.notifications.dueEscalations(T0 + 15 * 60_000);
      expect(due.map((d) => [d.alertId, d.level, d.alert?.acknowledgement?.byUserId ?? null])).toEqual([
        [events[0]!.alert.id, 1, null],
        [events[1]!.alert.id, 1, 'inspector'],
      ]);
      const escalation = planDeliveries(
        due[0]!.event,
        await store.notifications.subscriptions(),
        { vessel: null, portOfficers: [] },
        { nowMs: T0, configuredChannels: ALL, escalation: { level: 1, afterMinutes: 15 } },
      );
      expect(escalation).toHaveLength(1);
      const decide = (i: number, status: 'escalated' | 'acknowledged', deliveries: PlannedDelivery[]) =>
        store.notifications.decideEscalation({
          alertId: due[i]!.alertId,
          policyId: due[i]!.policyId,
          status,
          deliveries,
          nowMs: T0 + 15 * 60_000,
        });
      expect(await decide(0, 'escalated', escalation)).toBe(true);
      expect(await decide(0, 'escalated', escalation)).toBe(false);
      expect(await decide(1, 'acknowledged', [])).toBe(true);
      expect(await store.notifications.dueEscalations(T0 + 60 * 60_000)).toEqual([]);
      expect(await store.notifications.escalations(events[0]!.alert.id)).toEqual([
        {
          policyId: 'default-danger-level-1',
          level: 1,
          dueAtMs: T0 + 15 * 60_000,
          status: 'escalated',
          deliveries: 1,
          decidedAtMs: T0 + 15 * 60_000,
        },
      ]);
      const [delivery] = await store.notificationDeliveries(events[0]!.alert.id);
      expect(delivery).toMatchObject({
        transition: 'escalated',
        escalationLevel: 1,
        recipientId: 'subscription:centre',
      });
    });

    it('records rejected alert messages once', async () => {
      const rejected = {
        topic: 'vms.alerts',
        partition: 2,
        offset: 41n,
        key: 'V1',
        value: '{oops',
        reason: 'not JSON',
      };
      const batch = { deliveries: [], escalations: [], rejected: [rejected] };
      expect((await store.notifications.writeBatch(batch)).rejectedRecorded).toBe(1);
      expect((await store.notifications.writeBatch(batch)).rejectedRecorded).toBe(0);
      expect(await store.notifications.rejectedMessages()).toEqual([rejected]);
    });
  });
}
