import type { Producer } from '@vesselwatch/bus';
import type { NotificationDelivery } from '@vesselwatch/store';
import {
  DOWNLINK_CONTENT_TYPE,
  DOWNLINK_HEADERS,
  encodeDownlinkMessage,
  type DownlinkMessage,
} from '@vesselwatch/codecs';
import {
  idempotencyKey,
  sendFailed,
  sendRejected,
  type ChannelSender,
  type SendReceipt,
} from './channel-sender';

/**
 * Terminal downlink: a short text for the vessel's own terminal on the downlink topic (key: vessel id), which
 * the gateway hands to terminal providers (GET /v1/downlink). Accepted once the bus acknowledged the write.
 */
export class DownlinkSender implements ChannelSender {
  readonly channel = 'downlink' as const;
  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
  ) {}

  async send(delivery: NotificationDelivery): Promise<SendReceipt> {
    const payload = delivery.payload;
    if (!delivery.address) throw sendRejected('downlink', `delivery ${delivery.id} has no terminal id`);
    const message: DownlinkMessage = {
      id: idempotencyKey(delivery.dedupKey),
      vesselId: delivery.vesselId,
      terminalId: delivery.address,
      alertId: delivery.alertId,
      text: String(payload.text ?? delivery.body),
      textAscii: String(payload.textAscii ?? ''),
      textEn: String(payload.textEn ?? ''),
      createdAtMs: delivery.createdAtMs,
    };
    try {
      const [record] = await this.producer.send(this.topic, [
        {
          key: delivery.vesselId,
          value: encodeDownlinkMessage(message),
          headers: {
            [DOWNLINK_HEADERS.contentType]: DOWNLINK_CONTENT_TYPE,
            [DOWNLINK_HEADERS.terminalId]: message.terminalId,
            [DOWNLINK_HEADERS.messageId]: message.id,
          },
        },
      ]);
      return {
        providerMessageId: record ? `${record.topic}/${record.partition}/${record.baseOffset}` : null,
      };
    } catch (error) {
      throw sendFailed('downlink', `the bus did not take the message: ${String(error)}`, error);
    }
  }

  async close(): Promise<void> {}
}
