import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { type BusMessage, InProcessBus } from '@vesselwatch/bus';
import { decodeFixMessage } from '@vesselwatch/codecs';
import { DAY_MS, HOUR_MS, TOPICS } from '@vesselwatch/domain';
import { InMemoryTerminalDirectory, createIngestPath } from '@vesselwatch/gateway';
import { fleetRegistrations } from './registry';
import { SimulatorRunner } from './runner';

describe('SimulatorRunner', () => {
  it('runs accelerated from the past and never reports from the future', async () => {
    let wallMs = Date.UTC(2026, 10, 26, 12);
    const sent: string[][] = [];
    const runner = new SimulatorRunner(
      {
        seed: 1,
        vesselCount: 20,
        reportIntervalMs: 2 * HOUR_MS,
        historyMs: DAY_MS,
        speedFactor: 3600,
        tickMs: 1000,
      },
      async (lines) => void sent.push(lines),
      (error) => {
        throw error;
      },
      () => wallMs,
    );
    // 10 wall seconds at 3600x are 10 simulated hours: each vessel reports 5 times.
    wallMs += 10_000;
    expect(await runner.step()).toBe(20 * 5);
    expect(runner.status()).toMatchObject({ live: false, reportsSent: 100 });
    // An hour of wall time at 3600x would be 150 days ahead; the simulation stops at the wall clock.
    wallMs += HOUR_MS;
    await runner.step();
    expect(runner.simulation.nowMs).toBe(wallMs);
    expect(runner.status().live).toBe(true);
    const lastLine = sent.flat().at(-1)!;
    expect(lastLine).toMatch(/^\/\/SR\/\/AD\/VNM\/\/FR\/VNM\/\/TM\/POS\/\/IR\/SIM-\d{5}\/\//);
  });

  it('publishes through the gateway path: NAF decoded and keyed by the registered vessel ids', async () => {
    const bus = new InProcessBus();
    try {
      await bus.ensureTopics([
        { topic: TOPICS.fixes, partitions: 4 },
        { topic: TOPICS.fixesDeadLetter, partitions: 1 },
      ]);
      const directory = new InMemoryTerminalDirectory();
      const { pipeline } = createIngestPath(await bus.producer(), directory);
      const runner = new SimulatorRunner(
        {
          seed: 5,
          vesselCount: 30,
          reportIntervalMs: 2 * HOUR_MS,
          historyMs: 6 * HOUR_MS,
          speedFactor: 1e9,
          tickMs: 20,
        },
        async (lines) => {
          const result = await pipeline.ingest(lines, { format: 'naf', source: 'sim', origin: 'simulator' });
          if (result.rejected > 0) throw new Error(JSON.stringify(result.rejections));
        },
        (error) => {
          throw error;
        },
      );
      directory.register(fleetRegistrations(runner.simulation.vessels));
      runner.start();
      const messages: BusMessage[] = [];
      const consumer = bus.consumer({ groupId: 'sim-test', topics: [TOPICS.fixes] });
      await consumer.run(async (batch) => void messages.push(...batch.messages));
      // Wait until the simulation has caught up with the wall clock and every report sent has arrived.
      const deadline = Date.now() + 20_000;
      while (
        !(runner.status().live && messages.length >= runner.status().reportsSent) &&
        Date.now() < deadline
      )
        await sleep(20);
      expect(runner.status().reportsSent).toBeGreaterThan(50);
      expect(messages).toHaveLength(runner.status().reportsSent);
      await runner.stop();
      await consumer.stop();
      const vesselIds = new Set(runner.simulation.vessels.map((vessel) => vessel.vesselId));
      expect(messages.every((message) => vesselIds.has(message.key))).toBe(true);
      const fix = decodeFixMessage(messages[0]!.value);
      expect(fix).toMatchObject({ source: 'sim', vesselId: messages[0]!.key });
      expect(fix.terminalId).toMatch(/^SIM-\d{5}$/);
    } finally {
      await bus.close();
    }
  });
});
