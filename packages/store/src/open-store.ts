import type { DatabaseConfig } from './driver/database-config';
import { openDatabase } from './driver/open-database';
import type { SqlDriver } from './driver/sql-driver';
import type { Migration, MigrationRunResult, StorageMode } from './migrations/migration';
import { runMigrations } from './migrations/migration-runner';
import { MIGRATIONS_TABLE_DEFAULT } from './migrations/migration-table';
import { STORE_MIGRATIONS } from './migrations/store-migrations';
import { chooseStorage, type TimescaleDbPreference } from './storage-mode';

export interface StoreOptions {
  /** Whether to use TimescaleDB hypertables when the database offers them (default 'auto'). */
  timescaledb?: TimescaleDbPreference;
}

export type StoreConfig = DatabaseConfig & StoreOptions;

export interface Store {
  readonly driver: SqlDriver;
  /** Which database, for logs and the status page (never a password), e.g. "pg postgres://vw@db:5432/vms". */
  readonly description: string;
  /** How time-series tables (fixes) are stored in this database. */
  readonly storage: StorageMode;
  /** What the migration run at open did. */
  readonly migrations: MigrationRunResult;
  /** Same as `storage`; for the status page and tests. */
  storageMode(): StorageMode;
  /** Resolves when the database answers a trivial query; rejects with VW_ERR_DB_UNAVAILABLE otherwise. */
  checkHealth(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the database, enables TimescaleDB when it is there (or the embedded build brings it), and applies
 * the store's migrations. Fails with VW_ERR_DB_URL_INVALID, VW_ERR_DB_UNAVAILABLE (retriable),
 * VW_ERR_DB_MIGRATION_CHANGED or VW_ERR_DB_MIGRATION_FAILED, after closing what it opened.
 */
export async function openStore(
  config: StoreConfig,
  migrations: readonly Migration[] = STORE_MIGRATIONS,
): Promise<Store> {
  const driver = await openDatabase(config);
  try {
    const storage = await chooseStorage(driver, config.timescaledb ?? 'auto', MIGRATIONS_TABLE_DEFAULT);
    const migrationResult = await runMigrations(driver, migrations, { storage });
    return {
      driver,
      description: driver.description,
      storage,
      migrations: migrationResult,
      storageMode: () => storage,
      checkHealth: async () => {
        await driver.query('SELECT 1');
      },
      close: () => driver.close(),
    };
  } catch (error) {
    await driver.close().catch((closeError: unknown) => {
      if (error instanceof Error)
        error.message += ` (closing the database afterwards also failed: ${String(closeError)})`;
    });
    throw error;
  }
}
