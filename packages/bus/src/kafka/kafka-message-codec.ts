import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import type { BusMessage, OutgoingMessage } from '../bus';

const EMPTY = new Uint8Array(0);

/** An outgoing bus message as kafkajs wants it; the value's bytes are wrapped, not copied. */
export function toKafkaJsMessage(message: OutgoingMessage, nowMs: number): Message {
  const { value } = message;
  return {
    key: message.key,
    value: Buffer.from(value.buffer, value.byteOffset, value.byteLength),
    headers: message.headers ? { ...message.headers } : undefined,
    timestamp: String(message.timestampMs ?? nowMs),
  };
}

/**
 * A fetched kafkajs message as a BusMessage. Keys and header values are read as UTF-8 (what the
 * producer side writes); a header sent several times keeps its last value; a null value (tombstone)
 * becomes an empty array.
 */
export function fromKafkaJsMessage(topic: string, partition: number, message: KafkaMessage): BusMessage {
  return {
    topic,
    partition,
    offset: BigInt(message.offset),
    key: message.key ? message.key.toString('utf8') : '',
    value: message.value ?? EMPTY,
    headers: decodeHeaders(message.headers),
    timestampMs: Number(message.timestamp),
  };
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (value !== undefined) decoded[name] = value.toString();
  }
  return decoded;
}
