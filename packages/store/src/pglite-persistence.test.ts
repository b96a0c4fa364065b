import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_MIGRATIONS } from './migrations/store-migrations';
import { openStore } from './open-store';
import { insertFixBatch, makeFixBatch, readFixes } from './test-support/fix-batch';

describe('embedded PGlite with a data directory', () => {
  let parentDir: string;

  beforeAll(async () => {
    parentDir = await mkdtemp(join(tmpdir(), 'vw-store-pglite-'));
  });

  afterAll(async () => {
    await rm(parentDir, { recursive: true, force: true });
  });

  it('keeps the data, the migrations and the hypertable across close and reopen', async () => {
    // A directory that does not exist yet, as on a newcomer's first `npm start`.
    const dataDir = join(parentDir, 'nested', 'pgdata');
    const batch = makeFixBatch(200, Date.UTC(2025, 2, 1));

    const first = await openStore({ embedded: { dataDir } });
    try {
      expect(first.description).toContain(dataDir);
      expect(first.storage).toBe('hypertable');
      expect(first.migrations.applied).toEqual(STORE_MIGRATIONS.map((migration) => migration.id));
      expect(await insertFixBatch(first.driver, batch)).toBe(200);
    } finally {
      await first.close();
    }
    await expect(first.driver.query('SELECT 1')).rejects.toMatchObject({ code: 'VW_ERR_DB_UNAVAILABLE' });
    await first.close(); // a second close is harmless

    const second = await openStore({ embedded: { dataDir } });
    try {
      expect(second.storage).toBe('hypertable');
      expect(second.migrations.applied).toEqual([]);
      expect(second.migrations.alreadyApplied).toEqual(STORE_MIGRATIONS.map((migration) => migration.id));
      expect(await readFixes(second.driver)).toHaveLength(200);
      const hypertables = await second.driver.query<{ num_chunks: number }>(
        `SELECT num_chunks::int AS num_chunks FROM timescaledb_information.hypertables WHERE hypertable_name = 'fixes'`,
      );
      expect(hypertables.rows[0]?.num_chunks).toBeGreaterThan(0);
      // Still writable after the reopen, and the key still guards against duplicates.
      expect(await insertFixBatch(second.driver, batch)).toBe(0);
    } finally {
      await second.close();
    }

    // A third session with another retention: TimescaleDB's community functions (policies, compression,
    // aggregate refresh) must work in a reopened PGlite too, not only in the session that created the extension.
    const third = await openStore({ embedded: { dataDir }, fixesRetentionMonths: 40 });
    try {
      const policies = await third.driver.query<{ hypertable_name: string; drop_after: string }>(
        `SELECT hypertable_name, config->>'drop_after' AS drop_after FROM timescaledb_information.jobs
         WHERE proc_name = 'policy_retention' ORDER BY hypertable_name`,
      );
      expect(policies.rows).toEqual([
        { hypertable_name: 'fixes', drop_after: '3 years 4 mons' },
        { hypertable_name: 'fixes_hourly', drop_after: '3 years 4 mons' },
      ]);
      const maintenance = await third.runMaintenance(Date.UTC(2025, 3, 1));
      expect(maintenance.compressedChunks).toBeGreaterThan(0);
      expect(maintenance.refreshedHourlyAggregate).toBe(true);
      expect(await insertFixBatch(third.driver, batch)).toBe(0); // into compressed chunks
      expect(await readFixes(third.driver)).toHaveLength(200);
    } finally {
      await third.close();
    }
  });
});
