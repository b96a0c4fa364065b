import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import { isVesselWatchError } from '@vesselwatch/domain';
import { afterEach, describe, expect, it } from 'vitest';
import type { BusMessage, ConsumerErrorReport, ConsumerOptions, MessageBatch } from '../bus';
import { partitionForKey } from '../murmur2-partitioner';
import { InProcessBus } from './in-process-bus';

const text = (value: string) => new TextEncoder().encode(value);
const textOf = (message: BusMessage) => new TextDecoder().decode(message.value);

let bus: InProcessBus;
afterEach(async () => {
  await bus?.close();
});

async function busWithTopic(topic: string, partitions: number): Promise<InProcessBus> {
  bus = new InProcessBus();
  await bus.ensureTopics([{ topic, partitions }]);
  return bus;
}

async function until(check: () => boolean, what: string, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(5);
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('InProcessBus consumer', () => {
  it('stop() waits for the batch in flight to finish, commits it, and then calls onRevoked', async () => {
    await busWithTopic('t', 1);
    const producer = await bus.producer();
    await producer.send('t', [
      { key: 'k', value: text('1') },
      { key: 'k', value: text('2') },
    ]);
    const release = deferred();
    const events: string[] = [];
    const consumer = bus.consumer({
      groupId: 'g',
      topics: ['t'],
      onRevoked: () => void events.push('revoked'),
    });
    await consumer.run(async () => {
      events.push('batch-start');
      await release.promise;
      events.push('batch-end');
    });
    await until(() => events.includes('batch-start'), 'the batch started');
    let stopped = false;
    const stopping = consumer.stop().then(() => (stopped = true));
    await sleep(30);
    expect(stopped).toBe(false);
    release.resolve();
    await stopping;
    expect(events).toEqual(['batch-start', 'batch-end', 'revoked']);
    expect((await bus.committedOffsets('g', 't')).get(0)).toBe(2n);
  });

  it('with fromBeginning: false and no committed offset, starts after the messages already there', async () => {
    await busWithTopic('t', 1);
    const producer = await bus.producer();
    await producer.send('t', [{ key: 'k', value: text('old') }]);
    const received: string[] = [];
    await bus.consumer({ groupId: 'g', topics: ['t'], fromBeginning: false }).run(async (batch) => {
      received.push(...batch.messages.map(textOf));
    });
    await producer.send('t', [{ key: 'k', value: text('new') }]);
    await until(() => received.length > 0, 'the new message arrived');
    expect(received).toEqual(['new']);
  });

  it('sleeps while idle (no busy loop) and wakes promptly when a message is appended', async () => {
    await busWithTopic('t', 4);
    const received: number[] = [];
    await bus.consumer({ groupId: 'g', topics: ['t'] }).run(async () => {
      received.push(Date.now());
    });
    const before = performance.eventLoopUtilization();
    await sleep(300);
    const idle = performance.eventLoopUtilization(before);
    // A polling loop keeps the event loop near 100% busy; a sleeping consumer leaves it idle.
    expect(idle.utilization).toBeLessThan(0.2);

    const producer = await bus.producer();
    const sentAt = Date.now();
    await producer.send('t', [{ key: 'k', value: text('x') }]);
    await until(() => received.length > 0, 'the message arrived');
    expect(received[0]! - sentAt).toBeLessThan(50);
  });

  it('hands out batches of at most maxBatchSize from one partition, taking partitions in turn', async () => {
    await busWithTopic('t', 2);
    const keyFor = (partition: number) =>
      Array.from({ length: 100 }, (_, i) => `k${i}`).find((key) => partitionForKey(key, 2) === partition)!;
    const producer = await bus.producer();
    await producer.send('t', [
      ...Array.from({ length: 9 }, (_, i) => ({ key: keyFor(0), value: text(`p0-${i}`) })),
      ...Array.from({ length: 9 }, (_, i) => ({ key: keyFor(1), value: text(`p1-${i}`) })),
    ]);
    const batches: MessageBatch[] = [];
    await bus.consumer({ groupId: 'g', topics: ['t'], maxBatchSize: 4 }).run(async (batch) => {
      batches.push(batch);
    });
    await until(() => batches.reduce((n, b) => n + b.messages.length, 0) === 18, 'all 18 messages arrived');
    expect(batches.map((batch) => [batch.partition, batch.messages.length])).toEqual([
      [0, 4],
      [1, 4],
      [0, 4],
      [1, 4],
      [0, 1],
      [1, 1],
    ]);
  });

  it('backs off longer after each failure of the same batch, up to the maximum, and stop() cuts the back-off short', async () => {
    await busWithTopic('t', 1);
    await (await bus.producer()).send('t', [{ key: 'k', value: text('poison') }]);
    const attemptsAt: number[] = [];
    const reports: ConsumerErrorReport[] = [];
    const options: ConsumerOptions = {
      groupId: 'g',
      topics: ['t'],
      redeliveryBackoff: { initialMs: 20, maxMs: 80 },
      onError: (_error, report) => reports.push(report),
    };
    const consumer = bus.consumer(options);
    await consumer.run(async () => {
      attemptsAt.push(performance.now());
      throw new Error('cannot handle this (on purpose)');
    });
    await until(() => attemptsAt.length >= 5, 'five attempts');
    const gaps = attemptsAt.slice(1, 5).map((at, i) => at - attemptsAt[i]!);
    [20, 40, 80, 80].forEach((expectedMs, i) => expect(gaps[i]!).toBeGreaterThanOrEqual(expectedMs - 2));
    expect(reports.slice(0, 3).map(({ stage, attempt, offset }) => [stage, attempt, offset])).toEqual([
      ['handler', 1, 0n],
      ['handler', 2, 0n],
      ['handler', 3, 0n],
    ]);

    const stoppedAt = performance.now();
    await consumer.stop();
    expect(performance.now() - stoppedAt).toBeLessThan(80);
    expect((await bus.committedOffsets('g', 't')).get(0)).toBe(-1n);
  });

  it('retries a failing onAssigned (reporting it) and hands out no batch before it succeeds', async () => {
    await busWithTopic('t', 1);
    await (await bus.producer()).send('t', [{ key: 'k', value: text('m') }]);
    const events: string[] = [];
    const reports: ConsumerErrorReport[] = [];
    let failuresLeft = 2;
    await bus
      .consumer({
        groupId: 'g',
        topics: ['t'],
        redeliveryBackoff: { initialMs: 10, maxMs: 10 },
        onError: (_error, report) => reports.push(report),
        onAssigned: () => {
          events.push('onAssigned');
          if (failuresLeft-- > 0) throw new Error('state store not ready (on purpose)');
        },
      })
      .run(async () => void events.push('batch'));
    await until(() => events.includes('batch'), 'the batch arrived');
    expect(events).toEqual(['onAssigned', 'onAssigned', 'onAssigned', 'batch']);
    expect(reports.map(({ stage, attempt }) => [stage, attempt])).toEqual([
      ['onAssigned', 1],
      ['onAssigned', 2],
    ]);
  });

  it('reports a throwing onRevoked without holding up the rebalance', async () => {
    await busWithTopic('t', 2);
    const reports: ConsumerErrorReport[] = [];
    const first = bus.consumer({
      groupId: 'g',
      topics: ['t'],
      onError: (_error, report) => reports.push(report),
      onRevoked: () => {
        throw new Error('flush failed (on purpose)');
      },
    });
    await first.run(async () => {});
    const assigned: number[][] = [];
    await bus
      .consumer({
        groupId: 'g',
        topics: ['t'],
        onAssigned: (a) => void assigned.push(a.flatMap((x) => x.partitions)),
      })
      .run(async () => {});
    expect(assigned).toEqual([[1]]);
    expect(reports.map(({ stage }) => stage)).toEqual(['onRevoked']);
  });

  it('gives a member beyond the partition count an empty assignment, and it still joins', async () => {
    await busWithTopic('t', 1);
    const assignments: string[] = [];
    const join = (name: string) =>
      bus
        .consumer({
          groupId: 'g',
          topics: ['t'],
          onAssigned: (a) => void assignments.push(`${name}:${JSON.stringify(a)}`),
        })
        .run(async () => {});
    await join('a');
    await join('b');
    expect(assignments.slice(-2).sort()).toEqual(['a:[{"topic":"t","partitions":[0]}]', 'b:[]']);
  });

  it('keeps the offsets of each group apart: a second group reads everything again', async () => {
    await busWithTopic('t', 1);
    await (await bus.producer()).send('t', [{ key: 'k', value: text('m') }]);
    const seen: string[] = [];
    for (const groupId of ['g1', 'g2']) {
      await bus
        .consumer({ groupId, topics: ['t'] })
        .run(async (batch) => void seen.push(`${groupId}:${textOf(batch.messages[0]!)}`));
    }
    await until(() => seen.length === 2, 'both groups read the message');
    expect(seen.sort()).toEqual(['g1:m', 'g2:m']);
  });
});

describe('InProcessBus errors and lifecycle', () => {
  it('refuses unknown topics, invalid topic specs, a second run, and use after close with catalogue codes', async () => {
    await busWithTopic('t', 1);
    const producer = await bus.producer();
    const codeOf = async (action: () => Promise<unknown>) => {
      const error = await action().then(
        () => null,
        (e: unknown) => e,
      );
      return isVesselWatchError(error) ? error.code : String(error);
    };
    expect(await codeOf(() => producer.send('missing', [{ key: 'k', value: text('m') }]))).toBe(
      'VW_ERR_BUS_TOPIC_UNKNOWN',
    );
    expect(await codeOf(() => bus.consumer({ groupId: 'g', topics: ['missing'] }).run(async () => {}))).toBe(
      'VW_ERR_BUS_TOPIC_UNKNOWN',
    );
    expect(await codeOf(() => bus.committedOffsets('g', 'missing'))).toBe('VW_ERR_BUS_TOPIC_UNKNOWN');
    expect(await codeOf(() => bus.ensureTopics([{ topic: 'bad name', partitions: 1 }]))).toBe(
      'VW_ERR_CONFIG_INVALID',
    );
    expect(await codeOf(() => bus.ensureTopics([{ topic: 'ok', partitions: 0 }]))).toBe(
      'VW_ERR_CONFIG_INVALID',
    );
    expect(() => bus.consumer({ groupId: 'g', topics: ['t'], maxBatchSize: 0 })).toThrow(
      /VW_ERR_CONFIG_INVALID/,
    );

    const consumer = bus.consumer({ groupId: 'g', topics: ['t'] });
    await consumer.run(async () => {});
    expect(await codeOf(() => consumer.run(async () => {}))).toBe('VW_ERR_BUS_CLOSED');

    await bus.close();
    expect(await codeOf(() => producer.send('t', [{ key: 'k', value: text('m') }]))).toBe(
      'VW_ERR_BUS_CLOSED',
    );
    expect(await codeOf(() => bus.producer())).toBe('VW_ERR_BUS_CLOSED');
    expect(await codeOf(() => bus.checkHealth())).toBe('VW_ERR_BUS_CLOSED');
  });

  it('keeps an existing topic as it is and stores a copy of each value, like a real log', async () => {
    await busWithTopic('t', 2);
    await bus.ensureTopics([{ topic: 't', partitions: 7 }]);
    expect((await bus.committedOffsets('g', 't')).size).toBe(2);

    const value = text('original');
    await (await bus.producer()).send('t', [{ key: 'k', value }]);
    value.fill(0);
    const received: string[] = [];
    await bus
      .consumer({ groupId: 'g', topics: ['t'] })
      .run(async (batch) => void received.push(...batch.messages.map(textOf)));
    await until(() => received.length === 1, 'the message arrived');
    expect(received).toEqual(['original']);
  });

  it('close() stops every consumer it made (each leaves its group) and is healthy until then', async () => {
    await busWithTopic('t', 1);
    await expect(bus.checkHealth()).resolves.toBeUndefined();
    const revoked: string[] = [];
    await bus
      .consumer({ groupId: 'g', topics: ['t'], onRevoked: () => void revoked.push('a') })
      .run(async () => {});
    await bus.close();
    expect(revoked).toEqual(['a']);
  });
});
