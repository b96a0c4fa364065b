import { afterEach, describe, expect, it } from 'vitest';
import { NOTIFIER_SETTINGS_DEFAULT } from './settings';
import { startStandaloneNotifier, type RunningStandaloneNotifier } from './standalone';
import { recordingLogger } from './test-support/harness';

/** The standalone notifier's HTTP endpoints (here on the in-process bus and embedded PGlite). */
let running: RunningStandaloneNotifier | null = null;
afterEach(async () => {
  await running?.close();
  running = null;
});

describe('standalone notifier', () => {
  it('answers /healthz, /readyz and /metrics, and shuts down cleanly', async () => {
    const log = recordingLogger();
    running = await startStandaloneNotifier(
      {
        bus: { kind: 'in-process' },
        database: { embedded: {} },
        topicSpecs: [
          { topic: 'vms.alerts', partitions: 2 },
          { topic: 'vms.downlink', partitions: 2 },
        ],
        settings: NOTIFIER_SETTINGS_DEFAULT,
        http: { host: '127.0.0.1', port: 0 },
      },
      log,
    );
    const health = await fetch(`${running.url}/healthz`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { notifier: { channels: string[] } }).notifier.channels).toEqual([
      'downlink',
      'webhook',
    ]);
    const ready = await fetch(`${running.url}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { bus: 'ok', database: 'ok' } });
    const metrics = await (await fetch(`${running.url}/metrics`)).text();
    expect(metrics).toContain('vesselwatch_notifier_events_total 0');
    expect(metrics).toContain('vesselwatch_notifier_send_outcomes_total{outcome="sent"} 0');
    expect((await fetch(`${running.url}/nothing`)).status).toBe(404);
    await running.close();
    running = null;
    expect(log.lines.filter((line) => line.level === 'error')).toEqual([]);
    expect(log.lines.some((line) => line.msg === 'notifier stopped')).toBe(true);
  });
});
