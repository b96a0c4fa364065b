import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type Bus,
  type BusMessage,
  InProcessBus,
  type OutgoingMessage,
  type Producer,
  type SentRecord,
} from '@vesselwatch/bus';
import { TOPICS } from '@vesselwatch/domain';

/** Test support for the gateway: a bus with the gateway's topics, topic reading, shared data. */

export async function inProcessBusWithTopics(): Promise<InProcessBus> {
  const bus = new InProcessBus();
  await bus.ensureTopics([
    { topic: TOPICS.fixes, partitions: 4 },
    { topic: TOPICS.fixesDeadLetter, partitions: 1 },
  ]);
  return bus;
}

/** Reads a topic from the beginning with a fresh group until `enough` holds or the timeout passes. */
export async function readTopic(
  bus: Bus,
  topic: string,
  enough: (messages: BusMessage[]) => boolean,
  timeoutMs = 10_000,
): Promise<BusMessage[]> {
  const messages: BusMessage[] = [];
  const consumer = bus.consumer({
    groupId: `test-reader-${Date.now()}-${Math.random()}`,
    topics: [topic],
    fromBeginning: true,
  });
  await consumer.run(async (batch) => {
    messages.push(...batch.messages);
  });
  const deadline = Date.now() + timeoutMs;
  while (!enough(messages) && Date.now() < deadline) await sleep(20);
  await consumer.stop();
  return messages;
}

/**
 * A real producer whose sends wait at a gate until the test opens it: a bus that lags, to exercise
 * back-pressure without timing races.
 */
export class GatedProducer implements Producer {
  private gate: Promise<void> = Promise.resolve();
  private open: () => void = () => undefined;

  constructor(private readonly inner: Producer) {}

  close(): Promise<void> {
    return this.inner.close();
  }

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open();
  }

  async send(topic: string, messages: OutgoingMessage[]): Promise<SentRecord[]> {
    await this.gate;
    return this.inner.send(topic, messages);
  }
}

export function sharedDataText(relativePath: string): string {
  const url = new URL(`../../../../../shared/data/${relativePath}`, import.meta.url);
  try {
    return readFileSync(url, 'utf8');
  } catch (error) {
    throw new Error(`test data ${url.pathname} is missing: these tests need ../shared/data`, {
      cause: error,
    });
  }
}
