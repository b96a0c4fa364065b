import type { FixRow as StoredFixRow } from '../api/rows';
import type { SqlExecutor } from '../driver/sql-driver';

/** One row of `fixes` as the tests write it. Coordinates are [lon, lat], WGS-84 degrees. */
export interface FixRow {
  vesselId: string;
  terminalId: string;
  reportedAtMs: number;
  receivedAtMs: number;
  lon: number;
  lat: number;
  speedKnots: number | null;
  courseDeg: number | null;
  source: 'naf' | 'ais' | 'json' | 'csv' | 'sim';
  rejectionReason: string | null;
}

const TWO_HOURS_MS = 2 * 60 * 60 * 1_000;
const RECEIVE_DELAY_MS = 30_000;

/**
 * `count` fixes spread over `vesselCount` vessels reporting every two hours off the Vietnamese coast,
 * deterministic (no randomness) so failures reproduce. Every 10th fix has no speed/course and every 50th
 * is a rejected one, so NULLs and rejection reasons go through the batch path too.
 */
export function makeFixBatch(count: number, startMs: number, vesselCount = 100): FixRow[] {
  return Array.from({ length: count }, (_, index) => {
    const vessel = index % vesselCount;
    const step = Math.floor(index / vesselCount);
    const reportedAtMs = startMs + step * TWO_HOURS_MS;
    return {
      vesselId: `VN-TEST-${String(vessel).padStart(5, '0')}`,
      terminalId: `T${String(vessel).padStart(6, '0')}`,
      reportedAtMs,
      receivedAtMs: reportedAtMs + RECEIVE_DELAY_MS,
      lon: 106.5 + vessel * 0.01 + step * 0.001,
      lat: 9.5 + vessel * 0.005 - step * 0.001,
      speedKnots: index % 10 === 0 ? null : 4 + (index % 7),
      courseDeg: index % 10 === 0 ? null : (index * 37) % 360,
      source: 'sim',
      rejectionReason: index % 50 === 49 ? 'implied speed too high' : null,
    };
  });
}

/**
 * Writes a batch in ONE statement: each column goes as one array parameter and UNNEST zips them back into
 * rows, so the statement has 10 parameters whatever the batch size. Re-delivered fixes are skipped by the
 * (vessel_id, reported_at, source) key. Returns how many rows were new.
 */
export async function insertFixBatch(executor: SqlExecutor, fixes: readonly FixRow[]): Promise<number> {
  const result = await executor.query(
    `INSERT INTO fixes (vessel_id, terminal_id, reported_at, received_at, lon, lat, speed_knots, course_deg,
                        source, rejection_reason)
     SELECT * FROM UNNEST($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::float8[], $6::float8[],
                          $7::real[], $8::real[], $9::text[], $10::text[])
     ON CONFLICT (vessel_id, reported_at, source) DO NOTHING`,
    [
      fixes.map((fix) => fix.vesselId),
      fixes.map((fix) => fix.terminalId),
      fixes.map((fix) => new Date(fix.reportedAtMs)),
      fixes.map((fix) => new Date(fix.receivedAtMs)),
      fixes.map((fix) => fix.lon),
      fixes.map((fix) => fix.lat),
      fixes.map((fix) => fix.speedKnots),
      fixes.map((fix) => fix.courseDeg),
      fixes.map((fix) => fix.source),
      fixes.map((fix) => fix.rejectionReason),
    ],
  );
  return result.rowCount;
}

/** Reads fixes back in key order, converted to FixRow. */
export async function readFixes(executor: SqlExecutor): Promise<FixRow[]> {
  const { rows } = await executor.query<StoredFixRow & { rejection_reason: string | null }>(
    'SELECT * FROM fixes ORDER BY vessel_id, reported_at, source',
  );
  return rows.map((row) => ({
    vesselId: row.vessel_id,
    terminalId: row.terminal_id,
    reportedAtMs: row.reported_at.getTime(),
    receivedAtMs: row.received_at.getTime(),
    lon: row.lon,
    lat: row.lat,
    speedKnots: row.speed_knots,
    courseDeg: row.course_deg,
    source: row.source,
    rejectionReason: row.rejection_reason,
  }));
}
