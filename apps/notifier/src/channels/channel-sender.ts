import { createHash } from 'node:crypto';
import { VesselWatchError } from '@vesselwatch/domain';
import type { NotificationChannel } from '@vesselwatch/notify';
import type { NotificationDelivery } from '@vesselwatch/store';

/** What a provider said when it accepted a message. */
export interface SendReceipt {
  /** The provider's id of the message (SMS gateway id, SMTP Message-ID, Kafka partition/offset), if any. */
  providerMessageId: string | null;
}

/**
 * One channel's I/O. `send` resolves once the provider has accepted the message, and rejects with
 * VW_ERR_NOTIFY_SEND_FAILED (retriable: network, timeout, 5xx, 429, SMTP 4xx) or VW_ERR_NOTIFY_REJECTED
 * (permanent: the provider refused this message). Every sender passes the delivery's idempotency key to the
 * provider where the provider takes one, so a message sent again after a crash can be recognised.
 */
export interface ChannelSender {
  readonly channel: NotificationChannel;
  send(delivery: NotificationDelivery): Promise<SendReceipt>;
  close(): Promise<void>;
}

/**
 * The idempotency key providers get for a delivery: "vw-" and the first 40 hex digits of the SHA-256 of its
 * dedup key. Short, ASCII, the same on every attempt and after every restart.
 */
export function idempotencyKey(dedupKey: string): string {
  return `vw-${createHash('sha256').update(dedupKey).digest('hex').slice(0, 40)}`;
}

export function sendFailed(channel: NotificationChannel, detail: string, cause?: unknown): VesselWatchError {
  return new VesselWatchError('VW_ERR_NOTIFY_SEND_FAILED', {
    detail: `${channel}: ${detail}`,
    details: { channel },
    ...(cause === undefined ? {} : { cause }),
  });
}

export function sendRejected(
  channel: NotificationChannel,
  detail: string,
  cause?: unknown,
): VesselWatchError {
  return new VesselWatchError('VW_ERR_NOTIFY_REJECTED', {
    detail: `${channel}: ${detail}`,
    details: { channel },
    ...(cause === undefined ? {} : { cause }),
  });
}

/** HTTP statuses worth trying again: timeouts, throttling, server errors. */
export function isRetriableHttpStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/**
 * POSTs a JSON body and classifies the outcome: 2xx resolves with the response's text, retriable statuses
 * and network failures throw VW_ERR_NOTIFY_SEND_FAILED, other statuses VW_ERR_NOTIFY_REJECTED.
 */
export async function postJson(
  channel: NotificationChannel,
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<{ status: number; text: string; headers: Headers }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    throw sendFailed(
      channel,
      `POST failed: ${error instanceof Error ? error.message : String(error)}`,
      error,
    );
  }
  const text = await response.text().catch((error: unknown) => {
    throw sendFailed(channel, `reading the response failed: ${String(error)}`, error);
  });
  if (response.ok) return { status: response.status, text, headers: response.headers };
  const detail = `HTTP ${response.status}: ${text.slice(0, 300)}`;
  throw isRetriableHttpStatus(response.status) ? sendFailed(channel, detail) : sendRejected(channel, detail);
}
