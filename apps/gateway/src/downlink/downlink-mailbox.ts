import type { Bus, Consumer } from '@vesselwatch/bus';
import { decodeDownlinkMessage, type DownlinkMessage } from '@vesselwatch/codecs';
import type { GatewayLogger } from '../logger';

/** A downlink message waiting for its terminal provider, with its cursor (its offset on the downlink topic). */
export interface WaitingDownlink extends DownlinkMessage {
  cursor: string;
}

export interface DownlinkMailboxOptions {
  /** Unacknowledged messages kept per terminal; the oldest beyond it are dropped with a warning. */
  maxPerTerminal: number;
  /** Messages older than this are dropped with a warning: a border warning a day late helps nobody. */
  maxAgeMs: number;
  now?: () => number;
}

export const DOWNLINK_MAILBOX_DEFAULTS: DownlinkMailboxOptions = {
  maxPerTerminal: 100,
  maxAgeMs: 24 * 3_600_000,
};

/**
 * The gateway's view of `vms.downlink`: per terminal, the messages its provider has not acknowledged yet.
 * Filled by a consumer that reads the topic from the beginning (every gateway instance holds all of it, so a
 * provider may poll any instance); acknowledgements are held in memory, so after a gateway restart
 * unacknowledged-looking messages come again with the same id (providers and terminals drop repeats by id).
 */
export class DownlinkMailbox {
  private readonly byTerminal = new Map<string, WaitingDownlink[]>();
  private readonly acknowledged = new Set<string>();
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly now: () => number;
  dropped = 0;

  constructor(
    private readonly log: GatewayLogger,
    private readonly options: DownlinkMailboxOptions = DOWNLINK_MAILBOX_DEFAULTS,
  ) {
    this.now = options.now ?? Date.now;
  }

  add(message: DownlinkMessage, offset: bigint): void {
    if (this.acknowledged.has(message.id)) return;
    const list = this.byTerminal.get(message.terminalId) ?? [];
    // A repeat (the notifier sent it again after a crash) keeps the first copy.
    if (list.some((waiting) => waiting.id === message.id)) return;
    list.push({ ...message, cursor: offset.toString() });
    this.byTerminal.set(message.terminalId, list);
    this.prune(message.terminalId, list);
    for (const wake of this.waiters.get(message.terminalId) ?? []) wake();
  }

  /** Unacknowledged messages of a terminal after a cursor (all of them without one), oldest first. */
  pending(terminalId: string, after: string | null): WaitingDownlink[] {
    const list = this.byTerminal.get(terminalId) ?? [];
    this.prune(terminalId, list);
    return after === null ? [...list] : list.filter((waiting) => BigInt(waiting.cursor) > BigInt(after));
  }

  /** Like pending, but waits up to timeoutMs for a first message (long poll); resolves early on abort. */
  async wait(
    terminalId: string,
    after: string | null,
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<WaitingDownlink[]> {
    const now = this.pending(terminalId, after);
    if (now.length > 0 || timeoutMs <= 0) return now;
    await new Promise<void>((resolve) => {
      const set = this.waiters.get(terminalId) ?? new Set<() => void>();
      this.waiters.set(terminalId, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        signal.removeEventListener('abort', done);
        if (set.size === 0) this.waiters.delete(terminalId);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      set.add(done);
      signal.addEventListener('abort', done);
    });
    return this.pending(terminalId, after);
  }

  /** Removes acknowledged messages of a terminal; returns how many it had waiting. */
  acknowledge(terminalId: string, ids: readonly string[]): number {
    const wanted = new Set(ids);
    const list = this.byTerminal.get(terminalId) ?? [];
    const kept = list.filter((waiting) => !wanted.has(waiting.id));
    for (const id of ids) this.acknowledged.add(id);
    this.byTerminal.set(terminalId, kept);
    return list.length - kept.length;
  }

  private prune(terminalId: string, list: WaitingDownlink[]): void {
    const oldest = this.now() - this.options.maxAgeMs;
    let drop = 0;
    while (
      drop < list.length &&
      (list.length - drop > this.options.maxPerTerminal || list[drop]!.createdAtMs < oldest)
    )
      drop += 1;
    if (drop === 0) return;
    const removed = list.splice(0, drop);
    this.dropped += removed.length;
    this.log.warn(
      { terminalId, ids: removed.map((waiting) => waiting.id) },
      'downlink messages dropped unacknowledged (too old or too many for one terminal)',
    );
  }
}

/**
 * Feeds a mailbox from the downlink topic: a consumer group of its own per gateway instance, from the
 * beginning of the topic. A message that is not a downlink message is logged with the reason and skipped
 * for the mailbox (it stays on the topic).
 */
export async function startDownlinkFeed(
  bus: Bus,
  options: { topic: string; groupId: string; mailbox: DownlinkMailbox; log: GatewayLogger },
): Promise<Consumer> {
  const consumer = bus.consumer({
    groupId: options.groupId,
    topics: [options.topic],
    fromBeginning: true,
    onError: (error, report) =>
      options.log.error(
        { err: error, ...report, offset: report.offset?.toString() },
        'downlink feed step failed; retried',
      ),
  });
  await consumer.run(async (batch) => {
    for (const message of batch.messages) {
      try {
        options.mailbox.add(decodeDownlinkMessage(message.value), message.offset);
      } catch (error) {
        options.log.warn(
          { err: error, partition: batch.partition, offset: message.offset.toString() },
          'a message on the downlink topic is not a downlink message; not offered to providers',
        );
      }
    }
  });
  return consumer;
}
