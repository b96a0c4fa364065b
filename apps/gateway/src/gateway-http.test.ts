import { afterEach, describe, expect, it } from 'vitest';
import { decodeFixMessage } from '@vesselwatch/codecs';
import { TOPICS } from '@vesselwatch/domain';
import type { InProcessBus } from '@vesselwatch/bus';
import { GATEWAY_DEFAULTS, type RunningGateway, startGateway } from './gateway';
import { InMemoryTerminalDirectory } from './terminal-directory';
import { inProcessBusWithTopics, readTopic, sharedDataText } from './test-support/gateway-harness';

const KEY = 'test-key-movimar';
const quietLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

let bus: InProcessBus;
let gateway: RunningGateway;

async function start(
  directory = new InMemoryTerminalDirectory(),
  overrides: Partial<Parameters<typeof startGateway>[0]> = {},
) {
  bus = await inProcessBusWithTopics();
  gateway = await startGateway(
    {
      host: '127.0.0.1',
      httpPort: 0,
      nmeaPort: null,
      apiKeys: [{ provider: 'movimar', apiKey: KEY }],
      ...GATEWAY_DEFAULTS,
      ...overrides,
    },
    bus,
    directory,
    quietLog,
  );
}

function post(format: string, body: string, headers: Record<string, string> = { 'x-api-key': KEY }) {
  return fetch(`${gateway.httpUrl}/v1/reports/${format}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'text/plain', ...headers },
  });
}

afterEach(async () => {
  await gateway?.close();
  await bus?.close();
});

describe('gateway HTTP', () => {
  it('publishes the NAF samples to vms.fixes, unknown terminals under unregistered:naf:<id>', async () => {
    await start(
      new InMemoryTerminalDirectory([{ vesselId: 'pa-tai-xing', terminalId: '48319-16', source: 'naf' }]),
    );
    const response = await post('naf', sharedDataText('vms/naf_samples.txt'));
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ lines: 8, accepted: 4, unregistered: 3, rejected: 0 });
    const messages = await readTopic(bus, TOPICS.fixes, (m) => m.length >= 4);
    expect(messages.map((m) => m.key).sort()).toEqual([
      'pa-tai-xing',
      'unregistered:naf:35157-12-A',
      'unregistered:naf:46945-15',
      'unregistered:naf:47083-PEXT',
    ]);
    const registered = messages.find((m) => m.key === 'pa-tai-xing')!;
    expect(registered.headers['vw-registered']).toBe('true');
    expect(decodeFixMessage(registered.value)).toMatchObject({
      terminalId: '48319-16',
      position: [156.531, 8.489],
      source: 'naf',
    });
  });

  it('answers 422 naming every rejected line, publishes the good ones and dead-letters the bad ones', async () => {
    await start();
    const body = [
      '{"terminalId":"T1","reportedAt":"2026-11-26T08:00:00Z","position":[106.5,9.5]}',
      '{"terminalId":"T2","reportedAt":"2026-11-26T08:00:00Z","position":[9.5,106.5]}',
      'not json',
      '{"terminalId":"T3","reportedAtMs":1,"position":[106.5,9.5]}',
    ].join('\n');
    const response = await post('json', body);
    expect(response.status).toBe(422);
    const { error } = (await response.json()) as {
      error: { code: string; details: Record<string, unknown> };
    };
    expect(error.code).toBe('VW_ERR_INGEST_REJECTED');
    expect(error.details).toMatchObject({
      accepted: 2,
      rejected: 2,
      rejections: [
        { line: 2, reason: 'bad-field', detail: expect.stringMatching(/position\.1/) },
        { line: 3, reason: 'syntax', detail: expect.stringMatching(/not JSON/) },
      ],
    });
    const dead = await readTopic(bus, TOPICS.fixesDeadLetter, (m) => m.length >= 2);
    expect(dead.map((m) => m.headers['vw-reason'])).toEqual(['bad-field', 'syntax']);
    expect(JSON.parse(new TextDecoder().decode(dead[1]!.value))).toMatchObject({
      origin: 'http:movimar',
      line: 3,
      input: 'not json',
    });
  });

  it('reads a JSON array body and CSV with renamed columns', async () => {
    await start();
    const array = JSON.stringify([{ terminalId: 'T1', reportedAtMs: 1_000, position: [106, 9] }]);
    expect(await (await post('json', array)).json()).toMatchObject({ accepted: 1 });
    const csv = 'boat;when;lat;lon\nQNg-1;2026-11-26T08:00:00Z;9.5;106.2\n';
    const response = await fetch(
      `${gateway.httpUrl}/v1/reports/csv?delimiter=;&columns=terminalId:boat,time:when`,
      {
        method: 'POST',
        body: csv,
        headers: { 'x-api-key': KEY },
      },
    );
    expect(await response.json()).toMatchObject({ accepted: 1, rejected: 0 });
  });

  it.each([
    ['no key', {}, 401, 'VW_ERR_GATEWAY_AUTH'],
    ['a wrong key', { 'x-api-key': 'guess' }, 401, 'VW_ERR_GATEWAY_AUTH'],
    ['a bearer token', { authorization: `Bearer ${KEY}` }, 202, undefined],
  ])('authenticates: %s', async (_case, headers, status, code) => {
    await start();
    const response = await post('naf', sharedDataText('vms/naf_samples.txt'), headers);
    expect(response.status).toBe(status);
    if (code) expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
  });

  it('refuses unknown formats, empty and oversized bodies with their codes', async () => {
    await start(undefined, { maxBodyBytes: 1024 });
    const unknown = await post('xml', '<a/>');
    expect([unknown.status, ((await unknown.json()) as { error: { code: string } }).error.code]).toEqual([
      404,
      'VW_ERR_FORMAT_UNKNOWN',
    ]);
    const empty = await post('naf', '\n');
    expect([empty.status, ((await empty.json()) as { error: { code: string } }).error.code]).toEqual([
      400,
      'VW_ERR_INPUT_INVALID',
    ]);
    const large = await post('naf', 'x'.repeat(2048));
    expect([large.status, ((await large.json()) as { error: { code: string } }).error.code]).toEqual([
      413,
      'VW_ERR_PAYLOAD_TOO_LARGE',
    ]);
  });
});
