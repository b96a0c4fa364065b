import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardStatic } from './dashboard-static';

describe('dashboardStatic', () => {
  let distDir: string;
  let app: express.Express;

  beforeAll(async () => {
    distDir = await mkdtemp(join(tmpdir(), 'vw-dashboard-'));
    await mkdir(join(distDir, 'assets'));
    await writeFile(join(distDir, 'index.html'), '<!doctype html><div id="root"></div>');
    await writeFile(join(distDir, 'assets', 'index-abc123.js'), 'console.log(1)');
    app = express();
    app.get('/api/ping', (_req, res) => void res.json({ pong: true }));
    app.use(dashboardStatic({ distDir, clientConfig: { styleUrl: null } }));
    app.use((_req, res) => void res.status(404).json({ error: { code: 'VW_ERR_NOT_FOUND' } }));
  });
  afterAll(() => rm(distDir, { recursive: true, force: true }));

  it('serves index.html at / and for client routes, never cached', async () => {
    for (const path of ['/', '/vessels/abc', '/alerts']) {
      const res = await request(app).get(path).set('accept', 'text/html').expect(200);
      expect(res.text).toContain('id="root"');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets as immutable and a missing asset as 404', async () => {
    const res = await request(app).get('/assets/index-abc123.js').expect(200);
    expect(res.headers['cache-control']).toContain('immutable');
    await request(app).get('/assets/missing.js').expect(404);
  });

  it('leaves the API and other server paths alone', async () => {
    await request(app).get('/api/ping').expect(200, { pong: true });
    const res = await request(app).get('/api/unknown').set('accept', 'text/html').expect(404);
    expect(res.body.error.code).toBe('VW_ERR_NOT_FOUND');
    await request(app).get('/status').set('accept', 'text/html').expect(404);
  });

  it('tells the browser app its configuration', async () => {
    await request(app).get('/dashboard-config.json').expect(200, { styleUrl: null });
  });

  it('refuses to mount a dashboard that was not built', () => {
    expect(() =>
      dashboardStatic({ distDir: join(distDir, 'nope'), clientConfig: { styleUrl: null } }),
    ).toThrow(/not built/);
  });
});
