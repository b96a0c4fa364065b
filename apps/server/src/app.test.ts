import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createServerApp } from './app';
import type { SystemDescription } from './status-page';

const system: SystemDescription = {
  version: '0.1.0',
  bus: 'in-process log (embedded)',
  database: 'embedded PGlite + TimescaleDB (memory)',
  fixStorage: 'hypertable',
  startedAtMs: 0,
};

function appWith(checks: Parameters<typeof createServerApp>[0]['readinessChecks']) {
  return createServerApp({ system, readinessChecks: checks, now: () => 90 * 60_000 });
}

describe('server app', () => {
  it('answers /healthz while the process lives, whatever its dependencies do', async () => {
    const app = appWith([{ name: 'database', check: () => Promise.reject(new Error('down')) }]);
    const res = await request(app).get('/healthz').expect(200);
    expect(res.body).toEqual({ status: 'ok', uptimeMs: 90 * 60_000 });
  });

  it('is ready when every check passes', async () => {
    const app = appWith([
      { name: 'bus', check: async () => {} },
      { name: 'database', check: async () => {} },
    ]);
    const res = await request(app).get('/readyz').expect(200);
    expect(res.body.status).toBe('ready');
    expect(res.body.checks.map((c: { name: string }) => c.name)).toEqual(['bus', 'database']);
  });

  it('is not ready (503) and says why when a check fails', async () => {
    const app = appWith([
      { name: 'bus', check: async () => {} },
      { name: 'database', check: () => Promise.reject(new Error('connection refused')) },
    ]);
    const res = await request(app).get('/readyz').expect(503);
    expect(res.body.checks[1]).toMatchObject({ name: 'database', ok: false, error: 'connection refused' });
  });

  it('counts a hung check as failed instead of hanging', async () => {
    const app = appWith([{ name: 'bus', check: () => new Promise<void>(() => {}) }]);
    const res = await request(app).get('/readyz').expect(503);
    expect(res.body.checks[0].error).toMatch(/no answer within/);
  }, 10_000);

  it('shows which bus and database it runs on, escaped', async () => {
    const app = createServerApp({
      system: { ...system, database: 'postgres <script>' },
      readinessChecks: [],
      now: () => 90 * 60_000,
    });
    const res = await request(app).get('/status').expect(200).expect('content-type', /html/);
    expect(res.text).toContain('in-process log (embedded)');
    expect(res.text).toContain('TimescaleDB hypertable');
    expect(res.text).toContain('postgres &#60;script&#62;');
    expect(res.text).toContain('1 h 30 min');
  });
});
