import { setTimeout as sleep } from 'node:timers/promises';
import type { Bus, BusMessage, Consumer, OutgoingMessage } from '@vesselwatch/bus';
import { FIX_MESSAGE_CONTENT_TYPE, decodeAlertEvent, encodeFixMessage } from '@vesselwatch/codecs';
import { alertEventKey, type Alert, type AlertEvent, type PositionFix } from '@vesselwatch/domain';
import type { Store } from '@vesselwatch/store';
import type { ProcessorLogger } from '../settings';

/** Shared by the processor's tests (in-process bus and real Kafka): feeding fixes, reading what came out. */

export async function eventually(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs: number,
  pollMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await sleep(pollMs);
  }
  if (await condition()) return;
  throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
}

/** Fixes as the gateway sends them to `vms.fixes`: keyed by vessel id, JSON, event time as timestamp. */
export function fixMessages(fixes: readonly PositionFix[]): OutgoingMessage[] {
  return fixes.map((fix) => ({
    key: fix.vesselId,
    value: encodeFixMessage(fix),
    timestampMs: fix.reportedAtMs,
    headers: { 'content-type': FIX_MESSAGE_CONTENT_TYPE },
  }));
}

export async function sendAll(bus: Bus, topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
  const producer = await bus.producer();
  try {
    for (let start = 0; start < messages.length; start += 500) {
      await producer.send(topic, messages.slice(start, start + 500));
    }
  } finally {
    await producer.close();
  }
}

/** Every message of a topic from the beginning, as a consumer of its own group reads it. */
export async function collectTopic(
  bus: Bus,
  topic: string,
  groupId: string,
): Promise<{ messages: BusMessage[]; stop: () => Promise<void> }> {
  const messages: BusMessage[] = [];
  const consumer: Consumer = bus.consumer({
    groupId,
    topics: [topic],
    fromBeginning: true,
    // Explicitly from offset 0 of every partition, whatever the group's committed offsets say.
    onAssigned: (assignment) =>
      assignment.flatMap(({ topic: assigned, partitions }) =>
        partitions.map((partition) => ({ topic: assigned, partition, offset: 0n })),
      ),
  });
  await consumer.run(async (batch) => {
    messages.push(...batch.messages);
  });
  return { messages, stop: () => consumer.stop() };
}

export function alertEvents(messages: readonly BusMessage[]): AlertEvent[] {
  return messages.map((message) => decodeAlertEvent(message.value));
}

/** How many times each alert event key was produced. */
export function eventKeyCounts(events: readonly AlertEvent[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const event of events) {
    const key = alertEventKey(event);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** True once the processor group's stored offsets reach the end of every partition of the topic. */
export async function allApplied(bus: Bus, store: Store, groupId: string, topic: string): Promise<boolean> {
  const ends = await bus.endOffsets(topic);
  const { rows } = await store.driver.query<{ partition: number; next_offset: string }>(
    'SELECT partition, next_offset FROM processor_offsets WHERE group_id = $1 AND topic = $2',
    [groupId, topic],
  );
  const stored = new Map(rows.map((row) => [row.partition, BigInt(row.next_offset)]));
  return [...ends].every(([partition, end]) => end === 0n || stored.get(partition) === end);
}

/** Every alert in the store, by id. */
export async function storedAlerts(store: Store): Promise<Map<string, Alert>> {
  const alerts = new Map<string, Alert>();
  let cursor: string | null = null;
  do {
    const page = await store.alerts({ limit: 1000, cursor });
    for (const alert of page.items) alerts.set(alert.id, alert);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return alerts;
}

export async function countRows(store: Store, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await store.driver.query<{ n: number }>(sql, params as never);
  return rows[0]!.n;
}

/** The parts of an alert a correct processor must reproduce exactly (the acknowledgement is an operator's). */
export function alertEssentials(alert: Alert): Record<string, unknown> {
  return {
    id: alert.id,
    type: alert.type,
    severity: alert.severity,
    status: alert.status,
    zoneId: alert.zoneId,
    openedAtMs: alert.openedAtMs,
    lastUpdatedAtMs: alert.lastUpdatedAtMs,
    resolvedAtMs: alert.resolvedAtMs,
    zoneSetVersion: alert.zoneSetVersion,
  };
}

/** A logger that keeps what it was told, so tests can assert that nothing went wrong unnoticed. */
export function recordingLogger(): ProcessorLogger & {
  lines: Array<{ level: string; fields: Record<string, unknown>; message: string }>;
} {
  const lines: Array<{ level: string; fields: Record<string, unknown>; message: string }> = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) => {
    lines.push({ level, fields, message });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
