import { VesselWatchError } from '@vesselwatch/domain';
import type { SqlDriver } from './driver/sql-driver';
import type { StorageMode } from './migrations/migration';
import { lockMigrations, readRecordedStorage } from './migrations/migration-table';

/** `auto`: use TimescaleDB when the database has or can install it; `off`: plain tables regardless. */
export type TimescaleDbPreference = 'auto' | 'off';

/**
 * Decides how this database stores time series. A database migrated before keeps the mode it was given
 * then. A new one gets hypertables when TimescaleDB is installed or installable (it is installed here,
 * `CREATE EXTENSION IF NOT EXISTS timescaledb`), plain tables otherwise.
 */
export async function chooseStorage(
  driver: SqlDriver,
  preference: TimescaleDbPreference,
  migrationsTableName: string,
): Promise<StorageMode> {
  const recorded = await readRecordedStorage(driver, migrationsTableName);
  const capabilities = await driver.capabilities();
  if (recorded === 'plain') return recorded;
  if (recorded === null && preference === 'off') return 'plain';
  if (recorded === null && !capabilities.timescaledb && !capabilities.timescaledbAvailable) return 'plain';
  if (!capabilities.timescaledb) {
    if (!capabilities.timescaledbAvailable) {
      // Hypertables exist but the extension is gone (e.g. a server rebuilt without it): nothing would work.
      throw new VesselWatchError('VW_ERR_DB_MIGRATION_FAILED', {
        detail: `${driver.description} holds TimescaleDB hypertables but the TimescaleDB extension is not available`,
        details: { database: driver.description },
      });
    }
    await enableTimescaleDb(driver);
  }
  return 'hypertable';
}

async function enableTimescaleDb(driver: SqlDriver): Promise<void> {
  try {
    await driver.transaction(async (tx) => {
      // The migrations lock also keeps two starting processes from both creating the extension.
      await lockMigrations(tx, 'timescaledb_extension');
      await tx.exec('CREATE EXTENSION IF NOT EXISTS timescaledb');
    });
  } catch (error) {
    if (error instanceof VesselWatchError && error.code === 'VW_ERR_DB_QUERY_FAILED') {
      // Typical on a server: timescaledb is installed on disk but not in shared_preload_libraries, or the
      // role may not create extensions. Say how to proceed instead of only relaying PostgreSQL's message.
      error.details.hint =
        'install it as a superuser with shared_preload_libraries = timescaledb, or open the store with timescaledb: "off"';
    }
    throw error;
  }
}
