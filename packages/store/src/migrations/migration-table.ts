import { VesselWatchError } from '@vesselwatch/domain';
import type { SqlExecutor } from '../driver/sql-driver';
import type { StorageMode } from './migration';

/** The table that records applied migrations (one row per migration). */
export const MIGRATIONS_TABLE_DEFAULT = 'schema_migrations';

const TABLE_NAME_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/** Table names are spliced into SQL, so only plain lower-case identifiers are accepted. */
export function checkMigrationsTableName(tableName: string): string {
  if (!TABLE_NAME_PATTERN.test(tableName)) {
    throw new VesselWatchError('VW_ERR_DB_MIGRATION_FAILED', {
      detail: `"${tableName}" is not a valid migrations table name (lower-case letters, digits, underscores)`,
    });
  }
  return tableName;
}

export interface AppliedMigrationRow {
  id: string;
  checksum: string;
  storage: StorageMode;
}

export function createMigrationsTableSql(tableName: string): string {
  return `CREATE TABLE IF NOT EXISTS ${tableName} (
    id text PRIMARY KEY,
    description text NOT NULL,
    -- SHA-256 of the SQL the migration ran; an edited migration no longer matches it.
    checksum text NOT NULL,
    -- How time-series tables were stored when it ran: TimescaleDB hypertables or plain tables.
    storage text NOT NULL CHECK (storage IN ('hypertable', 'plain')),
    applied_at timestamptz NOT NULL DEFAULT now(),
    duration_ms integer NOT NULL
  )`;
}

/**
 * Serializes migration runners on one database until the end of the current transaction: a second
 * process starting at the same time waits here, then sees the first one's work. (On PGlite, which has one
 * connection, the driver's own lock already does this; the call is harmless there.)
 */
export async function lockMigrations(tx: SqlExecutor, tableName: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`vesselwatch.migrations.${tableName}`]);
}

/** True when the table exists in the current search path. */
export async function migrationsTableExists(executor: SqlExecutor, tableName: string): Promise<boolean> {
  const { rows } = await executor.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [
    tableName,
  ]);
  return rows[0]?.exists === true;
}

export async function readAppliedMigrations(
  executor: SqlExecutor,
  tableName: string,
): Promise<Map<string, AppliedMigrationRow>> {
  const { rows } = await executor.query<AppliedMigrationRow>(
    `SELECT id, checksum, storage FROM ${tableName} ORDER BY id`,
  );
  return new Map(rows.map((row) => [row.id, row]));
}

export async function readAppliedMigration(
  executor: SqlExecutor,
  tableName: string,
  id: string,
): Promise<AppliedMigrationRow | undefined> {
  const { rows } = await executor.query<AppliedMigrationRow>(
    `SELECT id, checksum, storage FROM ${tableName} WHERE id = $1`,
    [id],
  );
  return rows[0];
}

export async function recordAppliedMigration(
  executor: SqlExecutor,
  tableName: string,
  row: AppliedMigrationRow & { description: string; durationMs: number },
): Promise<void> {
  await executor.query(
    `INSERT INTO ${tableName} (id, description, checksum, storage, duration_ms) VALUES ($1, $2, $3, $4, $5)`,
    [row.id, row.description, row.checksum, row.storage, Math.round(row.durationMs)],
  );
}

/** The storage mode recorded by the first applied migration, or null for a database never migrated. */
export async function readRecordedStorage(
  executor: SqlExecutor,
  tableName: string,
): Promise<StorageMode | null> {
  if (!(await migrationsTableExists(executor, tableName))) return null;
  const { rows } = await executor.query<{ storage: StorageMode }>(
    `SELECT storage FROM ${tableName} ORDER BY id LIMIT 1`,
  );
  return rows[0]?.storage ?? null;
}
