/**
 * @vesselwatch/bus: the message bus every VesselWatch app talks to (see bus.ts for the contract).
 * Apps normally only need createBus and the types; the two implementations are exported for tests and
 * for apps that want a specific one.
 */
export type {
  Bus,
  BusMessage,
  Consumer,
  ConsumerErrorReport,
  ConsumerErrorStage,
  ConsumerOptions,
  MessageBatch,
  OutgoingMessage,
  PartitionAssignment,
  StartPosition,
  Producer,
  RedeliveryBackoff,
  SentRecord,
  TopicSpec,
} from './bus';
export { createBus, type BusConfig } from './create-bus';
export { MAX_BATCH_SIZE_DEFAULT, REDELIVERY_BACKOFF_DEFAULT } from './consumer-settings';
export { InProcessBus } from './in-process/in-process-bus';
export { KafkaBus, type KafkaBusConfig } from './kafka/kafka-bus';
export { KAFKA_CONSUMER_TUNING_DEFAULT, type KafkaConsumerTuning } from './kafka/kafka-consumer';
export type { KafkaLogLevel } from './kafka/kafka-log-creator';
export { partitionForKey } from './murmur2-partitioner';
export { TOPIC_CONFIG_DEFAULTS } from './topic-spec';
