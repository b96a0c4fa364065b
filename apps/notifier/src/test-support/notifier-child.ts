/**
 * A notifier in a process of its own, for the test that kills one (SIGKILL) mid-stream: the same
 * startStandaloneNotifier as `vesselwatch notifier`, with the test's unique topics and group and its local
 * receivers. JSON log lines on stdout. Run with: node --import tsx notifier-child.ts (environment below).
 */
import { jsonLinesLogger, requiredEnv } from '@vesselwatch/testkit';
import { NOTIFIER_SETTINGS_DEFAULT, startStandaloneNotifier, type NotifierLogger } from '../index';

const required = (name: string): string => requiredEnv(name, 'notifier-child');
const log: NotifierLogger = jsonLinesLogger();

const prefix = required('VW_TEST_TOPIC_PREFIX');
const partitions = Number(required('VW_TEST_PARTITIONS'));
const topics = { alerts: `${prefix}.alerts`, downlink: `${prefix}.downlink` };
const timeoutMs = 1_000;
const running = await startStandaloneNotifier(
  {
    bus: {
      kind: 'kafka',
      brokers: required('KAFKA_BROKERS').split(','),
      clientId: 'vesselwatch-notifier-test',
      logLevel: 'error',
      consumerTuning: {
        sessionTimeoutMs: 6_000,
        heartbeatIntervalMs: 500,
        rebalanceTimeoutMs: 6_000,
        maxWaitTimeMs: 100,
      },
    },
    database: { url: required('DATABASE_URL'), connectTimeoutMs: 2_000 },
    topicSpecs: [
      { topic: topics.alerts, partitions },
      { topic: topics.downlink, partitions },
    ],
    http: { host: '127.0.0.1', port: 0 },
    settings: {
      ...NOTIFIER_SETTINGS_DEFAULT,
      groupId: required('VW_NOTIFIER_GROUP_ID'),
      topics,
      channels: {
        sms: { url: required('VW_TEST_SMS_URL'), apiKey: null, sender: null, timeoutMs },
        email: {
          host: '127.0.0.1',
          port: Number(required('VW_TEST_SMTP_PORT')),
          secure: false,
          user: null,
          password: null,
          from: 'alerts@vms.example.org',
          timeoutMs,
        },
        webhookTimeoutMs: timeoutMs,
      },
      maxBatchSize: 20,
      claimBatchSize: 10,
      sendConcurrency: 4,
      leaseMs: 2 * timeoutMs + 1_000,
      pollIntervalMs: 200,
      retry: { initialDelayMs: 200, maxDelayMs: 1_000, maxAttempts: 20 },
      redeliveryBackoff: { initialMs: 50, maxMs: 500 },
    },
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
