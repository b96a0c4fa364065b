import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { Logger } from './logger';
import { openStore, type Store } from '@vesselwatch/store';
import { scheduleStoreMaintenance } from './store-maintenance';

interface LogLine {
  level: number;
  msg: string;
}

function capturingLogger(): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const log: Logger = pino(
    { level: 'info' },
    { write: (line: string) => lines.push(JSON.parse(line) as LogLine) },
  );
  return { log, lines };
}

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe('scheduleStoreMaintenance', () => {
  it('runs maintenance at once on the embedded database, which has no TimescaleDB job scheduler', async () => {
    store = await openStore({ embedded: {} });
    expect(store.backgroundJobs).toBe(false);
    const { log, lines } = capturingLogger();
    const stop = scheduleStoreMaintenance(store, 60 * 60_000, log);
    await stop(); // waits for the run in progress
    expect(lines.map((l) => l.msg)).toEqual(['store maintenance done']);
  });

  it('logs a failed run instead of throwing, so the next interval tries again', async () => {
    const failing = {
      backgroundJobs: false,
      runMaintenance: () => Promise.reject(new Error('database went away')),
    } as unknown as Store;
    const { log, lines } = capturingLogger();
    await scheduleStoreMaintenance(failing, 60 * 60_000, log)();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, msg: expect.stringContaining('store maintenance failed') });
  });

  it('leaves the work to the database where its background jobs run', async () => {
    const scheduled = { backgroundJobs: true, runMaintenance: () => Promise.reject(new Error('not called')) };
    const { log, lines } = capturingLogger();
    await scheduleStoreMaintenance(scheduled as unknown as Store, 1, log)();
    expect(lines).toEqual([]);
  });
});
