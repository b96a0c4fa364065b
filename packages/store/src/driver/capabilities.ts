import type { DatabaseCapabilities, SqlExecutor } from './sql-driver';

/** Asks the database itself what it offers; the same catalog query works on a server and on PGlite. */
export async function readCapabilities(executor: SqlExecutor): Promise<DatabaseCapabilities> {
  const { rows } = await executor.query<{
    version: string;
    timescaledb_version: string | null;
    timescaledb_available: boolean;
  }>(
    `SELECT current_setting('server_version') AS version,
            (SELECT extversion FROM pg_extension WHERE extname = 'timescaledb') AS timescaledb_version,
            EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') AS timescaledb_available`,
  );
  const row = rows[0];
  if (!row) throw new Error('the capabilities query returned no row');
  return {
    timescaledb: row.timescaledb_version !== null,
    timescaledbAvailable: row.timescaledb_available,
    timescaledbVersion: row.timescaledb_version,
    version: row.version,
  };
}
