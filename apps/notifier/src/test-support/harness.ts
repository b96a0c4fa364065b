import { setTimeout as sleep } from 'node:timers/promises';
import type { Producer } from '@vesselwatch/bus';
import { encodeAlertEvent } from '@vesselwatch/codecs';
import type { AlertEvent } from '@vesselwatch/domain';
import type { NotifierLogger } from '../settings';

/** Polls until the condition holds, or fails naming what it waited for. */
export async function until(
  condition: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(50);
  }
}

/** A logger that keeps its lines, so tests can check what was said (and errors are never lost). */
export function recordingLogger(): NotifierLogger & {
  lines: Array<{ level: string; msg: string; fields: Record<string, unknown> }>;
} {
  const lines: Array<{ level: string; msg: string; fields: Record<string, unknown> }> = [];
  const at = (level: string) => (fields: Record<string, unknown>, msg: string) =>
    void lines.push({ level, msg, fields });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Sends alert events the way the processor does (key vessel id). */
export async function sendEvents(
  producer: Producer,
  topic: string,
  events: readonly AlertEvent[],
): Promise<void> {
  await producer.send(
    topic,
    events.map((event) => ({ key: event.alert.vesselId, value: encodeAlertEvent(event) })),
  );
}
