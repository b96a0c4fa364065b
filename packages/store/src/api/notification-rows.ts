import type { NotificationChannel } from '@vesselwatch/notify';
import type { NotificationDelivery, NotificationDeliveryStatus } from './notifications';

/** The one place outbox rows become NotificationDelivery objects. */
export const DELIVERY_COLUMNS = `id::text AS id, dedup_key, event_key, alert_id, vessel_id, transition, escalation_level,
  subscription_id, recipient_id, recipient_name, channel, address, language, subject, body, payload, status, reason,
  attempts, next_attempt_at, last_error, provider_message_id, created_at, updated_at, sent_at`;

export interface DeliveryRow {
  id: string;
  dedup_key: string;
  event_key: string;
  alert_id: string;
  vessel_id: string;
  transition: NotificationDelivery['transition'];
  escalation_level: number;
  subscription_id: string;
  recipient_id: string;
  recipient_name: string;
  channel: NotificationChannel;
  address: string | null;
  language: string;
  subject: string;
  body: string;
  payload: Record<string, unknown>;
  status: NotificationDeliveryStatus;
  reason: string | null;
  attempts: number;
  next_attempt_at: Date | null;
  last_error: string | null;
  provider_message_id: string | null;
  created_at: Date;
  updated_at: Date;
  sent_at: Date | null;
}

export function toDelivery(row: DeliveryRow): NotificationDelivery {
  return {
    id: row.id,
    dedupKey: row.dedup_key,
    eventKey: row.event_key,
    alertId: row.alert_id,
    vesselId: row.vessel_id,
    transition: row.transition,
    escalationLevel: row.escalation_level,
    subscriptionId: row.subscription_id,
    recipientId: row.recipient_id,
    recipientName: row.recipient_name,
    channel: row.channel,
    address: row.address,
    language: row.language,
    subject: row.subject,
    body: row.body,
    payload: row.payload,
    status: row.status,
    reason: row.reason,
    attempts: row.attempts,
    nextAttemptAtMs: row.next_attempt_at?.getTime() ?? null,
    lastError: row.last_error,
    providerMessageId: row.provider_message_id,
    createdAtMs: row.created_at.getTime(),
    updatedAtMs: row.updated_at.getTime(),
    sentAtMs: row.sent_at?.getTime() ?? null,
  };
}
