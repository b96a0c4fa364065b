import type { SqlExecutor } from '../driver/sql-driver';
import { epochMsToTimestamptz } from './sql-arrays';

export interface AlertResolution {
  byUserId: string;
  atMs: number;
  comment: string;
}

/**
 * An operator closes an open alert with a comment: status resolved at `atMs`, audit entry `resolved` by the
 * user. `last_updated_at` is left as the processor wrote it, so if the rules still see the condition and
 * update the episode later (a severity change), the processor's upsert opens it again and the audit keeps
 * both: an operator can never hide a condition that is still going on.
 * Returns 'resolved', 'already_resolved' (nothing written) or 'not_found'.
 */
export async function resolveAlertIn(
  tx: SqlExecutor,
  alertId: string,
  resolution: AlertResolution,
): Promise<'resolved' | 'already_resolved' | 'not_found'> {
  const found = await tx.query<{ status: string }>('SELECT status FROM alerts WHERE id = $1 FOR UPDATE', [
    alertId,
  ]);
  const row = found.rows[0];
  if (!row) return 'not_found';
  if (row.status === 'resolved') return 'already_resolved';
  await tx.query(
    `UPDATE alerts SET status = 'resolved', resolved_at = ${epochMsToTimestamptz('$2::int8')} WHERE id = $1`,
    [alertId, resolution.atMs],
  );
  await tx.query(
    `INSERT INTO alert_audit (alert_id, at, action, actor, detail)
     VALUES ($1, ${epochMsToTimestamptz('$2::int8')}, 'resolved', $3, $4::jsonb)
     ON CONFLICT (alert_id, at, action) DO NOTHING`,
    [
      alertId,
      resolution.atMs,
      resolution.byUserId,
      JSON.stringify({ comment: resolution.comment, manual: true }),
    ],
  );
  return 'resolved';
}
