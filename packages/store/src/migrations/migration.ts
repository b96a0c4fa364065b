import type { SqlExecutor } from '../driver/sql-driver';

/** How the time-series tables (fixes, later alerts history) are stored in one database. */
export type StorageMode = 'hypertable' | 'plain';

export const STORAGE_MODES: readonly StorageMode[] = ['hypertable', 'plain'];

/**
 * What a migration is told and may use. `exec`/`query` run inside the migration's own transaction; every
 * statement sent through them counts towards the migration's checksum.
 */
export interface MigrationContext extends SqlExecutor {
  /**
   * How this database stores time-series tables. Chosen once, when the first migration ran, and then kept,
   * so later migrations follow the tables that exist even if TimescaleDB appears or goes away later.
   */
  readonly storage: StorageMode;
  /** Shorthand for `storage === 'hypertable'`: TimescaleDB is installed and in use. */
  readonly timescaledb: boolean;
}

/**
 * One schema change. Never edit a migration once it has been applied anywhere: add a new one (the runner
 * rejects an applied migration whose SQL changed with VW_ERR_DB_MIGRATION_CHANGED).
 */
export interface Migration {
  /** Sorts in apply order: a zero-padded number and a name, e.g. `0001_fixes`. */
  readonly id: string;
  readonly description: string;
  /**
   * Either returns the SQL script to run (preferred: it can be re-derived to check it was not edited), or
   * runs its statements itself through `ctx` and resolves. A migration that reads with `ctx.query` cannot be
   * re-derived without touching the database, so its checksum is recorded but not checked on later runs.
   */
  up(ctx: MigrationContext): string | Promise<void>;
}

export interface MigrationRunResult {
  /** Storage mode of this database (recorded with every applied migration). */
  storage: StorageMode;
  /** Migrations this run applied, in order. */
  applied: string[];
  /** Migrations found already applied (by an earlier run or a concurrent runner). */
  alreadyApplied: string[];
  /** Already-applied migrations whose checksum could not be re-derived (they read with `ctx.query`). */
  unverified: string[];
  /** Applied in the database but unknown to this code: the database was migrated by a newer version. */
  unknownApplied: string[];
}
