import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { InProcessBus } from '@vesselwatch/bus';
import { DOWNLINK_HEADERS, decodeDownlinkMessage } from '@vesselwatch/codecs';
import { isVesselWatchError } from '@vesselwatch/domain';
import { deliveryFixture } from '../test-support/fixtures';
import { HttpReceiver, SmtpReceiver } from '../test-support/receivers';
import { idempotencyKey } from './channel-sender';
import { DownlinkSender } from './downlink';
import { SmtpSender } from './email';
import { SmsGatewaySender } from './sms-gateway';
import { WEBHOOK_HEADERS, WebhookSender } from './webhook';

/** Each channel against a real local receiver: what arrives, and how refusals and failures are classified. */
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('SMS gateway sender', () => {
  it('posts the number, the text and the idempotency key, and keeps the gateway’s id', async () => {
    const gateway = await new HttpReceiver().start();
    cleanups.push(() => gateway.close());
    const sender = new SmsGatewaySender({
      url: `${gateway.url}/send`,
      apiKey: 'k'.repeat(20),
      sender: 'VMS',
      timeoutMs: 2_000,
    });
    const delivery = deliveryFixture();
    expect(await sender.send(delivery)).toEqual({ providerMessageId: 'msg-0' });
    const [request] = gateway.requests;
    expect(request!.path).toBe('/send');
    expect(request!.headers.authorization).toBe(`Bearer ${'k'.repeat(20)}`);
    expect(request!.headers['idempotency-key']).toBe(idempotencyKey(delivery.dedupKey));
    expect(JSON.parse(request!.body)).toEqual({
      to: '+84912345678',
      text: delivery.body,
      from: 'VMS',
      idempotencyKey: idempotencyKey(delivery.dedupKey),
      reference: delivery.dedupKey,
    });
  });

  it('sends Vietnamese without diacritics when asked to (one GSM 7-bit SMS part holds 160 characters)', async () => {
    const gateway = await new HttpReceiver().start();
    cleanups.push(() => gateway.close());
    const sender = new SmsGatewaySender({
      url: gateway.url,
      apiKey: null,
      sender: null,
      ascii: true,
      timeoutMs: 2_000,
    });
    await sender.send(deliveryFixture());
    const { text } = JSON.parse(gateway.requests[0]!.body) as { text: string };
    expect(text).toBe(
      'NGUY HIEM Sap vuot ranh gioi: Tau QNg-90123-TS. cach ranh gioi (CHN) 1,8 hai ly. Doi huong ngay.',
    );
  });

  it('treats 5xx, 429 and an unreachable gateway as retriable, other 4xx as permanent', async () => {
    const statuses = [503, 429, 400, 401];
    const gateway = await new HttpReceiver((_r, i) => ({
      status: statuses[i]!,
      body: { error: 'x' },
    })).start();
    cleanups.push(() => gateway.close());
    const sender = new SmsGatewaySender({ url: gateway.url, apiKey: null, sender: null, timeoutMs: 2_000 });
    const codes = [];
    for (let i = 0; i < statuses.length; i += 1) {
      const error = await errorOf(sender.send(deliveryFixture()));
      codes.push(isVesselWatchError(error) ? error.code : String(error));
    }
    expect(codes).toEqual([
      'VW_ERR_NOTIFY_SEND_FAILED',
      'VW_ERR_NOTIFY_SEND_FAILED',
      'VW_ERR_NOTIFY_REJECTED',
      'VW_ERR_NOTIFY_REJECTED',
    ]);
    await gateway.close();
    const unreachable = await errorOf(sender.send(deliveryFixture()));
    expect(isVesselWatchError(unreachable, 'VW_ERR_NOTIFY_SEND_FAILED')).toBe(true);
    // A gateway that answers too late is retriable too.
    const slow = await new HttpReceiver(() => ({ status: 200, delayMs: 1_000 })).start();
    cleanups.push(() => slow.close());
    const impatient = new SmsGatewaySender({ url: slow.url, apiKey: null, sender: null, timeoutMs: 100 });
    expect(
      isVesselWatchError(await errorOf(impatient.send(deliveryFixture())), 'VW_ERR_NOTIFY_SEND_FAILED'),
    ).toBe(true);
  });
});

describe('webhook sender', () => {
  it('signs the body with HMAC-SHA256 of timestamp and body, with the idempotency key in the headers', async () => {
    const receiver = await new HttpReceiver().start();
    cleanups.push(() => receiver.close());
    const secret = 's3cret-of-the-subscription';
    const sender = new WebhookSender({
      timeoutMs: 2_000,
      secretFor: async (id) => (id === 'ops-hook' ? secret : null),
      now: () => 1_700_000_000_000,
    });
    const delivery = deliveryFixture({
      channel: 'webhook',
      subscriptionId: 'ops-hook',
      address: `${receiver.url}/hook`,
      payload: { event: { transition: 'opened' }, escalationLevel: 0 },
    });
    await sender.send(delivery);
    const [request] = receiver.requests;
    const timestamp = String(request!.headers[WEBHOOK_HEADERS.timestamp]);
    expect(timestamp).toBe('1700000000000');
    const expected = Buffer.from(
      `sha256=${createHmac('sha256', secret).update(`${timestamp}.${request!.body}`).digest('hex')}`,
    );
    const signature = Buffer.from(String(request!.headers[WEBHOOK_HEADERS.signature]));
    expect(signature.length === expected.length && timingSafeEqual(signature, expected)).toBe(true);
    expect(request!.headers[WEBHOOK_HEADERS.idempotency]).toBe(idempotencyKey(delivery.dedupKey));
    expect(JSON.parse(request!.body)).toMatchObject({
      id: idempotencyKey(delivery.dedupKey),
      dedupKey: delivery.dedupKey,
      alertId: delivery.alertId,
      text: delivery.body,
      event: { transition: 'opened' },
    });
    // A subscription that is gone: nothing to sign with, nothing sent, permanent.
    const orphan = await errorOf(sender.send({ ...delivery, subscriptionId: 'removed' }));
    expect(isVesselWatchError(orphan, 'VW_ERR_NOTIFY_REJECTED')).toBe(true);
    expect(receiver.requests).toHaveLength(1);
  });
});

describe('SMTP sender', () => {
  it('delivers the Vietnamese text with a Message-ID derived from the dedup key', async () => {
    const smtp = await new SmtpReceiver().start();
    cleanups.push(() => smtp.close());
    const sender = new SmtpSender({
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      user: null,
      password: null,
      from: 'VesselWatch <alerts@vms.example.org>',
      timeoutMs: 5_000,
    });
    cleanups.push(() => sender.close());
    const delivery = deliveryFixture({ channel: 'email', address: 'owner@example.org' });
    const receipt = await sender.send(delivery);
    expect(receipt.providerMessageId).toBe(`<${idempotencyKey(delivery.dedupKey)}@vms.example.org>`);
    const [mail] = smtp.mails;
    expect(mail!.to).toEqual(['owner@example.org']);
    expect(mail!.from).toBe('alerts@vms.example.org');
    expect(mail!.headers.get('message-id')).toBe(receipt.providerMessageId);
    expect(mail!.text).toContain('cách ranh giới (CHN) 1,8 hải lý');
  });

  it('treats SMTP 5xx as permanent, 4xx and a refused connection as retriable', async () => {
    const smtp = await new SmtpReceiver((address) =>
      address.startsWith('gone')
        ? { code: 550, message: 'no such mailbox' }
        : { code: 451, message: 'try later' },
    ).start();
    cleanups.push(() => smtp.close());
    const config = {
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      user: null,
      password: null,
      from: 'alerts@vms.example.org',
      timeoutMs: 5_000,
    };
    const sender = new SmtpSender(config);
    cleanups.push(() => sender.close());
    const gone = await errorOf(
      sender.send(deliveryFixture({ channel: 'email', address: 'gone@example.org' })),
    );
    expect(isVesselWatchError(gone, 'VW_ERR_NOTIFY_REJECTED')).toBe(true);
    const later = await errorOf(
      sender.send(deliveryFixture({ channel: 'email', address: 'busy@example.org' })),
    );
    expect(isVesselWatchError(later, 'VW_ERR_NOTIFY_SEND_FAILED')).toBe(true);
    await smtp.close();
    const down = new SmtpSender({ ...config, timeoutMs: 1_000 });
    cleanups.push(() => down.close());
    const refused = await errorOf(down.send(deliveryFixture({ channel: 'email', address: 'a@example.org' })));
    expect(isVesselWatchError(refused, 'VW_ERR_NOTIFY_SEND_FAILED')).toBe(true);
    expect(smtp.mails).toHaveLength(0);
  });
});

describe('terminal downlink sender', () => {
  it('writes the ASCII and Vietnamese texts to the downlink topic, keyed by vessel, with the terminal id', async () => {
    const bus = new InProcessBus();
    cleanups.push(() => bus.close());
    await bus.ensureTopics([{ topic: 'test.downlink', partitions: 2 }]);
    const sender = new DownlinkSender(await bus.producer(), 'test.downlink');
    const delivery = deliveryFixture({
      channel: 'downlink',
      address: 'TERM-1',
      payload: {
        terminalId: 'TERM-1',
        text: 'NGUY HIỂM Sắp vượt ranh giới',
        textAscii: 'NGUY HIEM Sap vuot ranh gioi',
        textEn: 'DANGER Approaching',
      },
    });
    const receipt = await sender.send(delivery);
    expect(receipt.providerMessageId).toMatch(/^test\.downlink\/\d\/0$/);
    const received: Array<{ key: string; headers: Record<string, string>; value: Uint8Array }> = [];
    const consumer = bus.consumer({ groupId: 'check', topics: ['test.downlink'] });
    cleanups.push(() => consumer.stop());
    await consumer.run(async (batch) => {
      received.push(...batch.messages);
    });
    await expect.poll(() => received.length).toBe(1);
    expect(received[0]!.key).toBe('V-1');
    expect(received[0]!.headers[DOWNLINK_HEADERS.terminalId]).toBe('TERM-1');
    expect(decodeDownlinkMessage(received[0]!.value)).toMatchObject({
      id: idempotencyKey(delivery.dedupKey),
      terminalId: 'TERM-1',
      textAscii: 'NGUY HIEM Sap vuot ranh gioi',
    });
  });
});
