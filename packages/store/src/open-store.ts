import type { Acknowledgement, Alert, Vessel, Zone } from '@vesselwatch/domain';
import {
  FIXES_RETENTION_MONTHS_DEFAULT,
  applyRetention,
  checkRetentionMonths,
  refreshHourlyTracks,
  runMaintenance,
  syncRetentionPolicy,
  type MaintenanceResult,
  type RetentionResult,
} from './api/lifecycle';
import {
  fleetCounts,
  getAlert,
  latestPosition,
  latestPositionsInBbox,
  queryAlerts,
  queryPortCalls,
  track,
} from './api/queries';
import {
  acknowledgeAlertIn,
  alertAudit,
  getVessel,
  loadZoneSet,
  saveZoneSetIn,
  upsertVesselsIn,
  vesselByTerminal,
  terminalRegistrations,
} from './api/registry';
import type {
  AlertQuery,
  BatchWriteResult,
  FleetCounts,
  FleetCountsQuery,
  LatestPosition,
  LatestPositionsQuery,
  Page,
  PortCall,
  PortCallQuery,
  ProcessorBatch,
  ProcessorPartitionsSnapshot,
  ProcessorRekeyResult,
  RegistryProfile,
  Track,
  TrackQuery,
} from './api/types';
import {
  activeZoneSetVersion,
  loadProcessorPartitions,
  registryProfiles,
  rekeyProcessorStates,
} from './api/processor-state';
import { resolveAlertIn, type AlertResolution } from './api/alert-actions';
import {
  countUsers,
  createSession,
  createUserIn,
  deleteExpiredSessions,
  deleteSession,
  getUser,
  listUsers,
  sessionUser,
  setPasswordIn,
  userCredentials,
  type NewUser,
  type UserAccount,
} from './api/users';
import {
  liveVessels,
  searchVessels,
  vesselDirectory,
  type LiveVesselRow,
  type LiveVesselsQuery,
  type VesselDirectoryEntry,
  type VesselSearchQuery,
} from './api/vessel-search';
import { writeBatchIn } from './api/write-batch';
import { createNotificationStore, type NotificationStore } from './api/notification-store';
import { notificationDeliveries } from './api/notifications';
import type { NotificationDelivery } from './api/notifications';
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
  /**
   * How many months fixes are kept (default 36, the Vietnamese rule). With TimescaleDB the retention
   * policies of fixes and of the hourly aggregate are set to it at open; everywhere `applyRetention` and
   * `runMaintenance` use it.
   */
  fixesRetentionMonths?: number;
}

export type StoreConfig = DatabaseConfig & StoreOptions;

export interface Store {
  readonly driver: SqlDriver;
  /** The notifier's subscriptions, outbox and escalations (migration 0005, docs/notifications.md). */
  readonly notifications: NotificationStore;
  /** Which database, for logs and the status page (never a password), e.g. "pg postgres://vw@db:5432/vms". */
  readonly description: string;
  /** How time-series tables (fixes) are stored in this database. */
  readonly storage: StorageMode;
  /** What the migration run at open did. */
  readonly migrations: MigrationRunResult;
  /** Same as `storage`; for the status page and tests. */
  storageMode(): StorageMode;
  /** Months fixes are kept. */
  readonly fixesRetentionMonths: number;
  /**
   * True where TimescaleDB's background jobs (compression, aggregate refresh, retention policies) run by
   * themselves: a TimescaleDB server. False on PGlite (no background workers) and plain PostgreSQL: call
   * `runMaintenance` periodically there.
   */
  readonly backgroundJobs: boolean;
  /** Resolves when the database answers a trivial query; rejects with VW_ERR_DB_UNAVAILABLE otherwise. */
  checkHealth(): Promise<void>;

  // ---- writes
  /** Writes one processor batch in ONE transaction; idempotent under redelivery (see ProcessorBatch). */
  writeBatch(batch: ProcessorBatch): Promise<BatchWriteResult>;
  /** Inserts or replaces registry entries (vessel and its terminals). */
  upsertVessels(vessels: readonly Vessel[]): Promise<void>;
  /** Stores a zone-set version; `activate` makes it the one `loadZoneSet()` returns. */
  saveZoneSet(
    version: string,
    zones: readonly Zone[],
    options?: { description?: string; activate?: boolean },
  ): Promise<void>;
  /** Records an operator's acknowledgement (first one wins) with its audit entry; false if no such alert. */
  acknowledgeAlert(alertId: string, acknowledgement: Acknowledgement): Promise<boolean>;
  /** An operator closes an open alert with a comment (audited); see api/alert-actions.ts. */
  resolveAlert(
    alertId: string,
    resolution: AlertResolution,
  ): Promise<'resolved' | 'already_resolved' | 'not_found'>;
  /** Creates a user and its roles; false when the id is taken (or, with onlyIfNoUsers, any user exists). */
  createUser(user: NewUser, options?: { onlyIfNoUsers?: boolean }): Promise<boolean>;
  /** New password hash; clears must-change and ends the user's other sessions. False: no such user. */
  setPassword(userId: string, passwordHash: string, keepSessionSha256: string | null): Promise<boolean>;
  createSession(session: {
    tokenSha256: string;
    userId: string;
    createdAtMs: number;
    expiresAtMs: number;
  }): Promise<void>;
  deleteSession(tokenSha256: string): Promise<void>;
  deleteExpiredSessions(nowMs: number): Promise<number>;

  // ---- reads
  user(id: string): Promise<UserAccount | null>;
  users(): Promise<UserAccount[]>;
  countUsers(): Promise<number>;
  userCredentials(id: string): Promise<{ user: UserAccount; passwordHash: string | null } | null>;
  /** The (enabled) user of an unexpired session, by the SHA-256 of its token. */
  sessionUser(tokenSha256: string, nowMs: number): Promise<{ user: UserAccount; expiresAtMs: number } | null>;
  searchVessels(query: VesselSearchQuery): Promise<Page<Vessel>>;
  vesselDirectory(updatedSinceMs?: number): Promise<VesselDirectoryEntry[]>;
  liveVessels(query: LiveVesselsQuery): Promise<LiveVesselRow[]>;
  latestPositions(query: LatestPositionsQuery): Promise<LatestPosition[]>;
  latestPosition(vesselId: string): Promise<LatestPosition | null>;
  track(query: TrackQuery): Promise<Track>;
  alerts(query?: AlertQuery): Promise<Page<Alert>>;
  alert(id: string): Promise<Alert | null>;
  /** Delivery status per alert: every notification the alert caused, oldest first (status, attempts, last error). */
  notificationDeliveries(alertId: string): Promise<NotificationDelivery[]>;
  alertAudit(
    alertId: string,
  ): Promise<Array<{ atMs: number; action: string; actor: string; detail: Record<string, unknown> }>>;
  fleetCounts(query: FleetCountsQuery): Promise<FleetCounts[]>;
  portCalls(query?: PortCallQuery): Promise<Page<PortCall>>;
  vessel(id: string): Promise<Vessel | null>;
  vesselByTerminal(terminalId: string): Promise<Vessel | null>;
  /** Every terminal-to-vessel registration (for the gateway's in-memory directory). */
  terminalRegistrations(): Promise<Array<{ terminalId: string; vesselId: string }>>;
  loadZoneSet(version?: string): Promise<{ version: string; zones: Zone[] } | null>;
  /** The active zone set's version (null: none active); a cheap query for polling. */
  activeZoneSetVersion(): Promise<string | null>;
  /** What the rules need of every registered vessel, or of those changed at or after `updatedSinceMs`. */
  registryProfiles(updatedSinceMs?: number): Promise<RegistryProfile[]>;
  /** A processor group's applied offsets and its vessels' rule states for some partitions of a topic. */
  loadProcessorPartitions(
    groupId: string,
    topic: string,
    partitions: readonly number[],
  ): Promise<ProcessorPartitionsSnapshot>;
  /**
   * Re-tags rule states for a grown partition count of the fixes topic (`partitionOf`: the bus's
   * partitioner for that count); see api/processor-state.ts.
   */
  rekeyProcessorStates(
    groupId: string,
    topic: string,
    partitionCount: number,
    partitionOf: (vesselId: string) => number,
  ): Promise<ProcessorRekeyResult>;

  // ---- lifecycle
  /** Removes fixes older than asOfMs minus the retention (default asOf: now). */
  applyRetention(asOfMs?: number): Promise<RetentionResult>;
  /** Compression, hourly aggregate refresh and retention now (what background jobs do on a server). */
  runMaintenance(asOfMs?: number): Promise<MaintenanceResult>;
  /** Materialises the hourly aggregate over a range (e.g. after a bulk import); no-op without TimescaleDB. */
  refreshHourlyTracks(fromMs: number, toMs: number): Promise<void>;
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
    const months = checkRetentionMonths(config.fixesRetentionMonths ?? FIXES_RETENTION_MONTHS_DEFAULT);
    if (migrations === STORE_MIGRATIONS) await syncRetentionPolicy(driver, storage, months);
    return {
      driver,
      description: driver.description,
      storage,
      migrations: migrationResult,
      fixesRetentionMonths: months,
      backgroundJobs: storage === 'hypertable' && driver.kind === 'pg',
      storageMode: () => storage,
      checkHealth: async () => {
        await driver.query('SELECT 1');
      },
      writeBatch: (batch) => driver.transaction((tx) => writeBatchIn(tx, batch)),
      upsertVessels: (vessels) => driver.transaction((tx) => upsertVesselsIn(tx, vessels)),
      saveZoneSet: (version, zones, options = {}) =>
        driver.transaction((tx) => saveZoneSetIn(tx, version, zones, options)),
      acknowledgeAlert: (alertId, acknowledgement) =>
        driver.transaction((tx) => acknowledgeAlertIn(tx, alertId, acknowledgement)),
      resolveAlert: (alertId, resolution) =>
        driver.transaction((tx) => resolveAlertIn(tx, alertId, resolution)),
      createUser: (user, options) => driver.transaction((tx) => createUserIn(tx, user, options)),
      setPassword: (userId, passwordHash, keep) =>
        driver.transaction((tx) => setPasswordIn(tx, userId, passwordHash, keep)),
      createSession: (session) => createSession(driver, session),
      deleteSession: (tokenSha256) => deleteSession(driver, tokenSha256),
      deleteExpiredSessions: (nowMs) => deleteExpiredSessions(driver, nowMs),
      user: (id) => getUser(driver, id),
      users: () => listUsers(driver),
      countUsers: () => countUsers(driver),
      userCredentials: (id) => userCredentials(driver, id),
      sessionUser: (tokenSha256, nowMs) => sessionUser(driver, tokenSha256, nowMs),
      searchVessels: (query) => searchVessels(driver, query),
      vesselDirectory: (updatedSinceMs) => vesselDirectory(driver, updatedSinceMs),
      liveVessels: (query) => liveVessels(driver, query),
      latestPositions: (query) => latestPositionsInBbox(driver, query),
      latestPosition: (vesselId) => latestPosition(driver, vesselId),
      track: (query) => track(driver, storage, query),
      alerts: (query = {}) => queryAlerts(driver, query),
      alert: (id) => getAlert(driver, id),
      alertAudit: (alertId) => alertAudit(driver, alertId),
      notificationDeliveries: (alertId) => notificationDeliveries(driver, alertId),
      notifications: createNotificationStore(driver),
      fleetCounts: (query) => fleetCounts(driver, query),
      portCalls: (query = {}) => queryPortCalls(driver, query),
      vessel: (id) => getVessel(driver, id),
      vesselByTerminal: (terminalId) => vesselByTerminal(driver, terminalId),
      terminalRegistrations: () => terminalRegistrations(driver),
      loadZoneSet: (version) => loadZoneSet(driver, version),
      activeZoneSetVersion: () => activeZoneSetVersion(driver),
      registryProfiles: (updatedSinceMs) => registryProfiles(driver, updatedSinceMs),
      loadProcessorPartitions: (groupId, topic, partitions) =>
        loadProcessorPartitions(driver, groupId, topic, partitions),
      rekeyProcessorStates: (groupId, topic, partitionCount, partitionOf) =>
        rekeyProcessorStates(driver, groupId, topic, partitionCount, partitionOf),
      applyRetention: (asOfMs = Date.now()) => applyRetention(driver, storage, months, asOfMs),
      runMaintenance: (asOfMs = Date.now()) => runMaintenance(driver, storage, months, asOfMs),
      refreshHourlyTracks: (fromMs, toMs) => refreshHourlyTracks(driver, storage, fromMs, toMs),
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
