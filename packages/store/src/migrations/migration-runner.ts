import { VesselWatchError } from '@vesselwatch/domain';
import type { SqlDriver, SqlExecutor } from '../driver/sql-driver';
import type { Migration, MigrationContext, MigrationRunResult, StorageMode } from './migration';
import { migrationChecksum } from './migration-checksum';
import {
  MIGRATIONS_TABLE_DEFAULT,
  checkMigrationsTableName,
  createMigrationsTableSql,
  lockMigrations,
  readAppliedMigration,
  readAppliedMigrations,
  recordAppliedMigration,
  type AppliedMigrationRow,
} from './migration-table';

export interface RunMigrationsOptions {
  /**
   * Storage mode for time-series tables. Must match the mode already recorded in the database, if any
   * (openStore reads it first); a mismatch fails instead of mixing hypertables and plain tables.
   */
  storage: StorageMode;
  /** Table that records applied migrations; tests use their own to stay apart from the store's. */
  tableName?: string;
}

/**
 * Brings the schema up to date: applies every migration not yet recorded, in order, each in its own
 * transaction together with its record (so a migration is either fully applied and recorded or not at
 * all). Running it again does nothing. Before changing anything it re-derives the SQL of every applied
 * migration and fails with VW_ERR_DB_MIGRATION_CHANGED if one was edited.
 */
export async function runMigrations(
  driver: SqlDriver,
  migrations: readonly Migration[],
  options: RunMigrationsOptions,
): Promise<MigrationRunResult> {
  const tableName = checkMigrationsTableName(options.tableName ?? MIGRATIONS_TABLE_DEFAULT);
  checkMigrationOrder(migrations);
  await driver.transaction(async (tx) => {
    // Under the lock, so two runners starting together do not race on CREATE TABLE.
    await lockMigrations(tx, tableName);
    await tx.exec(createMigrationsTableSql(tableName));
  });

  const appliedRows = await readAppliedMigrations(driver, tableName);
  const knownIds = new Set(migrations.map((migration) => migration.id));
  const result: MigrationRunResult = {
    storage: options.storage,
    applied: [],
    alreadyApplied: [],
    unverified: [],
    unknownApplied: [...appliedRows.keys()].filter((id) => !knownIds.has(id)),
  };
  checkStorageMatches(appliedRows, options.storage);

  // Check every applied migration before touching anything.
  for (const migration of migrations) {
    const row = appliedRows.get(migration.id);
    if (!row) continue;
    if (!(await verifyChecksum(migration, row))) result.unverified.push(migration.id);
    result.alreadyApplied.push(migration.id);
  }
  checkNoGaps(migrations, appliedRows);

  for (const migration of migrations) {
    if (appliedRows.has(migration.id)) continue;
    const concurrentRow = await applyMigration(driver, tableName, migration, options.storage);
    if (concurrentRow) {
      // Another runner applied it while this one waited for the lock: check it is the same SQL.
      if (!(await verifyChecksum(migration, concurrentRow))) result.unverified.push(migration.id);
      result.alreadyApplied.push(migration.id);
    } else {
      result.applied.push(migration.id);
    }
  }
  return result;
}

/** Ids must be unique and listed in ascending order, the order they are applied in. */
function checkMigrationOrder(migrations: readonly Migration[]): void {
  for (let index = 1; index < migrations.length; index += 1) {
    const previous = migrations[index - 1]!;
    const current = migrations[index]!;
    if (!(previous.id < current.id)) {
      throw new VesselWatchError('VW_ERR_DB_MIGRATION_FAILED', {
        detail: `migration ids must be unique and ascending, but "${current.id}" follows "${previous.id}"`,
        details: { migrationId: current.id },
      });
    }
  }
}

function checkStorageMatches(appliedRows: Map<string, AppliedMigrationRow>, storage: StorageMode): void {
  const recorded = appliedRows.values().next().value;
  if (recorded && recorded.storage !== storage) {
    throw new VesselWatchError('VW_ERR_DB_MIGRATION_FAILED', {
      detail: `this database stores time series as ${recorded.storage} tables, but migrations were asked to run for ${storage}`,
      details: { recordedStorage: recorded.storage, requestedStorage: storage },
    });
  }
}

/** A new migration slotted in before one already applied would run out of order: refuse, ask for a later id. */
function checkNoGaps(migrations: readonly Migration[], appliedRows: Map<string, AppliedMigrationRow>): void {
  const lastApplied = [...migrations].reverse().find((migration) => appliedRows.has(migration.id));
  if (!lastApplied) return;
  const pendingBefore = migrations.find(
    (migration) => !appliedRows.has(migration.id) && migration.id < lastApplied.id,
  );
  if (pendingBefore) {
    throw new VesselWatchError('VW_ERR_DB_MIGRATION_FAILED', {
      detail: `migration ${pendingBefore.id} is new but ${lastApplied.id} is already applied; give it an id after ${lastApplied.id}`,
      details: { migrationId: pendingBefore.id },
    });
  }
}

function contextFor(executor: SqlExecutor, storage: StorageMode): MigrationContext {
  return {
    storage,
    timescaledb: storage === 'hypertable',
    query: (sql, params) => executor.query(sql, params),
    exec: (sql) => executor.exec(sql),
  };
}

/** Runs `migration` inside a transaction; returns the row of a concurrent runner that applied it first, if any. */
async function applyMigration(
  driver: SqlDriver,
  tableName: string,
  migration: Migration,
  storage: StorageMode,
): Promise<AppliedMigrationRow | undefined> {
  try {
    return await driver.transaction(async (tx) => {
      await lockMigrations(tx, tableName);
      const existing = await readAppliedMigration(tx, tableName, migration.id);
      if (existing) return existing;
      const startedAtMs = performance.now();
      const statements: string[] = [];
      const recording: SqlExecutor = {
        query: (sql, params) => {
          statements.push(sql);
          return tx.query(sql, params);
        },
        exec: (sql) => {
          statements.push(sql);
          return tx.exec(sql);
        },
      };
      const script = await migration.up(contextFor(recording, storage));
      if (typeof script === 'string') await recording.exec(script);
      await recordAppliedMigration(tx, tableName, {
        id: migration.id,
        description: migration.description,
        checksum: migrationChecksum(statements),
        storage,
        durationMs: performance.now() - startedAtMs,
      });
      return undefined;
    });
  } catch (error) {
    throw migrationFailure(migration, error);
  }
}

function migrationFailure(migration: Migration, error: unknown): VesselWatchError {
  // A lost connection stays retriable: the transaction was rolled back and the next start tries again.
  if (error instanceof VesselWatchError && error.code === 'VW_ERR_DB_UNAVAILABLE') {
    error.details.migrationId = migration.id;
    return error;
  }
  const message = error instanceof Error ? error.message : String(error);
  return new VesselWatchError('VW_ERR_DB_MIGRATION_FAILED', {
    detail: `migration ${migration.id} (${migration.description}) failed and was rolled back: ${message}`,
    details: {
      migrationId: migration.id,
      ...(error instanceof VesselWatchError ? { causeCode: error.code, ...error.details } : {}),
    },
    cause: error,
  });
}

/** Thrown by the dry-run context when a migration reads from the database: it cannot be re-derived. */
const NEEDS_DATABASE = Symbol('migration reads from the database');

/**
 * Re-derives the SQL of an applied migration without running it (scripts are collected, not executed)
 * and compares checksums. Returns false when the migration reads with `ctx.query` and so cannot be checked.
 */
async function verifyChecksum(migration: Migration, row: AppliedMigrationRow): Promise<boolean> {
  const statements: string[] = [];
  const dryRun: SqlExecutor = {
    query: (sql) => {
      statements.push(sql);
      return Promise.reject(NEEDS_DATABASE);
    },
    exec: (sql) => {
      statements.push(sql);
      return Promise.resolve();
    },
  };
  try {
    const script = await migration.up(contextFor(dryRun, row.storage));
    if (typeof script === 'string') statements.push(script);
  } catch (error) {
    if (error === NEEDS_DATABASE) return false;
    throw migrationFailure(migration, error);
  }
  const checksum = migrationChecksum(statements);
  if (checksum !== row.checksum) {
    throw new VesselWatchError('VW_ERR_DB_MIGRATION_CHANGED', {
      detail: `migration ${migration.id} (${migration.description}) differs from the one applied to this database`,
      details: { migrationId: migration.id, recordedChecksum: row.checksum, currentChecksum: checksum },
    });
  }
  return true;
}
