import { z } from 'zod';
import {
  AlertSeveritySchema,
  AlertTypeSchema,
  MINUTE_MS,
  severityRank,
  type AlertEvent,
} from '@vesselwatch/domain';
import { SubscriptionIdSchema } from './subscription';

/** Minutes a danger alert may stay unacknowledged before it goes to the next level (issue 9: 15). */
export const ESCALATION_AFTER_MINUTES_DEFAULT = 15;

/**
 * An escalation step as data: an open alert of these types, at this severity or higher, that no operator has
 * acknowledged `afterMinutes` after the notifier first saw it at that severity goes to the subscriptions of
 * `level` (e.g. the provincial monitoring centre at level 1, Border Guard at level 2).
 */
export const EscalationPolicySchema = z.object({
  id: SubscriptionIdSchema,
  description: z.string().max(500).default(''),
  /** Empty: every type. */
  alertTypes: z.array(AlertTypeSchema).default([]),
  minSeverity: AlertSeveritySchema.default('danger'),
  level: z.number().int().min(1).max(9),
  afterMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(ESCALATION_AFTER_MINUTES_DEFAULT),
  enabled: z.boolean().default(true),
});
export type EscalationPolicy = z.infer<typeof EscalationPolicySchema>;
export type EscalationPolicyInput = z.input<typeof EscalationPolicySchema>;

/** An escalation timer started by an alert event. */
export interface EscalationTimer {
  alertId: string;
  vesselId: string;
  policyId: string;
  level: number;
  afterMinutes: number;
  dueAtMs: number;
  /** The event that started the timer (its alert is what the escalation message is about). */
  event: AlertEvent;
}

/** Whether an event starts this policy's timer: an opened or updated alert of its types and severity. */
export function matchingEscalation(policy: EscalationPolicy, event: AlertEvent): boolean {
  if (!policy.enabled) return false;
  if (event.transition === 'resolved' || event.alert.status === 'resolved') return false;
  if (event.alert.acknowledgement !== null) return false;
  if (policy.alertTypes.length > 0 && !policy.alertTypes.includes(event.alert.type)) return false;
  return severityRank(event.alert.severity) >= severityRank(policy.minSeverity);
}

/**
 * The escalation timers an event starts, on the notifier's clock (`nowMs` + afterMinutes). One timer per
 * alert and policy: the store keeps the first (a later update of the same alert does not restart it).
 */
export function escalationTimers(
  event: AlertEvent,
  policies: readonly EscalationPolicy[],
  nowMs: number,
): EscalationTimer[] {
  return policies
    .filter((policy) => matchingEscalation(policy, event))
    .map((policy) => ({
      alertId: event.alert.id,
      vesselId: event.alert.vesselId,
      policyId: policy.id,
      level: policy.level,
      afterMinutes: policy.afterMinutes,
      dueAtMs: nowMs + policy.afterMinutes * MINUTE_MS,
      event,
    }));
}
