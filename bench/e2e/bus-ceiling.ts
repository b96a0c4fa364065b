/**
 * The ceiling the bus alone puts on the processor on this machine: the benchmark's backlog consumed with
 * the processor's consumer settings (batch size, partitions at a time), every fix decoded, and the latest
 * position per vessel of each batch produced to a live topic, as the processor does. No rules, no database.
 * Whatever the processor does on top of this can only be slower, so the figure bounds its throughput.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { KafkaBus, OutgoingMessage } from '@vesselwatch/bus';
import { decodeFixMessage } from '@vesselwatch/codecs';

export interface BusCeiling {
  fixesPerS: number;
  /** CPU time of the whole machine (all processes) and of this process, in cores, over the timed part. */
  machineCores: number;
  consumerCores: number;
}

/** Busy and total jiffies of all CPUs together (/proc/stat); null where there is no /proc. */
interface MachineJiffies {
  busy: number;
  total: number;
}

function machineJiffies(): MachineJiffies | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8')
      .split('\n', 1)[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0);
    const idle = fields[3]! + fields[4]!; // idle + iowait
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

export async function measureBusCeiling(
  bus: KafkaBus,
  messages: readonly OutgoingMessage[],
  options: { partitions: number; maxBatchSize: number; concurrentPartitions: number },
): Promise<BusCeiling> {
  const prefix = `vw-e2e-ceiling-${randomBytes(4).toString('hex')}`;
  const topics = { fixes: `${prefix}.fixes`, live: `${prefix}.live` };
  await bus.ensureTopics([
    { topic: topics.fixes, partitions: options.partitions },
    { topic: topics.live, partitions: options.partitions },
  ]);
  const producer = await bus.producer();
  for (let start = 0; start < messages.length; start += 2_000) {
    await producer.send(topics.fixes, messages.slice(start, start + 2_000));
  }
  const total = messages.length;
  let consumed = 0;
  let from: { consumed: number; at: number; cpu: NodeJS.CpuUsage; machine: MachineJiffies | null } | null =
    null;
  let allConsumed!: () => void;
  const done = new Promise<void>((resolve) => (allConsumed = resolve));
  const consumer = bus.consumer({
    groupId: `${prefix}-consumer`,
    topics: [topics.fixes],
    fromBeginning: true,
    maxBatchSize: options.maxBatchSize,
    concurrentPartitions: options.concurrentPartitions,
  });
  await consumer.run(async (batch) => {
    const latest = new Map<string, Uint8Array>();
    for (const message of batch.messages) latest.set(decodeFixMessage(message.value).vesselId, message.value);
    await producer.send(
      topics.live,
      [...latest].map(([key, value]) => ({ key, value })),
    );
    consumed += batch.messages.length;
    // Timed from 10% consumed, like the processor's figure: joining the group is not throughput.
    if (!from && consumed * 10 >= total) {
      from = { consumed, at: performance.now(), cpu: process.cpuUsage(), machine: machineJiffies() };
    }
    if (consumed >= total) allConsumed();
  });
  await done;
  const seconds = (performance.now() - from!.at) / 1000;
  const cpu = process.cpuUsage(from!.cpu);
  const machineEnd = machineJiffies();
  const machineStart = from!.machine;
  await consumer.stop();
  await producer.close();
  return {
    fixesPerS: Math.round((total - from!.consumed) / seconds),
    machineCores:
      machineStart && machineEnd
        ? (cpus().length * (machineEnd.busy - machineStart.busy)) / (machineEnd.total - machineStart.total)
        : Number.NaN,
    consumerCores: (cpu.user + cpu.system) / 1e6 / seconds,
  };
}
