import { DAY_MS, HOUR_MS, VesselWatchError } from '@vesselwatch/domain';
import type { SqlDriver } from '../driver/sql-driver';
import type { StorageMode } from '../migrations/migration';
import { FIXES_HOURLY_VIEW } from '../migrations/0003-fixes-lifecycle';
import { lockMigrations } from '../migrations/migration-table';

/** Vietnamese rule: tracks are kept at least 36 months. */
export const FIXES_RETENTION_MONTHS_DEFAULT = 36;
/** Chunks whose newest data is older than this are compressed (same as the migration's policy). */
export const COMPRESS_AFTER_MS = 7 * DAY_MS;
/** The window the hourly aggregate is refreshed over by runMaintenance (same as its policy). */
export const HOURLY_REFRESH_WINDOW_MS = 30 * DAY_MS;

export function checkRetentionMonths(months: number): number {
  if (!Number.isInteger(months) || months < 1 || months > 1200) {
    throw new VesselWatchError('VW_ERR_INPUT_INVALID', {
      detail: 'fixesRetentionMonths must be a whole number of months from 1 to 1200',
      details: { fixesRetentionMonths: months },
    });
  }
  return months;
}

/**
 * Records the retention in store_settings and, with TimescaleDB, makes the retention policies of fixes and
 * of the hourly aggregate drop data after exactly that many months (replacing policies with another
 * interval). Runs at every openStore, under the migrations lock so two starting processes do not race.
 */
export async function syncRetentionPolicy(
  driver: SqlDriver,
  storage: StorageMode,
  months: number,
): Promise<void> {
  await driver.transaction(async (tx) => {
    await lockMigrations(tx, 'retention_policy');
    await tx.query(
      `INSERT INTO store_settings (key, value) VALUES ('fixes_retention_months', to_jsonb($1::int))
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()
       WHERE store_settings.value IS DISTINCT FROM EXCLUDED.value`,
      [months],
    );
    if (storage !== 'hypertable') return;
    for (const relation of ['fixes', FIXES_HOURLY_VIEW]) {
      const { rows } = await tx.query<{ same: boolean }>(
        `SELECT (j.config->>'drop_after')::interval = make_interval(months => $2) AS same
         FROM timescaledb_information.jobs j
         WHERE j.proc_name = 'policy_retention' AND j.hypertable_name = $1`,
        [relation, months],
      );
      if (rows.length === 1 && rows[0]?.same) continue;
      await tx.query('SELECT remove_retention_policy($1::regclass, if_exists => true)', [relation]);
      await tx.query('SELECT add_retention_policy($1::regclass, drop_after => make_interval(months => $2))', [
        relation,
        months,
      ]);
    }
  });
}

export interface RetentionResult {
  cutoffMs: number;
  /** TimescaleDB: fixes chunks dropped (whole 7-day chunks older than the cutoff); plain: rows deleted. */
  removed: number;
  unit: 'chunks' | 'rows';
}

/**
 * Removes fixes older than `asOfMs` minus the retention: calls vw_apply_fixes_retention, the same SQL
 * function the app or an operator can call. On TimescaleDB whole chunks go (a chunk once all of it is older).
 */
export async function applyRetention(
  driver: SqlDriver,
  storage: StorageMode,
  months: number,
  asOfMs: number,
): Promise<RetentionResult> {
  const { rows } = await driver.query<{ cutoff: Date; removed: string }>(
    `WITH c AS (SELECT TIMESTAMPTZ 'epoch' + $1::int8 * INTERVAL '1 millisecond' - make_interval(months => $2) AS cutoff)
     SELECT c.cutoff, vw_apply_fixes_retention(c.cutoff) AS removed FROM c`,
    [asOfMs, months],
  );
  const row = rows[0]!;
  return {
    cutoffMs: row.cutoff.getTime(),
    removed: Number(row.removed),
    unit: storage === 'hypertable' ? 'chunks' : 'rows',
  };
}

export interface MaintenanceResult {
  compressedChunks: number;
  refreshedHourlyAggregate: boolean;
  retention: RetentionResult;
}

/**
 * Does now what TimescaleDB's background jobs do on a server: compresses fixes chunks older than 7 days,
 * refreshes the hourly aggregate over the last 30 days, applies the retention. PGlite runs no background
 * workers, so the embedded all-in-one calls this periodically; on plain PostgreSQL only retention applies.
 * Safe to call anywhere, any number of times.
 */
export async function runMaintenance(
  driver: SqlDriver,
  storage: StorageMode,
  months: number,
  asOfMs: number,
): Promise<MaintenanceResult> {
  let compressedChunks = 0;
  let refreshedHourlyAggregate = false;
  if (storage === 'hypertable') {
    const { rows } = await driver.query<{ n: number }>(
      `SELECT count(compress_chunk(c, if_not_compressed => true))::int AS n
       FROM show_chunks('fixes', older_than => TIMESTAMPTZ 'epoch' + $1::int8 * INTERVAL '1 millisecond') c
       WHERE NOT EXISTS (SELECT 1 FROM timescaledb_information.chunks ch
                         WHERE format('%I.%I', ch.chunk_schema, ch.chunk_name)::regclass = c AND ch.is_compressed)`,
      [asOfMs - COMPRESS_AFTER_MS],
    );
    compressedChunks = rows[0]?.n ?? 0;
    // refresh_continuous_aggregate cannot run inside a transaction block: a plain driver call is autocommit.
    const to = new Date(Math.floor((asOfMs - HOUR_MS) / HOUR_MS) * HOUR_MS).toISOString();
    const from = new Date(Math.floor((asOfMs - HOURLY_REFRESH_WINDOW_MS) / HOUR_MS) * HOUR_MS).toISOString();
    await driver.exec(`CALL refresh_continuous_aggregate('${FIXES_HOURLY_VIEW}', '${from}', '${to}')`);
    refreshedHourlyAggregate = true;
  }
  const retention = await applyRetention(driver, storage, months, asOfMs);
  return { compressedChunks, refreshedHourlyAggregate, retention };
}

/** Refreshes the hourly aggregate over [fromMs, toMs) (whole hours); a no-op without TimescaleDB. */
export async function refreshHourlyTracks(
  driver: SqlDriver,
  storage: StorageMode,
  fromMs: number,
  toMs: number,
): Promise<void> {
  if (storage !== 'hypertable') return;
  const from = new Date(Math.floor(fromMs / HOUR_MS) * HOUR_MS).toISOString();
  const to = new Date(Math.ceil(toMs / HOUR_MS) * HOUR_MS).toISOString();
  await driver.exec(`CALL refresh_continuous_aggregate('${FIXES_HOURLY_VIEW}', '${from}', '${to}')`);
}
