import { VesselWatchError } from '@vesselwatch/domain';
import type {
  ConsumerErrorReport,
  ConsumerOptions,
  PartitionAssignment,
  RedeliveryBackoff,
  StartPosition,
} from './bus';

/**
 * ConsumerOptions with defaults applied and checked once, shared by both bus implementations so that
 * they cannot drift apart on defaults.
 */
export interface ConsumerSettings {
  groupId: string;
  topics: string[];
  fromBeginning: boolean;
  maxBatchSize: number;
  concurrentPartitions: number;
  onAssigned: (assignment: PartitionAssignment[]) => Promise<StartPosition[] | void> | StartPosition[] | void;
  onRevoked: (assignment: PartitionAssignment[]) => Promise<void> | void;
  /** Never throws: a throwing onError is itself written to stderr. */
  report: (error: unknown, report: ConsumerErrorReport) => void;
  redeliveryBackoff: RedeliveryBackoff;
}

export const MAX_BATCH_SIZE_DEFAULT = 500;
export const REDELIVERY_BACKOFF_DEFAULT: RedeliveryBackoff = { initialMs: 100, maxMs: 5_000 };

export function resolveConsumerSettings(options: ConsumerOptions): ConsumerSettings {
  const invalid = (detail: string) =>
    new VesselWatchError('VW_ERR_CONFIG_INVALID', { detail, details: { groupId: options.groupId } });
  if (!options.groupId) throw invalid('consumer groupId must be a non-empty string');
  if (options.topics.length === 0)
    throw invalid(`consumer of group ${options.groupId} subscribes to no topic`);
  const maxBatchSize = options.maxBatchSize ?? MAX_BATCH_SIZE_DEFAULT;
  if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1)
    throw invalid(`maxBatchSize must be a positive integer, got ${maxBatchSize}`);
  const concurrentPartitions = options.concurrentPartitions ?? 1;
  if (!Number.isInteger(concurrentPartitions) || concurrentPartitions < 1)
    throw invalid(`concurrentPartitions must be a positive integer, got ${concurrentPartitions}`);
  const backoff = options.redeliveryBackoff ?? REDELIVERY_BACKOFF_DEFAULT;
  if (!(backoff.initialMs >= 0 && backoff.maxMs >= backoff.initialMs)) {
    throw invalid(
      `redeliveryBackoff needs 0 <= initialMs <= maxMs, got ${backoff.initialMs} / ${backoff.maxMs}`,
    );
  }
  const onError = options.onError ?? writeConsumerErrorToStderr;
  return {
    groupId: options.groupId,
    topics: [...new Set(options.topics)],
    fromBeginning: options.fromBeginning ?? true,
    maxBatchSize,
    concurrentPartitions,
    onAssigned: options.onAssigned ?? (() => {}),
    onRevoked: options.onRevoked ?? (() => {}),
    report: (error, report) => {
      try {
        onError(error, report);
      } catch (onErrorFailure) {
        writeConsumerErrorToStderr(onErrorFailure, report);
        writeConsumerErrorToStderr(error, report);
      }
    },
    redeliveryBackoff: backoff,
  };
}

/** Wait before delivering a batch again after its `attempt`-th failure in a row (1-based). */
export function redeliveryDelayMs(attempt: number, backoff: RedeliveryBackoff): number {
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, attempt - 1));
}

/** The default onError: one JSON line on stderr, so logs stay machine-readable without a logger dependency. */
export function writeConsumerErrorToStderr(error: unknown, report: ConsumerErrorReport): void {
  const line = {
    time: new Date().toISOString(),
    level: 'error',
    source: '@vesselwatch/bus',
    ...report,
    offset: report.offset === undefined ? undefined : report.offset.toString(),
    error: describeError(error),
  };
  process.stderr.write(`${JSON.stringify(line)}\n`);
}

function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    const described: Record<string, unknown> = { name: error.name, message: error.message };
    if ('code' in error) described.code = error.code;
    if (error.cause !== undefined) described.cause = describeError(error.cause);
    return described;
  }
  return { value: String(error) };
}
