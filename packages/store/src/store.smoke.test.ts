import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VesselWatchError } from '@vesselwatch/domain';
import { openDatabase } from './driver/open-database';
import type { SqlDriver } from './driver/sql-driver';
import type { Migration } from './migrations/migration';
import { runMigrations } from './migrations/migration-runner';
import { STORE_MIGRATIONS } from './migrations/store-migrations';
import { openStore, type Store } from './open-store';
import { insertFixBatch, makeFixBatch, readFixes } from './test-support/fix-batch';
import { testDatabaseTargets, type TestDatabase } from './test-support/test-databases';

/**
 * One smoke suite, run unchanged against every database available here: embedded PGlite with TimescaleDB,
 * the native PostgreSQL dev server, and DATABASE_URL when it names another server.
 */
const targets = await testDatabaseTargets(process.env);

const STORE_MIGRATION_IDS = STORE_MIGRATIONS.map((migration) => migration.id);

const BATCH_START_MS = Date.UTC(2025, 0, 6, 0, 0, 0);

async function caught(promise: Promise<unknown>): Promise<VesselWatchError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(VesselWatchError);
  return error as VesselWatchError;
}

async function tableExists(driver: SqlDriver, name: string): Promise<boolean> {
  const { rows } = await driver.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [
    name,
  ]);
  return rows[0]?.exists === true;
}

for (const target of targets) {
  describe.skipIf(!target.available)(`store smoke suite on ${target.name}`, () => {
    let database: TestDatabase;
    let store: Store;

    beforeAll(async () => {
      database = await target.create();
      store = await openStore(database.config);
    });

    afterAll(async () => {
      await store?.close();
      await database?.drop();
    });

    it('opens with the expected driver and storage, and the fixes table is stored that way', async () => {
      expect(store.driver.kind).toBe(target.kind);
      expect(store.description).not.toMatch(/:[^@/]*@/); // no user:password@
      expect(store.migrations.applied).toEqual(STORE_MIGRATION_IDS);
      if (target.expectedStorage) expect(store.storage).toBe(target.expectedStorage);
      expect(store.storageMode()).toBe(store.storage);

      const capabilities = await store.driver.capabilities();
      expect(capabilities.version).toMatch(/^\d+/);
      expect(capabilities.timescaledb).toBe(store.storage === 'hypertable');

      const recorded = await store.driver.query<{ id: string; storage: string; checksum: string }>(
        'SELECT id, storage, checksum FROM schema_migrations',
      );
      expect(recorded.rows).toEqual(
        STORE_MIGRATION_IDS.map((id) => ({
          id,
          storage: store.storage,
          checksum: expect.stringMatching(/^[0-9a-f]{64}$/),
        })),
      );

      if (store.storage === 'hypertable') {
        const hypertables = await store.driver.query<{ hypertable_name: string; primary_dimension: string }>(
          `SELECT hypertable_name, primary_dimension FROM timescaledb_information.hypertables
           WHERE hypertable_name = 'fixes'`,
        );
        expect(hypertables.rows).toEqual([{ hypertable_name: 'fixes', primary_dimension: 'reported_at' }]);
        const interval = await store.driver.query<{ days: number }>(
          `SELECT (EXTRACT(EPOCH FROM time_interval) / 86400)::int AS days FROM timescaledb_information.dimensions
           WHERE hypertable_name = 'fixes'`,
        );
        expect(interval.rows).toEqual([{ days: 7 }]);
      } else {
        const indexes = await store.driver.query<{ indexdef: string }>(
          `SELECT indexdef FROM pg_indexes WHERE tablename = 'fixes' AND indexname = 'fixes_reported_at_brin'`,
        );
        expect(indexes.rows[0]?.indexdef).toMatch(/USING brin \(reported_at\)/);
      }
    });

    it('running the migrations again changes nothing', async () => {
      const again = await runMigrations(store.driver, STORE_MIGRATIONS, { storage: store.storage });
      expect(again.applied).toEqual([]);
      expect(again.alreadyApplied).toEqual(STORE_MIGRATION_IDS);
      expect(again.unverified).toEqual([]);
      const count = await store.driver.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM schema_migrations',
      );
      expect(count.rows[0]?.n).toBe(STORE_MIGRATION_IDS.length);
    });

    it('rejects an applied migration whose SQL was edited', async () => {
      const tableName = 'test_migrations_edited';
      const original: Migration = {
        id: '0001_probe',
        description: 'probe table',
        up: () => 'CREATE TABLE probe_edited (id int PRIMARY KEY)',
      };
      await runMigrations(store.driver, [original], { storage: store.storage, tableName });
      const edited: Migration = {
        ...original,
        up: () => 'CREATE TABLE probe_edited (id bigint PRIMARY KEY)',
      };
      const error = await caught(
        runMigrations(store.driver, [edited], { storage: store.storage, tableName }),
      );
      expect(error.code).toBe('VW_ERR_DB_MIGRATION_CHANGED');
      expect(error.details.migrationId).toBe('0001_probe');
    });

    it('rolls a failing migration back completely and names it', async () => {
      const tableName = 'test_migrations_failing';
      const migrations: Migration[] = [
        { id: '0001_good', description: 'a good one', up: () => 'CREATE TABLE probe_good (id int)' },
        {
          id: '0002_bad',
          description: 'fails half-way',
          up: () => 'CREATE TABLE probe_half_done (id int); INSERT INTO no_such_table VALUES (1);',
        },
      ];
      const error = await caught(
        runMigrations(store.driver, migrations, { storage: store.storage, tableName }),
      );
      expect(error.code).toBe('VW_ERR_DB_MIGRATION_FAILED');
      expect(error.message).toContain('0002_bad');
      expect(error.details).toMatchObject({ migrationId: '0002_bad', sqlState: '42P01' });
      expect(error.cause).toBeInstanceOf(VesselWatchError);

      expect(await tableExists(store.driver, 'probe_good')).toBe(true);
      expect(await tableExists(store.driver, 'probe_half_done')).toBe(false);
      const recorded = await store.driver.query<{ id: string }>(`SELECT id FROM ${tableName} ORDER BY id`);
      expect(recorded.rows.map((row) => row.id)).toEqual(['0001_good']);
    });

    it('serializes concurrent migration runners: each migration is applied exactly once', async () => {
      const tableName = 'test_migrations_concurrent';
      const migrations: Migration[] = [
        { id: '0001_a', description: 'a', up: () => 'CREATE TABLE probe_concurrent_a (id int)' },
        {
          id: '0002_b',
          description: 'b, written with ctx',
          up: async (ctx) => {
            await ctx.exec('CREATE TABLE probe_concurrent_b (id int)');
            await ctx.exec(`INSERT INTO probe_concurrent_b VALUES (${ctx.timescaledb ? 1 : 0})`);
          },
        },
      ];
      // A second connection pool on a server; the same single connection on PGlite.
      const other = target.kind === 'pg' ? await openDatabase(database.config) : store.driver;
      try {
        const results = await Promise.all(
          [store.driver, other, store.driver].map((driver) =>
            runMigrations(driver, migrations, { storage: store.storage, tableName }),
          ),
        );
        expect(results.flatMap((result) => result.applied).sort()).toEqual(['0001_a', '0002_b']);
        const recorded = await store.driver.query<{ id: string }>(`SELECT id FROM ${tableName} ORDER BY id`);
        expect(recorded.rows.map((row) => row.id)).toEqual(['0001_a', '0002_b']);
      } finally {
        if (other !== store.driver) await other.close();
      }
    });

    it('writes a 1,000-fix batch in one UNNEST statement and reads it back intact', async () => {
      const batch = makeFixBatch(1_000, BATCH_START_MS);
      expect(await insertFixBatch(store.driver, batch)).toBe(1_000);
      const readBack = await readFixes(store.driver);
      const byKey = (fix: { vesselId: string; reportedAtMs: number }) =>
        `${fix.vesselId}|${fix.reportedAtMs}`;
      expect(readBack.map(byKey)).toEqual(batch.map(byKey).sort());
      expect(new Map(readBack.map((fix) => [byKey(fix), fix]))).toEqual(
        new Map(batch.map((fix) => [byKey(fix), fix])),
      );
    });

    it('ignores re-delivered fixes (same vessel, reported_at, source) with ON CONFLICT DO NOTHING', async () => {
      const batch = makeFixBatch(1_000, BATCH_START_MS);
      const redelivered = [...batch.slice(0, 10), ...makeFixBatch(1_010, BATCH_START_MS).slice(1_000)];
      expect(await insertFixBatch(store.driver, redelivered)).toBe(10);
      const count = await store.driver.query<{ n: number }>('SELECT count(*)::int AS n FROM fixes');
      expect(count.rows[0]?.n).toBe(1_010);
      // A different source at the same time is a different report.
      expect(await insertFixBatch(store.driver, [{ ...batch[0]!, source: 'ais' }])).toBe(1);
    });

    it('rejects a fix with an unknown source (CHECK constraint) as VW_ERR_DB_QUERY_FAILED with the pg error', async () => {
      const [fix] = makeFixBatch(1, BATCH_START_MS - 86_400_000);
      const error = await caught(insertFixBatch(store.driver, [{ ...fix!, source: 'fax' as 'sim' }]));
      expect(error.code).toBe('VW_ERR_DB_QUERY_FAILED');
      expect(error.retriable).toBe(false);
      // On a hypertable PostgreSQL names the chunk (_hyper_1_1_chunk), not fixes, as the table.
      expect(error.details).toMatchObject({
        driver: target.kind,
        sqlState: '23514',
        constraint: 'fixes_source_check',
      });
      expect(error.details.pgMessage).toMatch(/check constraint/);
      expect(error.details.statement).toMatch(/^INSERT INTO fixes/);
      expect(error.cause).toBeDefined();
    });

    it('commits a transaction that resolves and rolls back one that throws', async () => {
      await store.driver.exec(
        'CREATE TABLE probe_tx (id int PRIMARY KEY); CREATE TABLE probe_tx_other (id int)',
      );
      const committed = await store.driver.transaction(async (tx) => {
        await tx.query('INSERT INTO probe_tx VALUES ($1), ($2)', [1, 2]);
        return (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM probe_tx')).rows[0]?.n;
      });
      expect(committed).toBe(2);

      const failure = new Error('the caller changed its mind');
      await expect(
        store.driver.transaction(async (tx) => {
          await tx.query('INSERT INTO probe_tx VALUES (3)');
          await tx.exec('INSERT INTO probe_tx_other VALUES (3)');
          throw failure;
        }),
      ).rejects.toBe(failure);
      const statementFailure = await caught(
        store.driver.transaction(async (tx) => {
          await tx.query('INSERT INTO probe_tx VALUES (4)');
          await tx.query('INSERT INTO probe_tx VALUES (1)'); // duplicate key
        }),
      );
      expect(statementFailure.details.sqlState).toBe('23505');

      const ids = await store.driver.query<{ id: number }>('SELECT id FROM probe_tx ORDER BY id');
      expect(ids.rows.map((row) => row.id)).toEqual([1, 2]);
      const other = await store.driver.query<{ n: number }>('SELECT count(*)::int AS n FROM probe_tx_other');
      expect(other.rows[0]?.n).toBe(0);
    });

    it('keeps concurrent transactions apart (no statement of one lands inside another)', async () => {
      await store.driver.exec(
        'CREATE TABLE probe_counter (n int NOT NULL); INSERT INTO probe_counter VALUES (0)',
      );
      // Read-modify-write with a pause in between: without isolation between callers, increments get lost.
      // (On a server FOR UPDATE does it; on PGlite the driver's lock does.)
      await Promise.all(
        Array.from({ length: 8 }, () =>
          store.driver.transaction(async (tx) => {
            const { rows } = await tx.query<{ n: number }>('SELECT n FROM probe_counter FOR UPDATE');
            await new Promise((resolve) => setTimeout(resolve, 5));
            await tx.query('UPDATE probe_counter SET n = $1', [(rows[0]?.n ?? 0) + 1]);
          }),
        ),
      );
      const { rows } = await store.driver.query<{ n: number }>('SELECT n FROM probe_counter');
      expect(rows[0]?.n).toBe(8);
    });

    it.runIf(target.kind === 'pglite')(
      'refuses a driver call made from inside its own transaction instead of deadlocking',
      async () => {
        const error = await caught(store.driver.transaction(() => store.driver.query('SELECT 1')));
        expect(error.code).toBe('VW_ERR_DB_QUERY_FAILED');
        expect(error.message).toContain('transaction handle');
        expect((await store.driver.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      },
    );

    it.runIf(target.kind === 'pg')(
      'fails with VW_ERR_DB_AUTH_FAILED, not retriable, when the database in the URL does not exist',
      async () => {
        if (!('url' in database.config)) throw new Error('a pg target has a URL');
        const url = new URL(database.config.url);
        url.pathname = '/vesselwatch_no_such_database';
        const error = await caught(openStore({ url: url.toString() }));
        expect(error.code).toBe('VW_ERR_DB_AUTH_FAILED');
        expect(error.retriable).toBe(false);
      },
    );

    it('fails with retriable VW_ERR_DB_UNAVAILABLE when the database cannot be reached', async () => {
      const error = await caught(openStore(await target.unreachableConfig()));
      expect(error.code).toBe('VW_ERR_DB_UNAVAILABLE');
      expect(error.retriable).toBe(true);
      expect(error.cause).toBeDefined();
    });
  });
}
