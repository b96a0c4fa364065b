import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { useAllInOne } from './test-support/all-in-one-for-tests';
import type { BusMessage } from '@vesselwatch/bus';
import { decodeFixMessage } from '@vesselwatch/codecs';
import { TOPICS } from '@vesselwatch/domain';

// The all-in-one system's ingest wiring: the gateway's routes beside the server's, the simulator
// publishing through the gateway path onto the bus, keyed by the vessels it registered.
describe('all-in-one gateway and simulator', () => {
  const running = useAllInOne('ingest', {
    VW_GATEWAY_API_KEYS: 'demo:demo-key-0123456789abcdef',
    VW_SIM_VESSELS: '40',
    VW_SIM_HISTORY_H: '12',
    VW_SIM_SPEED: '1000000',
  });

  it('answers /healthz and serves the gateway under /gateway with API keys', async () => {
    expect((await fetch(`${running().url}/healthz`)).status).toBe(200);
    const record = '//SR//AD/VNM//FR/VNM//TM/POS//IR/EXT-1//DA/20261126//TI/0800//LT/+09.5//LG/+106.2//ER//';
    const refused = await fetch(`${running().gatewayUrl}/v1/reports/naf`, { method: 'POST', body: record });
    expect(refused.status).toBe(401);
    const accepted = await fetch(`${running().gatewayUrl}/v1/reports/naf`, {
      method: 'POST',
      body: record,
      headers: { 'x-api-key': 'demo-key-0123456789abcdef' },
    });
    expect(await accepted.json()).toMatchObject({ accepted: 1, unregistered: 1 });
  });

  it('writes the simulated fleet into the vessel registry, terminals included, without contact details', async () => {
    const first = running().simulator!.simulation.vessels[0]!;
    const registered = await running().store.vessel(first.vesselId);
    expect(registered).toMatchObject({
      registrationNumber: first.registrationNumber,
      terminalIds: [first.terminalId],
    });
    // A simulated alert must never reach a real person.
    expect(registered?.owner.phone).toBeUndefined();
    expect(registered?.owner.email).toBeUndefined();
    expect((await running().store.terminalRegistrations()).length).toBe(40);
  });

  it('publishes the simulated fleet through the gateway path, keyed by its registered vessels', async () => {
    const simulator = running().simulator!;
    const deadline = Date.now() + 30_000;
    while (!simulator.status().live && Date.now() < deadline) await sleep(50);
    const messages: BusMessage[] = [];
    const consumer = running().bus.consumer({ groupId: 'all-in-one-ingest-test', topics: [TOPICS.fixes] });
    await consumer.run(async (batch) => void messages.push(...batch.messages));
    const sent = simulator.status().reportsSent;
    while (messages.filter((m) => !m.key.startsWith('unregistered:')).length < sent && Date.now() < deadline)
      await sleep(50);
    await consumer.stop();
    const simulated = messages.filter((m) => !m.key.startsWith('unregistered:'));
    expect(sent).toBeGreaterThan(100);
    expect(simulated.length).toBeGreaterThanOrEqual(sent);
    const vesselIds = new Set(simulator.simulation.vessels.map((vessel) => vessel.vesselId));
    expect(simulated.every((m) => vesselIds.has(m.key))).toBe(true);
    expect(decodeFixMessage(simulated[0]!.value).source).toBe('sim');
  });
});
