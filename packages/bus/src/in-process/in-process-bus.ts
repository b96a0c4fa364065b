import { VesselWatchError } from '@vesselwatch/domain';
import type { Bus, Consumer, ConsumerOptions, Producer, TopicSpec } from '../bus';
import { resolveConsumerSettings } from '../consumer-settings';
import { assertValidTopicSpecs } from '../topic-spec';
import { InProcessGroupCoordinator } from './group-coordinator';
import { InProcessConsumer } from './in-process-consumer';
import { InProcessProducer } from './in-process-producer';
import { InProcessPartitionLog } from './partition-log';

/**
 * The bus of the all-in-one embedded default: a partitioned log in this process's memory with Kafka's
 * semantics (murmur2 key partitioning, consumer groups with rebalancing, committed offsets,
 * at-least-once redelivery), checked against KafkaBus by the shared contract suite.
 * Nothing is ever deleted from the log: see InProcessPartitionLog about retention.
 */
export class InProcessBus implements Bus {
  readonly description = 'in-process';
  private readonly log = new InProcessPartitionLog();
  private readonly groups = new Map<string, InProcessGroupCoordinator>();
  private readonly consumers = new Set<InProcessConsumer>();
  private readonly producers = new Set<InProcessProducer>();
  private memberCount = 0;
  private closed = false;

  async ensureTopics(topics: TopicSpec[]): Promise<void> {
    this.assertOpen('ensureTopics');
    assertValidTopicSpecs(topics);
    for (const spec of topics) this.log.ensureTopic(spec);
  }

  async producer(): Promise<Producer> {
    this.assertOpen('producer');
    const producer = new InProcessProducer(this.log, (closed) => this.producers.delete(closed));
    this.producers.add(producer);
    return producer;
  }

  consumer(options: ConsumerOptions): Consumer {
    this.assertOpen('consumer');
    const settings = resolveConsumerSettings(options);
    const memberId = `${settings.groupId}/member-${++this.memberCount}`;
    const consumer = new InProcessConsumer(
      memberId,
      settings,
      this.log,
      this.group(settings.groupId),
      (stopped) => this.consumers.delete(stopped),
    );
    this.consumers.add(consumer);
    return consumer;
  }

  /** Always healthy while open: there is nothing to reach. */
  async checkHealth(): Promise<void> {
    this.assertOpen('checkHealth');
  }

  async committedOffsets(groupId: string, topic: string): Promise<Map<number, bigint>> {
    const partitionCount = this.log.partitionCount(topic);
    const group = this.groups.get(groupId);
    const offsets = new Map<number, bigint>();
    for (let partition = 0; partition < partitionCount; partition++) {
      offsets.set(partition, group?.committedOffset(topic, partition) ?? -1n);
    }
    return offsets;
  }

  async endOffsets(topic: string): Promise<Map<number, bigint>> {
    this.assertOpen('endOffsets');
    return this.perPartition(topic, (partition) => this.log.endOffset(topic, partition));
  }

  async startOffsets(topic: string): Promise<Map<number, bigint>> {
    this.assertOpen('startOffsets');
    // Nothing is ever removed in process (see partition-log.ts).
    return this.perPartition(topic, () => 0n);
  }

  private perPartition(topic: string, offsetOf: (partition: number) => bigint): Map<number, bigint> {
    const offsets = new Map<number, bigint>();
    const partitionCount = this.log.partitionCount(topic);
    for (let partition = 0; partition < partitionCount; partition++)
      offsets.set(partition, offsetOf(partition));
    return offsets;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.consumers].map((consumer) => consumer.stop()));
    await Promise.all([...this.producers].map((producer) => producer.close()));
  }

  private group(groupId: string): InProcessGroupCoordinator {
    let group = this.groups.get(groupId);
    if (!group) {
      group = new InProcessGroupCoordinator(groupId, this.log);
      this.groups.set(groupId, group);
    }
    return group;
  }

  private assertOpen(operation: string): void {
    if (this.closed)
      throw new VesselWatchError('VW_ERR_BUS_CLOSED', { detail: `${operation} on a closed in-process bus` });
  }
}
