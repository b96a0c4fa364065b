import { createServer } from 'node:net';
import { POSTGRES_TEST_URL_DEFAULT, requireService } from '@vesselwatch/testkit';
import type { DatabaseConfig } from '../driver/database-config';
import { createScratchDatabase } from '../driver/scratch-database';
import type { SqlDriverKind } from '../driver/sql-driver';
import type { StorageMode } from '../migrations/migration';

/** A database a test suite owns for its whole run, dropped afterwards. */
export interface TestDatabase {
  config: DatabaseConfig;
  drop(): Promise<void>;
}

/** One database the shared smoke suite runs against. */
export interface TestDatabaseTarget {
  name: string;
  kind: SqlDriverKind;
  /** Null when the service is missing outside CI (the suite is then skipped, with a warning). */
  available: boolean;
  /** Storage the target must end up with; undefined = whatever the server offers (an unknown DATABASE_URL). */
  expectedStorage: StorageMode | undefined;
  create(): Promise<TestDatabase>;
  /** A config of the same kind whose database cannot be reached. */
  unreachableConfig(): Promise<DatabaseConfig>;
}

/** A new, uniquely named database for one suite run (see createScratchDatabase). */
export async function createServerTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const scratch = await createScratchDatabase(serverUrl, 'vw_store_test');
  return { config: { url: scratch.url }, drop: scratch.drop };
}

/** A loopback port nobody listens on: bind an ephemeral port, then release it. */
export async function closedLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  if (address === null || typeof address === 'string') throw new Error('no TCP port was assigned');
  return address.port;
}

async function unreachableServerConfig(serverUrl: string): Promise<DatabaseConfig> {
  const url = new URL(serverUrl);
  url.hostname = '127.0.0.1';
  url.port = String(await closedLoopbackPort());
  return { url: url.toString(), connectTimeoutMs: 2_000 };
}

/**
 * Every database the smoke suite should run on here: embedded PGlite + TimescaleDB (always), the native
 * PostgreSQL dev server (plain-table path), and DATABASE_URL when it names another server.
 */
export async function testDatabaseTargets(env: NodeJS.ProcessEnv): Promise<TestDatabaseTarget[]> {
  const targets: TestDatabaseTarget[] = [
    {
      name: 'embedded PGlite + TimescaleDB (in memory)',
      kind: 'pglite',
      available: true,
      expectedStorage: 'hypertable',
      create: async () => ({ config: { embedded: {} }, drop: async () => {} }),
      // A data directory below a regular file cannot be created.
      unreachableConfig: async () => ({
        embedded: { dataDir: `${new URL(import.meta.url).pathname}/pgdata` },
      }),
    },
  ];

  const nativeEnv = { ...env, DATABASE_URL: undefined };
  const native = await requireService('postgres', nativeEnv);
  targets.push({
    name: 'native PostgreSQL dev server (plain tables)',
    kind: 'pg',
    available: native !== null,
    // The dev server is Debian's PostgreSQL without TimescaleDB.
    expectedStorage: 'plain',
    create: () => createServerTestDatabase(native?.address ?? POSTGRES_TEST_URL_DEFAULT),
    unreachableConfig: () => unreachableServerConfig(native?.address ?? POSTGRES_TEST_URL_DEFAULT),
  });

  if (env.DATABASE_URL && env.DATABASE_URL !== POSTGRES_TEST_URL_DEFAULT) {
    const given = await requireService('postgres', env);
    targets.push({
      name: 'DATABASE_URL server',
      kind: 'pg',
      available: given !== null,
      expectedStorage: undefined,
      create: () => createServerTestDatabase(env.DATABASE_URL!),
      unreachableConfig: () => unreachableServerConfig(env.DATABASE_URL!),
    });
  }
  return targets;
}

/** Every table the store's API writes, emptied between tests of the shared suites. */
const API_TABLES = [
  'fixes',
  'vessel_state',
  'alert_audit',
  'alerts',
  'port_calls',
  'terminals',
  'vessels',
  'zones',
  'zone_sets',
  'processor_state',
  'processor_offsets',
  'processor_partitioning',
];

/** Empties the API's tables (not the migrations or settings), so each test starts from nothing. */
export async function truncateStoreTables(executor: { exec(sql: string): Promise<void> }): Promise<void> {
  await executor.exec(`TRUNCATE ${API_TABLES.join(', ')} CASCADE`);
}
