import { TOPICS } from '@vesselwatch/domain';
import type { Bus, Consumer } from '@vesselwatch/bus';
import { decodeAlertEvent, decodeLiveUpdate } from '@vesselwatch/codecs';
import type { ServerLogger } from '../settings';
import type { LiveHub } from './live-hub';

/** Consumer group of one server instance on vms.live / vms.alerts: unique, so every instance sees everything. */
export function liveGroupId(instanceId: string): string {
  return `vesselwatch-server-${instanceId}`;
}

export interface LiveFeedStats {
  liveMessages: number;
  alertMessages: number;
  /** Messages that were not a valid live update or alert event: logged and skipped (the processor's fault). */
  undecodable: number;
}

/**
 * Feeds one server instance's live hub from the bus: its own consumer group (`vesselwatch-server-<id>`,
 * starting at the newest messages) on `vms.live` and `vms.alerts`, so several instances behind a load
 * balancer each see every update and can serve any client. Nothing is committed that matters: a restarted
 * instance starts from the newest messages again (the map's first picture comes from GET /api/positions).
 */
export class LiveFeed {
  private consumer: Consumer | null = null;
  readonly stats: LiveFeedStats = { liveMessages: 0, alertMessages: 0, undecodable: 0 };

  constructor(
    private readonly bus: Bus,
    private readonly hub: LiveHub,
    private readonly instanceId: string,
    private readonly log: ServerLogger,
    /** The topics to read (tests on a shared broker use prefixed copies). */
    private readonly topics: { live: string; alerts: string } = { live: TOPICS.live, alerts: TOPICS.alerts },
  ) {}

  async start(): Promise<void> {
    const consumer = this.bus.consumer({
      groupId: liveGroupId(this.instanceId),
      topics: [this.topics.live, this.topics.alerts],
      fromBeginning: false,
      onError: (error, report) => this.log.warn({ err: error, ...report }, 'live feed consumer problem'),
    });
    this.consumer = consumer;
    await consumer.run(async (batch) => {
      for (const message of batch.messages) {
        const isLive = batch.topic === this.topics.live;
        let decoded: ReturnType<typeof decodeLiveUpdate> | ReturnType<typeof decodeAlertEvent>;
        try {
          decoded = isLive ? decodeLiveUpdate(message.value) : decodeAlertEvent(message.value);
        } catch (error) {
          this.stats.undecodable += 1;
          this.log.warn(
            { err: error, topic: batch.topic, partition: batch.partition, offset: String(message.offset) },
            'skipped a bus message that is not a valid live update or alert event',
          );
          continue;
        }
        if (isLive) {
          this.hub.acceptLiveUpdate(decoded as ReturnType<typeof decodeLiveUpdate>);
          this.stats.liveMessages += 1;
        } else {
          this.hub.acceptAlertEvent(decoded as ReturnType<typeof decodeAlertEvent>);
          this.stats.alertMessages += 1;
        }
      }
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
    this.consumer = null;
  }
}
