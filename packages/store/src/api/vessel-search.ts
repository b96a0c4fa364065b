import type { AlertSeverity, AlertType, Vessel } from '@vesselwatch/domain';
import type { SqlExecutor } from '../driver/sql-driver';
import {
  PAGE_SIZE_DEFAULT,
  PAGE_SIZE_MAX,
  checkLimit,
  decodeCursor,
  encodeCursor,
  invalid,
  queryParameters,
} from './queries';
import { FIX_COLUMNS, VESSEL_COLUMNS, toPositionFix, toVessel, type FixRow, type VesselRow } from './rows';
import type { BoundingBox, Page } from './types';
import { scopeCondition, type VisibilityScope } from './visibility';

export interface VesselSearchQuery {
  /** Part of the registration number or of the name, any case, with or without diacritics; absent: every vessel. */
  q?: string;
  homePortId?: string;
  scope?: VisibilityScope;
  limit?: number;
  cursor?: string | null;
}

/** `%`, `_` and `\` taken literally in a LIKE pattern. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The registry, ordered by registration number (unique), keyset-paginated. `q` matches anywhere in the
 * registration number or the name, ignoring case and Vietnamese diacritics; registration numbers starting with it come first
 * only through their order, never by relevance ranking.
 */
export async function searchVessels(executor: SqlExecutor, query: VesselSearchQuery): Promise<Page<Vessel>> {
  const limit = checkLimit(query.limit, PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX);
  const conditions: string[] = [];
  const { params, param } = queryParameters();
  const q = query.q?.trim();
  if (q) {
    // Folded on both sides by the database's vw_search_fold (migration 0007): case, Vietnamese diacritics
    // and composed/decomposed forms do not matter. Folding keeps LIKE's escapes (\\, %, _) as they are.
    const pattern = `'%' || vw_search_fold(${param(likeLiteral(q))}) || '%'`;
    conditions.push(
      `(vw_search_fold(v.registration_number) LIKE ${pattern} OR vw_search_fold(v.name) LIKE ${pattern})`,
    );
  }
  if (query.homePortId) conditions.push(`v.home_port_id = ${param(query.homePortId)}`);
  const visible = scopeCondition(query.scope, 'v.id', param);
  if (visible) conditions.push(visible);
  if (query.cursor) {
    const [registrationNumber] = decodeCursor(query.cursor, ['string']);
    conditions.push(`v.registration_number > ${param(registrationNumber as string)}`);
  }
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const { rows } = await executor.query<VesselRow>(
    `SELECT ${VESSEL_COLUMNS} FROM vessels v ${where} ORDER BY v.registration_number LIMIT ${param(limit + 1)}`,
    params,
  );
  const items = rows.slice(0, limit).map(toVessel);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.registrationNumber]) : null };
}

/** What the live map needs to label and filter a vessel: kept in memory by each server instance. */
export interface VesselDirectoryEntry {
  vesselId: string;
  registrationNumber: string;
  name: string;
  homePortId: string;
  /** When the registry entry last changed (database clock), for incremental refreshes. */
  updatedAtMs: number;
}

/** Every registered vessel's label and home port, or those changed at or after `updatedSinceMs`. */
export async function vesselDirectory(
  executor: SqlExecutor,
  updatedSinceMs?: number,
): Promise<VesselDirectoryEntry[]> {
  const { rows } = await executor.query<{
    id: string;
    registration_number: string;
    name: string;
    home_port_id: string;
    updated_at: Date;
  }>(
    `SELECT id, registration_number, name, home_port_id, updated_at FROM vessels
     WHERE $1::int8 IS NULL OR updated_at >= TIMESTAMPTZ 'epoch' + $1::int8 * INTERVAL '1 millisecond'
     ORDER BY id`,
    [updatedSinceMs ?? null],
  );
  return rows.map((row) => ({
    vesselId: row.id,
    registrationNumber: row.registration_number,
    name: row.name,
    homePortId: row.home_port_id,
    updatedAtMs: row.updated_at.getTime(),
  }));
}

/** A vessel on the live map: its latest position, registry labels and open alerts. */
export interface LiveVesselRow {
  fix: ReturnType<typeof toPositionFix>;
  portId: string | null;
  /** Null for a vessel not (yet) in the registry. */
  registrationNumber: string | null;
  name: string | null;
  homePortId: string | null;
  /** Types of the vessel's open alerts, sorted; their highest severity (null: none open). */
  openAlertTypes: AlertType[];
  maxSeverity: AlertSeverity | null;
}

export interface LiveVesselsQuery {
  bbox: BoundingBox;
  scope?: VisibilityScope;
  /** Most rows (default 50,000). */
  limit?: number;
}

const SEVERITY_ORDER = "ARRAY['info', 'notice', 'warning', 'danger']";

/**
 * Latest position of every vessel in the box (west > east crosses the antimeridian) with its registry labels
 * and open alerts, ordered by vessel id: the live map's first picture before socket.io frames update it.
 */
export async function liveVessels(executor: SqlExecutor, query: LiveVesselsQuery): Promise<LiveVesselRow[]> {
  const { west, south, east, north } = query.bbox;
  const inRange = (value: number, limit: number) => Number.isFinite(value) && Math.abs(value) <= limit;
  if (
    !inRange(west, 180) ||
    !inRange(east, 180) ||
    !inRange(south, 90) ||
    !inRange(north, 90) ||
    south > north
  )
    throw invalid('bbox must be west/east in [-180, 180] and south <= north in [-90, 90]', {
      bbox: query.bbox,
    });
  const limit = checkLimit(query.limit, 50_000, 1_000_000);
  const { params, param } = queryParameters();
  const conditions = [
    `s.lat BETWEEN ${param(south)} AND ${param(north)}`,
    west <= east
      ? `s.lon BETWEEN ${param(west)} AND ${param(east)}`
      : `(s.lon >= ${param(west)} OR s.lon <= ${param(east)})`,
  ];
  const visible = scopeCondition(query.scope, 's.vessel_id', param);
  if (visible) conditions.push(visible);
  const { rows } = await executor.query<
    FixRow & {
      port_id: string | null;
      registration_number: string | null;
      name: string | null;
      home_port_id: string | null;
      open_types: AlertType[] | null;
      max_severity_rank: number | null;
    }
  >(
    `SELECT ${FIX_COLUMNS.split(',')
      .map((c) => `s.${c.trim()}`)
      .join(
        ', ',
      )}, s.port_id, v.registration_number, v.name, v.home_port_id, a.open_types, a.max_severity_rank
     FROM vessel_state s
     LEFT JOIN vessels v ON v.id = s.vessel_id
     LEFT JOIN LATERAL (
       SELECT array_agg(DISTINCT al.type ORDER BY al.type) AS open_types,
              max(array_position(${SEVERITY_ORDER}, al.severity)) AS max_severity_rank
       FROM alerts al WHERE al.vessel_id = s.vessel_id AND al.status = 'open'
     ) a ON true
     WHERE ${conditions.join(' AND ')}
     ORDER BY s.vessel_id LIMIT ${param(limit)}`,
    params,
  );
  const severities: AlertSeverity[] = ['info', 'notice', 'warning', 'danger'];
  return rows.map((row) => ({
    fix: toPositionFix(row),
    portId: row.port_id,
    registrationNumber: row.registration_number,
    name: row.name,
    homePortId: row.home_port_id,
    openAlertTypes: row.open_types ?? [],
    maxSeverity: row.max_severity_rank === null ? null : (severities[row.max_severity_rank - 1] ?? null),
  }));
}
