/**
 * @vesselwatch/store: the database behind VesselWatch. One SqlDriver interface over a PostgreSQL or
 * TimescaleDB server (`pg`) and embedded PGlite with TimescaleDB (`pglite`), schema migrations, and the
 * store that opens and migrates a database.
 */
export type {
  DatabaseCapabilities,
  SqlDriver,
  SqlDriverKind,
  SqlExecutor,
  SqlParam,
  SqlQueryResult,
  SqlTransaction,
} from './driver/sql-driver';
export {
  CONNECT_TIMEOUT_MS_DEFAULT,
  POOL_SIZE_DEFAULT,
  describeDatabaseUrl,
  parseDatabaseUrl,
  type DatabaseConfig,
  type EmbeddedDatabaseConfig,
  type ServerDatabaseConfig,
} from './driver/database-config';
export { openDatabase } from './driver/open-database';
export { createScratchDatabase, type ScratchDatabase } from './driver/scratch-database';
export type { Migration, MigrationContext, MigrationRunResult, StorageMode } from './migrations/migration';
export { migrationChecksum } from './migrations/migration-checksum';
export { MIGRATIONS_TABLE_DEFAULT, readRecordedStorage } from './migrations/migration-table';
export { runMigrations, type RunMigrationsOptions } from './migrations/migration-runner';
export { STORE_MIGRATIONS } from './migrations/store-migrations';
export type { TimescaleDbPreference } from './storage-mode';
export { openStore, type Store, type StoreConfig, type StoreOptions } from './open-store';
export type * from './api/types';
export {
  COMPRESS_AFTER_MS,
  FIXES_RETENTION_MONTHS_DEFAULT,
  type MaintenanceResult,
  type RetentionResult,
} from './api/lifecycle';
export {
  LATEST_POSITIONS_LIMIT_DEFAULT,
  PAGE_SIZE_DEFAULT,
  PAGE_SIZE_MAX,
  SIGNAL_LOST_FACTOR_DEFAULT,
  TRACK_MAX_POINTS_DEFAULT,
  TRACK_RAW_MAX_RANGE_MS_DEFAULT,
  trackBucketMs,
} from './api/queries';
export { USER_ROLES, type NewUser, type UserAccount, type UserRole, type UserRoleGrant } from './api/users';
export type {
  LiveVesselRow,
  LiveVesselsQuery,
  VesselDirectoryEntry,
  VesselSearchQuery,
} from './api/vessel-search';
export type { AlertResolution } from './api/alert-actions';
export type { NotificationStore } from './api/notification-store';
export type {
  ClaimDeliveriesOptions,
  DueEscalation,
  EscalationDecision,
  NotificationBatch,
  NotificationBatchResult,
  NotificationDelivery,
  NotificationDeliveryStatus,
  RejectedAlertMessage,
} from './api/notifications';
export { NOTIFICATION_DELIVERY_STATUSES } from './api/notifications';
