import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VesselWatchError } from '@vesselwatch/domain';
import { openStore } from '../open-store';
import { lockDataDir } from './data-dir-lock';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vw-lock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function refusal(promise: Promise<unknown>): Promise<VesselWatchError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(VesselWatchError);
  return error as VesselWatchError;
}

describe('lockDataDir', () => {
  it('lets one holder at a time have a data directory, and the next one after release', async () => {
    const dataDir = join(dir, 'pgdata');
    const lock = await lockDataDir(dataDir);
    expect(JSON.parse(await readFile(lock.path, 'utf8'))).toMatchObject({ pid: process.pid });
    const error = await refusal(lockDataDir(dataDir));
    expect(error.code).toBe('VW_ERR_DB_LOCKED');
    expect(error.message).toContain(`process ${process.pid}`);
    await lock.release();
    await (await lockDataDir(dataDir)).release();
  });

  it('takes over a lock whose process no longer runs (a crash)', async () => {
    const finished = spawnSync(process.execPath, ['-e', '0']);
    const deadPid = finished.pid as number;
    const dataDir = join(dir, 'pgdata');
    await writeFile(`${dataDir}.lock`, JSON.stringify({ pid: deadPid }));
    const lock = await lockDataDir(dataDir);
    expect(JSON.parse(await readFile(lock.path, 'utf8'))).toMatchObject({ pid: process.pid });
    await lock.release();
  });

  it('keeps a second store from opening an embedded database that is open, until the first closes', async () => {
    const dataDir = join(dir, 'pgdata');
    const first = await openStore({ embedded: { dataDir } });
    try {
      const error = await refusal(openStore({ embedded: { dataDir } }));
      expect(error.code).toBe('VW_ERR_DB_LOCKED');
      expect(error.retriable).toBe(false);
    } finally {
      await first.close();
    }
    const second = await openStore({ embedded: { dataDir } });
    await second.close();
  });
});
