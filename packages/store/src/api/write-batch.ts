import { VesselWatchError, type PositionFix } from '@vesselwatch/domain';
import type { SqlExecutor } from '../driver/sql-driver';
import { setProcessorOffset, upsertProcessorStates } from './processor-state';
import { alertToRecord } from './rows';
import { epochMsToTimestamptz, numberArrayLiteral, textArrayLiteral } from './sql-arrays';
import type { BatchWriteResult, ProcessorBatch, RejectedFix, VesselStateUpdate } from './types';

/**
 * Fixes in ONE statement whatever the batch size: one array parameter per column, zipped back into rows by
 * UNNEST. Times go as int8 epoch ms and are turned into timestamptz exactly on the server.
 */
const INSERT_FIXES_COLUMNS_SQL = `INSERT INTO fixes (vessel_id, terminal_id, reported_at, received_at, lon, lat, speed_knots,
                   course_deg, source, rejection_reason)
SELECT u.vessel_id, u.terminal_id, ${epochMsToTimestamptz('u.reported_ms')}, ${epochMsToTimestamptz('u.received_ms')},
       u.lon, u.lat, u.speed_knots, u.course_deg, u.source, u.rejection_reason
FROM UNNEST($1::text[], $2::text[], $3::int8[], $4::int8[], $5::float8[], $6::float8[], $7::real[], $8::real[],
            $9::text[], $10::text[])
     AS u(vessel_id, terminal_id, reported_ms, received_ms, lon, lat, speed_knots, course_deg, source, rejection_reason)`;
const INSERT_FIXES_SQL = `${INSERT_FIXES_COLUMNS_SQL}
ON CONFLICT (vessel_id, reported_at, source) DO NOTHING`;

const UNIQUE_VIOLATION = '23505';

function isUniqueViolation(error: unknown): boolean {
  return error instanceof VesselWatchError && error.details.sqlState === UNIQUE_VIOLATION;
}

/**
 * Writes accepted and rejected fixes; returns how many were new. Inside a transaction (`optimistic`), the
 * batch is first inserted without ON CONFLICT under a savepoint: the conflict check costs the server about
 * 40% more per row, and a batch is new almost always. Only when that hits the unique key (a redelivered
 * batch, or a duplicate inside the batch) is it rolled back to the savepoint and written again with
 * ON CONFLICT DO NOTHING. Outside a transaction it always uses ON CONFLICT.
 */
export async function insertFixes(
  executor: SqlExecutor,
  fixes: readonly PositionFix[],
  rejected: readonly RejectedFix[] = [],
  optimistic = false,
): Promise<number> {
  const count = fixes.length + rejected.length;
  if (count === 0) return 0;
  const all: PositionFix[] = rejected.length === 0 ? (fixes as PositionFix[]) : [...fixes];
  const reasons: Array<string | null> = new Array<string | null>(count).fill(null);
  for (const [index, entry] of rejected.entries()) {
    all.push(entry.fix);
    reasons[fixes.length + index] = entry.reason;
  }
  const vesselIds = new Array<string>(count);
  const terminalIds = new Array<string>(count);
  const reportedMs = new Array<number>(count);
  const receivedMs = new Array<number>(count);
  const lons = new Array<number>(count);
  const lats = new Array<number>(count);
  const speeds = new Array<number | null>(count);
  const courses = new Array<number | null>(count);
  const sources = new Array<string>(count);
  for (let index = 0; index < count; index += 1) {
    const fix = all[index]!;
    vesselIds[index] = fix.vesselId;
    terminalIds[index] = fix.terminalId;
    reportedMs[index] = fix.reportedAtMs;
    receivedMs[index] = fix.receivedAtMs;
    lons[index] = fix.position[0];
    lats[index] = fix.position[1];
    speeds[index] = fix.speedKnots;
    courses[index] = fix.courseDeg;
    sources[index] = fix.source;
  }
  const params = [
    textArrayLiteral(vesselIds),
    textArrayLiteral(terminalIds),
    numberArrayLiteral(reportedMs),
    numberArrayLiteral(receivedMs),
    numberArrayLiteral(lons),
    numberArrayLiteral(lats),
    numberArrayLiteral(speeds),
    numberArrayLiteral(courses),
    textArrayLiteral(sources),
    textArrayLiteral(reasons),
  ];
  if (optimistic) {
    await executor.exec('SAVEPOINT vw_fixes');
    try {
      const inserted = await executor.query(INSERT_FIXES_COLUMNS_SQL, params);
      await executor.exec('RELEASE SAVEPOINT vw_fixes');
      return inserted.rowCount;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      await executor.exec('ROLLBACK TO SAVEPOINT vw_fixes');
    }
  }
  return (await executor.query(INSERT_FIXES_SQL, params)).rowCount;
}

/**
 * Latest state per vessel. Within the batch the newest fix per vessel wins (DISTINCT ON); against the
 * stored state only a strictly newer reported_at replaces it, so a late (out-of-order) fix never moves a
 * vessel back.
 */
const UPSERT_VESSEL_STATE_SQL = `INSERT INTO vessel_state AS s (vessel_id, terminal_id, reported_at, received_at, lon, lat,
                                    speed_knots, course_deg, source, port_id, updated_at)
SELECT DISTINCT ON (u.vessel_id)
       u.vessel_id, u.terminal_id, ${epochMsToTimestamptz('u.reported_ms')}, ${epochMsToTimestamptz('u.received_ms')},
       u.lon, u.lat, u.speed_knots, u.course_deg, u.source, u.port_id, now()
FROM UNNEST($1::text[], $2::text[], $3::int8[], $4::int8[], $5::float8[], $6::float8[], $7::real[], $8::real[],
            $9::text[], $10::text[])
     AS u(vessel_id, terminal_id, reported_ms, received_ms, lon, lat, speed_knots, course_deg, source, port_id)
ORDER BY u.vessel_id, u.reported_ms DESC, u.received_ms DESC
ON CONFLICT (vessel_id) DO UPDATE SET
  terminal_id = EXCLUDED.terminal_id, reported_at = EXCLUDED.reported_at, received_at = EXCLUDED.received_at,
  lon = EXCLUDED.lon, lat = EXCLUDED.lat, speed_knots = EXCLUDED.speed_knots, course_deg = EXCLUDED.course_deg,
  source = EXCLUDED.source, port_id = EXCLUDED.port_id, updated_at = EXCLUDED.updated_at
WHERE s.reported_at < EXCLUDED.reported_at`;

export async function upsertVesselStates(
  executor: SqlExecutor,
  states: readonly VesselStateUpdate[],
): Promise<number> {
  if (states.length === 0) return 0;
  const fixes = states.map((state) => state.fix);
  const result = await executor.query(UPSERT_VESSEL_STATE_SQL, [
    textArrayLiteral(fixes.map((fix) => fix.vesselId)),
    textArrayLiteral(fixes.map((fix) => fix.terminalId)),
    numberArrayLiteral(fixes.map((fix) => fix.reportedAtMs)),
    numberArrayLiteral(fixes.map((fix) => fix.receivedAtMs)),
    numberArrayLiteral(fixes.map((fix) => fix.position[0])),
    numberArrayLiteral(fixes.map((fix) => fix.position[1])),
    numberArrayLiteral(fixes.map((fix) => fix.speedKnots)),
    numberArrayLiteral(fixes.map((fix) => fix.courseDeg)),
    textArrayLiteral(fixes.map((fix) => fix.source)),
    textArrayLiteral(states.map((state) => state.portId)),
  ]);
  return result.rowCount;
}

/**
 * Alert episodes by id. An update is applied only when it is not older than what is stored (a redelivered
 * batch carries the same lastUpdatedAtMs and rewrites the same values; an older one is ignored), and it
 * never removes an acknowledgement an operator made meanwhile.
 */
const UPSERT_ALERTS_SQL = `INSERT INTO alerts AS a (id, type, severity, status, vessel_id, zone_id, opened_at, last_updated_at,
                            resolved_at, opening_fix, evidence, zone_set_version, acknowledged_by,
                            acknowledged_at, acknowledgement_comment)
SELECT DISTINCT ON (r.id)
       r.id, r.type, r.severity, r.status, r.vessel_id, r.zone_id, ${epochMsToTimestamptz('r.opened_at_ms')},
       ${epochMsToTimestamptz('r.last_updated_at_ms')}, ${epochMsToTimestamptz('r.resolved_at_ms')}, r.opening_fix,
       r.evidence, r.zone_set_version, r.acknowledged_by, ${epochMsToTimestamptz('r.acknowledged_at_ms')},
       r.acknowledgement_comment
FROM jsonb_to_recordset($1::jsonb) AS r(id text, type text, severity text, status text, vessel_id text,
       zone_id text, opened_at_ms int8, last_updated_at_ms int8, resolved_at_ms int8, opening_fix jsonb,
       evidence jsonb, zone_set_version text, acknowledged_by text, acknowledged_at_ms int8,
       acknowledgement_comment text)
ORDER BY r.id, r.last_updated_at_ms DESC
ON CONFLICT (id) DO UPDATE SET
  severity = EXCLUDED.severity, status = EXCLUDED.status, last_updated_at = EXCLUDED.last_updated_at,
  resolved_at = EXCLUDED.resolved_at, evidence = EXCLUDED.evidence, zone_set_version = EXCLUDED.zone_set_version,
  acknowledged_by = COALESCE(a.acknowledged_by, EXCLUDED.acknowledged_by),
  acknowledged_at = COALESCE(a.acknowledged_at, EXCLUDED.acknowledged_at),
  acknowledgement_comment = CASE WHEN a.acknowledged_by IS NULL THEN EXCLUDED.acknowledgement_comment
                                 ELSE a.acknowledgement_comment END
WHERE a.last_updated_at <= EXCLUDED.last_updated_at`;

const INSERT_AUDIT_SQL = `INSERT INTO alert_audit (alert_id, at, action, actor, detail)
SELECT r.alert_id, ${epochMsToTimestamptz('r.at_ms')}, r.action, r.actor, COALESCE(r.detail, '{}')
FROM jsonb_to_recordset($1::jsonb) AS r(alert_id text, at_ms int8, action text, actor text, detail jsonb)
ON CONFLICT (alert_id, at, action) DO NOTHING`;

const UPSERT_PORT_CALLS_SQL = `INSERT INTO port_calls AS p (vessel_id, port_id, arrived_at, departed_at, arrival_lon, arrival_lat)
SELECT DISTINCT ON (r.vessel_id, r.arrived_at_ms, r.port_id)
       r.vessel_id, r.port_id, ${epochMsToTimestamptz('r.arrived_at_ms')}, ${epochMsToTimestamptz('r.departed_at_ms')},
       r.arrival_lon, r.arrival_lat
FROM jsonb_to_recordset($1::jsonb) AS r(vessel_id text, port_id text, arrived_at_ms int8, departed_at_ms int8,
       arrival_lon float8, arrival_lat float8)
ORDER BY r.vessel_id, r.arrived_at_ms, r.port_id, r.departed_at_ms DESC NULLS LAST
ON CONFLICT (vessel_id, arrived_at, port_id) DO UPDATE SET
  departed_at = COALESCE(p.departed_at, EXCLUDED.departed_at),
  arrival_lon = COALESCE(p.arrival_lon, EXCLUDED.arrival_lon),
  arrival_lat = COALESCE(p.arrival_lat, EXCLUDED.arrival_lat)
WHERE p.departed_at IS NULL AND EXCLUDED.departed_at IS NOT NULL`;

/** Writes one processor batch inside the caller's transaction (see Store.writeBatch). */
export async function writeBatchIn(tx: SqlExecutor, batch: ProcessorBatch): Promise<BatchWriteResult> {
  const result: BatchWriteResult = {
    fixesInserted: 0,
    vesselStatesChanged: 0,
    alertsChanged: 0,
    auditEntriesInserted: 0,
    portCallsChanged: 0,
    processorStatesWritten: 0,
  };
  // First: it fails fast on a conflict and locks the partition's offset row for the rest of the transaction.
  if (batch.processorOffset) await setProcessorOffset(tx, batch.processorOffset);
  result.fixesInserted = await insertFixes(tx, batch.fixes ?? [], batch.rejectedFixes ?? [], true);
  result.vesselStatesChanged = await upsertVesselStates(tx, batch.vesselStates ?? []);
  if (batch.alerts && batch.alerts.length > 0) {
    const written = await tx.query(UPSERT_ALERTS_SQL, [JSON.stringify(batch.alerts.map(alertToRecord))]);
    result.alertsChanged = written.rowCount;
  }
  if (batch.alertAudit && batch.alertAudit.length > 0) {
    const records = batch.alertAudit.map((entry) => ({
      alert_id: entry.alertId,
      at_ms: entry.atMs,
      action: entry.action,
      actor: entry.actor,
      detail: entry.detail ?? {},
    }));
    result.auditEntriesInserted = (await tx.query(INSERT_AUDIT_SQL, [JSON.stringify(records)])).rowCount;
  }
  if (batch.portCalls && batch.portCalls.length > 0) {
    const records = batch.portCalls.map((call) => ({
      vessel_id: call.vesselId,
      port_id: call.portId,
      arrived_at_ms: call.arrivedAtMs,
      departed_at_ms: call.departedAtMs,
      arrival_lon: call.arrivalPosition?.[0] ?? null,
      arrival_lat: call.arrivalPosition?.[1] ?? null,
    }));
    result.portCallsChanged = (await tx.query(UPSERT_PORT_CALLS_SQL, [JSON.stringify(records)])).rowCount;
  }
  result.processorStatesWritten = await upsertProcessorStates(tx, batch.processorStates ?? []);
  return result;
}
