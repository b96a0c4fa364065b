import type { AppConfig } from '../config';
import type { Logger } from '../logger';
import { startAllInOne } from '../all-in-one';

/**
 * `vesselwatch start`: runs until SIGINT or SIGTERM, then shuts down in order (simulator, listeners, bus,
 * database) so nothing accepted is lost. The signal handlers are installed before anything starts: a
 * signal that arrives while the system is still starting (the HTTP server may already answer) waits for
 * the start to finish and then shuts down cleanly. A second signal exits at once.
 */
export async function runStartCommand(config: AppConfig, log: Logger): Promise<number> {
  let requestStop: (signal: NodeJS.Signals) => void = () => {};
  const stopRequested = new Promise<NodeJS.Signals>((resolve) => (requestStop = resolve));
  let signalsReceived = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signalsReceived += 1;
    if (signalsReceived > 1) {
      log.warn({ signal }, 'second signal: exiting without a clean shutdown');
      process.exit(130);
    }
    log.info({ signal }, 'shutting down');
    requestStop(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const running = await startAllInOne(config, log);
    if (signalsReceived === 0) {
      const displayUrl = running.url.replace('//127.0.0.1:', '//localhost:');
      console.log(
        `\nVesselWatch is running: ${displayUrl}\n` +
          `  bus:      ${running.system.bus}\n  database: ${running.system.database}\n` +
          `  gateway:  ${running.gatewayUrl}\n` +
          `  health:   ${displayUrl}/healthz  readiness: ${displayUrl}/readyz\nPress Ctrl+C to stop.\n`,
      );
    }
    await stopRequested;
    try {
      await running.close();
      return 0;
    } catch (error) {
      log.error({ err: error }, 'shutdown failed');
      return 1;
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
