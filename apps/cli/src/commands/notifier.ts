import { TOPICS } from '@vesselwatch/domain';
import { startStandaloneNotifier } from '@vesselwatch/notifier';
import type { AppConfig } from '../config';
import type { Logger } from '../logger';
import { requireSharedBackends, runUntilStopped } from './standalone-service';

/**
 * `vesselwatch notifier`: one member of the notifier group, on Kafka and a database server, with /healthz,
 * /readyz and /metrics on VW_NOTIFIER_PORT. Runs until
 * SIGINT or SIGTERM, then writes the alert batch in progress to the outbox, lets the sends in progress be
 * marked, leaves the group and exits. A second signal exits at once (nothing is lost: see
 * docs/notifications.md, "Guarantees").
 */
export function runNotifierCommand(config: AppConfig, log: Logger): Promise<number> {
  requireSharedBackends(config, 'notifier');
  return runUntilStopped(
    () =>
      startStandaloneNotifier(
        {
          bus: config.bus,
          database: config.database,
          topicSpecs: [
            { topic: TOPICS.alerts, partitions: config.fixesPartitions },
            { topic: TOPICS.downlink, partitions: config.fixesPartitions },
          ],
          settings: config.notifier,
          http: { host: config.http.host, port: config.notifierPort },
        },
        log.child({ component: 'notifier' }),
      ),
    'notifier',
    {
      draining: 'finishing the batch and the sends in progress, then leaving the group',
      exitingNow: 'second signal: exiting at once',
    },
    log,
  );
}
