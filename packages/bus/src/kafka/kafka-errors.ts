import { isVesselWatchError, VesselWatchError, type ErrorCode } from '@vesselwatch/domain';

/** What the bus was doing when kafkajs failed; picks the catalogue code when the cause says nothing more specific. */
export type KafkaOperation =
  | 'connect'
  | 'ensureTopics'
  | 'send'
  | 'subscribe'
  | 'commit'
  | 'committedOffsets'
  | 'endOffsets'
  | 'startOffsets';

/** kafkajs error names that mean "cannot reach the cluster", whatever the operation. */
const UNREACHABLE_ERROR_NAMES = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSMetadataNotLoaded',
]);
const UNKNOWN_TOPIC_TYPES = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'UNKNOWN_TOPIC_ID']);
const INVALID_TOPIC_SPEC_TYPES = new Set([
  'INVALID_CONFIG',
  'INVALID_PARTITIONS',
  'INVALID_REPLICATION_FACTOR',
  'INVALID_TOPIC_EXCEPTION',
  'POLICY_VIOLATION',
]);

const FALLBACK_CODE: Record<KafkaOperation, ErrorCode> = {
  connect: 'VW_ERR_BUS_UNAVAILABLE',
  ensureTopics: 'VW_ERR_BUS_UNAVAILABLE',
  send: 'VW_ERR_BUS_SEND_FAILED',
  subscribe: 'VW_ERR_BUS_UNAVAILABLE',
  commit: 'VW_ERR_BUS_COMMIT_FAILED',
  committedOffsets: 'VW_ERR_BUS_UNAVAILABLE',
  endOffsets: 'VW_ERR_BUS_UNAVAILABLE',
  startOffsets: 'VW_ERR_BUS_UNAVAILABLE',
};

interface KafkaJsErrorLike {
  name?: string;
  type?: string;
  message?: string;
  cause?: unknown;
  errors?: unknown[];
}

/** The error, its causes and, for kafkajs's aggregate errors, the errors it groups. */
function errorChain(error: unknown): KafkaJsErrorLike[] {
  const chain: KafkaJsErrorLike[] = [];
  const pending: unknown[] = [error];
  while (pending.length > 0 && chain.length < 32) {
    const next = pending.shift();
    if (typeof next !== 'object' || next === null || chain.includes(next as KafkaJsErrorLike)) continue;
    const like = next as KafkaJsErrorLike;
    chain.push(like);
    if (like.cause !== undefined) pending.push(like.cause);
    if (Array.isArray(like.errors)) pending.push(...like.errors);
  }
  return chain;
}

/** Maps a kafkajs failure to the catalogue; the original error stays reachable as `cause`. */
export function toBusError(
  error: unknown,
  operation: KafkaOperation,
  details: Record<string, unknown> = {},
): VesselWatchError {
  if (isVesselWatchError(error)) return error;
  const chain = errorChain(error);
  const has = (test: (e: KafkaJsErrorLike) => boolean) => chain.some(test);
  let code = FALLBACK_CODE[operation];
  if (has((e) => UNKNOWN_TOPIC_TYPES.has(e.type ?? '') || e.name === 'KafkaJSTopicMetadataNotLoaded')) {
    code = 'VW_ERR_BUS_TOPIC_UNKNOWN';
  } else if (operation === 'ensureTopics' && has((e) => INVALID_TOPIC_SPEC_TYPES.has(e.type ?? ''))) {
    code = 'VW_ERR_CONFIG_INVALID';
  } else if (operation !== 'commit' && has((e) => UNREACHABLE_ERROR_NAMES.has(e.name ?? ''))) {
    // A failed commit keeps its own code: its advice (the batch comes again) is what the caller needs.
    code = 'VW_ERR_BUS_UNAVAILABLE';
  }
  const first = chain[0];
  return new VesselWatchError(code, {
    detail: `kafka ${operation} failed: ${first?.message ?? String(error)}`,
    details: { operation, kafkaError: first?.type ?? first?.name, ...details },
    cause: error,
  });
}

/** kafkajs's own test for "the group is rebalancing; rejoin": such errors must reach kafkajs, not be handled. */
export function isKafkaRebalanceError(error: unknown): boolean {
  const type = (error as KafkaJsErrorLike | null)?.type;
  return (
    type === 'REBALANCE_IN_PROGRESS' ||
    type === 'NOT_COORDINATOR_FOR_GROUP' ||
    type === 'ILLEGAL_GENERATION' ||
    type === 'UNKNOWN_MEMBER_ID'
  );
}
