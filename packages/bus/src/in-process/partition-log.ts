import { VesselWatchError } from '@vesselwatch/domain';
import type { BusMessage, OutgoingMessage, SentRecord, TopicSpec } from '../bus';
import { partitionForKey } from '../murmur2-partitioner';
import { effectiveTopicConfig, TIMESTAMP_TYPE_CONFIG } from '../topic-spec';

interface StoredTopic {
  spec: TopicSpec;
  /** One append-only array per partition; a message's offset is its index. */
  partitions: BusMessage[][];
}

/**
 * The in-process bus's storage: topics split into partitions, each an append-only array in memory, keyed
 * messages placed with Kafka's murmur2 partitioner. Consumers are told about appends through listeners
 * so they can sleep instead of polling.
 *
 * RETENTION IS OUT OF SCOPE FOR NOW: nothing is ever removed, so memory grows with every message sent
 * for the life of the process (topic configs such as retention.ms or cleanup.policy are kept as data
 * only, except message.timestamp.type). That suits the embedded all-in-one default and tests; a long-running embedded deployment needs
 * a retention pass (drop a prefix of each partition below the lowest committed offset of all groups and
 * keep a base offset per partition) before it can run for months.
 */
export class InProcessPartitionLog {
  private readonly topics = new Map<string, StoredTopic>();
  private readonly appendListeners = new Map<string, Set<() => void>>();

  /** Creates the topic (spec checked by the caller) unless it exists; an existing one keeps its partitions and config. */
  ensureTopic(spec: TopicSpec): void {
    if (this.topics.has(spec.topic)) return;
    this.topics.set(spec.topic, {
      spec: { topic: spec.topic, partitions: spec.partitions, config: effectiveTopicConfig(spec) },
      partitions: Array.from({ length: spec.partitions }, () => []),
    });
  }

  hasTopic(topic: string): boolean {
    return this.topics.has(topic);
  }

  partitionCount(topic: string): number {
    return this.storedTopic(topic).partitions.length;
  }

  /**
   * Appends the messages in order (all or none: they are validated first) and returns, per partition
   * written, the offset of the first message of this append.
   */
  append(topic: string, messages: OutgoingMessage[], nowMs: number): SentRecord[] {
    const stored = this.storedTopic(topic);
    for (const message of messages) {
      if (typeof message.key !== 'string' || !(message.value instanceof Uint8Array)) {
        throw new VesselWatchError('VW_ERR_INPUT_INVALID', {
          detail: `a message for topic "${topic}" needs a string key and a Uint8Array value`,
          details: { topic },
        });
      }
    }
    const sent = new Map<number, SentRecord>();
    const appendTime = stored.spec.config?.[TIMESTAMP_TYPE_CONFIG] === 'LogAppendTime';
    for (const message of messages) {
      const partition = partitionForKey(message.key, stored.partitions.length);
      const log = stored.partitions[partition]!;
      const offset = BigInt(log.length);
      if (!sent.has(partition)) sent.set(partition, { topic, partition, baseOffset: offset });
      // Copies, so that a producer reusing its buffers cannot change what was "written", as on Kafka.
      log.push({
        topic,
        partition,
        offset,
        key: message.key,
        value: message.value.slice(),
        headers: { ...message.headers },
        timestampMs: appendTime ? nowMs : (message.timestampMs ?? nowMs),
      });
    }
    if (sent.size > 0) for (const listener of this.appendListeners.get(topic) ?? []) listener();
    return [...sent.values()];
  }

  /** Up to maxCount messages of one partition starting at fromOffset, in offset order. */
  read(topic: string, partition: number, fromOffset: bigint, maxCount: number): BusMessage[] {
    const log = this.partitionMessages(topic, partition);
    const from = Number(fromOffset);
    return log.slice(from, from + maxCount);
  }

  /** The offset the next message appended to the partition will get. */
  endOffset(topic: string, partition: number): bigint {
    return BigInt(this.partitionMessages(topic, partition).length);
  }

  /** Calls listener after every append to the topic; returns the function that unsubscribes it. */
  onAppend(topic: string, listener: () => void): () => void {
    let listeners = this.appendListeners.get(topic);
    if (!listeners) {
      listeners = new Set();
      this.appendListeners.set(topic, listeners);
    }
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }

  private partitionMessages(topic: string, partition: number): BusMessage[] {
    const log = this.storedTopic(topic).partitions[partition];
    if (!log) {
      throw new VesselWatchError('VW_ERR_BUS_TOPIC_UNKNOWN', {
        detail: `topic "${topic}" has no partition ${partition}`,
        details: { topic, partition },
      });
    }
    return log;
  }

  private storedTopic(topic: string): StoredTopic {
    const stored = this.topics.get(topic);
    if (!stored) {
      throw new VesselWatchError('VW_ERR_BUS_TOPIC_UNKNOWN', {
        detail: `topic "${topic}" does not exist`,
        details: { topic },
      });
    }
    return stored;
  }
}
