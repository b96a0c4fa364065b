import { isEmbeddedConfig, type DatabaseConfig } from './database-config';
import { PgDriver } from './pg-driver';
import { PgliteDriver } from './pglite-driver';
import type { SqlDriver } from './sql-driver';

/**
 * Opens the database the config names and checks it answers, so a wrong URL or a server that is down
 * fails here (VW_ERR_DB_URL_INVALID, VW_ERR_DB_UNAVAILABLE) and not on the first fix written.
 * `{ url }` = a PostgreSQL/TimescaleDB server; `{ embedded: { dataDir? } }` = PGlite in this process.
 */
export async function openDatabase(config: DatabaseConfig): Promise<SqlDriver> {
  const driver: SqlDriver = isEmbeddedConfig(config) ? await PgliteDriver.open(config) : new PgDriver(config);
  try {
    await driver.query('SELECT 1');
  } catch (error) {
    await driver.close().catch((closeError: unknown) => {
      // The open already failed; say so with the first error, which is the one that explains it.
      if (error instanceof Error) error.message += ` (closing afterwards also failed: ${String(closeError)})`;
    });
    throw error;
  }
  return driver;
}
