import { vesselClassForLength, type Acknowledgement, type Vessel, type Zone } from '@vesselwatch/domain';
import type { SqlExecutor } from '../driver/sql-driver';
import { VESSEL_COLUMNS, toVessel, type VesselRow } from './rows';
import { epochMsToTimestamptz } from './sql-arrays';

/** Inserts or replaces vessels (registry data and their terminals), in the caller's transaction. */
export async function upsertVesselsIn(tx: SqlExecutor, vessels: readonly Vessel[]): Promise<void> {
  if (vessels.length === 0) return;
  const records = vessels.map((vessel) => ({
    id: vessel.id,
    registration_number: vessel.registrationNumber,
    name: vessel.name,
    flag_state: vessel.flagState,
    length_overall_m: vessel.lengthOverallM,
    vessel_class: vesselClassForLength(vessel.lengthOverallM),
    gear: vessel.gear,
    home_port_id: vessel.homePortId,
    owner: vessel.owner,
    contacts: vessel.contacts,
    expected_report_interval_ms: vessel.expectedReportIntervalMs,
  }));
  await tx.query(
    `INSERT INTO vessels (id, registration_number, name, flag_state, length_overall_m, vessel_class, gear,
                          home_port_id, owner, contacts, expected_report_interval_ms)
     SELECT r.id, r.registration_number, r.name, r.flag_state, r.length_overall_m, r.vessel_class, r.gear,
            r.home_port_id, r.owner, r.contacts, r.expected_report_interval_ms
     FROM jsonb_to_recordset($1::jsonb) AS r(id text, registration_number text, name text, flag_state text,
            length_overall_m real, vessel_class text, gear text, home_port_id text, owner jsonb, contacts jsonb,
            expected_report_interval_ms int)
     ON CONFLICT (id) DO UPDATE SET
       registration_number = EXCLUDED.registration_number, name = EXCLUDED.name, flag_state = EXCLUDED.flag_state,
       length_overall_m = EXCLUDED.length_overall_m, vessel_class = EXCLUDED.vessel_class, gear = EXCLUDED.gear,
       home_port_id = EXCLUDED.home_port_id, owner = EXCLUDED.owner, contacts = EXCLUDED.contacts,
       expected_report_interval_ms = EXCLUDED.expected_report_interval_ms, updated_at = now()`,
    [JSON.stringify(records)],
  );
  const ids = vessels.map((vessel) => vessel.id);
  const terminals = vessels.flatMap((vessel) =>
    vessel.terminalIds.map((terminalId) => ({ terminal_id: terminalId, vessel_id: vessel.id })),
  );
  await tx.query('DELETE FROM terminals WHERE vessel_id = ANY($1::text[])', [ids]);
  // A terminal moved to another vessel follows the latest registry entry.
  await tx.query(
    `INSERT INTO terminals (terminal_id, vessel_id)
     SELECT r.terminal_id, r.vessel_id FROM jsonb_to_recordset($1::jsonb) AS r(terminal_id text, vessel_id text)
     ON CONFLICT (terminal_id) DO UPDATE SET vessel_id = EXCLUDED.vessel_id`,
    [JSON.stringify(terminals)],
  );
}

export async function getVessel(executor: SqlExecutor, id: string): Promise<Vessel | null> {
  const { rows } = await executor.query<VesselRow>(
    `SELECT ${VESSEL_COLUMNS} FROM vessels v WHERE v.id = $1`,
    [id],
  );
  return rows[0] ? toVessel(rows[0]) : null;
}

/** The vessel a terminal reports for (the gateway's lookup), or null for an unknown terminal. */
export async function vesselByTerminal(executor: SqlExecutor, terminalId: string): Promise<Vessel | null> {
  const { rows } = await executor.query<VesselRow>(
    `SELECT ${VESSEL_COLUMNS} FROM vessels v JOIN terminals t ON t.vessel_id = v.id WHERE t.terminal_id = $1`,
    [terminalId],
  );
  return rows[0] ? toVessel(rows[0]) : null;
}

/**
 * Every terminal-to-vessel registration, for the gateway to hold in memory: its lookup sits on the
 * ingest hot path, so it must not cost a database round trip per fix.
 */
export async function terminalRegistrations(
  executor: SqlExecutor,
): Promise<Array<{ terminalId: string; vesselId: string }>> {
  const { rows } = await executor.query<{ terminal_id: string; vessel_id: string }>(
    'SELECT terminal_id, vessel_id FROM terminals ORDER BY terminal_id',
  );
  return rows.map((row) => ({ terminalId: row.terminal_id, vesselId: row.vessel_id }));
}

/** Stores a zone set version (replacing its zones if it exists); `activate` makes it the active one. */
export async function saveZoneSetIn(
  tx: SqlExecutor,
  version: string,
  zones: readonly Zone[],
  options: { description?: string; activate?: boolean },
): Promise<void> {
  await tx.query(
    `INSERT INTO zone_sets (version, description) VALUES ($1, $2)
     ON CONFLICT (version) DO UPDATE SET description = EXCLUDED.description`,
    [version, options.description ?? ''],
  );
  await tx.query('DELETE FROM zones WHERE zone_set_version = $1', [version]);
  const records = zones.map((zone) => ({
    id: zone.id,
    name: zone.name,
    kind: zone.kind,
    jurisdiction: zone.jurisdiction,
    geometry: zone.geometry,
    valid_from_ms: zone.validFromMs ?? null,
    valid_to_ms: zone.validToMs ?? null,
    approximate: zone.approximate,
    source: zone.source ?? null,
    properties: zone.properties,
  }));
  await tx.query(
    `INSERT INTO zones (zone_set_version, id, name, kind, jurisdiction, geometry, valid_from, valid_to, approximate,
                        source, properties)
     SELECT $1, r.id, r.name, r.kind, r.jurisdiction, r.geometry, ${epochMsToTimestamptz('r.valid_from_ms')},
            ${epochMsToTimestamptz('r.valid_to_ms')}, r.approximate, r.source, r.properties
     FROM jsonb_to_recordset($2::jsonb) AS r(id text, name text, kind text, jurisdiction text, geometry jsonb,
            valid_from_ms int8, valid_to_ms int8, approximate boolean, source text, properties jsonb)`,
    [version, JSON.stringify(records)],
  );
  if (options.activate) {
    await tx.query('UPDATE zone_sets SET active = false WHERE active AND version <> $1', [version]);
    await tx.query('UPDATE zone_sets SET active = true, activated_at = now() WHERE version = $1', [version]);
  }
}

/** A zone set's zones (the active set when no version is given), or null when there is none. */
export async function loadZoneSet(
  executor: SqlExecutor,
  version?: string,
): Promise<{ version: string; zones: Zone[] } | null> {
  const set = await executor.query<{ version: string }>(
    version === undefined
      ? 'SELECT version FROM zone_sets WHERE active'
      : 'SELECT version FROM zone_sets WHERE version = $1',
    version === undefined ? [] : [version],
  );
  const found = set.rows[0]?.version;
  if (found === undefined) return null;
  const { rows } = await executor.query<{
    id: string;
    name: string;
    kind: Zone['kind'];
    jurisdiction: string;
    geometry: Zone['geometry'];
    valid_from: Date | null;
    valid_to: Date | null;
    approximate: boolean;
    source: string | null;
    properties: Record<string, unknown>;
  }>(
    `SELECT id, name, kind, jurisdiction, geometry, valid_from, valid_to, approximate, source, properties
     FROM zones WHERE zone_set_version = $1 ORDER BY id`,
    [found],
  );
  return {
    version: found,
    zones: rows.map((row) => ({
      id: row.id,
      name: row.name,
      kind: row.kind,
      jurisdiction: row.jurisdiction,
      geometry: row.geometry,
      ...(row.valid_from === null ? {} : { validFromMs: row.valid_from.getTime() }),
      ...(row.valid_to === null ? {} : { validToMs: row.valid_to.getTime() }),
      approximate: row.approximate,
      ...(row.source === null ? {} : { source: row.source }),
      properties: row.properties,
    })),
  };
}

/**
 * Records an operator's acknowledgement and its audit entry. The first acknowledgement counts; acknowledging
 * again only adds a `commented` audit entry. Returns false when the alert does not exist.
 */
export async function acknowledgeAlertIn(
  tx: SqlExecutor,
  alertId: string,
  acknowledgement: Acknowledgement,
): Promise<boolean> {
  const exists = await tx.query<{ acknowledged: boolean }>(
    'SELECT acknowledged_by IS NOT NULL AS acknowledged FROM alerts WHERE id = $1 FOR UPDATE',
    [alertId],
  );
  const row = exists.rows[0];
  if (!row) return false;
  if (!row.acknowledged) {
    await tx.query(
      `UPDATE alerts SET acknowledged_by = $2, acknowledged_at = ${epochMsToTimestamptz('$3::int8')},
              acknowledgement_comment = $4 WHERE id = $1`,
      [alertId, acknowledgement.byUserId, acknowledgement.atMs, acknowledgement.comment],
    );
  }
  await tx.query(
    `INSERT INTO alert_audit (alert_id, at, action, actor, detail)
     VALUES ($1, ${epochMsToTimestamptz('$2::int8')}, $3, $4, $5::jsonb) ON CONFLICT (alert_id, at, action) DO NOTHING`,
    [
      alertId,
      acknowledgement.atMs,
      row.acknowledged ? 'commented' : 'acknowledged',
      acknowledgement.byUserId,
      JSON.stringify({ comment: acknowledgement.comment }),
    ],
  );
  return true;
}

/** An alert's audit trail, oldest first. */
export async function alertAudit(
  executor: SqlExecutor,
  alertId: string,
): Promise<Array<{ atMs: number; action: string; actor: string; detail: Record<string, unknown> }>> {
  const { rows } = await executor.query<{
    at: Date;
    action: string;
    actor: string;
    detail: Record<string, unknown>;
  }>('SELECT at, action, actor, detail FROM alert_audit WHERE alert_id = $1 ORDER BY at, action', [alertId]);
  return rows.map((row) => ({
    atMs: row.at.getTime(),
    action: row.action,
    actor: row.actor,
    detail: row.detail,
  }));
}
