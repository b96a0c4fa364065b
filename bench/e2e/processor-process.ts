/**
 * The processor of the end-to-end benchmark, in a process of its own (so its memory and CPU are its own):
 * the same startStandaloneProcessor as `vesselwatch processor`, live clock and default batch size, on the
 * benchmark's own topics and group. Prints one JSON line `{"ready": "<url>"}` when it has joined.
 */
import {
  PROCESSOR_SETTINGS_DEFAULT,
  startStandaloneProcessor,
  type ProcessorLogger,
} from '@vesselwatch/processor';

const env = process.env;
const prefix = env.VW_E2E_TOPIC_PREFIX!;
const partitions = Number(env.VW_E2E_PARTITIONS);
const quiet = () => undefined;
const log: ProcessorLogger = {
  debug: quiet,
  info: quiet,
  warn: (fields, message) =>
    process.stderr.write(`${JSON.stringify({ level: 'warn', message, ...fields })}\n`),
  error: (fields, message) =>
    process.stderr.write(
      `${JSON.stringify({ level: 'error', message, ...fields, err: String((fields.err as Error | undefined)?.message) })}\n`,
    ),
};
const topics = {
  fixes: `${prefix}.fixes`,
  fixesDeadLetter: `${prefix}.fixes.dlq`,
  alerts: `${prefix}.alerts`,
  live: `${prefix}.live`,
};
const running = await startStandaloneProcessor(
  {
    bus: {
      kind: 'kafka',
      brokers: env.KAFKA_BROKERS!.split(','),
      clientId: 'vesselwatch-e2e-bench',
      logLevel: 'error',
    },
    database: { url: env.DATABASE_URL! },
    topicSpecs: [
      { topic: topics.fixes, partitions },
      { topic: topics.fixesDeadLetter, partitions: 1 },
      { topic: topics.alerts, partitions },
      { topic: topics.live, partitions },
    ],
    http: { host: '127.0.0.1', port: 0 },
    settings: {
      ...PROCESSOR_SETTINGS_DEFAULT,
      groupId: `${prefix}-processor`,
      topics,
      maxBatchSize: Number(env.VW_PROCESSOR_BATCH_SIZE ?? PROCESSOR_SETTINGS_DEFAULT.maxBatchSize),
      concurrentPartitions: Number(
        env.VW_PROCESSOR_CONCURRENT_PARTITIONS ?? PROCESSOR_SETTINGS_DEFAULT.concurrentPartitions,
      ),
    },
    version: 'bench',
  },
  log,
);
process.stdout.write(`${JSON.stringify({ ready: running.url })}\n`);
process.once('SIGTERM', () => {
  running.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
