import { logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { createJsonLinesLogCreator } from './kafka-log-creator';

function logged(
  configured: logLevel,
  entry: { namespace: string; level: logLevel; label: string; message: string; extra?: object },
): unknown[] {
  const lines: string[] = [];
  const log = createJsonLinesLogCreator((line) => lines.push(line))(configured);
  log({
    namespace: entry.namespace,
    level: entry.level,
    label: entry.label,
    log: { timestamp: '2025-01-01T00:00:00.000Z', message: entry.message, ...entry.extra },
  });
  return lines.map((line) => JSON.parse(line) as unknown);
}

describe('kafkajs JSON-lines log creator', () => {
  it('writes one JSON object per entry with level, namespace, message and extra fields', () => {
    expect(
      logged(logLevel.WARN, {
        namespace: 'Consumer',
        level: logLevel.ERROR,
        label: 'ERROR',
        message: 'Crash: x',
        extra: { groupId: 'g' },
      }),
    ).toEqual([
      {
        time: '2025-01-01T00:00:00.000Z',
        level: 'error',
        source: 'kafkajs',
        namespace: 'Consumer',
        message: 'Crash: x',
        groupId: 'g',
      },
    ]);
  });

  it('treats protocol error responses that kafkajs handles or rethrows as info', () => {
    const response = {
      namespace: 'Connection',
      level: logLevel.ERROR,
      label: 'ERROR',
      message: 'Response Heartbeat(key: 12, version: 3)',
    };
    expect(logged(logLevel.WARN, response)).toEqual([]);
    expect(logged(logLevel.INFO, response)).toHaveLength(1);
    expect(
      logged(logLevel.WARN, { ...response, message: 'Connection error: connect ECONNREFUSED 127.0.0.1:1' }),
    ).toHaveLength(1);
  });

  it('drops the warning about the bounded retries of the idempotent producer, which are deliberate', () => {
    const warning = {
      namespace: 'Producer',
      level: logLevel.WARN,
      label: 'WARN',
      message: 'Limiting retries for the idempotent producer may invalidate EoS guarantees',
    };
    expect(logged(logLevel.WARN, warning)).toEqual([]);
  });
});
