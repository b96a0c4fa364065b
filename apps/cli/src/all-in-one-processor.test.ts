import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { useAllInOne } from './test-support/all-in-one-for-tests';
import type { BusMessage } from '@vesselwatch/bus';
import { decodeAlertEvent, decodeLiveUpdate } from '@vesselwatch/codecs';
import { TOPICS } from '@vesselwatch/domain';

async function until(
  condition: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(100);
  }
}

// The all-in-one system runs the processor on its in-process bus and embedded database: the simulated
// fleet's fixes become vessel states, rule states and live updates, and /metrics says so.
describe('all-in-one processor', () => {
  const running = useAllInOne('processor', {
    VW_SIM_VESSELS: '30',
    VW_SIM_HISTORY_H: '24',
    VW_SIM_SPEED: '1000000',
  });

  it('processes the simulated fleet into the store, vms.live and vms.alerts, with metrics at /metrics', async () => {
    const count = async (table: string) =>
      (await running().store.driver.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!
        .n;
    await until(
      async () => (await count('vessel_state')) === 30,
      'every simulated vessel has a state',
      60_000,
    );
    await until(async () => (await count('processor_state')) === 30, 'every vessel has a rule state', 60_000);
    expect(running().processor.status().vessels).toBe(30);
    expect(running().processor.status().zoneSetVersion).toBe(await running().store.activeZoneSetVersion());

    const live: BusMessage[] = [];
    const alerts: BusMessage[] = [];
    const consumer = running().bus.consumer({
      groupId: 'all-in-one-processor-test',
      topics: [TOPICS.live, TOPICS.alerts],
    });
    await consumer.run(
      async (batch) => void (batch.topic === TOPICS.live ? live : alerts).push(...batch.messages),
    );
    await until(() => live.length > 0, 'live updates arrive', 30_000);
    await consumer.stop();
    const update = decodeLiveUpdate(live[0]!.value);
    expect(update.vesselId).toBe(live[0]!.key);
    for (const message of alerts) expect(decodeAlertEvent(message.value).alert.vesselId).toBe(message.key);

    const metrics = await fetch(`${running().url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await metrics.text();
    const accepted = Number(/vesselwatch_processor_fixes_total\{verdict="accepted"\} (\d+)/.exec(text)?.[1]);
    expect(accepted).toBeGreaterThan(30);
    expect(text).toMatch(/vesselwatch_processor_consumer_lag\{partition="\d+"\} \d+/);
    expect(text).toContain('process_resident_memory_bytes');
  });
});
