import { setTimeout as sleep } from 'node:timers/promises';
import { isVesselWatchError } from '@vesselwatch/domain';
import { requireService } from '@vesselwatch/testkit';
import { ConfigResourceTypes, Kafka, logLevel, type Admin } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { describeBusContract } from '../bus.contract';
import { uniqueName } from '../bus-contract-helpers';
import { KafkaBus, type KafkaBusConfig } from './kafka-bus';

const kafka = await requireService('kafka');

/** Low timeouts so that joins, leaves and rebalances take well under a second against the local broker. */
const FAST_GROUPS: KafkaBusConfig['consumerTuning'] = {
  sessionTimeoutMs: 6_000,
  heartbeatIntervalMs: 500,
  rebalanceTimeoutMs: 6_000,
  maxWaitTimeMs: 100,
};

function testBus(brokers: string[], logLevel: KafkaBusConfig['logLevel'] = 'error'): KafkaBus {
  return new KafkaBus({ brokers, clientId: 'vesselwatch-bus-test', consumerTuning: FAST_GROUPS, logLevel });
}

describe.skipIf(!kafka)('KafkaBus on a real broker', () => {
  const brokers = kafka ? kafka.address.split(',') : [];

  /** A bus and, beside it, a plain kafkajs admin client: to do to topics what VesselWatch never does. */
  async function withBusAndAdmin(test: (bus: KafkaBus, admin: Admin) => Promise<void>): Promise<void> {
    const bus = testBus(brokers);
    const admin = new Kafka({
      clientId: 'vesselwatch-bus-test-admin',
      brokers,
      logLevel: logLevel.NOTHING,
    }).admin();
    try {
      await admin.connect();
      await test(bus, admin);
    } finally {
      await admin.disconnect();
      await bus.close();
    }
  }

  describeBusContract('KafkaBus', () => testBus(brokers), { waitTimeoutMs: 30_000 });

  it('keeps its group membership through a batch that takes longer than the session timeout (heartbeats)', async () => {
    const bus = testBus(brokers);
    try {
      const topic = uniqueName('kafka-long-batch');
      const groupId = uniqueName('kafka-long-batch-group');
      await bus.ensureTopics([{ topic, partitions: 1 }]);
      await (await bus.producer()).send(topic, [{ key: 'vessel-1', value: new Uint8Array([1]) }]);
      const deliveries: bigint[] = [];
      const errors: unknown[] = [];
      const consumer = bus.consumer({ groupId, topics: [topic], onError: (error) => errors.push(error) });
      await consumer.run(async (batch) => {
        deliveries.push(batch.messages[0]!.offset);
        // Longer than sessionTimeoutMs: without heartbeats the broker would drop the member and the commit would fail.
        await sleep(FAST_GROUPS!.sessionTimeoutMs! + 1_500);
      });
      const deadline = Date.now() + 20_000;
      while ((await bus.committedOffsets(groupId, topic)).get(0) !== 1n && Date.now() < deadline)
        await sleep(100);
      expect((await bus.committedOffsets(groupId, topic)).get(0)).toBe(1n);
      expect(deliveries).toEqual([0n]);
      expect(errors).toEqual([]);
    } finally {
      await bus.close();
    }
  }, 30_000);

  it('ensureTopics leaves an existing topic as it is and reports health', async () => {
    const bus = testBus(brokers);
    try {
      const topic = uniqueName('kafka-ensure');
      await bus.ensureTopics([{ topic, partitions: 3, config: { 'cleanup.policy': 'compact' } }]);
      await bus.ensureTopics([{ topic, partitions: 5 }]);
      expect((await bus.committedOffsets(uniqueName('kafka-ensure-group'), topic)).size).toBe(3);
      await expect(bus.checkHealth()).resolves.toBeUndefined();
      expect(bus.description).toBe(`kafka ${brokers.join(',')}`);
    } finally {
      await bus.close();
    }
  });

  it('ensureTopics gives a topic made without VesselWatch (Kafka defaults: CreateTime) append-time stamps, keeping its own overrides', async () => {
    await withBusAndAdmin(async (bus, admin) => {
      const topic = uniqueName('kafka-reconcile');
      await admin.createTopics({
        waitForLeaders: true,
        topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '604800000' }] }],
      });
      await bus.ensureTopics([{ topic, partitions: 1 }]);
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name: topic,
            configNames: ['message.timestamp.type', 'retention.ms'],
          },
        ],
      });
      const configs = Object.fromEntries(
        resources[0]!.configEntries.map((entry) => [entry.configName, entry.configValue]),
      );
      expect(configs).toEqual({ 'message.timestamp.type': 'LogAppendTime', 'retention.ms': '604800000' });
    });
  });

  it('startOffsets follow the log start offset when the broker deletes records (as retention does)', async () => {
    await withBusAndAdmin(async (bus, admin) => {
      const topic = uniqueName('kafka-start-offsets');
      await bus.ensureTopics([{ topic, partitions: 1 }]);
      const value = new Uint8Array([1]);
      await (
        await bus.producer()
      ).send(
        topic,
        Array.from({ length: 5 }, () => ({ key: 'vessel-1', value })),
      );
      expect(await bus.startOffsets(topic)).toEqual(new Map([[0, 0n]]));
      await admin.fetchTopicMetadata({ topics: [topic] }); // deleteTopicRecords needs the leaders known
      await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '3' }] });
      expect(await bus.startOffsets(topic)).toEqual(new Map([[0, 3n]]));
      expect(await bus.endOffsets(topic)).toEqual(new Map([[0, 5n]]));
    });
  });

  it('a send to a topic that does not exist fails with VW_ERR_BUS_TOPIC_UNKNOWN', async () => {
    const bus = testBus(brokers);
    try {
      const producer = await bus.producer();
      const error = await producer
        .send(uniqueName('kafka-missing'), [{ key: 'k', value: new Uint8Array([1]) }])
        .catch((e: unknown) => e);
      expect(isVesselWatchError(error, 'VW_ERR_BUS_TOPIC_UNKNOWN'), String(error)).toBe(true);
    } finally {
      await bus.close();
    }
  });
});

describe('KafkaBus without a reachable broker', () => {
  it('checkHealth rejects with VW_ERR_BUS_UNAVAILABLE (retriable)', async () => {
    // Port 1 on loopback: nothing listens there, so connecting is refused at once.
    const bus = testBus(['127.0.0.1:1'], 'nothing'); // the refused connections are the point here, not news
    try {
      const error = await bus.checkHealth().catch((e: unknown) => e);
      expect(isVesselWatchError(error, 'VW_ERR_BUS_UNAVAILABLE'), String(error)).toBe(true);
      expect(isVesselWatchError(error) && error.retriable).toBe(true);
    } finally {
      await bus.close();
    }
  });

  it('rejects a broker list that is not host:port', () => {
    expect(() => new KafkaBus({ brokers: ['localhost'], clientId: 'x' })).toThrow(/VW_ERR_CONFIG_INVALID/);
    expect(() => new KafkaBus({ brokers: [], clientId: 'x' })).toThrow(/VW_ERR_CONFIG_INVALID/);
  });
});
