import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Kafka } from 'kafkajs';
import { resolveConsumerSettings } from '../consumer-settings';
import { KAFKA_CONSUMER_TUNING_DEFAULT, KafkaBusConsumer } from './kafka-consumer';

const EVENTS = { GROUP_JOIN: 'group-join', REBALANCING: 'rebalancing', CRASH: 'crash' } as const;

/**
 * A stand-in for a kafkajs consumer whose first join crashes with a retriable error, as a broker that has
 * just started answers joinGroup ("the coordinator is loading"): `run` resolves after the crash, and kafkajs
 * joins again by itself a little later (or, with `restart: false`, never).
 */
function kafkaWhoseFirstJoinCrashes(restart: boolean): Kafka {
  const emitter = new EventEmitter();
  const consumer = {
    events: EVENTS,
    on: (event: string, listener: (payload: unknown) => void) => {
      emitter.on(event, listener);
      return () => emitter.off(event, listener);
    },
    connect: async () => undefined,
    subscribe: async () => undefined,
    disconnect: async () => undefined,
    seek: () => undefined,
    run: async () => {
      const error = Object.assign(new Error("The coordinator is loading and hence can't process requests"), {
        type: 'COORDINATOR_LOAD_IN_PROGRESS',
        retriable: true,
      });
      emitter.emit(EVENTS.CRASH, { payload: { error, groupId: 'g', restart } });
      if (restart)
        setTimeout(
          () => emitter.emit(EVENTS.GROUP_JOIN, { payload: { memberAssignment: { t: [0, 1] } } }),
          300,
        );
    },
  };
  return { consumer: () => consumer } as unknown as Kafka;
}

function busConsumer(kafka: Kafka, reports: string[]) {
  const settings = resolveConsumerSettings({
    groupId: 'g',
    topics: ['t'],
    onError: (error) => reports.push(String(error)),
  });
  return new KafkaBusConsumer(kafka, settings, KAFKA_CONSUMER_TUNING_DEFAULT, () => undefined);
}

describe('KafkaBusConsumer.run while the broker is not ready for the group', () => {
  it('waits for kafkajs to join again after a retriable crash, and reports the crash', async () => {
    const reports: string[] = [];
    const consumer = busConsumer(kafkaWhoseFirstJoinCrashes(true), reports);
    await expect(consumer.run(async () => undefined)).resolves.toBeUndefined();
    expect(reports.join('\n')).toMatch(/coordinator is loading/);
    await consumer.stop();
  });

  it('fails with the crash when kafkajs will not restart', async () => {
    const consumer = busConsumer(kafkaWhoseFirstJoinCrashes(false), []);
    await expect(consumer.run(async () => undefined)).rejects.toThrow(/coordinator is loading/);
  });
});
