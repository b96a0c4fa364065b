import { VesselWatchError } from '@vesselwatch/domain';
import type { SqlDriverKind } from './sql-driver';

/**
 * Turns what node-postgres or PGlite threw into a catalogued error: failures to reach or keep a connection
 * become VW_ERR_DB_UNAVAILABLE (retriable), failures of a statement VW_ERR_DB_QUERY_FAILED with the
 * PostgreSQL error fields in `details`. The original error always stays as `cause`.
 */

/**
 * SQLSTATEs that mean the server refuses us for good until the set-up changes: retrying a wrong password
 * or a database that does not exist only hides the mistake.
 */
function isAuthorizationSqlState(sqlState: string): boolean {
  return (
    sqlState.startsWith('28') || // invalid authorization (wrong password, no pg_hba entry)
    sqlState === '3D000' // the database named in the URL does not exist
  );
}

/** SQLSTATEs that mean the connection, not the statement, failed: worth retrying later. */
function isConnectionSqlState(sqlState: string): boolean {
  return (
    sqlState.startsWith('08') || // connection_exception class
    sqlState === '53300' || // too_many_connections
    sqlState === '57P01' || // admin_shutdown
    sqlState === '57P02' || // crash_shutdown
    sqlState === '57P03' // cannot_connect_now (server starting up)
  );
}

const SOCKET_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
]);

/** node-postgres reports lost or refused connections with plain Errors carrying only a message. */
const CONNECTION_MESSAGES = [
  'connection terminated',
  'timeout exceeded when trying to connect',
  'client has encountered a connection error',
  'cannot use a pool after calling end',
  'connection refused',
];

interface PgLikeError {
  code?: unknown;
  message?: unknown;
  detail?: unknown;
  hint?: unknown;
  position?: unknown;
  schema?: unknown;
  table?: unknown;
  column?: unknown;
  constraint?: unknown;
  severity?: unknown;
}

function asRecord(error: unknown): PgLikeError {
  return typeof error === 'object' && error !== null ? (error as PgLikeError) : {};
}

function sqlStateOf(error: unknown): string | undefined {
  const code = asRecord(error).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

export function isConnectionError(error: unknown): boolean {
  const record = asRecord(error);
  const sqlState = sqlStateOf(error);
  if (sqlState) return isConnectionSqlState(sqlState);
  if (typeof record.code === 'string' && SOCKET_ERROR_CODES.has(record.code)) return true;
  // Node's happy-eyeballs connect reports every failed address inside an AggregateError.
  if (error instanceof AggregateError) return error.errors.some(isConnectionError);
  const message = typeof record.message === 'string' ? record.message.toLowerCase() : '';
  return CONNECTION_MESSAGES.some((known) => message.includes(known));
}

/** The first characters of a statement, enough to recognise it in a log without flooding it. */
const STATEMENT_PREVIEW_CHARS = 300;

export function statementPreview(sql: string): string {
  const oneLine = sql.replace(/\s+/g, ' ').trim();
  return oneLine.length > STATEMENT_PREVIEW_CHARS ? `${oneLine.slice(0, STATEMENT_PREVIEW_CHARS)}…` : oneLine;
}

function definedFields(record: PgLikeError): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    pgMessage: record.message,
    pgDetail: record.detail,
    pgHint: record.hint,
    pgPosition: record.position,
    pgSeverity: record.severity,
    schema: record.schema,
    table: record.table,
    column: record.column,
    constraint: record.constraint,
  };
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined && value !== ''),
  );
}

export interface DatabaseErrorContext {
  driver: SqlDriverKind;
  /** The driver's description (no password), so the error says which database. */
  database: string;
  /** The statement that failed, when there was one. */
  sql?: string;
}

/** Maps any error from a driver call to a VesselWatchError; catalogued errors pass through unchanged. */
export function toDatabaseError(error: unknown, context: DatabaseErrorContext): VesselWatchError {
  if (error instanceof VesselWatchError) return error;
  const record = asRecord(error);
  const sqlState = sqlStateOf(error);
  const message = typeof record.message === 'string' && record.message ? record.message : String(error);
  const details: Record<string, unknown> = {
    driver: context.driver,
    database: context.database,
    ...(sqlState ? { sqlState } : {}),
    ...(typeof record.code === 'string' && !sqlState ? { errorCode: record.code } : {}),
    ...definedFields(record),
    ...(context.sql === undefined ? {} : { statement: statementPreview(context.sql) }),
  };
  if (sqlState && isAuthorizationSqlState(sqlState)) {
    return new VesselWatchError('VW_ERR_DB_AUTH_FAILED', {
      detail: `${context.database}: ${message} (SQLSTATE ${sqlState})`,
      details,
      cause: error,
    });
  }
  if (isConnectionError(error)) {
    return new VesselWatchError('VW_ERR_DB_UNAVAILABLE', {
      detail: `${context.database}: ${message}`,
      details,
      cause: error,
    });
  }
  return new VesselWatchError('VW_ERR_DB_QUERY_FAILED', {
    detail: sqlState ? `${message} (SQLSTATE ${sqlState})` : message,
    details,
    cause: error,
  });
}
