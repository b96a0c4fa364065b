/**
 * The one database interface the store is written against. Two implementations keep the same behaviour:
 * `pg` (a node-postgres pool against a TimescaleDB or plain PostgreSQL server) and `pglite` (PostgreSQL
 * compiled to WASM, running in this process, with the TimescaleDB extension).
 *
 * Value conventions both drivers share, so queries behave the same on either:
 * - timestamptz comes back as a `Date`; `Date` parameters are sent as instants;
 * - int8 (bigint, `count(*)`) comes back as a decimal string, as node-postgres does: cast to int in SQL
 *   (`count(*)::int`) when a JS number is wanted;
 * - JS arrays are sent as PostgreSQL arrays (cast the parameter, e.g. `$1::text[]`, for UNNEST batches).
 */

export type SqlDriverKind = 'pg' | 'pglite';

/** A query parameter as node-postgres and PGlite both accept it; a plain object is sent as JSON. */
export type SqlParam =
  | string
  | number
  | boolean
  | bigint
  | Date
  | null
  | Uint8Array
  | readonly SqlParam[]
  | { readonly [key: string]: unknown };

export interface SqlQueryResult<Row> {
  rows: Row[];
  /** Rows written by INSERT/UPDATE/DELETE, or rows returned by SELECT. */
  rowCount: number;
}

/** What a connection can run: one statement with parameters, or a script of several statements. */
export interface SqlExecutor {
  /** One statement, parameters as `$1`, `$2`, ... Rejects with VW_ERR_DB_QUERY_FAILED or VW_ERR_DB_UNAVAILABLE. */
  query<Row extends object = Record<string, unknown>>(
    sql: string,
    params?: readonly SqlParam[],
  ): Promise<SqlQueryResult<Row>>;
  /** A script of one or more statements without parameters (simple query protocol), e.g. a migration. */
  exec(sql: string): Promise<void>;
}

/** A handle bound to one connection inside one open transaction; only valid until the callback returns. */
export interface SqlTransaction extends SqlExecutor {
  readonly kind: SqlDriverKind;
}

export interface DatabaseCapabilities {
  /** True when the TimescaleDB extension is installed in this database (hypertables can be made). */
  timescaledb: boolean;
  /** True when the server could install TimescaleDB (`CREATE EXTENSION timescaledb` would find it). */
  timescaledbAvailable: boolean;
  /** Installed TimescaleDB version, e.g. "2.23.0-dev"; null when not installed. */
  timescaledbVersion: string | null;
  /** PostgreSQL server version, e.g. "17.5". */
  version: string;
}

export interface SqlDriver extends SqlExecutor {
  readonly kind: SqlDriverKind;
  /** Where the data lives, for logs and the status page; never contains a password. */
  readonly description: string;
  /**
   * Runs `fn` in one transaction on one connection: COMMIT when it resolves, ROLLBACK when it throws (the
   * error is rethrown as is). Inside `fn` use only the handle it gets: on PGlite a call on the driver
   * itself would wait for the transaction that is waiting for it, so it is refused with an error.
   */
  transaction<T>(fn: (tx: SqlTransaction) => Promise<T>): Promise<T>;
  capabilities(): Promise<DatabaseCapabilities>;
  /** Waits for running statements, then releases connections (pg) or shuts the embedded database down. */
  close(): Promise<void>;
}
