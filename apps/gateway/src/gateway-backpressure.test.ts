import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect, type Server as NetServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { InProcessBus } from '@vesselwatch/bus';
import { TOPICS } from '@vesselwatch/domain';
import { createIngestPath } from './gateway';
import { ApiKeys } from './http/api-keys';
import { createGatewayApp } from './http/gateway-app';
import { createNmeaListener } from './tcp/nmea-listener';
import { InMemoryTerminalDirectory } from './terminal-directory';
import {
  GatedProducer,
  inProcessBusWithTopics,
  readTopic,
  sharedDataText,
} from './test-support/gateway-harness';

const quietLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
const servers: Array<Server | NetServer> = [];
let bus: InProcessBus;

async function listening<T extends Server | NetServer>(server: T): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    if ('closeAllConnections' in server) server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await bus?.close();
});

describe('gateway back-pressure', () => {
  it('HTTP answers 503 with Retry-After while the bus has the allowed fixes unacknowledged, then accepts again', async () => {
    bus = await inProcessBusWithTopics();
    const producer = new GatedProducer(await bus.producer());
    const { pipeline, publisher } = createIngestPath(producer, new InMemoryTerminalDirectory(), 3);
    const app = createGatewayApp({
      pipeline,
      publisher,
      apiKeys: new ApiKeys([{ provider: 'p', apiKey: 'k' }]),
      maxBodyBytes: 65_536,
      retryAfterSeconds: 7,
    });
    const url = `http://127.0.0.1:${await listening(createServer(app))}/v1/reports/naf`;
    const naf = sharedDataText('vms/naf_samples.txt');
    const post = () => fetch(url, { method: 'POST', body: naf, headers: { 'x-api-key': 'k' } });

    producer.hold();
    const first = post();
    while (publisher.pendingFixes === 0) await sleep(5);
    const refused = await post();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('7');
    expect(((await refused.json()) as { error: { code: string; retriable: boolean } }).error).toMatchObject({
      code: 'VW_ERR_GATEWAY_BUSY',
      retriable: true,
    });
    producer.release();
    expect((await first).status).toBe(202);
    expect((await post()).status).toBe(202);
  });

  it('TCP: decodes the DMA log to exactly its 2,965 positions, pausing the socket while the bus lags', async () => {
    bus = await inProcessBusWithTopics();
    const producer = new GatedProducer(await bus.producer());
    const { pipeline, publisher } = createIngestPath(producer, new InMemoryTerminalDirectory(), 50);
    const port = await listening(
      createNmeaListener({ pipeline, publisher, log: quietLog, maxLineBytes: 1024, maxConnections: 4 }),
    );

    producer.hold();
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(sharedDataText('ais/nmea/dma_AisLib_stream_example.txt'));
    socket.end();
    await sleep(300);
    // While the bus holds every send, the gateway has read one chunk and stopped reading: a bounded
    // number of fixes wait, far fewer than the file holds.
    const waiting = publisher.pendingFixes;
    expect(waiting).toBeGreaterThan(0);
    expect(waiting).toBeLessThan(2965);
    producer.release();
    const messages = await readTopic(bus, TOPICS.fixes, (m) => m.length >= 2965);
    expect(messages).toHaveLength(2965);
    expect(messages.every((m) => m.key.startsWith('unregistered:ais:'))).toBe(true);
    const dead = await readTopic(bus, TOPICS.fixesDeadLetter, (m) => m.length >= 23);
    expect(dead.filter((m) => m.headers['vw-reason'] === 'not-available')).toHaveLength(23);
  });

  it('TCP: an over-long line is rejected once as line-too-long, and the stream goes on', async () => {
    bus = await inProcessBusWithTopics();
    const { pipeline, publisher } = createIngestPath(
      await bus.producer(),
      new InMemoryTerminalDirectory(),
      100,
    );
    const port = await listening(
      createNmeaListener({ pipeline, publisher, log: quietLog, maxLineBytes: 100, maxConnections: 4 }),
    );
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(`${'A'.repeat(5000)}\n!AIVDM,1,1,,B,133i;RPP1DPEbcDMV@1r:Ow:2>\`<,0*41\n`);
    socket.end();
    const fixes = await readTopic(bus, TOPICS.fixes, (m) => m.length >= 1);
    expect(fixes.map((m) => m.key)).toEqual(['unregistered:ais:205278090']);
    const dead = await readTopic(bus, TOPICS.fixesDeadLetter, (m) => m.length >= 1);
    expect(dead.map((m) => m.headers['vw-reason'])).toEqual(['line-too-long']);
  });
});
