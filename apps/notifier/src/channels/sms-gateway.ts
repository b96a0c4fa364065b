import { foldToAscii } from '@vesselwatch/notify';
import type { NotificationDelivery } from '@vesselwatch/store';
import {
  idempotencyKey,
  postJson,
  sendRejected,
  type ChannelSender,
  type SendReceipt,
} from './channel-sender';

/**
 * An HTTP SMS gateway (the operator's provider, or a bridge in front of one). The request:
 *
 *   POST <url>   Content-Type: application/json
 *   Authorization: Bearer <apiKey>        (when configured)
 *   Idempotency-Key: vw-<40 hex>          (the same for every attempt of one delivery)
 *   {"to":"+84912345678","text":"...","from":"<sender>","idempotencyKey":"vw-...","reference":"<dedup key>"}
 *
 * A 2xx answer is acceptance; its JSON `id` (or `messageId`), if any, is kept as the provider's id.
 */
export interface SmsGatewayConfig {
  url: string;
  apiKey: string | null;
  /** Sender name or number the gateway shows, if it takes one. */
  sender: string | null;
  /**
   * Send Vietnamese without diacritics (printable ASCII): fits the GSM 7-bit alphabet, 160 characters per SMS
   * part instead of 70, as much Vietnamese SMS is written. Off: the text as rendered.
   */
  ascii?: boolean;
  timeoutMs: number;
}

export class SmsGatewaySender implements ChannelSender {
  readonly channel = 'sms' as const;
  constructor(private readonly config: SmsGatewayConfig) {}

  async send(delivery: NotificationDelivery): Promise<SendReceipt> {
    if (!delivery.address) throw sendRejected('sms', `delivery ${delivery.id} has no phone number`);
    const key = idempotencyKey(delivery.dedupKey);
    const body = JSON.stringify({
      to: delivery.address,
      text: this.config.ascii ? foldToAscii(delivery.body) : delivery.body,
      ...(this.config.sender ? { from: this.config.sender } : {}),
      idempotencyKey: key,
      reference: delivery.dedupKey,
    });
    const headers: Record<string, string> = { 'idempotency-key': key };
    if (this.config.apiKey) headers.authorization = `Bearer ${this.config.apiKey}`;
    const response = await postJson('sms', this.config.url, body, headers, this.config.timeoutMs);
    return { providerMessageId: providerId(response.text) };
  }

  async close(): Promise<void> {}
}

function providerId(text: string): string | null {
  if (text.trim() === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Accepted with a body that is not JSON: keep its start as the provider's reference.
    return text.trim().slice(0, 200);
  }
  if (parsed && typeof parsed === 'object') {
    const record = parsed as Record<string, unknown>;
    const id = record.id ?? record.messageId;
    if (typeof id === 'string' || typeof id === 'number') return String(id);
  }
  return null;
}
