import { startStandaloneProcessor } from '@vesselwatch/processor';
import type { AppConfig } from '../config';
import type { Logger } from '../logger';
import { topicSpecs } from '../all-in-one';
import { requireSharedBackends, runUntilStopped } from './standalone-service';
import packageJson from '../../package.json' with { type: 'json' };

/**
 * `vesselwatch processor`: one member of the processor group, on Kafka and a database server, with
 * /metrics, /healthz and /readyz on VW_PROCESSOR_PORT. Runs until SIGINT or SIGTERM, then finishes and
 * commits the batch in progress, leaves the group (its partitions go to the other members) and exits.
 * A second signal exits at once (what was not committed is delivered again to the next owner).
 */
export function runProcessorCommand(config: AppConfig, log: Logger): Promise<number> {
  requireSharedBackends(config, 'processor');
  return runUntilStopped(
    () =>
      startStandaloneProcessor(
        {
          bus: config.bus,
          database: config.database,
          topicSpecs: topicSpecs(config.fixesPartitions),
          http: { host: config.http.host, port: config.processorPort },
          settings: config.processor,
          version: packageJson.version,
        },
        log.child({ component: 'processor' }),
      ),
    'processor',
    {
      draining: 'draining the batch in progress, then leaving the group',
      exitingNow: 'second signal: exiting without draining the batch in progress',
    },
    log,
  );
}
