import { VesselWatchError } from '@vesselwatch/domain';
import type { AppConfig } from '../config';
import type { Logger } from '../logger';

/** What a standalone service command says when it is asked to stop. */
export interface StopMessages {
  /** Logged at the first SIGINT/SIGTERM: what the service finishes before it exits. */
  draining: string;
  /** Logged at a second signal, before exiting at once. */
  exitingNow: string;
}

/**
 * `vesselwatch processor`, `vesselwatch notifier`, ...: one member of a consumer group running on Kafka and
 * a database server shared with the other apps (the embedded defaults make no sense for a separate process).
 * Throws VW_ERR_CONFIG_INVALID naming what is missing.
 */
export function requireSharedBackends(config: AppConfig, command: string): void {
  const missing = [
    ...(config.bus.kind === 'kafka' ? [] : ['KAFKA_BROKERS']),
    ...('url' in config.database ? [] : ['DATABASE_URL']),
  ];
  if (missing.length === 0) return;
  throw new VesselWatchError('VW_ERR_CONFIG_INVALID', {
    detail: `vesselwatch ${command} runs on Kafka and a database server shared with the other apps; set ${missing.join(' and ')} (vesselwatch start runs the ${command} in one process on the embedded defaults)`,
  });
}

/**
 * Runs a started service until SIGINT or SIGTERM, then closes it (which drains its work in progress);
 * a second signal exits at once. Returns the process exit code: 0 after a clean close, 1 otherwise.
 */
export async function runUntilStopped(
  start: () => Promise<{ close(): Promise<void> }>,
  what: string,
  messages: StopMessages,
  log: Logger,
): Promise<number> {
  let requestStop: (signal: NodeJS.Signals) => void = () => {};
  const stopRequested = new Promise<NodeJS.Signals>((resolve) => (requestStop = resolve));
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      log.warn({ signal }, messages.exitingNow);
      process.exit(130);
    }
    log.info({ signal }, messages.draining);
    requestStop(signal);
  };
  // Installed before the service starts, so a signal during start-up is handled like any other.
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const running = await start();
    await stopRequested;
    try {
      await running.close();
      return 0;
    } catch (error) {
      log.error({ err: error }, `the ${what} did not shut down cleanly`);
      return 1;
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
