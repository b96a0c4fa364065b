import { parseOrThrow, type Alert, type AlertEvent } from '@vesselwatch/domain';
import {
  EscalationPolicySchema,
  SubscriptionSchema,
  type EscalationPolicy,
  type EscalationPolicyInput,
  type EscalationTimer,
  type NotificationChannel,
  type PlannedDelivery,
  type PortOfficer,
  type Subscription,
  type SubscriptionInput,
} from '@vesselwatch/notify';
import type { SqlExecutor } from '../driver/sql-driver';
import { checkLimit } from './queries';
import { DELIVERY_COLUMNS, toDelivery, type DeliveryRow } from './notification-rows';
import { epochMsToTimestamptz } from './sql-arrays';

/**
 * The notifier's tables (migration 0005): subscriptions and escalation policies as data, the deliveries
 * outbox (unique dedup key), escalation timers and rejected alert messages. See docs/notifications.md.
 */

/** Every status an outbox row can have (the column's CHECK constraint lists the same). */
export const NOTIFICATION_DELIVERY_STATUSES = [
  'pending',
  'sending',
  'failed',
  'sent',
  'dead',
  'undeliverable',
] as const;
export type NotificationDeliveryStatus = (typeof NOTIFICATION_DELIVERY_STATUSES)[number];

/** One row of the outbox: one message to one recipient on one channel, and how sending it went. */
export interface NotificationDelivery {
  /** Database id (bigint as a decimal string). */
  id: string;
  dedupKey: string;
  eventKey: string;
  alertId: string;
  vesselId: string;
  transition: PlannedDelivery['transition'];
  escalationLevel: number;
  subscriptionId: string;
  recipientId: string;
  recipientName: string;
  channel: NotificationChannel;
  address: string | null;
  language: string;
  subject: string;
  body: string;
  payload: Record<string, unknown>;
  /**
   * pending: waiting for its first attempt (at nextAttemptAtMs: later in quiet hours); sending: claimed by a
   * sender; failed: an attempt failed for a reason that may pass, tried again at nextAttemptAtMs; sent: the
   * provider accepted it; dead: failed for good (permanent error or attempts used up: the dead-letter
   * record); undeliverable: recorded, never sent (reason: no_address, channel_not_configured).
   */
  status: NotificationDeliveryStatus;
  reason: string | null;
  attempts: number;
  nextAttemptAtMs: number | null;
  lastError: string | null;
  providerMessageId: string | null;
  createdAtMs: number;
  updatedAtMs: number;
  sentAtMs: number | null;
}

/** A message on the alerts topic that is not an alert event, kept with the reason instead of dropped. */
export interface RejectedAlertMessage {
  topic: string;
  partition: number;
  offset: bigint;
  key: string;
  value: string;
  reason: string;
}

export interface NotificationBatch {
  deliveries: readonly PlannedDelivery[];
  escalations: readonly EscalationTimer[];
  rejected: readonly RejectedAlertMessage[];
}

export interface NotificationBatchResult {
  /** New outbox rows. */
  deliveriesInserted: number;
  /** Deliveries already in the outbox (a redelivered event, a second subscription naming the same person). */
  deliveriesDuplicate: number;
  escalationsStarted: number;
  rejectedRecorded: number;
}

export interface ClaimDeliveriesOptions {
  /** The sender's clock: rows due at or before it are claimed. */
  nowMs: number;
  limit: number;
  /** How long the claim holds: past it another sender may claim the row (its sender is presumed dead). */
  leaseMs: number;
  /** Unique per claim; marking a row sent or failed needs it, so a sender whose claim expired cannot. */
  claimToken: string;
  /** Only these channels (default: all). */
  channels?: readonly NotificationChannel[];
}

/** A waiting escalation timer that is due, with what the alerts table says about its alert now. */
export interface DueEscalation {
  alertId: string;
  policyId: string;
  vesselId: string;
  level: number;
  afterMinutes: number;
  dueAtMs: number;
  /** The event that started the timer. */
  event: AlertEvent;
  /** The alert as stored now (latest evidence, acknowledgement, status); null when not stored (yet). */
  alert: Alert | null;
}

export type EscalationDecision = 'escalated' | 'acknowledged' | 'resolved';

// ---------------------------------------------------------------- subscriptions and policies

/** Every subscription (disabled ones too), ordered by id. */
export async function listSubscriptions(executor: SqlExecutor): Promise<Subscription[]> {
  const { rows } = await executor.query<{ spec: unknown }>(
    'SELECT spec FROM notification_subscriptions ORDER BY id',
  );
  return rows.map((row) => parseOrThrow(SubscriptionSchema, row.spec, 'stored subscription'));
}

/** Validates and inserts or replaces a subscription; returns it with its defaults filled in. */
export async function saveSubscription(
  executor: SqlExecutor,
  input: SubscriptionInput,
): Promise<Subscription> {
  const subscription = parseOrThrow(SubscriptionSchema, input, 'subscription');
  await executor.query(
    `INSERT INTO notification_subscriptions (id, spec) VALUES ($1, $2::jsonb)
     ON CONFLICT (id) DO UPDATE SET spec = EXCLUDED.spec, updated_at = now()`,
    [subscription.id, JSON.stringify(subscription)],
  );
  return subscription;
}

/** Removes a subscription; false when there was none with that id. */
export async function removeSubscription(executor: SqlExecutor, id: string): Promise<boolean> {
  const { rowCount } = await executor.query('DELETE FROM notification_subscriptions WHERE id = $1', [id]);
  return rowCount > 0;
}

export async function listEscalationPolicies(executor: SqlExecutor): Promise<EscalationPolicy[]> {
  const { rows } = await executor.query<{ spec: unknown }>(
    'SELECT spec FROM notification_escalation_policies ORDER BY id',
  );
  return rows.map((row) => parseOrThrow(EscalationPolicySchema, row.spec, 'stored escalation policy'));
}

export async function saveEscalationPolicy(
  executor: SqlExecutor,
  input: EscalationPolicyInput,
): Promise<EscalationPolicy> {
  const policy = parseOrThrow(EscalationPolicySchema, input, 'escalation policy');
  await executor.query(
    `INSERT INTO notification_escalation_policies (id, spec) VALUES ($1, $2::jsonb)
     ON CONFLICT (id) DO UPDATE SET spec = EXCLUDED.spec, updated_at = now()`,
    [policy.id, JSON.stringify(policy)],
  );
  return policy;
}

export async function removeEscalationPolicy(executor: SqlExecutor, id: string): Promise<boolean> {
  const { rowCount } = await executor.query('DELETE FROM notification_escalation_policies WHERE id = $1', [
    id,
  ]);
  return rowCount > 0;
}

/** Enabled users with the role port_officer scoped to one of these ports. */
export async function portOfficers(
  executor: SqlExecutor,
  portIds: readonly string[],
): Promise<PortOfficer[]> {
  if (portIds.length === 0) return [];
  const { rows } = await executor.query<{
    id: string;
    display_name: string;
    phone: string | null;
    email: string | null;
    scope: string;
  }>(
    `SELECT u.id, u.display_name, u.phone, u.email, r.scope
     FROM users u JOIN user_roles r ON r.user_id = u.id
     WHERE r.role = 'port_officer' AND r.scope = ANY($1::text[]) AND NOT u.disabled
     ORDER BY r.scope, u.id`,
    [[...portIds]],
  );
  return rows.map((row) => ({
    userId: row.id,
    displayName: row.display_name,
    portId: row.scope,
    phone: row.phone,
    email: row.email,
  }));
}

// ---------------------------------------------------------------- the outbox

/**
 * Writes one consumed batch's deliveries, escalation timers and rejected messages, in the caller's
 * transaction. Idempotent: a delivery whose dedup key exists, a timer that exists for the alert and policy,
 * a rejected message already recorded are left as they are.
 */
export async function writeNotificationBatchIn(
  tx: SqlExecutor,
  batch: NotificationBatch,
): Promise<NotificationBatchResult> {
  let deliveriesInserted = 0;
  if (batch.deliveries.length > 0) {
    const records = batch.deliveries.map((delivery) => ({
      dedup_key: delivery.dedupKey,
      event_key: delivery.eventKey,
      alert_id: delivery.alertId,
      vessel_id: delivery.vesselId,
      transition: delivery.transition,
      escalation_level: delivery.escalationLevel,
      subscription_id: delivery.subscriptionId,
      recipient_id: delivery.recipientId,
      recipient_name: delivery.recipientName,
      channel: delivery.channel,
      address: delivery.address,
      language: delivery.language,
      subject: delivery.subject,
      body: delivery.body,
      payload: delivery.payload,
      status: delivery.status,
      reason: delivery.reason,
      next_attempt_ms: delivery.status === 'pending' ? delivery.notBeforeMs : null,
    }));
    const result = await tx.query(
      `INSERT INTO notification_deliveries (dedup_key, event_key, alert_id, vessel_id, transition, escalation_level,
         subscription_id, recipient_id, recipient_name, channel, address, language, subject, body, payload, status,
         reason, next_attempt_at)
       SELECT r.dedup_key, r.event_key, r.alert_id, r.vessel_id, r.transition, r.escalation_level, r.subscription_id,
              r.recipient_id, r.recipient_name, r.channel, r.address, r.language, r.subject, r.body, r.payload,
              r.status, r.reason, ${epochMsToTimestamptz('r.next_attempt_ms')}
       FROM jsonb_to_recordset($1::jsonb) AS r(dedup_key text, event_key text, alert_id text, vessel_id text,
              transition text, escalation_level int, subscription_id text, recipient_id text, recipient_name text,
              channel text, address text, language text, subject text, body text, payload jsonb, status text,
              reason text, next_attempt_ms int8)
       ON CONFLICT (dedup_key) DO NOTHING`,
      [JSON.stringify(records)],
    );
    deliveriesInserted = result.rowCount;
  }
  let escalationsStarted = 0;
  if (batch.escalations.length > 0) {
    const records = batch.escalations.map((timer) => ({
      alert_id: timer.alertId,
      policy_id: timer.policyId,
      vessel_id: timer.vesselId,
      level: timer.level,
      after_minutes: timer.afterMinutes,
      event: timer.event,
      due_ms: timer.dueAtMs,
    }));
    const result = await tx.query(
      `INSERT INTO notification_escalations (alert_id, policy_id, vessel_id, level, after_minutes, event, due_at, status)
       SELECT r.alert_id, r.policy_id, r.vessel_id, r.level, r.after_minutes, r.event, ${epochMsToTimestamptz('r.due_ms')},
              'waiting'
       FROM jsonb_to_recordset($1::jsonb) AS r(alert_id text, policy_id text, vessel_id text, level int,
              after_minutes int, event jsonb, due_ms int8)
       ON CONFLICT (alert_id, policy_id) DO NOTHING`,
      [JSON.stringify(records)],
    );
    escalationsStarted = result.rowCount;
  }
  let rejectedRecorded = 0;
  for (const message of batch.rejected) {
    const result = await tx.query(
      `INSERT INTO notification_rejected_messages (topic, partition, message_offset, message_key, value, reason)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (topic, partition, message_offset) DO NOTHING`,
      [message.topic, message.partition, message.offset, message.key, message.value, message.reason],
    );
    rejectedRecorded += result.rowCount;
  }
  return {
    deliveriesInserted,
    deliveriesDuplicate: batch.deliveries.length - deliveriesInserted,
    escalationsStarted,
    rejectedRecorded,
  };
}

/**
 * Claims due deliveries for sending: pending or failed rows due by `nowMs`, and sending rows whose claim
 * expired (their sender died mid-send). Each claimed row becomes `sending` with this claim's token, its
 * attempts counted up. Rows claimed by another sender are skipped (FOR UPDATE SKIP LOCKED), so several
 * notifiers can share one outbox.
 */
export async function claimDueDeliveries(
  executor: SqlExecutor,
  options: ClaimDeliveriesOptions,
): Promise<NotificationDelivery[]> {
  const limit = checkLimit(options.limit, 100, 10_000);
  const channels = options.channels ?? ['sms', 'email', 'webhook', 'downlink'];
  const { rows } = await executor.query<DeliveryRow>(
    `UPDATE notification_deliveries d
     SET status = 'sending', attempts = d.attempts + 1, claim_token = $3,
         claimed_until = ${epochMsToTimestamptz('$1::int8 + $4::int8')}, updated_at = now()
     WHERE d.id IN (
       SELECT id FROM notification_deliveries
       WHERE channel = ANY($5::text[])
         AND ((status IN ('pending', 'failed') AND next_attempt_at <= ${epochMsToTimestamptz('$1::int8')})
           OR (status = 'sending' AND claimed_until <= ${epochMsToTimestamptz('$1::int8')}))
       ORDER BY next_attempt_at NULLS FIRST, id
       LIMIT $2
       FOR UPDATE SKIP LOCKED)
     RETURNING ${DELIVERY_COLUMNS}`,
    [options.nowMs, limit, options.claimToken, options.leaseMs, [...channels]],
  );
  return rows.map(toDelivery).sort((a, b) => Number(BigInt(a.id) - BigInt(b.id)));
}

/** Marks a claimed delivery sent; false when the claim is no longer this sender's (it expired). */
export async function markDeliverySent(
  executor: SqlExecutor,
  id: string,
  claimToken: string,
  result: { nowMs: number; providerMessageId: string | null },
): Promise<boolean> {
  const { rowCount } = await executor.query(
    `UPDATE notification_deliveries
     SET status = 'sent', sent_at = ${epochMsToTimestamptz('$3::int8')}, provider_message_id = $4,
         claim_token = NULL, claimed_until = NULL, next_attempt_at = NULL, last_error = NULL, updated_at = now()
     WHERE id = $1::int8 AND claim_token = $2 AND status = 'sending'`,
    [id, claimToken, result.nowMs, result.providerMessageId],
  );
  return rowCount > 0;
}

/**
 * Records a failed attempt of a claimed delivery: `failed` and tried again at nextAttemptAtMs, or `dead`
 * when nextAttemptAtMs is null (permanent failure or attempts used up). False when the claim expired.
 */
export async function markDeliveryFailed(
  executor: SqlExecutor,
  id: string,
  claimToken: string,
  result: { error: string; nextAttemptAtMs: number | null },
): Promise<boolean> {
  const { rowCount } = await executor.query(
    `UPDATE notification_deliveries
     SET status = CASE WHEN $4::int8 IS NULL THEN 'dead' ELSE 'failed' END,
         next_attempt_at = ${epochMsToTimestamptz('$4::int8')}, last_error = $3,
         claim_token = NULL, claimed_until = NULL, updated_at = now()
     WHERE id = $1::int8 AND claim_token = $2 AND status = 'sending'`,
    [id, claimToken, result.error.slice(0, 2000), result.nextAttemptAtMs],
  );
  return rowCount > 0;
}

/**
 * Delivery status per alert, for the API (GET /api/alerts/:id/deliveries): every message the alert caused,
 * oldest first, with its status, attempts and last error.
 */
export async function notificationDeliveries(
  executor: SqlExecutor,
  alertId: string,
): Promise<NotificationDelivery[]> {
  const { rows } = await executor.query<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} FROM notification_deliveries WHERE alert_id = $1 ORDER BY id`,
    [alertId],
  );
  return rows.map(toDelivery);
}

/** The dead-letter record: deliveries that failed for good, newest first. */
export async function deadNotificationDeliveries(
  executor: SqlExecutor,
  options: { limit?: number } = {},
): Promise<NotificationDelivery[]> {
  const limit = checkLimit(options.limit, 100, 10_000);
  const { rows } = await executor.query<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} FROM notification_deliveries WHERE status = 'dead' ORDER BY updated_at DESC, id DESC
     LIMIT $1`,
    [limit],
  );
  return rows.map(toDelivery);
}

/** Outbox rows by status and channel, e.g. for metrics. */
export async function notificationDeliveryCounts(
  executor: SqlExecutor,
): Promise<Array<{ status: NotificationDeliveryStatus; channel: NotificationChannel; count: number }>> {
  const { rows } = await executor.query<{
    status: NotificationDeliveryStatus;
    channel: NotificationChannel;
    count: number;
  }>(
    `SELECT status, channel, count(*)::int AS count FROM notification_deliveries
     GROUP BY status, channel ORDER BY status, channel`,
  );
  return rows;
}

/** The earliest time a pending or failed delivery is due (null: none), so a sender can sleep until then. */
export async function nextDeliveryDueMs(executor: SqlExecutor): Promise<number | null> {
  const { rows } = await executor.query<{ due: Date | null }>(
    `SELECT least(
       (SELECT min(next_attempt_at) FROM notification_deliveries WHERE status IN ('pending', 'failed')),
       (SELECT min(claimed_until) FROM notification_deliveries WHERE status = 'sending')) AS due`,
  );
  return rows[0]?.due?.getTime() ?? null;
}

/** Messages on the alerts topic that were not alert events, in topic order. */
export async function rejectedAlertMessages(executor: SqlExecutor): Promise<RejectedAlertMessage[]> {
  const { rows } = await executor.query<{
    topic: string;
    partition: number;
    message_offset: string;
    message_key: string;
    value: string;
    reason: string;
  }>(
    `SELECT topic, partition, message_offset::text AS message_offset, message_key, value, reason
     FROM notification_rejected_messages ORDER BY topic, partition, message_offset`,
  );
  return rows.map((row) => ({
    topic: row.topic,
    partition: row.partition,
    offset: BigInt(row.message_offset),
    key: row.message_key,
    value: row.value,
    reason: row.reason,
  }));
}
