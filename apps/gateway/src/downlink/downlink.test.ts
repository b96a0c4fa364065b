import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { InProcessBus } from '@vesselwatch/bus';
import { encodeDownlinkMessage, type DownlinkMessage } from '@vesselwatch/codecs';
import { TOPICS } from '@vesselwatch/domain';
import { createIngestPath } from '../gateway';
import { ApiKeys } from '../http/api-keys';
import { createGatewayApp } from '../http/gateway-app';
import { InMemoryTerminalDirectory } from '../terminal-directory';
import { DownlinkMailbox, startDownlinkFeed } from './downlink-mailbox';

/** The terminal downlink through the gateway: vms.downlink -> mailbox -> GET /v1/downlink (long poll) -> ack. */
const KEY = 'provider-key-0123456789';
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function message(id: string, terminalId: string, createdAtMs = Date.now()): DownlinkMessage {
  return {
    id,
    vesselId: `V-${terminalId}`,
    terminalId,
    alertId: `V-${terminalId}/border.approach/1`,
    text: 'NGUY HIỂM Sắp vượt ranh giới',
    textAscii: 'NGUY HIEM Sap vuot ranh gioi',
    textEn: 'DANGER Approaching a maritime boundary',
    createdAtMs,
  };
}

async function setUp(options?: ConstructorParameters<typeof DownlinkMailbox>[1]) {
  const bus = new InProcessBus();
  cleanups.push(() => bus.close());
  await bus.ensureTopics([
    { topic: TOPICS.fixes, partitions: 2 },
    { topic: TOPICS.fixesDeadLetter, partitions: 1 },
    { topic: TOPICS.downlink, partitions: 2 },
  ]);
  const warnings: string[] = [];
  const log = {
    info: () => {},
    warn: (_f: Record<string, unknown>, m: string) => void warnings.push(m),
    error: () => {},
  };
  const mailbox = new DownlinkMailbox(log, options);
  const feed = await startDownlinkFeed(bus, {
    topic: TOPICS.downlink,
    groupId: 'gateway-downlink-test',
    mailbox,
    log,
  });
  cleanups.push(() => feed.stop());
  const { pipeline, publisher } = createIngestPath(
    await bus.producer(),
    new InMemoryTerminalDirectory([]),
    100,
  );
  const app = createGatewayApp({
    pipeline,
    publisher,
    apiKeys: new ApiKeys([{ provider: 'sat', apiKey: KEY }]),
    maxBodyBytes: 1024,
    retryAfterSeconds: 1,
    downlink: mailbox,
  });
  const producer = await bus.producer();
  const publish = (messages: DownlinkMessage[]) =>
    producer.send(
      TOPICS.downlink,
      messages.map((m) => ({ key: m.vesselId, value: encodeDownlinkMessage(m) })),
    );
  return { app, publish, producer, warnings, mailbox };
}

describe('terminal downlink', () => {
  it('hands a terminal its messages once acknowledged, long-polls for new ones, and keeps one copy of a repeat', async () => {
    const { app, publish } = await setUp();
    await request(app).get('/v1/downlink?terminal=T1').expect(401);
    await publish([message('vw-a', 'T1'), message('vw-b', 'T2'), message('vw-a', 'T1')]);
    await expect
      .poll(
        async () =>
          (await request(app).get('/v1/downlink?terminal=T1').set('X-API-Key', KEY)).body.messages.length,
      )
      .toBe(1);
    const first = await request(app).get('/v1/downlink?terminal=T1').set('X-API-Key', KEY).expect(200);
    expect(first.body.messages[0]).toMatchObject({ id: 'vw-a', textAscii: 'NGUY HIEM Sap vuot ranh gioi' });
    const cursor = first.body.cursor as string;

    // Nothing new after the cursor: the long poll waits, and answers as soon as a message comes.
    const waiting = request(app)
      .get(`/v1/downlink?terminal=T1&after=${cursor}&waitS=10`)
      .set('X-API-Key', KEY);
    const started = Date.now();
    setTimeout(() => void publish([message('vw-c', 'T1')]), 300);
    const polled = await waiting.expect(200);
    expect(polled.body.messages.map((m: DownlinkMessage) => m.id)).toEqual(['vw-c']);
    expect(Date.now() - started).toBeLessThan(5_000);

    const ack = await request(app)
      .post('/v1/downlink/ack')
      .set('X-API-Key', KEY)
      .send({ terminal: 'T1', ids: ['vw-a', 'vw-c'] })
      .expect(200);
    expect(ack.body.acknowledged).toBe(2);
    expect((await request(app).get('/v1/downlink?terminal=T1').set('X-API-Key', KEY)).body.messages).toEqual(
      [],
    );
    expect(
      (await request(app).get('/v1/downlink?terminal=T2').set('X-API-Key', KEY)).body.messages.map(
        (m: DownlinkMessage) => m.id,
      ),
    ).toEqual(['vw-b']);
    // An empty poll with waitS=0 answers at once; bad parameters are refused with the reason.
    await request(app).get('/v1/downlink?terminal=T1&waitS=31').set('X-API-Key', KEY).expect(400);
    await request(app).get('/v1/downlink').set('X-API-Key', KEY).expect(400);
    await request(app)
      .post('/v1/downlink/ack')
      .set('X-API-Key', KEY)
      .send({ terminal: 'T1', ids: 'vw-a' })
      .expect(400);
  });

  it('drops messages too old or too many for one terminal with a warning, and logs messages that are not downlink messages', async () => {
    const { app, publish, producer, warnings, mailbox } = await setUp({
      maxPerTerminal: 2,
      maxAgeMs: 60_000,
    });
    await producer.send(TOPICS.downlink, [{ key: 'V-x', value: new TextEncoder().encode('not json') }]);
    await publish([
      message('old', 'T1', Date.now() - 120_000),
      message('m1', 'T1'),
      message('m2', 'T1'),
      message('m3', 'T1'),
    ]);
    await expect.poll(() => mailbox.dropped).toBe(2);
    const body = (await request(app).get('/v1/downlink?terminal=T1').set('X-API-Key', KEY)).body;
    expect(body.messages.map((m: DownlinkMessage) => m.id)).toEqual(['m2', 'm3']);
    expect(warnings).toContain(
      'a message on the downlink topic is not a downlink message; not offered to providers',
    );
    expect(warnings).toContain(
      'downlink messages dropped unacknowledged (too old or too many for one terminal)',
    );
  });
});
