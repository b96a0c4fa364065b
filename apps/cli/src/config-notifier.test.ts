import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { isVesselWatchError } from '@vesselwatch/domain';
import { NOTIFIER_SETTINGS_DEFAULT } from '@vesselwatch/notifier';
import { loadConfig } from './config';
import { parseSubscriptionArgs, runSubscriptionsCommand } from './commands/subscriptions';

describe('notifier configuration', () => {
  it('has no SMS gateway and no SMTP server by default, and named defaults for the rest', () => {
    const { notifier } = loadConfig({});
    expect(notifier).toEqual(NOTIFIER_SETTINGS_DEFAULT);
    expect(notifier.channels).toEqual({ sms: null, email: null, webhookTimeoutMs: 10_000 });
    expect(notifier.timeZone).toBe('Asia/Ho_Chi_Minh');
  });

  it('reads the SMS gateway, SMTP server, timeouts and retries', () => {
    const { notifier } = loadConfig({
      VW_SMS_GATEWAY_URL: 'http://127.0.0.1:9000/send',
      VW_SMS_GATEWAY_API_KEY: 'key-of-the-gateway',
      VW_SMTP_HOST: '127.0.0.1',
      VW_SMTP_PORT: '2525',
      VW_SMTP_FROM: 'VesselWatch <alerts@example.org>',
      VW_NOTIFY_TIMEOUT_S: '5',
      VW_NOTIFY_MAX_ATTEMPTS: '4',
      VW_NOTIFY_MAX_EVENT_AGE_MIN: '0',
    });
    expect(notifier.channels.sms).toEqual({
      url: 'http://127.0.0.1:9000/send',
      apiKey: 'key-of-the-gateway',
      sender: null,
      ascii: false,
      timeoutMs: 5_000,
    });
    expect(
      loadConfig({ VW_SMS_GATEWAY_URL: 'http://127.0.0.1:9000/send', VW_SMS_ASCII: 'true' }).notifier.channels
        .sms?.ascii,
    ).toBe(true);
    expect(notifier.channels.email).toMatchObject({
      host: '127.0.0.1',
      port: 2525,
      secure: false,
      user: null,
      from: 'VesselWatch <alerts@example.org>',
    });
    expect(notifier.retry.maxAttempts).toBe(4);
    expect(notifier.maxEventAgeMs).toBeNull();
    expect(loadConfig({}).notifier.maxEventAgeMs).toBe(6 * 3_600_000);
  });

  it('names each bad or contradictory variable', () => {
    for (const env of [
      { VW_SMTP_HOST: 'mail' },
      { VW_SMTP_HOST: 'mail', VW_SMTP_FROM: 'a@b.org', VW_SMTP_USER: 'u' },
      { VW_NOTIFY_TIMEOUT_S: '40', VW_NOTIFY_LEASE_S: '60' },
      { VW_SMS_GATEWAY_URL: 'ftp://x' },
      { VW_NOTIFY_TIME_ZONE: 'Mars/Olympus' },
    ]) {
      const error = (() => {
        try {
          loadConfig(env);
        } catch (caught) {
          return caught;
        }
        return null;
      })();
      expect(isVesselWatchError(error, 'VW_ERR_CONFIG_INVALID'), JSON.stringify(env)).toBe(true);
    }
  });
});

describe('vesselwatch subscriptions', () => {
  const noInput = Readable.from([]);

  it('builds subscriptions from flags, the webhook secret from standard input', async () => {
    expect(
      await parseSubscriptionArgs(
        [
          '--id',
          'centre',
          '--recipient',
          'person',
          '--name',
          'Trung tâm',
          '--phone',
          '+84900000001',
          '--channels',
          'sms',
          '--level',
          '1',
          '--quiet',
          '22:00-06:00',
        ],
        noInput,
      ),
    ).toMatchObject({
      id: 'centre',
      recipient: { kind: 'person', name: 'Trung tâm', phone: '+84900000001', language: 'vi' },
      escalationLevel: 1,
      quietHours: {
        start: '22:00',
        end: '06:00',
        timeZone: 'Asia/Ho_Chi_Minh',
        bypassFromSeverity: 'danger',
      },
    });
    const hook = await parseSubscriptionArgs(
      [
        '--id',
        'ops',
        '--recipient',
        'webhook',
        '--url',
        'https://ops.example.org/vms',
        '--channels',
        'webhook',
        '--types',
        'border.crossed',
        '--secret-stdin',
      ],
      Readable.from(['a-long-enough-secret-value\n']),
    );
    expect(hook.recipient).toEqual({
      kind: 'webhook',
      url: 'https://ops.example.org/vms',
      secret: 'a-long-enough-secret-value',
    });
    await expect(
      parseSubscriptionArgs(['--id', 'x', '--recipient', 'vessel-terminal', '--channels', 'sms'], noInput),
    ).rejects.toThrow(/cannot use sms/);
    await expect(parseSubscriptionArgs(['--id', 'x', '--recipient', 'nobody'], noInput)).rejects.toThrow(
      /--recipient must be/,
    );
  });

  it('adds, lists (secrets hidden) and removes subscriptions in the configured database', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'vw-subscriptions-'));
    try {
      const config = loadConfig({ VW_DATA_DIR: dataDir });
      let out = '';
      const io = (stdin: AsyncIterable<string> = Readable.from([])) => ({
        write: (text: string) => void (out += text),
        stdin,
      });
      expect(
        await runSubscriptionsCommand(
          config,
          [
            'add',
            '--id',
            'ops',
            '--recipient',
            'webhook',
            '--url',
            'https://ops.example.org/vms',
            '--channels',
            'webhook',
            '--secret-stdin',
          ],
          io(Readable.from(['secret-secret-secret-1\n'])),
        ),
      ).toBe(0);
      out = '';
      expect(await runSubscriptionsCommand(config, ['list'], io())).toBe(0);
      expect(out.split('\n').filter(Boolean)).toEqual([
        'default-port-officers: port-officers by sms,email: border.approach,border.crossed,zone.violation,weather.warning,signal.lost; >= warning; opened/updated/resolved',
        'default-vessel-contacts: vessel contacts (owner, captain, crew) by sms,email: border.approach,border.crossed,zone.violation,weather.warning; >= warning; opened/updated/resolved',
        'default-vessel-terminal: vessel-terminal by downlink: border.approach,border.crossed,zone.violation,weather.warning; >= notice; opened/updated/resolved',
        'ops: webhook https://ops.example.org/vms by webhook: all types; >= info; opened/updated/resolved',
      ]);
      out = '';
      await runSubscriptionsCommand(config, ['list', '--json'], io());
      expect(out).not.toContain('secret-secret-secret-1');
      expect(await runSubscriptionsCommand(config, ['remove', 'ops'], io())).toBe(0);
      expect(await runSubscriptionsCommand(config, ['remove', 'ops'], io())).toBe(1);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
