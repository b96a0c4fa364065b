import type {
  EscalationPolicy,
  EscalationPolicyInput,
  PortOfficer,
  Subscription,
  SubscriptionInput,
} from '@vesselwatch/notify';
import type { SqlDriver } from '../driver/sql-driver';
import { getAlert } from './queries';
import { decideEscalationIn, dueEscalations, notificationEscalations } from './notification-escalations';
import {
  claimDueDeliveries,
  deadNotificationDeliveries,
  listEscalationPolicies,
  listSubscriptions,
  markDeliveryFailed,
  markDeliverySent,
  nextDeliveryDueMs,
  notificationDeliveries,
  notificationDeliveryCounts,
  portOfficers,
  rejectedAlertMessages,
  removeEscalationPolicy,
  removeSubscription,
  saveEscalationPolicy,
  saveSubscription,
  writeNotificationBatchIn,
  type ClaimDeliveriesOptions,
  type DueEscalation,
  type EscalationDecision,
  type NotificationBatch,
  type NotificationBatchResult,
  type NotificationDelivery,
  type NotificationDeliveryStatus,
  type RejectedAlertMessage,
} from './notifications';
import type { PlannedDelivery } from '@vesselwatch/notify';
import type { NotificationChannel } from '@vesselwatch/notify';

/** The notifier's part of the store (migration 0005), as `store.notifications`. See api/notifications.ts. */
export interface NotificationStore {
  subscriptions(): Promise<Subscription[]>;
  saveSubscription(subscription: SubscriptionInput): Promise<Subscription>;
  removeSubscription(id: string): Promise<boolean>;
  escalationPolicies(): Promise<EscalationPolicy[]>;
  saveEscalationPolicy(policy: EscalationPolicyInput): Promise<EscalationPolicy>;
  removeEscalationPolicy(id: string): Promise<boolean>;
  portOfficers(portIds: readonly string[]): Promise<PortOfficer[]>;
  /** One consumed batch in ONE transaction (idempotent: ON CONFLICT DO NOTHING on the dedup keys). */
  writeBatch(batch: NotificationBatch): Promise<NotificationBatchResult>;
  claimDue(options: ClaimDeliveriesOptions): Promise<NotificationDelivery[]>;
  markSent(
    id: string,
    claimToken: string,
    result: { nowMs: number; providerMessageId: string | null },
  ): Promise<boolean>;
  markFailed(
    id: string,
    claimToken: string,
    result: { error: string; nextAttemptAtMs: number | null },
  ): Promise<boolean>;
  nextDueMs(): Promise<number | null>;
  /** Every delivery of an alert, oldest first (the API's GET /api/alerts/:id/deliveries). */
  deliveries(alertId: string): Promise<NotificationDelivery[]>;
  dead(options?: { limit?: number }): Promise<NotificationDelivery[]>;
  counts(): Promise<
    Array<{ status: NotificationDeliveryStatus; channel: NotificationChannel; count: number }>
  >;
  /** Due escalation timers with their alert as stored now. */
  dueEscalations(nowMs: number, limit?: number): Promise<DueEscalation[]>;
  decideEscalation(decision: {
    alertId: string;
    policyId: string;
    status: EscalationDecision;
    deliveries: readonly PlannedDelivery[];
    nowMs: number;
  }): Promise<boolean>;
  escalations(alertId: string): ReturnType<typeof notificationEscalations>;
  rejectedMessages(): Promise<RejectedAlertMessage[]>;
}

export function createNotificationStore(driver: SqlDriver): NotificationStore {
  return {
    subscriptions: () => listSubscriptions(driver),
    saveSubscription: (subscription) => saveSubscription(driver, subscription),
    removeSubscription: (id) => removeSubscription(driver, id),
    escalationPolicies: () => listEscalationPolicies(driver),
    saveEscalationPolicy: (policy) => saveEscalationPolicy(driver, policy),
    removeEscalationPolicy: (id) => removeEscalationPolicy(driver, id),
    portOfficers: (portIds) => portOfficers(driver, portIds),
    writeBatch: (batch) => driver.transaction((tx) => writeNotificationBatchIn(tx, batch)),
    claimDue: (options) => claimDueDeliveries(driver, options),
    markSent: (id, claimToken, result) => markDeliverySent(driver, id, claimToken, result),
    markFailed: (id, claimToken, result) => markDeliveryFailed(driver, id, claimToken, result),
    nextDueMs: () => nextDeliveryDueMs(driver),
    deliveries: (alertId) => notificationDeliveries(driver, alertId),
    dead: (options) => deadNotificationDeliveries(driver, options),
    counts: () => notificationDeliveryCounts(driver),
    dueEscalations: async (nowMs, limit) => {
      const due = await dueEscalations(driver, nowMs, limit);
      for (const escalation of due) escalation.alert = await getAlert(driver, escalation.alertId);
      return due;
    },
    decideEscalation: (decision) => driver.transaction((tx) => decideEscalationIn(tx, decision)),
    escalations: (alertId) => notificationEscalations(driver, alertId),
    rejectedMessages: () => rejectedAlertMessages(driver),
  };
}
