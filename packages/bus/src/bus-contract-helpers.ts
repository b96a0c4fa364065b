import { setTimeout as sleep } from 'node:timers/promises';
import type {
  Bus,
  BusMessage,
  Consumer,
  ConsumerErrorReport,
  ConsumerOptions,
  MessageBatch,
  PartitionAssignment,
} from './bus';
import { partitionForKey } from './murmur2-partitioner';

/** Test helpers of the Bus contract suite (bus.contract.ts): names, payloads, waiting, tracked members. */

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export const text = (value: string): Uint8Array => utf8Encoder.encode(value);
export const textOf = (message: BusMessage): string => utf8Decoder.decode(message.value);
export const partitionKey = (topic: string, partition: number) => `${topic}#${partition}`;

/** Polls until check() holds; tests only (the buses themselves never poll). */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await sleep(20);
  }
}

/** Keys whose partitions (Kafka's partitioner) cover every partition of the topic at least `perPartition` times. */
export function keysCoveringPartitions(prefix: string, partitions: number, perPartition: number): string[] {
  const counts = new Array<number>(partitions).fill(0);
  const keys: string[] = [];
  for (let i = 0; counts.some((count) => count < perPartition); i++) {
    const key = `${prefix}-${i}`;
    const partition = partitionForKey(key, partitions);
    if (counts[partition]! < perPartition) {
      counts[partition]!++;
      keys.push(key);
    }
  }
  return keys;
}

export interface TrackedMember {
  consumer: Consumer;
  /** Partitions whose onAssigned has completed and which have not been revoked since. */
  owned: Set<string>;
  received: BusMessage[];
  batches: MessageBatch[];
  /** Batches handed out for a partition the member did not own (onAssigned not finished, or revoked). */
  violations: string[];
  errors: Array<{ error: unknown; report: ConsumerErrorReport }>;
  revocations: PartitionAssignment[][];
  run(): Promise<void>;
}

export interface MemberBehaviour {
  /** How long onAssigned takes, like restoring per-partition state. */
  onAssignedDelayMs?: number;
  /** Runs before a batch is recorded; a throw makes the batch fail (and come again). */
  beforeRecording?: (batch: MessageBatch) => Promise<void> | void;
}

/**
 * A consumer that records what it receives and checks, for every batch, that onAssigned of its partition
 * has completed and it has not been revoked since. Added to `running` so the suite stops it after the test.
 */
export function trackedMember(
  bus: Bus,
  running: Consumer[],
  consumerOptions: Omit<ConsumerOptions, 'onAssigned' | 'onRevoked' | 'onError'>,
  behaviour: MemberBehaviour = {},
): TrackedMember {
  const tracked: TrackedMember = {
    owned: new Set(),
    received: [],
    batches: [],
    violations: [],
    errors: [],
    revocations: [],
    consumer: bus.consumer({
      ...consumerOptions,
      onAssigned: async (assignment) => {
        // Like restoring per-partition state: only once this is done may batches of these partitions come.
        if (behaviour.onAssignedDelayMs) await sleep(behaviour.onAssignedDelayMs);
        for (const { topic, partitions } of assignment) {
          for (const partition of partitions) tracked.owned.add(partitionKey(topic, partition));
        }
      },
      onRevoked: (assignment) => {
        tracked.owned.clear();
        tracked.revocations.push(assignment);
      },
      onError: (error, report) => tracked.errors.push({ error, report }),
    }),
    run: () => tracked.consumer.run(handler),
  };
  const handler = async (batch: MessageBatch) => {
    if (!tracked.owned.has(partitionKey(batch.topic, batch.partition))) {
      tracked.violations.push(
        `batch of ${batch.topic}#${batch.partition} at ${batch.messages[0]?.offset} before onAssigned completed`,
      );
    }
    await behaviour.beforeRecording?.(batch);
    tracked.batches.push(batch);
    tracked.received.push(...batch.messages);
  };
  running.push(tracked.consumer);
  return tracked;
}
