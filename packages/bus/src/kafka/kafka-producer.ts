import { VesselWatchError } from '@vesselwatch/domain';
import type { Producer as KafkaJsProducer } from 'kafkajs';
import type { OutgoingMessage, Producer, SentRecord } from '../bus';
import { toBusError } from './kafka-errors';
import { toKafkaJsMessage } from './kafka-message-codec';

/**
 * A Bus producer on an idempotent kafkajs producer (acks from all in-sync replicas, one request in flight).
 *
 * Sends are serialised: the next send starts when the previous one has been acknowledged or has failed.
 * kafkajs's idempotent producer assigns sequence numbers per call and is known to mis-sequence (or, in
 * some versions, drop) records when several sends to one partition are in flight at once; one at a time
 * keeps idempotence sound and keeps the order of sends the order in the log. Callers batch messages per
 * send (the processor sends a whole batch at once), so the cost is latency, not throughput.
 *
 * kafkajs retries a failed send a bounded number of times (set on the client) and then rejects; the
 * rejection becomes a VesselWatchError (VW_ERR_BUS_SEND_FAILED, VW_ERR_BUS_UNAVAILABLE or
 * VW_ERR_BUS_TOPIC_UNKNOWN) with the kafkajs error as cause.
 */
export class KafkaBusProducer implements Producer {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly producer: KafkaJsProducer,
    private readonly onClosed: (producer: KafkaBusProducer) => void,
  ) {}

  send(topic: string, messages: OutgoingMessage[]): Promise<SentRecord[]> {
    if (this.closed) {
      return Promise.reject(
        new VesselWatchError('VW_ERR_BUS_CLOSED', {
          detail: `send to "${topic}" on a closed producer`,
          details: { topic },
        }),
      );
    }
    if (messages.length === 0) return Promise.resolve([]);
    const sent = this.queue.then(() => this.sendNow(topic, messages));
    this.queue = sent.catch(() => {});
    return sent;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    try {
      await this.producer.disconnect();
    } finally {
      this.onClosed(this);
    }
  }

  private async sendNow(topic: string, messages: OutgoingMessage[]): Promise<SentRecord[]> {
    const nowMs = Date.now();
    try {
      const metadata = await this.producer.send({
        topic,
        acks: -1,
        messages: messages.map((message) => toKafkaJsMessage(message, nowMs)),
      });
      return metadata.map((record) => ({
        topic: record.topicName,
        partition: record.partition,
        baseOffset: BigInt(record.baseOffset ?? '-1'),
      }));
    } catch (error) {
      throw toBusError(error, 'send', { topic, messageCount: messages.length });
    }
  }
}
