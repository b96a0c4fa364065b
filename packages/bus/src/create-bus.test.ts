import { describe, expect, it } from 'vitest';
import { createBus } from './create-bus';
import { InProcessBus } from './in-process/in-process-bus';
import { KafkaBus } from './kafka/kafka-bus';

describe('createBus', () => {
  it('makes the in-process bus for { kind: "in-process" }', async () => {
    const bus = createBus({ kind: 'in-process' });
    expect(bus).toBeInstanceOf(InProcessBus);
    expect(bus.description).toBe('in-process');
    await bus.close();
  });

  it('makes a Kafka bus from the brokers and client id it is given, without connecting yet', async () => {
    const bus = createBus({
      kind: 'kafka',
      brokers: ['127.0.0.1:19092', '127.0.0.1:19094'],
      clientId: 'vesselwatch',
    });
    expect(bus).toBeInstanceOf(KafkaBus);
    expect(bus.description).toBe('kafka 127.0.0.1:19092,127.0.0.1:19094');
    await bus.close();
  });
});
