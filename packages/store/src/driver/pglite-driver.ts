import { AsyncLocalStorage } from 'node:async_hooks';
import { VesselWatchError } from '@vesselwatch/domain';
import { AsyncMutex } from './async-mutex';
import { readCapabilities } from './capabilities';
import type { EmbeddedDatabaseConfig } from './database-config';
import { toDatabaseError } from './database-errors';
import {
  createEmbeddedPostgres,
  type EmbeddedPostgres,
  type EmbeddedPostgresTransaction,
} from './embedded-postgres';
import type { DatabaseCapabilities, SqlDriver, SqlParam, SqlQueryResult, SqlTransaction } from './sql-driver';

/**
 * The `pglite` driver: PostgreSQL with TimescaleDB in this process (no socket: serving PGlite over the
 * wire protocol crashed on large batches, and in process it needs no port).
 *
 * PGlite has a single connection, so every call takes `mutex`: a transaction holds it from BEGIN to
 * COMMIT/ROLLBACK and no other caller's statement can slip in between.
 */
export class PgliteDriver implements SqlDriver {
  readonly kind = 'pglite' as const;
  readonly description: string;
  private readonly mutex = new AsyncMutex();
  /** Set while a transaction callback runs, to refuse (not deadlock on) driver calls made from inside it. */
  private readonly insideTransaction = new AsyncLocalStorage<true>();
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly db: EmbeddedPostgres,
    description: string,
  ) {
    this.description = description;
  }

  static async open(config: EmbeddedDatabaseConfig): Promise<PgliteDriver> {
    const { dataDir, timescaledb = true } = config.embedded;
    const description = `pglite ${dataDir === undefined ? 'in memory' : dataDir}${timescaledb ? ' + timescaledb' : ''}`;
    let db: EmbeddedPostgres | undefined;
    try {
      db = await createEmbeddedPostgres({ timescaledb, ...(dataDir === undefined ? {} : { dataDir }) });
      if (timescaledb) await loadTimescaleDbModules(db);
      return new PgliteDriver(db, description);
    } catch (error) {
      // Closing also releases the data directory's lock, so a failed start does not block the next one.
      await db?.close().catch(() => undefined);
      // A catalogued error (VW_ERR_DB_LOCKED: another process has the directory) already says what to do.
      if (error instanceof VesselWatchError) throw error;
      // The embedded database could not start (data directory unreadable, corrupt, out of memory).
      throw new VesselWatchError('VW_ERR_DB_UNAVAILABLE', {
        detail: `${description} did not start: ${error instanceof Error ? error.message : String(error)}`,
        details: { driver: 'pglite', database: description },
        cause: error,
      });
    }
  }

  private describeError(error: unknown, sql?: string): VesselWatchError {
    if (this.db.closed && !(error instanceof VesselWatchError)) {
      return new VesselWatchError('VW_ERR_DB_UNAVAILABLE', {
        detail: `${this.description} is closed`,
        details: { driver: this.kind, database: this.description },
        cause: error,
      });
    }
    return toDatabaseError(error, {
      driver: this.kind,
      database: this.description,
      ...(sql === undefined ? {} : { sql }),
    });
  }

  private async run<T>(sql: string | undefined, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw this.describeError(error, sql);
    }
  }

  /** Takes the connection for `work`; refuses re-entry from a transaction callback (it would wait forever). */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.insideTransaction.getStore()) {
      return Promise.reject(
        new VesselWatchError('VW_ERR_DB_QUERY_FAILED', {
          detail:
            'a statement was sent to the driver from inside its own transaction; use the transaction handle',
          details: { driver: this.kind, database: this.description },
        }),
      );
    }
    if (this.closing) {
      return Promise.reject(
        new VesselWatchError('VW_ERR_DB_UNAVAILABLE', {
          detail: `${this.description} is closed`,
          details: { driver: this.kind, database: this.description },
        }),
      );
    }
    return this.mutex.runExclusive(work);
  }

  private static toResult<Row>(result: { rows: Row[]; affectedRows?: number }): SqlQueryResult<Row> {
    // PGlite counts affected rows only for writes; a SELECT's count is the rows it returned.
    return { rows: result.rows, rowCount: result.affectedRows || result.rows.length };
  }

  private queryOn<Row extends object>(
    target: EmbeddedPostgresTransaction,
    sql: string,
    params?: readonly SqlParam[],
  ): Promise<SqlQueryResult<Row>> {
    return this.run(sql, async () =>
      PgliteDriver.toResult(await target.query<Row>(sql, params as unknown[] | undefined)),
    );
  }

  private execOn(target: EmbeddedPostgresTransaction, sql: string): Promise<void> {
    return this.run(sql, async () => {
      await target.exec(sql);
    });
  }

  query<Row extends object = Record<string, unknown>>(
    sql: string,
    params?: readonly SqlParam[],
  ): Promise<SqlQueryResult<Row>> {
    return this.exclusive(() => this.queryOn<Row>(this.db, sql, params));
  }

  exec(sql: string): Promise<void> {
    return this.exclusive(() => this.execOn(this.db, sql));
  }

  transaction<T>(fn: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    return this.exclusive(() =>
      // PGlite's own transaction() issues BEGIN, COMMIT on success and ROLLBACK when the callback throws.
      this.db.transaction((pgTx) => {
        const tx: SqlTransaction = {
          kind: this.kind,
          query: <Row extends object>(sql: string, params?: readonly SqlParam[]) =>
            this.queryOn<Row>(pgTx, sql, params),
          exec: (sql: string) => this.execOn(pgTx, sql),
        };
        return this.insideTransaction.run(true, () => fn(tx));
      }),
    ).catch((error: unknown) => {
      // Errors of the callback pass unchanged; only PGlite's own (BEGIN/COMMIT failures) get mapped.
      throw error instanceof VesselWatchError || !this.isPgliteError(error)
        ? error
        : this.describeError(error);
    });
  }

  /** PGlite's database errors carry a SQLSTATE `code` and a `severity`. */
  private isPgliteError(error: unknown): boolean {
    return typeof error === 'object' && error !== null && 'severity' in error && 'code' in error;
  }

  capabilities(): Promise<DatabaseCapabilities> {
    return readCapabilities(this);
  }

  close(): Promise<void> {
    // Queued statements run first: close takes the lock after them, and later calls are refused.
    this.closing ??= this.mutex.runExclusive(() => this.run(undefined, () => this.db.close()));
    return this.closing;
  }
}

/**
 * Loads TimescaleDB's libraries into a PGlite that already has the extension (a data directory reopened).
 * On a server the loader (shared_preload_libraries) does this; PGlite has no preloading, and without it
 * the community (TSL) functions are missing in every session after the one that ran CREATE EXTENSION:
 * compression, continuous-aggregate refresh and policies fail with "function ... is not supported under
 * the current "timescale" license". The main library must be loaded before the TSL one.
 */
async function loadTimescaleDbModules(db: EmbeddedPostgres): Promise<void> {
  const { rows } = await db.query<{ extversion: string }>(
    `SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'`,
  );
  const version = rows[0]?.extversion;
  if (version === undefined) return; // not installed yet: CREATE EXTENSION will load everything itself
  if (!/^[0-9A-Za-z.-]+$/.test(version)) throw new Error(`unexpected TimescaleDB version "${version}"`);
  await db.exec(`LOAD 'timescaledb-${version}'; LOAD 'timescaledb-tsl-${version}'`);
}
