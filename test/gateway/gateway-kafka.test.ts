import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { type BusMessage, KafkaBus } from '@vesselwatch/bus';
import { decodeFixMessage } from '@vesselwatch/codecs';
import { TOPICS } from '@vesselwatch/domain';
import { requireService } from '@vesselwatch/testkit';
import { GATEWAY_DEFAULTS, InMemoryTerminalDirectory, startGateway } from '@vesselwatch/gateway';

const kafka = await requireService('kafka');
const quietLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

// The gateway's HTTP door on the real broker: Kafka's acknowledgement, keys and message encoding.
describe.skipIf(!kafka)('gateway on the real Kafka broker', () => {
  const bus = new KafkaBus({
    brokers: kafka ? kafka.address.split(',') : [],
    clientId: 'vesselwatch-gateway-test',
    logLevel: 'error',
    consumerTuning: {
      sessionTimeoutMs: 6_000,
      heartbeatIntervalMs: 500,
      rebalanceTimeoutMs: 6_000,
      maxWaitTimeMs: 100,
    },
  });
  afterAll(() => bus.close());

  it('a NAF post is acknowledged by Kafka and readable from vms.fixes keyed by the registered vessel', async () => {
    // vms.fixes is shared with other tests on this broker: this test's terminal id is unique to the run.
    const terminalId = `KT-${Date.now().toString(36)}`;
    const vesselId = `vn-kafka-${Date.now().toString(36)}`;
    await bus.ensureTopics([
      { topic: TOPICS.fixes, partitions: 12 },
      { topic: TOPICS.fixesDeadLetter, partitions: 1 },
    ]);
    const gateway = await startGateway(
      {
        host: '127.0.0.1',
        httpPort: 0,
        nmeaPort: null,
        apiKeys: [{ provider: 'p', apiKey: 'k' }],
        ...GATEWAY_DEFAULTS,
      },
      bus,
      new InMemoryTerminalDirectory([{ vesselId, terminalId }]),
      quietLog,
    );
    try {
      const record = `//SR//AD/VNM//FR/VNM//TM/POS//IR/${terminalId}//DA/20261126//TI/0800//LT/+09.500//LG/+106.250//SP/85//CO/120//ER//`;
      const response = await fetch(`${gateway.httpUrl}/v1/reports/naf`, {
        method: 'POST',
        body: record,
        headers: { 'x-api-key': 'k' },
      });
      expect(await response.json()).toMatchObject({ accepted: 1, unregistered: 0 });
      const messages: BusMessage[] = [];
      const consumer = bus.consumer({
        groupId: `gateway-kafka-test-${vesselId}`,
        topics: [TOPICS.fixes],
        fromBeginning: true,
      });
      await consumer.run(async (batch) => void messages.push(...batch.messages));
      const deadline = Date.now() + 45_000;
      while (!messages.some((message) => message.key === vesselId) && Date.now() < deadline) await sleep(50);
      await consumer.stop();
      const ours = messages.filter((message) => message.key === vesselId);
      expect(ours).toHaveLength(1);
      expect(decodeFixMessage(ours[0]!.value)).toMatchObject({
        terminalId,
        position: [106.25, 9.5],
        speedKnots: 8.5,
        courseDeg: 120,
      });
    } finally {
      await gateway.close();
    }
  });
});
