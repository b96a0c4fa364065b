import type { MessageBatch } from '@vesselwatch/bus';
import { decodeAlertEvent } from '@vesselwatch/codecs';
import type { AlertEvent, Vessel } from '@vesselwatch/domain';
import {
  alertPortIds,
  escalationTimers,
  isStaleEvent,
  planDeliveries,
  type EscalationTimer,
  type NotificationChannel,
  type PlannedDelivery,
} from '@vesselwatch/notify';
import type { NotificationBatch, RejectedAlertMessage, Store } from '@vesselwatch/store';

/**
 * Turns one batch of the alerts topic into what goes into the outbox: every delivery the subscriptions call
 * for, the escalation timers, and the messages that are not alert events (kept with the reason, never
 * dropped). Reads subscriptions, policies, vessels and port officers from the store as they are now.
 */
export async function planAlertBatch(
  batch: MessageBatch,
  store: Store,
  options: {
    nowMs: number;
    configuredChannels: ReadonlySet<NotificationChannel>;
    timeZone: string;
    maxEventAgeMs: number | null;
  },
): Promise<NotificationBatch & { events: AlertEvent[] }> {
  const events: AlertEvent[] = [];
  const rejected: RejectedAlertMessage[] = [];
  for (const message of batch.messages) {
    try {
      events.push(decodeAlertEvent(message.value));
    } catch (error) {
      rejected.push({
        topic: batch.topic,
        partition: batch.partition,
        offset: message.offset,
        key: message.key,
        value: Buffer.from(message.value).toString('utf8').slice(0, 10_000),
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }
  if (events.length === 0) return { events, deliveries: [], escalations: [], rejected };
  const [subscriptions, policies] = await Promise.all([
    store.notifications.subscriptions(),
    store.notifications.escalationPolicies(),
  ]);
  const vessels = new Map<string, Vessel | null>();
  for (const event of events) {
    const id = event.alert.vesselId;
    if (!vessels.has(id)) vessels.set(id, await store.vessel(id));
  }
  const ports = new Set(events.flatMap((event) => alertPortIds(event, vessels.get(event.alert.vesselId)!)));
  const officers = await store.notifications.portOfficers([...ports]);
  const deliveries: PlannedDelivery[] = [];
  const escalations: EscalationTimer[] = [];
  for (const event of events) {
    const vessel = vessels.get(event.alert.vesselId) ?? null;
    deliveries.push(
      ...planDeliveries(
        event,
        subscriptions,
        { vessel, portOfficers: officers },
        {
          nowMs: options.nowMs,
          configuredChannels: options.configuredChannels,
          timeZone: options.timeZone,
          maxEventAgeMs: options.maxEventAgeMs,
        },
      ),
    );
    if (!isStaleEvent(event, options.nowMs, options.maxEventAgeMs))
      escalations.push(...escalationTimers(event, policies, options.nowMs));
  }
  return { events, deliveries, escalations, rejected };
}
