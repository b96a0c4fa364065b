import { VesselWatchError } from '@vesselwatch/domain';
import { Kafka, Partitioners, type Admin } from 'kafkajs';
import type { Bus, Consumer, ConsumerOptions, Producer, TopicSpec } from '../bus';
import { resolveConsumerSettings } from '../consumer-settings';
import { assertValidTopicSpecs, effectiveTopicConfig } from '../topic-spec';
import { KAFKA_CONSUMER_TUNING_DEFAULT, KafkaBusConsumer, type KafkaConsumerTuning } from './kafka-consumer';
import { toBusError } from './kafka-errors';
import { createJsonLinesLogCreator, KAFKAJS_LOG_LEVELS, type KafkaLogLevel } from './kafka-log-creator';
import { KafkaBusProducer } from './kafka-producer';
import { reconcileTopicConfigs } from './kafka-topic-configs';

export interface KafkaBusConfig {
  /** host:port of one or more brokers; the app reads them from its configuration (KAFKA_BROKERS). */
  brokers: string[];
  /** Names this process in broker logs and quotas, e.g. "vesselwatch-processor". */
  clientId: string;
  /** What kafkajs itself logs (JSON lines on stderr); default 'warn'. */
  logLevel?: KafkaLogLevel;
  /** Consumer group timing; defaults in KAFKA_CONSUMER_TUNING_DEFAULT. Tests lower them to rebalance fast. */
  consumerTuning?: Partial<KafkaConsumerTuning>;
  /**
   * Replication factor of topics created by ensureTopics; default: the broker's default.replication.factor.
   */
  replicationFactor?: number;
}

/**
 * Retries of one client request (connect, metadata, produce, commit...) before kafkajs gives up and the
 * bus reports an error: about 3 s of back-off in all. Bounded on purpose, also for the idempotent producer
 * (see kafka-producer.ts), so that callers get an error they can act on instead of a send that hangs.
 */
const CLIENT_RETRY = { retries: 5, initialRetryTime: 100, maxRetryTime: 2_000 };

/** Bus on a Kafka cluster through kafkajs. Connection settings come in through the config, never from the environment. */
export class KafkaBus implements Bus {
  readonly description: string;
  private readonly kafka: Kafka;
  private readonly tuning: KafkaConsumerTuning;
  private admin: Promise<Admin> | null = null;
  private readonly consumers = new Set<KafkaBusConsumer>();
  private readonly producers = new Set<KafkaBusProducer>();
  private closed = false;

  constructor(private readonly config: KafkaBusConfig) {
    if (config.brokers.length === 0 || config.brokers.some((broker) => !/^\S+:\d+$/.test(broker))) {
      throw new VesselWatchError('VW_ERR_CONFIG_INVALID', {
        detail: `Kafka brokers must be a non-empty list of host:port, got ${JSON.stringify(config.brokers)}`,
      });
    }
    if (!config.clientId)
      throw new VesselWatchError('VW_ERR_CONFIG_INVALID', {
        detail: 'Kafka clientId must be a non-empty string',
      });
    this.description = `kafka ${config.brokers.join(',')}`;
    this.tuning = { ...KAFKA_CONSUMER_TUNING_DEFAULT, ...config.consumerTuning };
    this.kafka = new Kafka({
      clientId: config.clientId,
      brokers: config.brokers,
      retry: CLIENT_RETRY,
      logLevel: KAFKAJS_LOG_LEVELS[config.logLevel ?? 'warn'],
      logCreator: createJsonLinesLogCreator(),
    });
  }

  async ensureTopics(topics: TopicSpec[]): Promise<void> {
    this.assertOpen('ensureTopics');
    assertValidTopicSpecs(topics);
    const admin = await this.adminClient();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((spec) => !existing.has(spec.topic));
      await reconcileTopicConfigs(
        admin,
        topics.filter((spec) => existing.has(spec.topic)),
      );
      if (missing.length === 0) return;
      // createTopics treats "already exists" (another process was quicker) as success.
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((spec) => ({
          topic: spec.topic,
          numPartitions: spec.partitions,
          replicationFactor: this.config.replicationFactor ?? -1,
          configEntries: Object.entries(effectiveTopicConfig(spec)).map(([name, value]) => ({ name, value })),
        })),
      });
    } catch (error) {
      throw toBusError(error, 'ensureTopics', { topics: topics.map((spec) => spec.topic) });
    }
  }

  async producer(): Promise<Producer> {
    this.assertOpen('producer');
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // Kafka's Java-compatible murmur2 partitioner; the in-process bus computes the same partitions.
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: CLIENT_RETRY,
    });
    try {
      await producer.connect();
    } catch (error) {
      throw toBusError(error, 'connect');
    }
    const busProducer = new KafkaBusProducer(producer, (closed) => this.producers.delete(closed));
    this.producers.add(busProducer);
    return busProducer;
  }

  consumer(options: ConsumerOptions): Consumer {
    this.assertOpen('consumer');
    const consumer = new KafkaBusConsumer(
      this.kafka,
      resolveConsumerSettings(options),
      this.tuning,
      (stopped) => this.consumers.delete(stopped),
    );
    this.consumers.add(consumer);
    return consumer;
  }

  async checkHealth(): Promise<void> {
    this.assertOpen('checkHealth');
    const admin = await this.adminClient();
    try {
      await admin.describeCluster();
    } catch (error) {
      throw toBusError(error, 'connect');
    }
  }

  async committedOffsets(groupId: string, topic: string): Promise<Map<number, bigint>> {
    this.assertOpen('committedOffsets');
    const admin = await this.adminClient();
    try {
      const [topicOffsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const offsets = new Map<number, bigint>();
      for (const { partition, offset } of [...(topicOffsets?.partitions ?? [])].sort(
        (a, b) => a.partition - b.partition,
      )) {
        offsets.set(partition, BigInt(offset));
      }
      return offsets;
    } catch (error) {
      throw toBusError(error, 'committedOffsets', { groupId, topic });
    }
  }

  endOffsets(topic: string): Promise<Map<number, bigint>> {
    return this.partitionOffsets(topic, 'high', 'endOffsets');
  }

  startOffsets(topic: string): Promise<Map<number, bigint>> {
    return this.partitionOffsets(topic, 'low', 'startOffsets');
  }

  /** The high watermark or the log start offset of every partition, in partition order. */
  private async partitionOffsets(
    topic: string,
    which: 'high' | 'low',
    operation: 'endOffsets' | 'startOffsets',
  ): Promise<Map<number, bigint>> {
    this.assertOpen(operation);
    const admin = await this.adminClient();
    try {
      const partitions = await admin.fetchTopicOffsets(topic);
      const offsets = new Map<number, bigint>();
      for (const entry of [...partitions].sort((a, b) => a.partition - b.partition)) {
        offsets.set(entry.partition, BigInt(entry[which]));
      }
      return offsets;
    } catch (error) {
      throw toBusError(error, operation, { topic });
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.consumers].map((consumer) => consumer.stop()));
    await Promise.all([...this.producers].map((producer) => producer.close()));
    const admin = this.admin;
    this.admin = null;
    if (admin) await (await admin.catch(() => null))?.disconnect();
  }

  /** One admin client per bus, connected on first use. */
  private adminClient(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin({ retry: CLIENT_RETRY });
      try {
        await admin.connect();
      } catch (error) {
        this.admin = null; // the next call tries again
        throw toBusError(error, 'connect');
      }
      return admin;
    })();
    return this.admin;
  }

  private assertOpen(operation: string): void {
    if (this.closed)
      throw new VesselWatchError('VW_ERR_BUS_CLOSED', {
        detail: `${operation} on a closed Kafka bus (${this.description})`,
      });
  }
}
