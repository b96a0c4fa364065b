import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { useAllInOne } from './test-support/all-in-one-for-tests';

const API_KEY = 'all-in-one-notifier-test-key';

// The all-in-one system runs the notifier on its bus and embedded database with no SMS gateway and no SMTP
// server: simulated alerts become recorded deliveries (the simulated crews have no phone or e-mail, so none
// can reach a person), and the simulated terminals' downlink texts reach the gateway's downlink API.
describe('all-in-one notifier', () => {
  const running = useAllInOne('notifier', {
    VW_SIM_VESSELS: '60',
    VW_SIM_HISTORY_H: '48',
    VW_SIM_SPEED: '1000000',
    VW_GATEWAY_API_KEYS: `sat:${API_KEY}`,
    // The simulated history's alerts are hours old: without this they are recorded as stale, sent to nobody.
    VW_NOTIFY_MAX_EVENT_AGE_MIN: '0',
  });

  it('records deliveries for alerts, sends none to people, and serves the terminals’ texts to providers', async () => {
    const sentDownlink = async () =>
      (
        await running().store.driver.query<{ address: string }>(
          "SELECT address FROM notification_deliveries WHERE channel = 'downlink' AND status = 'sent' ORDER BY id LIMIT 1",
        )
      ).rows[0]?.address;
    const deadline = Date.now() + 90_000;
    while (!(await sentDownlink()) && Date.now() < deadline) await sleep(200);
    const terminal = await sentDownlink();
    expect(terminal, 'a simulated border alert reached a terminal').toBeDefined();

    const { rows } = await running().store.driver.query<{
      channel: string;
      status: string;
      reason: string | null;
    }>(
      "SELECT DISTINCT channel, status, reason FROM notification_deliveries WHERE channel IN ('sms', 'email') ORDER BY 1, 2, 3",
    );
    for (const row of rows) expect(row).toMatchObject({ status: 'undeliverable', reason: 'no_address' });
    expect(running().notifier.status().senders.dead).toBe(0);

    const response = await fetch(
      `${running().gatewayUrl}/v1/downlink?terminal=${encodeURIComponent(terminal!)}`,
      {
        headers: { 'x-api-key': API_KEY },
      },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { messages: Array<{ terminalId: string; textAscii: string }> };
    expect(body.messages.length).toBeGreaterThan(0);
    expect(body.messages[0]!.terminalId).toBe(terminal);
    expect(body.messages[0]!.textAscii).toMatch(/^[\x20-\x7e]+$/);
  });
});
