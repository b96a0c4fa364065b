import { alertEventKey, type AlertEvent } from '@vesselwatch/domain';
import { subscriptionMatches } from './matching';
import { quietHoursReleaseMs } from './quiet-hours';
import { resolveRecipients, type RecipientContext } from './recipients';
import type { Language, NotificationChannel, Subscription } from './subscription';
import { renderDownlink, renderMessage, type EscalationNote } from './templates';

/** Why a delivery was recorded without being sendable. */
export type UndeliverableReason = 'no_address' | 'channel_not_configured' | 'stale';

/** One message to one recipient on one channel, as the notifier records it before sending anything. */
export interface PlannedDelivery {
  /**
   * The event's key (alertEventKey, or `<alert id>#escalation#<level>`), the recipient and the channel:
   * unique in the outbox, so a redelivered event or two subscriptions naming the same person never make a
   * second message.
   */
  dedupKey: string;
  eventKey: string;
  alertId: string;
  vesselId: string;
  /** opened, updated, resolved, or escalated. */
  transition: AlertEvent['transition'] | 'escalated';
  escalationLevel: number;
  subscriptionId: string;
  recipientId: string;
  recipientName: string;
  channel: NotificationChannel;
  /** Phone, e-mail address, webhook URL or terminal id; null when the recipient has none on this channel. */
  address: string | null;
  language: Language;
  subject: string;
  body: string;
  /** Channel-specific content: the downlink texts, the webhook's event. */
  payload: Record<string, unknown>;
  /** pending: to send at notBeforeMs (later than now in quiet hours); undeliverable: recorded, never sent. */
  status: 'pending' | 'undeliverable';
  reason: UndeliverableReason | null;
  notBeforeMs: number;
}

/** Builds the dedup key of one delivery. */
export function deliveryDedupKey(
  eventKey: string,
  recipientId: string,
  channel: NotificationChannel,
): string {
  return `${eventKey}|${recipientId}|${channel}`;
}

/** The event key of an escalation of an alert to a level. */
export function escalationEventKey(alertId: string, level: number): string {
  return `${alertId}#escalation#${level}`;
}

export interface PlanOptions {
  /** The notifier's clock (quiet hours are judged at this instant). */
  nowMs: number;
  /** Channels this notifier can send on; deliveries on others are recorded as channel_not_configured. */
  configuredChannels: ReadonlySet<NotificationChannel>;
  /** Time zone of the texts' times (default Asia/Ho_Chi_Minh). */
  timeZone?: string;
  /** 0 for an alert transition as it happens; the level when planning an escalation. */
  escalation?: EscalationNote | null;
  /**
   * An event whose alert was last updated longer ago than this (by `nowMs`) is recorded, but sent to nobody
   * (reason `stale`): a replay of last year's history must not text this year's crews. Null: no limit.
   */
  maxEventAgeMs?: number | null;
}

/** Whether an event is too old to tell anyone about (see PlanOptions.maxEventAgeMs). */
export function isStaleEvent(
  event: AlertEvent,
  nowMs: number,
  maxEventAgeMs: number | null | undefined,
): boolean {
  return (
    maxEventAgeMs !== null &&
    maxEventAgeMs !== undefined &&
    nowMs - event.alert.lastUpdatedAtMs > maxEventAgeMs
  );
}

/**
 * Every delivery an alert event calls for under the subscriptions: each matching subscription's recipients
 * on each of its channels, deduplicated by dedup key. Pure: the same input gives the same deliveries.
 */
export function planDeliveries(
  event: AlertEvent,
  subscriptions: readonly Subscription[],
  context: RecipientContext,
  options: PlanOptions,
): PlannedDelivery[] {
  const level = options.escalation?.level ?? 0;
  const eventKey = level === 0 ? alertEventKey(event) : escalationEventKey(event.alert.id, level);
  const planned = new Map<string, PlannedDelivery>();
  // Escalations are decided on the notifier's clock and are never stale.
  const stale = level === 0 && isStaleEvent(event, options.nowMs, options.maxEventAgeMs);
  for (const subscription of subscriptions) {
    if (!subscriptionMatches(subscription, event, context.vessel, level)) continue;
    for (const recipient of resolveRecipients(subscription, event, context)) {
      for (const channel of subscription.channels) {
        const dedupKey = deliveryDedupKey(eventKey, recipient.id, channel);
        if (planned.has(dedupKey)) continue;
        const address = recipient.addresses[channel] ?? null;
        const reason: UndeliverableReason | null = stale
          ? 'stale'
          : address === null
            ? 'no_address'
            : options.configuredChannels.has(channel)
              ? null
              : 'channel_not_configured';
        const rendered = renderMessage(event, {
          vessel: context.vessel,
          language: recipient.language,
          timeZone: options.timeZone,
          escalation: options.escalation ?? null,
        });
        const payload: Record<string, unknown> =
          channel === 'downlink'
            ? { terminalId: address, ...renderDownlink(event, options.timeZone) }
            : channel === 'webhook'
              ? { event, escalationLevel: level }
              : {};
        planned.set(dedupKey, {
          dedupKey,
          eventKey,
          alertId: event.alert.id,
          vesselId: event.alert.vesselId,
          transition: level === 0 ? event.transition : 'escalated',
          escalationLevel: level,
          subscriptionId: subscription.id,
          recipientId: recipient.id,
          recipientName: recipient.name,
          channel,
          address,
          language: recipient.language,
          subject: rendered.subject,
          body: channel === 'downlink' ? String(payload.text) : rendered.text,
          payload,
          status: reason === null ? 'pending' : 'undeliverable',
          reason,
          // Quiet hours hold people's phones and inboxes, never a terminal or a machine.
          notBeforeMs:
            channel === 'sms' || channel === 'email'
              ? quietHoursReleaseMs(subscription.quietHours, event.alert.severity, options.nowMs)
              : options.nowMs,
        });
      }
    }
  }
  return [...planned.values()];
}
