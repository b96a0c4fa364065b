import { createHmac } from 'node:crypto';
import type { NotificationDelivery } from '@vesselwatch/store';
import {
  idempotencyKey,
  postJson,
  sendRejected,
  type ChannelSender,
  type SendReceipt,
} from './channel-sender';

/** Header names of a webhook delivery (docs/notifications.md). */
export const WEBHOOK_HEADERS = {
  signature: 'x-vesselwatch-signature',
  timestamp: 'x-vesselwatch-timestamp',
  delivery: 'x-vesselwatch-delivery',
  idempotency: 'idempotency-key',
} as const;

/**
 * The signature of a webhook body: `sha256=` and the hex HMAC-SHA256, keyed with the subscription's secret,
 * of `<timestamp>.<body>` (timestamp = the X-VesselWatch-Timestamp header, epoch ms). Receivers recompute it
 * and compare in constant time, and refuse old timestamps to stop replays.
 */
export function webhookSignature(secret: string, timestampMs: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampMs}.${body}`).digest('hex')}`;
}

export interface WebhookSenderConfig {
  timeoutMs: number;
  /**
   * The current secret of a webhook subscription (null when the subscription is gone or is no webhook). Read
   * at every send, so a secret rotated or a subscription added by another process is used at once.
   */
  secretFor: (subscriptionId: string) => Promise<string | null>;
  now?: () => number;
}

/** Signed JSON POSTs to the URLs of webhook subscriptions. */
export class WebhookSender implements ChannelSender {
  readonly channel = 'webhook' as const;
  constructor(private readonly config: WebhookSenderConfig) {}

  async send(delivery: NotificationDelivery): Promise<SendReceipt> {
    if (!delivery.address) throw sendRejected('webhook', `delivery ${delivery.id} has no URL`);
    const secret = await this.config.secretFor(delivery.subscriptionId);
    if (secret === null) {
      throw sendRejected(
        'webhook',
        `subscription ${delivery.subscriptionId} is gone or is no webhook, so there is no secret to sign with`,
      );
    }
    const key = idempotencyKey(delivery.dedupKey);
    const timestampMs = (this.config.now ?? Date.now)();
    const body = JSON.stringify({
      id: key,
      dedupKey: delivery.dedupKey,
      alertId: delivery.alertId,
      vesselId: delivery.vesselId,
      transition: delivery.transition,
      escalationLevel: delivery.escalationLevel,
      subject: delivery.subject,
      text: delivery.body,
      ...delivery.payload,
    });
    await postJson(
      'webhook',
      delivery.address,
      body,
      {
        [WEBHOOK_HEADERS.signature]: webhookSignature(secret, timestampMs, body),
        [WEBHOOK_HEADERS.timestamp]: String(timestampMs),
        [WEBHOOK_HEADERS.delivery]: key,
        [WEBHOOK_HEADERS.idempotency]: key,
      },
      this.config.timeoutMs,
    );
    return { providerMessageId: key };
  }

  async close(): Promise<void> {}
}
