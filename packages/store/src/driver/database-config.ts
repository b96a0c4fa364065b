import { VesselWatchError } from '@vesselwatch/domain';

/** A PostgreSQL or TimescaleDB server, reached through a node-postgres pool. */
export interface ServerDatabaseConfig {
  /** `postgres://` or `postgresql://` URL (the apps take it from DATABASE_URL). */
  url: string;
  /** Most connections the pool opens at once. */
  poolSize?: number;
  /** How long to wait for a new connection before failing with VW_ERR_DB_UNAVAILABLE. */
  connectTimeoutMs?: number;
  /**
   * Told about errors on idle pooled connections (e.g. the server restarted). The pool has already dropped
   * the broken connection and the next query opens a new one, so this is for logs; defaults to a process warning.
   */
  onIdleConnectionError?: (error: VesselWatchError) => void;
}

/** PostgreSQL with TimescaleDB compiled to WASM, running inside this process. */
export interface EmbeddedDatabaseConfig {
  embedded: {
    /** Directory that keeps the data across restarts (created when missing); omitted = in memory only. */
    dataDir?: string;
    /** Load the TimescaleDB extension bundle (default true); false gives plain PostgreSQL. */
    timescaledb?: boolean;
  };
}

export type DatabaseConfig = ServerDatabaseConfig | EmbeddedDatabaseConfig;

export const POOL_SIZE_DEFAULT = 10;
export const CONNECT_TIMEOUT_MS_DEFAULT = 5_000;

const SERVER_URL_PROTOCOLS = new Set(['postgres:', 'postgresql:']);

/** Parses a server URL, or throws VW_ERR_DB_URL_INVALID without echoing the URL (it may hold a password). */
export function parseDatabaseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new VesselWatchError('VW_ERR_DB_URL_INVALID', { detail: 'the value is not a URL', cause });
  }
  if (!SERVER_URL_PROTOCOLS.has(parsed.protocol)) {
    throw new VesselWatchError('VW_ERR_DB_URL_INVALID', {
      detail: `the URL scheme is "${parsed.protocol.replace(/:$/, '')}"`,
      details: { protocol: parsed.protocol },
    });
  }
  // A socket directory may come as ?host=/run/postgresql instead of a host name.
  if (!parsed.hostname && !parsed.searchParams.get('host')) {
    throw new VesselWatchError('VW_ERR_DB_URL_INVALID', { detail: 'the URL names no host' });
  }
  return parsed;
}

/** `postgres://user@host:port/db`: the URL without password and query (which may carry ssl secrets). */
export function describeDatabaseUrl(url: URL): string {
  const user = url.username ? `${decodeURIComponent(url.username)}@` : '';
  const host = url.hostname || url.searchParams.get('host') || '';
  const port = url.port ? `:${url.port}` : '';
  return `${url.protocol}//${user}${host}${port}${url.pathname}`;
}

export function isEmbeddedConfig(config: DatabaseConfig): config is EmbeddedDatabaseConfig {
  return 'embedded' in config;
}
