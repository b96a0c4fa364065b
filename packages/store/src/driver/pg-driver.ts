import pg from 'pg';
import { VesselWatchError } from '@vesselwatch/domain';
import { readCapabilities } from './capabilities';
import {
  CONNECT_TIMEOUT_MS_DEFAULT,
  POOL_SIZE_DEFAULT,
  describeDatabaseUrl,
  parseDatabaseUrl,
  type ServerDatabaseConfig,
} from './database-config';
import { toDatabaseError } from './database-errors';
import type { DatabaseCapabilities, SqlDriver, SqlParam, SqlQueryResult, SqlTransaction } from './sql-driver';

/** Shown in pg_stat_activity so an operator can tell VesselWatch's connections apart. */
const APPLICATION_NAME = 'vesselwatch';

type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

async function runQuery<Row extends object>(
  target: Queryable,
  sql: string,
  params: readonly SqlParam[] | undefined,
  describeError: (error: unknown, sql: string) => VesselWatchError,
): Promise<SqlQueryResult<Row>> {
  try {
    const result = await target.query<Row & pg.QueryResultRow>(sql, params as unknown[] | undefined);
    return { rows: result.rows, rowCount: result.rowCount ?? result.rows.length };
  } catch (error) {
    throw describeError(error, sql);
  }
}

async function runScript(
  target: Queryable,
  sql: string,
  describeError: (error: unknown, sql: string) => VesselWatchError,
): Promise<void> {
  try {
    // Without parameters node-postgres uses the simple query protocol, which accepts several statements.
    await target.query(sql);
  } catch (error) {
    throw describeError(error, sql);
  }
}

/** The `pg` driver: a node-postgres pool against a PostgreSQL or TimescaleDB server. */
export class PgDriver implements SqlDriver {
  readonly kind = 'pg' as const;
  readonly description: string;
  private readonly pool: pg.Pool;
  private closing: Promise<void> | undefined;

  constructor(config: ServerDatabaseConfig) {
    const url = parseDatabaseUrl(config.url);
    this.description = `pg ${describeDatabaseUrl(url)}`;
    this.pool = new pg.Pool({
      connectionString: config.url,
      max: config.poolSize ?? POOL_SIZE_DEFAULT,
      connectionTimeoutMillis: config.connectTimeoutMs ?? CONNECT_TIMEOUT_MS_DEFAULT,
      application_name: APPLICATION_NAME,
    });
    const onIdleError =
      config.onIdleConnectionError ??
      ((error: VesselWatchError) => process.emitWarning(error.message, { code: error.code }));
    // An idle connection that breaks (server restart) is an 'error' event; unhandled, it would kill the process.
    this.pool.on('error', (error) => onIdleError(this.describeError(error)));
  }

  private readonly describeError = (error: unknown, sql?: string): VesselWatchError =>
    toDatabaseError(error, {
      driver: this.kind,
      database: this.description,
      ...(sql === undefined ? {} : { sql }),
    });

  query<Row extends object = Record<string, unknown>>(
    sql: string,
    params?: readonly SqlParam[],
  ): Promise<SqlQueryResult<Row>> {
    return runQuery<Row>(this.pool, sql, params, this.describeError);
  }

  exec(sql: string): Promise<void> {
    return runScript(this.pool, sql, this.describeError);
  }

  async transaction<T>(fn: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw this.describeError(error);
    }
    const tx: SqlTransaction = {
      kind: this.kind,
      query: <Row extends object>(sql: string, params?: readonly SqlParam[]) =>
        runQuery<Row>(client, sql, params, this.describeError),
      exec: (sql: string) => runScript(client, sql, this.describeError),
    };
    let brokenConnection: Error | undefined;
    // A connection that breaks while checked out (between statements) emits 'error'; unhandled, that would
    // kill the process. The next statement on it then fails with VW_ERR_DB_UNAVAILABLE, and release() below
    // destroys it instead of pooling it.
    const onConnectionError = (error: Error) => {
      brokenConnection ??= error;
    };
    client.on('error', onConnectionError);
    try {
      await tx.exec('BEGIN');
      const result = await fn(tx);
      await tx.exec('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        // The connection is unusable (that is usually why we are here): drop it instead of pooling it.
        // The caller still gets the original error, which says what went wrong first.
        brokenConnection ??=
          rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        if (error instanceof VesselWatchError) error.details.rollbackFailure = String(rollbackError);
      }
      throw error;
    } finally {
      client.off('error', onConnectionError);
      client.release(brokenConnection);
    }
  }

  capabilities(): Promise<DatabaseCapabilities> {
    return readCapabilities(this);
  }

  close(): Promise<void> {
    // node-postgres throws when a pool is ended twice; closing twice is harmless here.
    this.closing ??= this.pool.end().catch((error: unknown) => {
      throw this.describeError(error);
    });
    return this.closing;
  }
}
