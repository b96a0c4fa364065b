import type { AlertEvent } from '@vesselwatch/domain';
import type { PlannedDelivery } from '@vesselwatch/notify';
import type { SqlExecutor } from '../driver/sql-driver';
import { writeNotificationBatchIn, type DueEscalation, type EscalationDecision } from './notifications';
import { checkLimit } from './queries';
import { epochMsToTimestamptz } from './sql-arrays';

/** Waiting escalation timers due by `nowMs`, oldest first, with their alert as stored now. */
export async function dueEscalations(
  executor: SqlExecutor,
  nowMs: number,
  limit = 100,
): Promise<DueEscalation[]> {
  const { rows } = await executor.query<{
    alert_id: string;
    policy_id: string;
    vessel_id: string;
    level: number;
    after_minutes: number;
    due_at: Date;
    event: AlertEvent;
  }>(
    `SELECT alert_id, policy_id, vessel_id, level, after_minutes, due_at, event FROM notification_escalations
     WHERE status = 'waiting' AND due_at <= ${epochMsToTimestamptz('$1::int8')}
     ORDER BY due_at, alert_id, policy_id LIMIT $2`,
    [nowMs, checkLimit(limit, 100, 10_000)],
  );
  return rows.map((row) => ({
    alertId: row.alert_id,
    policyId: row.policy_id,
    vesselId: row.vessel_id,
    level: row.level,
    afterMinutes: row.after_minutes,
    dueAtMs: row.due_at.getTime(),
    event: row.event,
    alert: null,
  }));
}

/**
 * Decides a due escalation timer in the caller's transaction: records the decision and, when escalated,
 * the level's deliveries (idempotent on their dedup keys). False when another notifier decided it first.
 */
export async function decideEscalationIn(
  tx: SqlExecutor,
  decision: {
    alertId: string;
    policyId: string;
    status: EscalationDecision;
    deliveries: readonly PlannedDelivery[];
    nowMs: number;
  },
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE notification_escalations SET status = $3, deliveries = $4, decided_at = ${epochMsToTimestamptz('$5::int8')}
     WHERE alert_id = $1 AND policy_id = $2 AND status = 'waiting'`,
    [decision.alertId, decision.policyId, decision.status, decision.deliveries.length, decision.nowMs],
  );
  if (rowCount === 0) return false;
  await writeNotificationBatchIn(tx, { deliveries: decision.deliveries, escalations: [], rejected: [] });
  return true;
}

/** An alert's escalation timers and what became of them. */
export async function notificationEscalations(
  executor: SqlExecutor,
  alertId: string,
): Promise<
  Array<{
    policyId: string;
    level: number;
    dueAtMs: number;
    status: 'waiting' | EscalationDecision;
    deliveries: number;
    decidedAtMs: number | null;
  }>
> {
  const { rows } = await executor.query<{
    policy_id: string;
    level: number;
    due_at: Date;
    status: 'waiting' | EscalationDecision;
    deliveries: number;
    decided_at: Date | null;
  }>(
    `SELECT policy_id, level, due_at, status, deliveries, decided_at FROM notification_escalations
     WHERE alert_id = $1 ORDER BY level, policy_id`,
    [alertId],
  );
  return rows.map((row) => ({
    policyId: row.policy_id,
    level: row.level,
    dueAtMs: row.due_at.getTime(),
    status: row.status,
    deliveries: row.deliveries,
    decidedAtMs: row.decided_at?.getTime() ?? null,
  }));
}
