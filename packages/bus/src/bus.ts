/**
 * The message bus every VesselWatch app talks to: Kafka in production, an in-process log for the
 * all-in-one embedded default. Both implementations keep the same semantics, checked by one contract suite:
 * - topics are split into partitions; a message's key picks its partition with Kafka's default
 *   (murmur2) partitioner, so all messages of one vessel stay in order on one partition;
 * - a consumer group shares a topic's partitions among its members and rebalances when members join or leave;
 * - a group's committed offset per partition is where a (re)started member resumes: messages handed out
 *   but not committed are delivered again (at-least-once);
 * - `send` resolves only once the bus has acknowledged the write (acks from all in-sync replicas on Kafka).
 */

export interface TopicSpec {
  topic: string;
  partitions: number;
  /**
   * Kafka topic configs, e.g. { 'cleanup.policy': 'compact' }, over TOPIC_CONFIG_DEFAULTS (the broker
   * stamps append time: see topic-spec.ts). The in-process bus honours message.timestamp.type and keeps the
   * rest as data.
   */
  config?: Record<string, string>;
}

export interface OutgoingMessage {
  /** Partition key; for position fixes, the vessel id. */
  key: string;
  value: Uint8Array;
  headers?: Record<string, string>;
  /**
   * Event time in ms since the epoch; defaults to the time of sending. Kept only on a topic with
   * message.timestamp.type=CreateTime; by default the bus stamps the append time instead.
   */
  timestampMs?: number;
}

export interface BusMessage {
  topic: string;
  partition: number;
  /** Offset within the partition (Kafka offsets are int64; kept as bigint). */
  offset: bigint;
  key: string;
  value: Uint8Array;
  headers: Record<string, string>;
  timestampMs: number;
}

export interface SentRecord {
  topic: string;
  partition: number;
  /** Offset of the first message of the send on that partition. */
  baseOffset: bigint;
}

export interface Producer {
  /** Resolves after the bus has acknowledged every message; rejects with a VesselWatchError otherwise. */
  send(topic: string, messages: OutgoingMessage[]): Promise<SentRecord[]>;
  close(): Promise<void>;
}

/** A batch of messages from one partition, in offset order. */
export interface MessageBatch {
  topic: string;
  partition: number;
  messages: BusMessage[];
}

/** Where a member resumes one assigned partition: the offset of the next message it wants. */
export interface StartPosition {
  topic: string;
  partition: number;
  offset: bigint;
}

export interface PartitionAssignment {
  topic: string;
  partitions: number[];
}

export interface ConsumerOptions {
  groupId: string;
  topics: string[];
  /** Where a group with no committed offset starts: the oldest message (default) or only new ones. */
  fromBeginning?: boolean;
  /** Upper bound on messages in one batch handed to `eachBatch` (default 500). */
  maxBatchSize?: number;
  /**
   * How many partitions' batches `eachBatch` may be handling at the same time (default 1). Batches of one
   * partition always come one at a time, in offset order. More than 1 lets a handler that waits on I/O
   * (a database transaction) work on another partition meanwhile. The in-process bus hands out one batch
   * at a time whatever this says.
   */
  concurrentPartitions?: number;
  /**
   * Called after a rebalance, before any batch of the newly assigned partitions is handed out, so that
   * per-partition state can be restored first. Awaited; when it throws, it is reported to onError and
   * called again after a back-off, and no batch is handed out until it has succeeded.
   * Rebalancing is eager (as Kafka's default assignors): every rebalance revokes a member's whole
   * assignment and then assigns its whole new one, so `assignment` is everything the member now owns
   * (possibly [] when the group has more members than partitions).
   * It may return where partitions resume (StartPosition): an application that stores its offsets with
   * its own data (in the same database transaction) resumes exactly there, whatever the group's committed
   * offset says. Partitions it leaves out resume from the committed offset (or per fromBeginning).
   */
  onAssigned?: (
    assignment: PartitionAssignment[],
  ) => Promise<StartPosition[] | void> | StartPosition[] | void;
  /**
   * Called when partitions are taken away (rebalance or stop), with the member's whole previous
   * assignment. Awaited before the next onAssigned; a throw is reported to onError and not retried.
   * On Kafka the group may already have handed the partitions to another member by then (kafkajs has no
   * hook before it rejoins); no batch of this member is in flight at that point either way.
   */
  onRevoked?: (assignment: PartitionAssignment[]) => Promise<void> | void;
  /**
   * Told about every failure the consumer recovers from by itself (a handler that threw and whose batch
   * will be delivered again, a failed commit, a failing onAssigned that is retried), so none is swallowed.
   * Defaults to one JSON line on stderr. Must not throw.
   */
  onError?: (error: unknown, report: ConsumerErrorReport) => void;
  /** Back-off before a batch whose handler threw is delivered again: doubles per failure, capped. */
  redeliveryBackoff?: RedeliveryBackoff;
}

export interface RedeliveryBackoff {
  /** Wait after the first failure of a batch. */
  initialMs: number;
  /** Longest wait between two deliveries of the same batch. */
  maxMs: number;
}

/** Which step of consuming failed. */
export type ConsumerErrorStage = 'handler' | 'commit' | 'onAssigned' | 'onRevoked' | 'consumer';

/** Where a failure that `onError` is told about happened. */
export interface ConsumerErrorReport {
  stage: ConsumerErrorStage;
  groupId: string;
  topic?: string;
  partition?: number;
  /** First offset of the batch concerned (handler and commit failures). */
  offset?: bigint;
  /** How many times in a row this step has failed for this batch or assignment (1 = first failure). */
  attempt?: number;
}

export interface Consumer {
  /**
   * Starts consuming. For every batch, `eachBatch` is awaited; when it resolves, the offset after the
   * batch's last message is committed for the group. When it throws, nothing of the batch is committed and
   * the batch is delivered again (after a back-off), so the handler must be idempotent.
   * Resolves once the consumer has joined its group and its onAssigned has completed; rejects with a
   * VesselWatchError when it cannot join (e.g. VW_ERR_BUS_TOPIC_UNKNOWN, VW_ERR_BUS_UNAVAILABLE).
   * A consumer runs once: after stop(), make a new one.
   */
  run(eachBatch: (batch: MessageBatch) => Promise<void>): Promise<void>;
  /** Leaves the group after the batch in progress has finished and been committed. */
  stop(): Promise<void>;
  /**
   * The next batch of an owned partition starts at `offset`, for an application that keeps its offsets with
   * its data and finds the bus somewhere else (kafkajs can reset a partition after an "offset out of range"
   * fetch error). Call it from the handler and then throw: the batch in progress is not committed.
   */
  seek(topic: string, partition: number, offset: bigint): void;
}

export interface Bus {
  /** Human-readable description for status pages, e.g. "kafka 127.0.0.1:19092" or "in-process". */
  readonly description: string;
  /** Creates the topics that do not exist yet; existing topics are left as they are. */
  ensureTopics(topics: TopicSpec[]): Promise<void>;
  producer(): Promise<Producer>;
  consumer(options: ConsumerOptions): Consumer;
  /**
   * Resolves when the bus answers (Kafka: the cluster's metadata can be read); rejects with
   * VW_ERR_BUS_UNAVAILABLE (or VW_ERR_BUS_CLOSED) otherwise. For readiness probes.
   */
  checkHealth(): Promise<void>;
  /** Committed offset (next offset to read) per partition of a topic for a group; -1n when none. */
  committedOffsets(groupId: string, topic: string): Promise<Map<number, bigint>>;
  /**
   * End offset per partition of a topic: the offset the next message written to it will get (Kafka's high
   * watermark), 0n for an empty partition. With a group's position it gives the consumer lag.
   * Rejects with VW_ERR_BUS_TOPIC_UNKNOWN when the topic does not exist.
   */
  endOffsets(topic: string): Promise<Map<number, bigint>>;
  /**
   * Start offset per partition of a topic: the first offset still stored (Kafka's log start offset; it
   * moves up as retention deletes old segments; always 0n in process). Below it, messages are gone.
   * Rejects with VW_ERR_BUS_TOPIC_UNKNOWN when the topic does not exist.
   */
  startOffsets(topic: string): Promise<Map<number, bigint>>;
  /** Stops every producer and consumer made by this bus. */
  close(): Promise<void>;
}
