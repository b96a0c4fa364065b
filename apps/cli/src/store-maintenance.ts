import type { Store } from '@vesselwatch/store';
import type { Logger } from './logger';

/**
 * Where TimescaleDB's background jobs do not run (embedded PGlite has no background workers; plain
 * PostgreSQL has no TimescaleDB), the app itself compresses old chunks, refreshes the hourly track
 * aggregate and applies retention, once at start and then every `intervalMs`.
 * Returns a function that stops the schedule and waits for a run in progress.
 */
export function scheduleStoreMaintenance(store: Store, intervalMs: number, log: Logger): () => Promise<void> {
  if (store.backgroundJobs) return async () => {};
  let running: Promise<void> = Promise.resolve();
  const runOnce = () => {
    running = running.then(async () => {
      try {
        const result = await store.runMaintenance();
        log.info({ ...result }, 'store maintenance done');
      } catch (error) {
        // Logged, not thrown: the next run tries again, and nothing is lost by a late compression.
        log.error({ err: error }, 'store maintenance failed; it runs again at the next interval');
      }
    });
  };
  runOnce();
  const timer = setInterval(runOnce, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
