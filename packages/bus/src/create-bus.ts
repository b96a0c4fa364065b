import type { Bus } from './bus';
import { InProcessBus } from './in-process/in-process-bus';
import { KafkaBus, type KafkaBusConfig } from './kafka/kafka-bus';

/**
 * Which bus an app runs on. The app decides from its own configuration (KAFKA_BROKERS set or not) and
 * passes the result here; this package never reads the environment.
 */
export type BusConfig = ({ kind: 'kafka' } & KafkaBusConfig) | { kind: 'in-process' };

export function createBus(config: BusConfig): Bus {
  switch (config.kind) {
    case 'kafka': {
      const { kind: _kind, ...kafkaConfig } = config;
      return new KafkaBus(kafkaConfig);
    }
    case 'in-process':
      return new InProcessBus();
  }
}
