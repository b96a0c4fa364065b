import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
      expect(first.migrations.applied).toEqual(['0001_fixes']);
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
      expect(second.migrations.alreadyApplied).toEqual(['0001_fixes']);
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
  });
});
