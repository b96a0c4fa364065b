/**
 * A processor in a process of its own, for the tests that kill one (SIGKILL) while it is in the middle of a
 * batch: the same startStandaloneProcessor as `vesselwatch processor`, with the test's unique topic names
 * and group (which the CLI takes from the deployment's constants). JSON log lines on stdout.
 * Run with: node --import tsx processor-child.ts (environment: see below).
 */
import { jsonLinesLogger, requiredEnv } from '@vesselwatch/testkit';
import { PROCESSOR_SETTINGS_DEFAULT, startStandaloneProcessor, type ProcessorLogger } from '../index';
import { childTopics, childTopicSpecs } from './child-topics';

const required = (name: string): string => requiredEnv(name, 'processor-child');
const log: ProcessorLogger = jsonLinesLogger();

const prefix = required('VW_TEST_TOPIC_PREFIX');
const partitions = Number(required('VW_TEST_PARTITIONS'));
const running = await startStandaloneProcessor(
  {
    bus: {
      kind: 'kafka',
      brokers: required('KAFKA_BROKERS').split(','),
      clientId: 'vesselwatch-processor-test',
      logLevel: 'error',
      consumerTuning: {
        sessionTimeoutMs: 6_000,
        heartbeatIntervalMs: 500,
        rebalanceTimeoutMs: 6_000,
        maxWaitTimeMs: 100,
      },
    },
    database: { url: required('DATABASE_URL'), connectTimeoutMs: 2_000 },
    topicSpecs: childTopicSpecs(prefix, partitions),
    http: { host: '127.0.0.1', port: 0 },
    settings: {
      ...PROCESSOR_SETTINGS_DEFAULT,
      groupId: required('VW_PROCESSOR_GROUP_ID'),
      topics: childTopics(prefix),
      clock: 'event',
      maxBatchSize: Number(process.env.VW_PROCESSOR_BATCH_SIZE ?? 100),
      redeliveryBackoff: { initialMs: 50, maxMs: 500 },
    },
    version: 'test',
  },
  log,
);
log.info({ url: running.url }, 'child ready');
process.once('SIGTERM', () => {
  running.close().then(
    () => process.exit(0),
    (error: unknown) => {
      log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    },
  );
});
