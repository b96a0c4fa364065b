import { randomUUID } from 'node:crypto';
import { isRetriable } from '@vesselwatch/domain';
import { retryDelayMs, type NotificationChannel } from '@vesselwatch/notify';
import type { NotificationDelivery, Store } from '@vesselwatch/store';
import type { ChannelSender } from './channels/channel-sender';
import type { NotifierLogger, NotifierSettings } from './settings';

export interface SenderCounters {
  sent: number;
  failed: number;
  dead: number;
  /** Marks refused because the claim had expired (the delivery may be sent twice). */
  lateMarks: number;
}

/**
 * The outbox's sender: claims due deliveries (FOR UPDATE SKIP LOCKED, a lease per claim), sends each on its
 * channel, and marks it sent right after the provider accepted it (the only window in which a crash sends a
 * message twice), or failed (tried again after back-off) or dead (permanent, or attempts used up).
 */
export class SenderLoop {
  readonly counters: SenderCounters = { sent: 0, failed: 0, dead: 0, lateMarks: 0 };
  private stopped = false;
  private running: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private woken = false;

  constructor(
    private readonly store: Store,
    private readonly senders: ReadonlyMap<NotificationChannel, ChannelSender>,
    private readonly settings: NotifierSettings,
    private readonly log: NotifierLogger,
    private readonly now: () => number,
  ) {}

  start(): void {
    this.running ??= this.loop();
  }

  /** New deliveries were written: look now instead of at the next poll. */
  poke(): void {
    this.woken = true;
    this.wake?.();
  }

  /** Lets the sends in progress finish and be marked, then stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    const channels = [...this.senders.keys()];
    while (!this.stopped) {
      let claimed: NotificationDelivery[] = [];
      const claimToken = randomUUID();
      try {
        this.woken = false;
        claimed = await this.store.notifications.claimDue({
          nowMs: this.now(),
          limit: this.settings.claimBatchSize,
          leaseMs: this.settings.leaseMs,
          claimToken,
          channels,
        });
      } catch (error) {
        this.log.error(
          { err: error },
          'claiming due deliveries failed; trying again after the poll interval',
        );
        await this.sleep(this.settings.pollIntervalMs);
        continue;
      }
      if (claimed.length === 0) {
        await this.sleep(await this.idleSleepMs());
        continue;
      }
      await this.sendAll(claimed, claimToken);
    }
  }

  private async idleSleepMs(): Promise<number> {
    try {
      const next = await this.store.notifications.nextDueMs();
      if (next === null) return this.settings.pollIntervalMs;
      return Math.max(0, Math.min(this.settings.pollIntervalMs, next - this.now()));
    } catch (error) {
      this.log.error({ err: error }, 'reading the next due delivery failed');
      return this.settings.pollIntervalMs;
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped || this.woken || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }

  private async sendAll(deliveries: NotificationDelivery[], claimToken: string): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < deliveries.length) {
        const delivery = deliveries[next]!;
        next += 1;
        await this.deliver(delivery, claimToken);
      }
    };
    const workers = Array.from(
      { length: Math.min(this.settings.sendConcurrency, deliveries.length) },
      worker,
    );
    await Promise.all(workers);
  }

  private async deliver(delivery: NotificationDelivery, claimToken: string): Promise<void> {
    const sender = this.senders.get(delivery.channel)!;
    const fields = {
      deliveryId: delivery.id,
      channel: delivery.channel,
      alertId: delivery.alertId,
      attempt: delivery.attempts,
    };
    let providerMessageId: string | null;
    try {
      ({ providerMessageId } = await sender.send(delivery));
    } catch (error) {
      await this.recordFailure(delivery, claimToken, error, fields);
      return;
    }
    try {
      const marked = await this.store.notifications.markSent(delivery.id, claimToken, {
        nowMs: this.now(),
        providerMessageId,
      });
      if (marked) {
        this.counters.sent += 1;
        this.log.debug({ ...fields, providerMessageId }, 'delivery sent');
      } else {
        this.counters.lateMarks += 1;
        this.log.warn(fields, 'delivery sent after its claim expired; another sender may send it again');
      }
    } catch (error) {
      // The provider has it but the outbox does not know: after the lease it is sent again (same
      // idempotency key). Logged so the operator can tell.
      this.log.error(
        { ...fields, err: error },
        'delivery sent but marking it sent failed; it will be sent again after the lease',
      );
    }
  }

  private async recordFailure(
    delivery: NotificationDelivery,
    claimToken: string,
    error: unknown,
    fields: Record<string, unknown>,
  ): Promise<void> {
    const delayMs = isRetriable(error) ? retryDelayMs(this.settings.retry, delivery.attempts) : null;
    const message = error instanceof Error ? error.message : String(error);
    try {
      await this.store.notifications.markFailed(delivery.id, claimToken, {
        error: message,
        nextAttemptAtMs: delayMs === null ? null : this.now() + delayMs,
      });
    } catch (markError) {
      this.log.error(
        { ...fields, err: markError, sendError: message },
        'recording a failed delivery failed; it is claimed again after the lease',
      );
      return;
    }
    if (delayMs === null) {
      this.counters.dead += 1;
      this.log.error({ ...fields, err: error }, 'delivery dead: not tried again');
    } else {
      this.counters.failed += 1;
      this.log.warn({ ...fields, err: error, retryInMs: delayMs }, 'delivery failed; tried again later');
    }
  }
}
