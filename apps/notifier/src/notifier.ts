import type { Bus, Consumer, MessageBatch, Producer } from '@vesselwatch/bus';
import { VesselWatchError } from '@vesselwatch/domain';
import type { NotificationChannel } from '@vesselwatch/notify';
import type { Store } from '@vesselwatch/store';
import { planAlertBatch } from './alert-batch';
import type { ChannelSender } from './channels/channel-sender';
import { DownlinkSender } from './channels/downlink';
import { SmtpSender } from './channels/email';
import { SmsGatewaySender } from './channels/sms-gateway';
import { WebhookSender } from './channels/webhook';
import { runEscalations } from './escalation-loop';
import { SenderLoop, type SenderCounters } from './sender-loop';
import type { NotifierLogger, NotifierSettings } from './settings';

export interface NotifierDependencies {
  bus: Bus;
  store: Store;
  log: NotifierLogger;
  /** The notifier's clock (tests pass their own). */
  now?: () => number;
}

export interface NotifierStatus {
  channels: NotificationChannel[];
  /** Alert events handled, deliveries written (new) and found already written, rejected messages. */
  events: number;
  deliveriesWritten: number;
  deliveriesDuplicate: number;
  rejected: number;
  escalations: number;
  senders: SenderCounters;
}

/**
 * The notifier: a member of a consumer group on the alerts topic that writes, for each batch, every delivery
 * the subscriptions call for into the outbox in ONE transaction (unique dedup keys, so a redelivered event
 * adds nothing) and only then lets the bus commit; a sender loop sends what is due and marks it; an
 * escalation timer loop escalates danger alerts nobody acknowledged. See docs/notifications.md.
 */
export class Notifier {
  private consumer: Consumer | null = null;
  private producer: Producer | null = null;
  private readonly senders = new Map<NotificationChannel, ChannelSender>();
  private senderLoop: SenderLoop | null = null;
  private escalationTimer: NodeJS.Timeout | null = null;
  private escalationRun: Promise<void> | null = null;
  private stopping: Promise<void> | null = null;
  private readonly levelsWithoutRecipients = new Set<number>();
  private readonly now: () => number;
  private readonly counts = {
    events: 0,
    deliveriesWritten: 0,
    deliveriesDuplicate: 0,
    rejected: 0,
    escalations: 0,
  };

  private constructor(
    private readonly deps: NotifierDependencies,
    readonly settings: NotifierSettings,
  ) {
    this.now = deps.now ?? Date.now;
  }

  /** Joins the group and resolves once consuming has started; then runs until stop(). */
  static async start(deps: NotifierDependencies, settings: NotifierSettings): Promise<Notifier> {
    checkTimeouts(settings);
    const notifier = new Notifier(deps, settings);
    try {
      await notifier.run();
    } catch (error) {
      await notifier
        .stop()
        .catch((stopError: unknown) =>
          deps.log.error({ err: stopError }, 'stopping the notifier after a failed start failed'),
        );
      throw error;
    }
    return notifier;
  }

  /** Channels this notifier sends on. */
  get channels(): ReadonlySet<NotificationChannel> {
    return new Set(this.senders.keys());
  }

  status(): NotifierStatus {
    return {
      channels: [...this.senders.keys()],
      ...this.counts,
      senders: { ...(this.senderLoop?.counters ?? { sent: 0, failed: 0, dead: 0, lateMarks: 0 }) },
    };
  }

  /** Stops consuming (the batch in progress is written and committed), lets sends in progress be marked, stops. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      if (this.escalationTimer) clearInterval(this.escalationTimer);
      try {
        await this.consumer?.stop();
      } finally {
        await this.escalationRun;
        await this.senderLoop?.stop();
        for (const sender of this.senders.values()) await sender.close();
        await this.producer?.close();
      }
      this.deps.log.info({ groupId: this.settings.groupId }, 'notifier stopped');
    })();
    return this.stopping;
  }

  private async run(): Promise<void> {
    const { bus, store, log } = this.deps;
    const { settings } = this;
    this.producer = await bus.producer();
    this.senders.set('downlink', new DownlinkSender(this.producer, settings.topics.downlink));
    this.senders.set(
      'webhook',
      new WebhookSender({
        timeoutMs: settings.channels.webhookTimeoutMs,
        secretFor: async (id) => {
          const subscription = (await store.notifications.subscriptions()).find((s) => s.id === id);
          return subscription?.recipient.kind === 'webhook' ? subscription.recipient.secret : null;
        },
        now: this.now,
      }),
    );
    if (settings.channels.sms) this.senders.set('sms', new SmsGatewaySender(settings.channels.sms));
    if (settings.channels.email) this.senders.set('email', new SmtpSender(settings.channels.email));
    this.senderLoop = new SenderLoop(store, this.senders, settings, log, this.now);

    this.consumer = bus.consumer({
      groupId: settings.groupId,
      topics: [settings.topics.alerts],
      maxBatchSize: settings.maxBatchSize,
      redeliveryBackoff: settings.redeliveryBackoff,
      onError: (error, report) =>
        log.error(
          { err: error, ...report, offset: report.offset?.toString() },
          'notifier consumer step failed; it is retried',
        ),
    });
    await this.consumer.run((batch) => this.handleBatch(batch));
    this.senderLoop.start();
    this.escalationTimer = setInterval(() => this.escalateNow(), settings.escalationPollIntervalMs);
    this.escalateNow();
    log.info({ groupId: settings.groupId, channels: [...this.senders.keys()] }, 'notifier started');
  }

  /** One batch of alert events -> the outbox, in one transaction; the bus commits after it resolved. */
  private async handleBatch(batch: MessageBatch): Promise<void> {
    const planned = await planAlertBatch(batch, this.deps.store, {
      nowMs: this.now(),
      configuredChannels: this.channels,
      timeZone: this.settings.timeZone,
      maxEventAgeMs: this.settings.maxEventAgeMs,
    });
    const result = await this.deps.store.notifications.writeBatch(planned);
    this.counts.events += planned.events.length;
    this.counts.deliveriesWritten += result.deliveriesInserted;
    this.counts.deliveriesDuplicate += result.deliveriesDuplicate;
    this.counts.rejected += planned.rejected.length;
    for (const rejected of planned.rejected) {
      this.deps.log.warn(
        {
          topic: rejected.topic,
          partition: rejected.partition,
          offset: rejected.offset.toString(),
          reason: rejected.reason,
        },
        'a message on the alerts topic is not an alert event; recorded in notification_rejected_messages',
      );
    }
    this.deps.log.debug(
      { partition: batch.partition, events: planned.events.length, ...result },
      'alert batch written to the outbox',
    );
    if (result.deliveriesInserted > 0) this.senderLoop?.poke();
  }

  private escalateNow(): void {
    if (this.escalationRun) return;
    this.escalationRun = (async () => {
      try {
        const outcome = await runEscalations(this.deps.store, {
          nowMs: this.now(),
          configuredChannels: this.channels,
          timeZone: this.settings.timeZone,
          log: this.deps.log,
          levelsWithoutRecipients: this.levelsWithoutRecipients,
        });
        this.counts.escalations += outcome.escalated;
        if (outcome.deliveries > 0) this.senderLoop?.poke();
      } catch (error) {
        this.deps.log.error(
          { err: error },
          'checking escalation timers failed; tried again at the next interval',
        );
      } finally {
        this.escalationRun = null;
      }
    })();
  }
}

/** A sender still waiting for a provider when its lease ends would race the next claimer: refuse such settings. */
function checkTimeouts(settings: NotifierSettings): void {
  const timeouts = [
    settings.channels.webhookTimeoutMs,
    settings.channels.sms?.timeoutMs ?? 0,
    settings.channels.email?.timeoutMs ?? 0,
  ];
  const longest = Math.max(...timeouts);
  if (longest * 2 > settings.leaseMs) {
    throw new VesselWatchError('VW_ERR_CONFIG_INVALID', {
      detail: `the delivery lease (${settings.leaseMs} ms) must be at least twice the longest channel timeout (${longest} ms)`,
    });
  }
}
