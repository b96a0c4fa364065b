import { VesselWatchError } from '@vesselwatch/domain';
import { startStandaloneProcessor } from '@vesselwatch/processor';
import type { AppConfig } from '../config';
import type { Logger } from '../logger';
import { topicSpecs } from '../all-in-one';
import packageJson from '../../package.json' with { type: 'json' };

/**
 * `vesselwatch processor`: one member of the processor group, on Kafka and a database server, with
 * /metrics, /healthz and /readyz on VW_PROCESSOR_PORT. Runs until SIGINT or SIGTERM, then finishes and
 * commits the batch in progress, leaves the group (its partitions go to the other members) and exits.
 * A second signal exits at once (what was not committed is delivered again to the next owner).
 */
export async function runProcessorCommand(config: AppConfig, log: Logger): Promise<number> {
  const missing = [
    ...(config.bus.kind === 'kafka' ? [] : ['KAFKA_BROKERS']),
    ...('url' in config.database ? [] : ['DATABASE_URL']),
  ];
  if (missing.length > 0) {
    throw new VesselWatchError('VW_ERR_CONFIG_INVALID', {
      detail: `vesselwatch processor runs on Kafka and a database server shared with the other apps; set ${missing.join(' and ')} (vesselwatch start runs the processor in one process on the embedded defaults)`,
    });
  }
  let requestStop: (signal: NodeJS.Signals) => void = () => {};
  const stopRequested = new Promise<NodeJS.Signals>((resolve) => (requestStop = resolve));
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      log.warn({ signal }, 'second signal: exiting without draining the batch in progress');
      process.exit(130);
    }
    log.info({ signal }, 'draining the batch in progress, then leaving the group');
    requestStop(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const processorLog = log.child({ component: 'processor' });
  try {
    const running = await startStandaloneProcessor(
      {
        bus: config.bus,
        database: config.database,
        topicSpecs: topicSpecs(config.fixesPartitions),
        http: { host: config.http.host, port: config.processorPort },
        settings: config.processor,
        version: packageJson.version,
      },
      processorLog,
    );
    await stopRequested;
    try {
      await running.close();
      return 0;
    } catch (error) {
      log.error({ err: error }, 'the processor did not shut down cleanly');
      return 1;
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
