import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startAllInOne, type RunningSystem } from '../all-in-one';
import { loadConfig } from '../config';
import { createLogger } from '../logger';

/**
 * The all-in-one system for one describe block, as `npm start` runs it but in a data dir of its own and on
 * any free port (port 0 is not a valid PORT for users, but lets these tests run side by side): started
 * before the block's tests, closed and its data dir removed after them. Returns the running system's getter.
 */
export function useAllInOne(
  name: string,
  env: Record<string, string>,
  logger?: Parameters<typeof startAllInOne>[1],
): () => RunningSystem {
  let dataDir: string | undefined;
  let running: RunningSystem | undefined;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), `vw-all-in-one-${name}-`));
    const config = loadConfig({ VW_DATA_DIR: dataDir, LOG_LEVEL: 'error', ...env });
    running = await startAllInOne(
      { ...config, http: { ...config.http, port: 0 } },
      logger ?? createLogger(config.logLevel),
    );
  });
  afterAll(async () => {
    await running?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });
  return () => {
    if (!running) throw new Error('the all-in-one system has not started');
    return running;
  };
}
