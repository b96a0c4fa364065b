import { DEFAULT_EXPECTED_REPORT_INTERVAL_MS, TOPICS } from '@vesselwatch/domain';
import type { RedeliveryBackoff } from '@vesselwatch/bus';
import { DEFAULT_RULES_CONFIG, type RulesConfig } from '@vesselwatch/rules';

/**
 * How the processor judges time for signal loss:
 * - live: time passes with the wall clock (see watermark.ts for how a partition that is catching up is kept
 *   from raising loss for vessels whose newer fixes are still in the log);
 * - event: replays; time is the newest fix time seen on the partition, nothing else.
 */
export type ProcessorClock = 'live' | 'event';

/** The topics the processor reads and writes; the deployment's names by default, unique ones in tests. */
export interface ProcessorTopics {
  fixes: string;
  fixesDeadLetter: string;
  alerts: string;
  live: string;
}

export interface ProcessorSettings {
  /** Consumer group on the fixes topic; processors of one deployment share it (and so the partitions). */
  groupId: string;
  topics: ProcessorTopics;
  clock: ProcessorClock;
  /** Live: how often every owned vessel is checked for signal loss. Event: how much event time must pass between two checks. */
  signalCheckIntervalMs: number;
  /** How often the active zone-set version is polled. */
  zonePollIntervalMs: number;
  /** How often registry changes (new vessels, new lengths) are read. */
  registryPollIntervalMs: number;
  /** Most fixes handled (and written in one transaction) per batch. */
  maxBatchSize: number;
  /** Partitions whose batches are handled at the same time (one batch per partition at a time). */
  concurrentPartitions: number;
  /** Flag state assumed for a vessel not in the registry (the deployment's own, e.g. VNM). */
  defaultFlagState: string;
  /** Expected report interval assumed for a vessel not in the registry. */
  defaultReportIntervalMs: number;
  rules: RulesConfig;
  /** Back-off before a batch that failed (e.g. the database is down) is handled again. */
  redeliveryBackoff: RedeliveryBackoff;
}

export const PROCESSOR_GROUP_ID_DEFAULT = 'vesselwatch-processor';
/** One minute: signal loss is measured in multiples of report intervals of hours; a minute late is nothing. */
export const SIGNAL_CHECK_INTERVAL_MS_DEFAULT = 60_000;
export const ZONE_POLL_INTERVAL_MS_DEFAULT = 30_000;
export const REGISTRY_POLL_INTERVAL_MS_DEFAULT = 30_000;
/**
 * Fixes per batch: one transaction and one produce per batch, so larger batches amortise the round trips;
 * 2,000 fixes are about 0.4 MB of messages and one UNNEST insert.
 */
export const MAX_BATCH_SIZE_DEFAULT = 2_000;
/**
 * Partitions handled at once. A batch spends most of its time waiting for its database transaction; with
 * several partitions in flight the rules of one run while another's transaction commits. bench:e2e on the
 * 2-core dev machine (12 partitions): 1 -> 5,154 fixes/s, 3 -> 7,427, 6 -> 9,846, 12 -> 10,318 (docs/processor.md).
 */
export const CONCURRENT_PARTITIONS_DEFAULT = 6;
/** Decree 26/2019: the first deployment is Vietnamese. */
export const DEFAULT_FLAG_STATE = 'VNM';
/** A database outage is retried every 5 s at most, so the processor resumes within seconds of its return. */
export const PROCESSOR_REDELIVERY_BACKOFF_DEFAULT: RedeliveryBackoff = { initialMs: 200, maxMs: 5_000 };

export const PROCESSOR_SETTINGS_DEFAULT: ProcessorSettings = {
  groupId: PROCESSOR_GROUP_ID_DEFAULT,
  topics: {
    fixes: TOPICS.fixes,
    fixesDeadLetter: TOPICS.fixesDeadLetter,
    alerts: TOPICS.alerts,
    live: TOPICS.live,
  },
  clock: 'live',
  signalCheckIntervalMs: SIGNAL_CHECK_INTERVAL_MS_DEFAULT,
  zonePollIntervalMs: ZONE_POLL_INTERVAL_MS_DEFAULT,
  registryPollIntervalMs: REGISTRY_POLL_INTERVAL_MS_DEFAULT,
  maxBatchSize: MAX_BATCH_SIZE_DEFAULT,
  concurrentPartitions: CONCURRENT_PARTITIONS_DEFAULT,
  defaultFlagState: DEFAULT_FLAG_STATE,
  defaultReportIntervalMs: DEFAULT_EXPECTED_REPORT_INTERVAL_MS,
  rules: DEFAULT_RULES_CONFIG,
  redeliveryBackoff: PROCESSOR_REDELIVERY_BACKOFF_DEFAULT,
};

/** The part of a pino-style logger the processor uses; the app passes its own logger in. */
export interface ProcessorLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}
