import type { OutgoingMessage, Producer } from '@vesselwatch/bus';
import { FIX_MESSAGE_CONTENT_TYPE, encodeFixMessage } from '@vesselwatch/codecs';
import { type PositionFix, TOPICS } from '@vesselwatch/domain';

/** Messages per producer send: keeps each Kafka request well under the broker's default 1 MB limit. */
export const SEND_CHUNK_SIZE = 500;

/** An input line the gateway rejected, as recorded on the dead-letter topic. */
export interface DeadLetter {
  format: string;
  /** Who sent it: provider name, TCP peer, replayed file. */
  origin: string;
  line: number;
  reason: string;
  detail: string;
  /** The raw input, cut to 1 KiB. */
  input: string;
  receivedAtMs: number;
}

const MAX_DEAD_LETTER_INPUT_CHARS = 1024;
const encoder = new TextEncoder();

/**
 * Publishes fixes to `vms.fixes` keyed by vessel id and rejected input to `vms.fixes.dlq`, and counts the
 * fixes sent but not yet acknowledged. Callers check `hasRoomFor` before taking more work and refuse or
 * pause when it is false: that count is the gateway's only buffer, so memory stays bounded when the bus lags.
 */
export class FixPublisher {
  private pending = 0;
  private waiters: Array<() => void> = [];

  constructor(
    private readonly producer: Producer,
    readonly maxPendingFixes: number,
  ) {}

  get pendingFixes(): number {
    return this.pending;
  }

  hasRoomFor(count = 1): boolean {
    return this.pending === 0 || this.pending + count <= this.maxPendingFixes;
  }

  /** Resolves once the unacknowledged fixes are at or below `level` (for pausing a TCP stream). */
  whenAtMost(level: number): Promise<void> {
    if (this.pending <= level) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (this.pending <= level) resolve();
        else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
  }

  /** Resolves when every fix is acknowledged; rejects (VW_ERR_BUS_SEND_FAILED, ...) when the bus refused. */
  async publish(fixes: PositionFix[], unregisteredVesselIds: ReadonlySet<string>): Promise<void> {
    if (fixes.length === 0) return;
    this.pending += fixes.length;
    try {
      for (let start = 0; start < fixes.length; start += SEND_CHUNK_SIZE) {
        const messages: OutgoingMessage[] = fixes.slice(start, start + SEND_CHUNK_SIZE).map((fix) => ({
          key: fix.vesselId,
          value: encodeFixMessage(fix),
          timestampMs: fix.reportedAtMs,
          headers: {
            'content-type': FIX_MESSAGE_CONTENT_TYPE,
            'vw-registered': unregisteredVesselIds.has(fix.vesselId) ? 'false' : 'true',
          },
        }));
        await this.producer.send(TOPICS.fixes, messages);
      }
    } finally {
      this.pending -= fixes.length;
      this.wake();
    }
  }

  async recordDeadLetters(letters: DeadLetter[]): Promise<void> {
    for (let start = 0; start < letters.length; start += SEND_CHUNK_SIZE) {
      await this.producer.send(
        TOPICS.fixesDeadLetter,
        letters.slice(start, start + SEND_CHUNK_SIZE).map((letter) => ({
          key: letter.origin,
          value: encoder.encode(
            JSON.stringify({ ...letter, input: letter.input.slice(0, MAX_DEAD_LETTER_INPUT_CHARS) }),
          ),
          timestampMs: letter.receivedAtMs,
          headers: { 'vw-stage': 'gateway', 'vw-reason': letter.reason, 'vw-format': letter.format },
        })),
      );
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}
