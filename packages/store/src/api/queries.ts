import { HOUR_MS, VesselWatchError } from '@vesselwatch/domain';
import type { SqlExecutor, SqlParam } from '../driver/sql-driver';
import type { StorageMode } from '../migrations/migration';
import { FIXES_HOURLY_VIEW } from '../migrations/0003-fixes-lifecycle';
import {
  ALERT_COLUMNS,
  PORT_CALL_COLUMNS,
  toAlert,
  toLatestPosition,
  toPortCall,
  toTrackPoint,
  type AlertRow,
  type LatestPositionRow,
  type PortCallRow,
  type TrackPointRow,
} from './rows';
import type {
  Alert,
  AlertQuery,
  FleetCounts,
  FleetCountsQuery,
  LatestPosition,
  LatestPositionsQuery,
  Page,
  PortCall,
  PortCallQuery,
  Track,
  TrackQuery,
} from './types';
import { scopeCondition } from './visibility';

export const LATEST_POSITIONS_LIMIT_DEFAULT = 50_000;
export const TRACK_MAX_POINTS_DEFAULT = 2_000;
export const TRACK_RAW_MAX_RANGE_MS_DEFAULT = 3 * 24 * HOUR_MS;
export const PAGE_SIZE_DEFAULT = 100;
export const PAGE_SIZE_MAX = 1_000;
export const SIGNAL_LOST_FACTOR_DEFAULT = 3;

export function invalid(detail: string, details: Record<string, unknown> = {}): VesselWatchError {
  return new VesselWatchError('VW_ERR_INPUT_INVALID', { detail, details });
}

export function checkLimit(limit: number | undefined, fallback: number, max: number): number {
  const value = limit ?? fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw invalid(`limit must be an integer from 1 to ${max}`, { limit });
  }
  return value;
}

// ---------------------------------------------------------------- latest positions

const POSITION_SELECT = `SELECT s.vessel_id, s.terminal_id, s.reported_at, s.received_at, s.lon, s.lat, s.speed_knots,
       s.course_deg, s.source, s.port_id, v.name AS vessel_name
FROM vessel_state s LEFT JOIN vessels v ON v.id = s.vessel_id`;

/**
 * Latest position of every vessel inside the box, ordered by vessel id. A box with west > east crosses the
 * antimeridian and is read as two boxes (west..180 and -180..east).
 */
export async function latestPositionsInBbox(
  executor: SqlExecutor,
  query: LatestPositionsQuery,
): Promise<LatestPosition[]> {
  const { west, south, east, north } = query.bbox;
  const inRange = (value: number, limit: number) => Number.isFinite(value) && Math.abs(value) <= limit;
  if (
    !inRange(west, 180) ||
    !inRange(east, 180) ||
    !inRange(south, 90) ||
    !inRange(north, 90) ||
    south > north
  ) {
    throw invalid('bbox must be west/east in [-180, 180] and south <= north in [-90, 90]', {
      bbox: query.bbox,
    });
  }
  const limit = checkLimit(query.limit, LATEST_POSITIONS_LIMIT_DEFAULT, 1_000_000);
  const lonCondition = west <= east ? 's.lon BETWEEN $1 AND $3' : '(s.lon >= $1 OR s.lon <= $3)';
  const { rows } = await executor.query<LatestPositionRow>(
    `${POSITION_SELECT}
     WHERE s.lat BETWEEN $2 AND $4 AND ${lonCondition}
       AND ($5::int8 IS NULL OR s.reported_at >= TIMESTAMPTZ 'epoch' + $5::int8 * INTERVAL '1 millisecond')
     ORDER BY s.vessel_id LIMIT $6`,
    [west, south, east, north, query.sinceMs ?? null, limit],
  );
  return rows.map(toLatestPosition);
}

/** The latest position of one vessel, or null if it never reported. */
export async function latestPosition(
  executor: SqlExecutor,
  vesselId: string,
): Promise<LatestPosition | null> {
  const { rows } = await executor.query<LatestPositionRow>(`${POSITION_SELECT} WHERE s.vessel_id = $1`, [
    vesselId,
  ]);
  return rows[0] ? toLatestPosition(rows[0]) : null;
}

// ---------------------------------------------------------------- tracks

/** Bucket length for a downsampled track: whole hours, at most `maxPoints` buckets over the range. */
export function trackBucketMs(rangeMs: number, maxPoints: number): number {
  return Math.max(1, Math.ceil(rangeMs / maxPoints / HOUR_MS)) * HOUR_MS;
}

const TRACK_POINT_COLUMNS = 'reported_at, lon, lat, speed_knots, course_deg';

/**
 * A vessel's accepted fixes between two times. Ranges up to `rawMaxRangeMs` return every fix in
 * [fromMs, toMs]. Longer ranges are cut into buckets of whole hours (aligned to the epoch, as many as fit in
 * `maxPoints`) covering [fromMs rounded down to the hour, toMs rounded up to the hour), one point per bucket:
 * its last fix. With TimescaleDB the points come from the hourly continuous aggregate; without it the same
 * buckets are computed from fixes (the primary key (vessel_id, reported_at, source) serves the range).
 */
export async function track(executor: SqlExecutor, storage: StorageMode, query: TrackQuery): Promise<Track> {
  const { vesselId, fromMs, toMs } = query;
  if (!Number.isInteger(fromMs) || !Number.isInteger(toMs) || fromMs > toMs) {
    throw invalid('a track needs integer fromMs <= toMs', { fromMs, toMs });
  }
  const maxPoints = checkLimit(query.maxPoints, TRACK_MAX_POINTS_DEFAULT, 1_000_000);
  const rawMaxRangeMs = query.rawMaxRangeMs ?? TRACK_RAW_MAX_RANGE_MS_DEFAULT;
  if (toMs - fromMs <= rawMaxRangeMs) {
    const { rows } = await executor.query<TrackPointRow>(
      `SELECT ${TRACK_POINT_COLUMNS} FROM fixes
       WHERE vessel_id = $1 AND rejection_reason IS NULL
         AND reported_at >= TIMESTAMPTZ 'epoch' + $2::int8 * INTERVAL '1 millisecond'
         AND reported_at <= TIMESTAMPTZ 'epoch' + $3::int8 * INTERVAL '1 millisecond'
       ORDER BY reported_at, source`,
      [vesselId, fromMs, toMs],
    );
    return { vesselId, fromMs, toMs, bucketMs: null, source: 'fixes', points: rows.map(toTrackPoint) };
  }
  const windowFromMs = Math.floor(fromMs / HOUR_MS) * HOUR_MS;
  const windowToMs = Math.ceil((toMs + 1) / HOUR_MS) * HOUR_MS;
  const bucketMs = trackBucketMs(windowToMs - windowFromMs, maxPoints);
  const params: SqlParam[] = [vesselId, windowFromMs, windowToMs, bucketMs];
  const from = `TIMESTAMPTZ 'epoch' + $2::int8 * INTERVAL '1 millisecond'`;
  const to = `TIMESTAMPTZ 'epoch' + $3::int8 * INTERVAL '1 millisecond'`;
  // date_bin (PostgreSQL 14+) keeps the key a timestamptz: about twice as fast as epoch arithmetic in numeric.
  const bucketKey = (column: string) =>
    `date_bin($4::int8 * INTERVAL '1 millisecond', ${column}, TIMESTAMPTZ 'epoch')`;
  if (storage === 'hypertable') {
    const { rows } = await executor.query<TrackPointRow>(
      `SELECT DISTINCT ON (${bucketKey('bucket')}) ${TRACK_POINT_COLUMNS}
       FROM ${FIXES_HOURLY_VIEW}
       WHERE vessel_id = $1 AND bucket >= ${from} AND bucket < ${to}
       ORDER BY ${bucketKey('bucket')}, bucket DESC`,
      params,
    );
    return { vesselId, fromMs, toMs, bucketMs, source: 'hourly_aggregate', points: rows.map(toTrackPoint) };
  }
  const { rows } = await executor.query<TrackPointRow>(
    `SELECT DISTINCT ON (${bucketKey('reported_at')}) ${TRACK_POINT_COLUMNS}
     FROM fixes
     WHERE vessel_id = $1 AND rejection_reason IS NULL AND reported_at >= ${from} AND reported_at < ${to}
     ORDER BY ${bucketKey('reported_at')}, reported_at DESC, source DESC`,
    params,
  );
  return { vesselId, fromMs, toMs, bucketMs, source: 'fixes_bucketed', points: rows.map(toTrackPoint) };
}

// ---------------------------------------------------------------- keyset cursors

export function encodeCursor(parts: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(
  cursor: string,
  shape: readonly ('number' | 'string')[],
): Array<string | number> {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = undefined;
  }
  if (
    !Array.isArray(parts) ||
    parts.length !== shape.length ||
    parts.some((part, index) => typeof part !== shape[index])
  ) {
    throw invalid('the cursor is not one this store handed out', { cursor });
  }
  return parts as Array<string | number>;
}

/**
 * Collects the parameters of a dynamically filtered query: `param(value)` returns its placeholder ($n),
 * `time(ms)` a timestamptz expression for epoch milliseconds.
 */
export function queryParameters(): {
  params: SqlParam[];
  param: (value: SqlParam) => string;
  time: (ms: number) => string;
} {
  const params: SqlParam[] = [];
  const param = (value: SqlParam) => {
    params.push(value);
    return `$${params.length}`;
  };
  const time = (ms: number) => `TIMESTAMPTZ 'epoch' + ${param(ms)}::int8 * INTERVAL '1 millisecond'`;
  return { params, param, time };
}

// ---------------------------------------------------------------- alerts

/**
 * Alerts matching every given filter, newest opened first (ties by id), one page at a time. Keyset
 * pagination: the cursor holds the last row's (opened_at, id), so pages stay stable while alerts arrive.
 */
export async function queryAlerts(executor: SqlExecutor, query: AlertQuery): Promise<Page<Alert>> {
  const limit = checkLimit(query.limit, PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX);
  const conditions: string[] = [];
  const { params, param, time } = queryParameters();
  if (query.status) conditions.push(`status = ${param(query.status)}`);
  if (query.types && query.types.length > 0)
    conditions.push(`type = ANY(${param([...query.types])}::text[])`);
  if (query.vesselId) conditions.push(`vessel_id = ${param(query.vesselId)}`);
  if (query.zoneId) conditions.push(`zone_id = ${param(query.zoneId)}`);
  if (query.openedFromMs !== undefined) conditions.push(`opened_at >= ${time(query.openedFromMs)}`);
  if (query.openedToMs !== undefined) conditions.push(`opened_at < ${time(query.openedToMs)}`);
  if (query.activeBetween) {
    const { fromMs, toMs } = query.activeBetween;
    conditions.push(`opened_at <= ${time(toMs)} AND (resolved_at IS NULL OR resolved_at >= ${time(fromMs)})`);
  }
  const visible = scopeCondition(query.scope, 'vessel_id', param);
  if (visible) conditions.push(visible);
  if (query.cursor) {
    const [openedAtMs, id] = decodeCursor(query.cursor, ['number', 'string']);
    conditions.push(`(opened_at, id) < (${time(openedAtMs as number)}, ${param(id as string)})`);
  }
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const { rows } = await executor.query<AlertRow>(
    `SELECT ${ALERT_COLUMNS} FROM alerts ${where} ORDER BY opened_at DESC, id DESC LIMIT ${param(limit + 1)}`,
    params,
  );
  const items = rows.slice(0, limit).map(toAlert);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor([last.openedAtMs, last.id]) : null,
  };
}

export async function getAlert(executor: SqlExecutor, id: string): Promise<Alert | null> {
  const { rows } = await executor.query<AlertRow>(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE id = $1`, [id]);
  return rows[0] ? toAlert(rows[0]) : null;
}

// ---------------------------------------------------------------- fleet

/**
 * Counts per home port of the registered fleet: in port (the processor put the vessel in a port), signal
 * lost (at sea and silent for more than signalLostFactor x its expected report interval), at sea, or no
 * position yet. Vessels in port are never signal-lost (they may switch the terminal off in port).
 */
export async function fleetCounts(executor: SqlExecutor, query: FleetCountsQuery): Promise<FleetCounts[]> {
  const factor = query.signalLostFactor ?? SIGNAL_LOST_FACTOR_DEFAULT;
  if (!(factor > 0)) throw invalid('signalLostFactor must be positive', { signalLostFactor: factor });
  const lost = `s.reported_at < TIMESTAMPTZ 'epoch' + ($1::int8 - v.expected_report_interval_ms * $2::float8) * INTERVAL '1 millisecond'`;
  const { rows } = await executor.query<{
    port_id: string;
    total: number;
    at_sea: number;
    in_port: number;
    signal_lost: number;
    no_position: number;
  }>(
    `SELECT v.home_port_id AS port_id,
            count(*)::int AS total,
            count(*) FILTER (WHERE s.vessel_id IS NOT NULL AND s.port_id IS NULL AND NOT (${lost}))::int AS at_sea,
            count(*) FILTER (WHERE s.port_id IS NOT NULL)::int AS in_port,
            count(*) FILTER (WHERE s.vessel_id IS NOT NULL AND s.port_id IS NULL AND ${lost})::int AS signal_lost,
            count(*) FILTER (WHERE s.vessel_id IS NULL)::int AS no_position
     FROM vessels v LEFT JOIN vessel_state s ON s.vessel_id = v.id
     WHERE $3::text[] IS NULL OR v.home_port_id = ANY($3::text[])
     GROUP BY v.home_port_id
     ORDER BY v.home_port_id`,
    [query.asOfMs, factor, query.homePortIds ? [...query.homePortIds] : null],
  );
  return rows.map((row) => ({
    portId: row.port_id,
    total: row.total,
    atSea: row.at_sea,
    inPort: row.in_port,
    signalLost: row.signal_lost,
    noPosition: row.no_position,
  }));
}

// ---------------------------------------------------------------- port calls

/** The port-call log, latest arrival first, keyset-paginated like alerts. */
export async function queryPortCalls(executor: SqlExecutor, query: PortCallQuery): Promise<Page<PortCall>> {
  const limit = checkLimit(query.limit, PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX);
  const conditions: string[] = [];
  const { params, param, time } = queryParameters();
  if (query.portId) conditions.push(`port_id = ${param(query.portId)}`);
  if (query.vesselId) conditions.push(`vessel_id = ${param(query.vesselId)}`);
  if (query.arrivedFromMs !== undefined) conditions.push(`arrived_at >= ${time(query.arrivedFromMs)}`);
  if (query.arrivedToMs !== undefined) conditions.push(`arrived_at < ${time(query.arrivedToMs)}`);
  const visible = scopeCondition(query.scope, 'vessel_id', param);
  if (visible) conditions.push(visible);
  if (query.cursor) {
    const [arrivedAtMs, vesselId, portId] = decodeCursor(query.cursor, ['number', 'string', 'string']);
    conditions.push(
      `(arrived_at, vessel_id, port_id) < (${time(arrivedAtMs as number)}, ${param(vesselId as string)}, ${param(portId as string)})`,
    );
  }
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const { rows } = await executor.query<PortCallRow>(
    `SELECT ${PORT_CALL_COLUMNS} FROM port_calls ${where}
     ORDER BY arrived_at DESC, vessel_id DESC, port_id DESC LIMIT ${param(limit + 1)}`,
    params,
  );
  const items = rows.slice(0, limit).map(toPortCall);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor:
      rows.length > limit && last ? encodeCursor([last.arrivedAtMs, last.vesselId, last.portId]) : null,
  };
}
