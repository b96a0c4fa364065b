import {
  KafkaJSAggregateError,
  KafkaJSConnectionError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
} from 'kafkajs';
import { VesselWatchError } from '@vesselwatch/domain';
import { describe, expect, it } from 'vitest';
import { isKafkaRebalanceError, toBusError } from './kafka-errors';

/** kafkajs builds protocol errors from the broker's error code entry; this is that shape. */
function protocolError(type: string, message: string): KafkaJSProtocolError {
  return new KafkaJSProtocolError({ type, code: 0, retriable: true, message } as unknown as Error);
}

describe('toBusError (kafkajs failures -> catalogue codes)', () => {
  it('maps an unreachable cluster to VW_ERR_BUS_UNAVAILABLE, also when kafkajs wrapped it in retries', () => {
    const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:1');
    const retried = new KafkaJSNumberOfRetriesExceeded(refused, {
      retryCount: 5,
      retryTime: 800,
      cause: refused,
    } as never);
    for (const [error, operation] of [
      [refused, 'connect'],
      [retried, 'send'],
      [retried, 'ensureTopics'],
    ] as const) {
      const mapped = toBusError(error, operation);
      expect(mapped.code).toBe('VW_ERR_BUS_UNAVAILABLE');
      expect(mapped.retriable).toBe(true);
      expect(mapped.cause).toBe(error);
    }
  });

  it('maps an unknown topic to VW_ERR_BUS_TOPIC_UNKNOWN whatever the operation', () => {
    const unknown = protocolError(
      'UNKNOWN_TOPIC_OR_PARTITION',
      'This server does not host this topic-partition',
    );
    expect(toBusError(unknown, 'send').code).toBe('VW_ERR_BUS_TOPIC_UNKNOWN');
    expect(
      toBusError(new KafkaJSNumberOfRetriesExceeded(unknown, { cause: unknown } as never), 'subscribe').code,
    ).toBe('VW_ERR_BUS_TOPIC_UNKNOWN');
  });

  it('falls back to the operation’s own code, and keeps a failed commit a commit failure', () => {
    expect(toBusError(protocolError('NOT_ENOUGH_REPLICAS', 'not enough replicas'), 'send').code).toBe(
      'VW_ERR_BUS_SEND_FAILED',
    );
    expect(toBusError(new KafkaJSConnectionError('closed'), 'commit').code).toBe('VW_ERR_BUS_COMMIT_FAILED');
  });

  it('maps a topic spec the broker refuses to VW_ERR_CONFIG_INVALID, looking inside aggregate errors', () => {
    const refused = new KafkaJSAggregateError('Topic creation errors', [
      protocolError('INVALID_CONFIG', 'bad cleanup.policy'),
    ]);
    expect(toBusError(refused, 'ensureTopics').code).toBe('VW_ERR_CONFIG_INVALID');
  });

  it('passes a VesselWatchError through unchanged', () => {
    const original = new VesselWatchError('VW_ERR_BUS_CLOSED');
    expect(toBusError(original, 'send')).toBe(original);
  });

  it('recognises the errors that mean "rejoin the group"', () => {
    expect(isKafkaRebalanceError(protocolError('REBALANCE_IN_PROGRESS', 'rebalancing'))).toBe(true);
    expect(isKafkaRebalanceError(protocolError('ILLEGAL_GENERATION', 'old generation'))).toBe(true);
    expect(isKafkaRebalanceError(new Error('handler failed'))).toBe(false);
    expect(isKafkaRebalanceError(null)).toBe(false);
  });
});
