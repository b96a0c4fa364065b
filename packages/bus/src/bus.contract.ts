import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Bus, Consumer, ConsumerOptions, OutgoingMessage, Producer } from './bus';
import {
  eventually,
  keysCoveringPartitions,
  partitionKey,
  text,
  textOf,
  trackedMember,
  uniqueName,
  type MemberBehaviour,
  type TrackedMember,
} from './bus-contract-helpers';
import { partitionForKey } from './murmur2-partitioner';

/**
 * The one behaviour suite both Bus implementations must pass (in-process-bus.test.ts runs it against
 * InProcessBus, kafka-bus.test.ts against a real Kafka broker). Every test uses its own topic and group
 * names, so runs and tests never see each other's messages or offsets.
 */
export interface BusContractOptions {
  /** How long a test waits for something asynchronous (deliveries, rebalances) before failing. */
  waitTimeoutMs: number;
}

export function describeBusContract(
  name: string,
  makeBus: () => Promise<Bus> | Bus,
  options: BusContractOptions,
): void {
  const { waitTimeoutMs } = options;

  describe(`Bus contract: ${name}`, () => {
    let bus: Bus;
    let producer: Producer;
    const running: Consumer[] = [];

    beforeAll(async () => {
      bus = await makeBus();
      producer = await bus.producer();
    });
    afterEach(async () => {
      await Promise.all(running.splice(0).map((consumer) => consumer.stop()));
    });
    afterAll(async () => {
      await bus?.close();
    });

    const member = (
      consumerOptions: Omit<ConsumerOptions, 'onAssigned' | 'onRevoked' | 'onError'>,
      behaviour?: MemberBehaviour,
    ): TrackedMember => trackedMember(bus, running, consumerOptions, behaviour);

    it('by default a topic stamps each message with its append time, so an old event time cannot expire it early; start offsets are 0 on a new topic', async () => {
      const topic = uniqueName('contract-append-time');
      await bus.ensureTopics([{ topic, partitions: 2 }]);
      expect([...(await bus.startOffsets(topic)).values()]).toEqual([0n, 0n]);
      const tenDaysAgoMs = Date.now() - 10 * 86_400_000;
      // Kafka's timestamps have ms resolution and the broker's clock may differ a little from ours.
      const sentAfterMs = Date.now() - 1_000;
      await producer.send(topic, [{ key: 'vessel-old', value: text('buffered'), timestampMs: tenDaysAgoMs }]);
      const sentBeforeMs = Date.now() + 1_000;
      const reader = member({ groupId: uniqueName('contract-append-time-group'), topics: [topic] });
      await reader.run();
      await eventually(() => reader.received.length === 1, 'the message arrived', waitTimeoutMs);
      const { timestampMs } = reader.received[0]!;
      expect(timestampMs).toBeGreaterThanOrEqual(sentAfterMs);
      expect(timestampMs).toBeLessThanOrEqual(sentBeforeMs);
    });

    it('with concurrentPartitions, batches of different partitions may overlap but one partition is never handled twice at once, and stays in order', async () => {
      const topic = uniqueName('contract-concurrent');
      const partitions = 4;
      await bus.ensureTopics([{ topic, partitions }]);
      const keys = keysCoveringPartitions('vessel', partitions, 2);
      const messages: OutgoingMessage[] = [];
      for (let round = 0; round < 30; round++)
        for (const key of keys) messages.push({ key, value: text(`${key}#${round}`) });
      await producer.send(topic, messages);
      const inFlight = new Set<number>();
      const overlaps: string[] = [];
      const reader = member(
        {
          groupId: uniqueName('contract-concurrent-group'),
          topics: [topic],
          maxBatchSize: 7,
          concurrentPartitions: 4,
        },
        {
          beforeRecording: async (batch) => {
            if (inFlight.has(batch.partition)) overlaps.push(`partition ${batch.partition} twice at once`);
            inFlight.add(batch.partition);
            await new Promise((resolve) => setTimeout(resolve, 5 + ((batch.partition * 7) % 11)));
            inFlight.delete(batch.partition);
          },
        },
      );
      await reader.run();
      await eventually(
        () => reader.received.length >= messages.length,
        `all ${messages.length} messages arrived`,
        waitTimeoutMs,
      );
      expect(overlaps).toEqual([]);
      expect(reader.violations).toEqual([]);
      const roundsByKey = new Map<string, number[]>();
      for (const message of reader.received) {
        const [key, round] = textOf(message).split('#') as [string, string];
        roundsByKey.set(key, [...(roundsByKey.get(key) ?? []), Number(round)]);
      }
      for (const key of keys)
        expect(roundsByKey.get(key), key).toEqual(Array.from({ length: 30 }, (_, round) => round));
    });

    it('send resolves with the offsets written; each key stays on its (murmur2) partition and in send order; commits show in committedOffsets', async () => {
      const topic = uniqueName('contract-order');
      const partitions = 4;
      // CreateTime: the producer's timestamps are kept (the default stamps append time, tested below).
      await bus.ensureTopics([{ topic, partitions, config: { 'message.timestamp.type': 'CreateTime' } }]);
      const keys = Array.from({ length: 24 }, (_, i) => `vessel-${i}`);
      const rounds = 12;
      const baseTimeMs = Date.UTC(2025, 0, 1);
      const messages: OutgoingMessage[] = [];
      for (let round = 0; round < rounds; round++) {
        for (const key of keys) {
          messages.push({
            key,
            value: text(`${key}#${round}`),
            headers: { round: String(round) },
            timestampMs: baseTimeMs + round,
          });
        }
      }

      const nextOffset = new Array<bigint>(partitions).fill(0n);
      for (let start = 0; start < messages.length; start += 37) {
        const chunk = messages.slice(start, start + 37);
        const records = await producer.send(topic, chunk);
        const countByPartition = new Map<number, number>();
        for (const message of chunk) {
          const partition = partitionForKey(message.key, partitions);
          countByPartition.set(partition, (countByPartition.get(partition) ?? 0) + 1);
        }
        expect(records.map((record) => record.partition).sort()).toEqual([...countByPartition.keys()].sort());
        for (const record of records) {
          expect(record.topic).toBe(topic);
          expect(record.baseOffset).toBe(nextOffset[record.partition]);
          nextOffset[record.partition]! += BigInt(countByPartition.get(record.partition)!);
        }
      }

      const groupId = uniqueName('contract-order-group');
      expect([...(await bus.committedOffsets(groupId, topic)).values()]).toEqual(
        new Array(partitions).fill(-1n),
      );
      const reader = member({ groupId, topics: [topic], maxBatchSize: 5 });
      await reader.run();
      await eventually(
        () => reader.received.length >= messages.length,
        `all ${messages.length} messages arrived`,
        waitTimeoutMs,
      );
      expect(reader.received).toHaveLength(messages.length);

      for (const batch of reader.batches) {
        expect(batch.topic).toBe(topic);
        expect(batch.messages.length).toBeGreaterThan(0);
        expect(batch.messages.length).toBeLessThanOrEqual(5);
        batch.messages.forEach((message, i) => {
          expect(message.partition).toBe(batch.partition);
          expect(message.offset).toBe(batch.messages[0]!.offset + BigInt(i));
        });
      }
      const roundsByKey = new Map<string, number[]>();
      const partitionsByKey = new Map<string, Set<number>>();
      for (const message of reader.received) {
        const [key, round] = textOf(message).split('#') as [string, string];
        expect(message.key).toBe(key);
        expect(message.headers).toEqual({ round });
        expect(message.timestampMs).toBe(baseTimeMs + Number(round));
        roundsByKey.set(key, [...(roundsByKey.get(key) ?? []), Number(round)]);
        partitionsByKey.set(key, (partitionsByKey.get(key) ?? new Set()).add(message.partition));
      }
      for (const key of keys) {
        expect(roundsByKey.get(key), key).toEqual(Array.from({ length: rounds }, (_, round) => round));
        expect([...partitionsByKey.get(key)!], key).toEqual([partitionForKey(key, partitions)]);
      }

      const expectedCommitted = nextOffset.map((offset) => (offset === 0n ? -1n : offset));
      await eventually(
        async () =>
          JSON.stringify([...(await bus.committedOffsets(groupId, topic)).values()].map(String)) ===
          JSON.stringify(expectedCommitted.map(String)),
        'the committed offsets reach the end of every partition',
        waitTimeoutMs,
      );
      expect(reader.violations).toEqual([]);
    });

    it('endOffsets gives the offset the next message of each partition will get; an unknown topic is refused', async () => {
      const topic = uniqueName('contract-end-offsets');
      await bus.ensureTopics([{ topic, partitions: 3 }]);
      expect([...(await bus.endOffsets(topic))]).toEqual([
        [0, 0n],
        [1, 0n],
        [2, 0n],
      ]);
      const keys = ['vessel-a', 'vessel-b', 'vessel-c', 'vessel-d', 'vessel-e', 'vessel-f'];
      const expected = [0n, 0n, 0n];
      for (let round = 0; round < 3; round++) {
        await producer.send(
          topic,
          keys.map((key) => ({ key, value: text(`${key}#${round}`) })),
        );
        for (const key of keys) expected[partitionForKey(key, 3)]! += 1n;
      }
      expect([...(await bus.endOffsets(topic))]).toEqual(
        expected.map((offset, partition) => [partition, offset]),
      );
      await expect(bus.endOffsets(uniqueName('contract-no-such-topic'))).rejects.toMatchObject({
        code: 'VW_ERR_BUS_TOPIC_UNKNOWN',
      });
    });

    it('a batch whose handler throws is delivered again after a back-off, and committed only once it succeeds', async () => {
      const topic = uniqueName('contract-redeliver');
      await bus.ensureTopics([{ topic, partitions: 1 }]);
      await producer.send(
        topic,
        ['a', 'b', 'c'].map((value) => ({ key: 'vessel-1', value: text(value) })),
      );
      const groupId = uniqueName('contract-redeliver-group');
      const attempts: bigint[] = [];
      const failuresWanted = 2;
      const reader = member(
        { groupId, topics: [topic], redeliveryBackoff: { initialMs: 50, maxMs: 200 } },
        {
          beforeRecording: (batch) => {
            attempts.push(batch.messages[0]!.offset);
            if (attempts.length <= failuresWanted)
              throw new Error(`handler failure ${attempts.length} (on purpose)`);
          },
        },
      );
      await reader.run();
      await eventually(
        () => reader.received.length >= 3,
        'the batch was handled successfully',
        waitTimeoutMs,
      );
      expect(reader.received.map(textOf)).toEqual(['a', 'b', 'c']);
      expect(attempts).toEqual([0n, 0n, 0n]);
      expect(reader.errors.map(({ report }) => [report.stage, report.offset, report.attempt])).toEqual([
        ['handler', 0n, 1],
        ['handler', 0n, 2],
      ]);
      await eventually(
        async () => (await bus.committedOffsets(groupId, topic)).get(0) === 3n,
        'offset 3 is committed',
        waitTimeoutMs,
      );
    });

    it('messages a stopped member did not commit go to the next member of the group; committed ones do not', async () => {
      const topic = uniqueName('contract-restart');
      await bus.ensureTopics([{ topic, partitions: 1 }]);
      const groupId = uniqueName('contract-restart-group');
      const send = (values: string[]) =>
        producer.send(
          topic,
          values.map((value) => ({ key: 'vessel-7', value: text(value) })),
        );

      let failing = false;
      const failedOffsets: bigint[] = [];
      const first = member(
        { groupId, topics: [topic], redeliveryBackoff: { initialMs: 20, maxMs: 50 } },
        {
          beforeRecording: (batch) => {
            if (!failing) return;
            failedOffsets.push(batch.messages[0]!.offset);
            throw new Error('processing is down (on purpose)');
          },
        },
      );
      await first.run();
      await send(['m0', 'm1', 'm2', 'm3', 'm4']);
      await eventually(() => first.received.length >= 5, 'the first member handled m0..m4', waitTimeoutMs);
      await eventually(
        async () => (await bus.committedOffsets(groupId, topic)).get(0) === 5n,
        'offset 5 is committed',
        waitTimeoutMs,
      );

      failing = true;
      await send(['m5', 'm6', 'm7', 'm8', 'm9']);
      await eventually(() => failedOffsets.length >= 2, 'the first member failed on m5 twice', waitTimeoutMs);
      await first.consumer.stop();
      expect(new Set(failedOffsets)).toEqual(new Set([5n]));
      expect((await bus.committedOffsets(groupId, topic)).get(0)).toBe(5n);

      const second = member({ groupId, topics: [topic] });
      await second.run();
      await eventually(() => second.received.length >= 5, 'the second member got m5..m9', waitTimeoutMs);
      expect(second.received.map(textOf)).toEqual(['m5', 'm6', 'm7', 'm8', 'm9']);
      expect(second.received[0]!.offset).toBe(5n);
      await eventually(
        async () => (await bus.committedOffsets(groupId, topic)).get(0) === 10n,
        'offset 10 is committed',
        waitTimeoutMs,
      );
    });

    it('two members split the partitions; when one leaves, the other takes them all and gets what is sent afterwards', async () => {
      const topic = uniqueName('contract-split');
      const partitions = 6;
      const all = Array.from({ length: partitions }, (_, partition) => partitionKey(topic, partition));
      await bus.ensureTopics([{ topic, partitions }]);
      const groupId = uniqueName('contract-split-group');
      const a = member({ groupId, topics: [topic] });
      const b = member({ groupId, topics: [topic] });

      await a.run();
      expect([...a.owned].sort()).toEqual(all.sort());
      await b.run();
      await eventually(
        () =>
          a.owned.size > 0 &&
          b.owned.size > 0 &&
          a.owned.size + b.owned.size === partitions &&
          new Set([...a.owned, ...b.owned]).size === partitions,
        'the two members own disjoint sets covering every partition',
        waitTimeoutMs,
      );

      const keys = keysCoveringPartitions('split', partitions, 2);
      await producer.send(
        topic,
        keys.map((key) => ({ key, value: text(`${key}:before`) })),
      );
      await eventually(
        () => a.received.length + b.received.length >= keys.length,
        'both members together got every message',
        waitTimeoutMs,
      );
      expect(a.received.length).toBeGreaterThan(0);
      expect(b.received.length).toBeGreaterThan(0);
      expect([...a.received, ...b.received].map(textOf).sort()).toEqual(
        keys.map((key) => `${key}:before`).sort(),
      );
      const ownedByB = new Set(b.owned);

      await b.consumer.stop();
      expect(
        b.revocations
          .at(-1)
          ?.flatMap(({ topic: t, partitions: ps }) => ps.map((p) => partitionKey(t, p)))
          .sort(),
      ).toEqual([...ownedByB].sort());
      await eventually(
        () => a.owned.size === partitions,
        'the remaining member owns every partition',
        waitTimeoutMs,
      );
      const receivedBefore = a.received.length;
      await producer.send(
        topic,
        keys.map((key) => ({ key, value: text(`${key}:after`) })),
      );
      await eventually(
        () => a.received.length >= receivedBefore + keys.length,
        'the remaining member got every later message',
        waitTimeoutMs,
      );
      expect(a.received.slice(receivedBefore).map(textOf).sort()).toEqual(
        keys.map((key) => `${key}:after`).sort(),
      );
      expect(new Set(a.received.slice(receivedBefore).map((message) => message.partition)).size).toBe(
        partitions,
      );
      expect([...a.violations, ...b.violations]).toEqual([]);
    });

    it('onAssigned is awaited before any batch of the assigned partitions, on first join and on every rebalance', async () => {
      const topic = uniqueName('contract-assigned');
      const partitions = 4;
      await bus.ensureTopics([{ topic, partitions }]);
      const groupId = uniqueName('contract-assigned-group');
      const keys = keysCoveringPartitions('restore', partitions, 1);
      const sendRound = (round: string) =>
        producer.send(
          topic,
          keys.map((key) => ({ key, value: text(`${key}:${round}`) })),
        );
      const slow = { onAssignedDelayMs: 300 };

      await sendRound('r1');
      const a = member({ groupId, topics: [topic], maxBatchSize: 1 }, slow);
      await a.run();
      // run() resolves only after onAssigned has completed.
      expect(a.owned.size).toBe(partitions);
      await eventually(() => a.received.length >= keys.length, 'the first member got round 1', waitTimeoutMs);

      await sendRound('r2');
      const b = member({ groupId, topics: [topic], maxBatchSize: 1 }, slow);
      await b.run();
      await sendRound('r3');
      // Distinct values: a rebalance may legitimately deliver a batch twice (at-least-once).
      const distinctReceived = () => new Set([...a.received, ...b.received].map(textOf)).size;
      await eventually(() => distinctReceived() >= 3 * keys.length, 'rounds 2 and 3 arrived', waitTimeoutMs);
      await b.consumer.stop();
      await sendRound('r4');
      await eventually(() => distinctReceived() >= 4 * keys.length, 'round 4 arrived', waitTimeoutMs);

      expect([...a.violations, ...b.violations]).toEqual([]);
      expect(distinctReceived()).toBe(4 * keys.length);
    });

    it('a member resumes each partition where its onAssigned says (offsets kept with the data), not at the committed offset', async () => {
      const topic = uniqueName('contract-start');
      const partitions = 2;
      await bus.ensureTopics([{ topic, partitions }]);
      const groupId = uniqueName('contract-start-group');
      const key = keysCoveringPartitions('start', partitions, 1)[0]!;
      const partition = partitionForKey(key, partitions);
      await producer.send(
        topic,
        Array.from({ length: 10 }, (_, i) => ({ key, value: text(`m${i}`) })),
      );
      // The application's own store says offsets 0..5 are applied: resume at 6 although nothing is committed.
      const received: string[] = [];
      const consumer = bus.consumer({
        groupId,
        topics: [topic],
        onAssigned: () => [{ topic, partition, offset: 6n }],
      });
      running.push(consumer);
      await consumer.run(async (batch) => {
        received.push(...batch.messages.map((message) => textOf(message)));
      });
      await eventually(() => received.length >= 4, 'messages 6 to 9 arrived', waitTimeoutMs);
      expect(received).toEqual(['m6', 'm7', 'm8', 'm9']);
      await eventually(
        async () => (await bus.committedOffsets(groupId, topic)).get(partition) === 10n,
        'the group committed after m9',
        waitTimeoutMs,
      );

      // A second member of the group that stores nothing itself resumes from the committed offset.
      await consumer.stop();
      await producer.send(topic, [{ key, value: text('m10') }]);
      const after: string[] = [];
      const second = bus.consumer({ groupId, topics: [topic] });
      running.push(second);
      await second.run(async (batch) => {
        after.push(...batch.messages.map((message) => textOf(message)));
      });
      await eventually(() => after.length >= 1, 'm10 arrived', waitTimeoutMs);
      expect(after).toEqual(['m10']);
    });

    it('seek from a handler that then throws: the batch is not committed and the partition goes on from the offset sought', async () => {
      const topic = uniqueName('contract-seek');
      await bus.ensureTopics([{ topic, partitions: 1 }]);
      const groupId = uniqueName('contract-seek-group');
      await producer.send(
        topic,
        Array.from({ length: 6 }, (_, i) => ({ key: 'k', value: text(`m${i}`) })),
      );
      const firsts: bigint[] = [];
      let sought = false;
      const consumer = bus.consumer({
        groupId,
        topics: [topic],
        maxBatchSize: 2,
        redeliveryBackoff: { initialMs: 10, maxMs: 50 },
        onAssigned: () => [{ topic, partition: 0, offset: 4n }],
      });
      running.push(consumer);
      await consumer.run(async (batch) => {
        firsts.push(batch.messages[0]!.offset);
        if (!sought) {
          // Like the processor finding the bus ahead of its stored offset.
          sought = true;
          consumer.seek(topic, 0, 1n);
          throw new Error('the bus is ahead of the stored offset');
        }
      });
      await eventually(
        async () => (await bus.committedOffsets(groupId, topic)).get(0) === 6n,
        'the partition was read to its end',
        waitTimeoutMs,
      );
      expect(firsts[0]).toBe(4n);
      expect(firsts[1]).toBe(1n);
    });
  });
}
