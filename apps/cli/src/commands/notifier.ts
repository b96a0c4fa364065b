import { TOPICS, VesselWatchError } from '@vesselwatch/domain';
import { startStandaloneNotifier } from '@vesselwatch/notifier';
import type { AppConfig } from '../config';
import type { Logger } from '../logger';

/**
 * `vesselwatch notifier`: one member of the notifier group, on Kafka and a database server, with /healthz,
 * /readyz and /metrics on VW_NOTIFIER_PORT. Runs until
 * SIGINT or SIGTERM, then writes the alert batch in progress to the outbox, lets the sends in progress be
 * marked, leaves the group and exits. A second signal exits at once (nothing is lost: see
 * docs/notifications.md, "Guarantees").
 */
export async function runNotifierCommand(config: AppConfig, log: Logger): Promise<number> {
  const missing = [
    ...(config.bus.kind === 'kafka' ? [] : ['KAFKA_BROKERS']),
    ...('url' in config.database ? [] : ['DATABASE_URL']),
  ];
  if (missing.length > 0) {
    throw new VesselWatchError('VW_ERR_CONFIG_INVALID', {
      detail: `vesselwatch notifier runs on Kafka and a database server shared with the other apps; set ${missing.join(' and ')} (vesselwatch start runs the notifier in one process on the embedded defaults)`,
    });
  }
  let requestStop: (signal: NodeJS.Signals) => void = () => {};
  const stopRequested = new Promise<NodeJS.Signals>((resolve) => (requestStop = resolve));
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      log.warn({ signal }, 'second signal: exiting at once');
      process.exit(130);
    }
    log.info({ signal }, 'finishing the batch and the sends in progress, then leaving the group');
    requestStop(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const running = await startStandaloneNotifier(
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
    );
    await stopRequested;
    try {
      await running.close();
      return 0;
    } catch (error) {
      log.error({ err: error }, 'the notifier did not shut down cleanly');
      return 1;
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
