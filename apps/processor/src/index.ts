/**
 * @vesselwatch/processor: the consumer group on `vms.fixes` that runs every fix through the rules and
 * stores and publishes what they decide (see processor.ts for the life of a batch, docs/processor.md).
 */
export { Processor, type ProcessorDependencies, type ProcessorStatus } from './processor';
export { ProcessorMetrics, type LagSource } from './metrics';
export { ALERT_EVENT_KEY_HEADER, DEAD_LETTER_HEADERS } from './batch-outcome';
export { partitionWatermarkMs } from './watermark';
export {
  DEFAULT_FLAG_STATE,
  MAX_BATCH_SIZE_DEFAULT,
  CONCURRENT_PARTITIONS_DEFAULT,
  PROCESSOR_GROUP_ID_DEFAULT,
  PROCESSOR_REDELIVERY_BACKOFF_DEFAULT,
  PROCESSOR_SETTINGS_DEFAULT,
  REGISTRY_POLL_INTERVAL_MS_DEFAULT,
  SIGNAL_CHECK_INTERVAL_MS_DEFAULT,
  ZONE_POLL_INTERVAL_MS_DEFAULT,
  type ProcessorClock,
  type ProcessorLogger,
  type ProcessorSettings,
  type ProcessorTopics,
} from './settings';
export { metricsHandler } from './http';
export {
  startStandaloneProcessor,
  type RunningStandaloneProcessor,
  type StandaloneProcessorOptions,
} from './standalone';
