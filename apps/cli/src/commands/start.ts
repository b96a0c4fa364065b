import type { AppConfig } from '../config';
import type { Logger } from '../logger';
import { startAllInOne } from '../all-in-one';

/**
 * `vesselwatch start`: runs until SIGINT or SIGTERM, then shuts down in order (HTTP, bus, database) so
 * nothing accepted is lost. A second signal exits at once.
 */
export async function runStartCommand(config: AppConfig, log: Logger): Promise<number> {
  const running = await startAllInOne(config, log);
  const displayUrl = running.url.replace('//127.0.0.1:', '//localhost:');
  console.log(
    `\nVesselWatch is running: ${displayUrl}\n` +
      `  bus:      ${running.system.bus}\n  database: ${running.system.database}\n` +
      `  health:   ${displayUrl}/healthz  readiness: ${displayUrl}/readyz\nPress Ctrl+C to stop.\n`,
  );

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        log.warn({ signal }, 'second signal: exiting without a clean shutdown');
        process.exit(130);
      }
      stopping = true;
      log.info({ signal }, 'shutting down');
      running.close().then(
        () => resolve(0),
        (error: unknown) => {
          log.error({ err: error }, 'shutdown failed');
          resolve(1);
        },
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
