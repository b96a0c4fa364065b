import express, { type Express } from 'express';
import { runReadinessChecks, type ReadinessCheck } from './readiness';
import { renderStatusPage, type SystemDescription } from './status-page';

export interface ServerAppOptions {
  system: SystemDescription;
  readinessChecks: ReadinessCheck[];
  now?: () => number;
}

/**
 * The HTTP front of VesselWatch. For now: liveness (/healthz: the process answers), readiness (/readyz:
 * every dependency answers, so a load balancer only sends traffic to an instance that can serve it) and a
 * status page saying which bus and database this instance runs on.
 */
export function createServerApp({ system, readinessChecks, now = Date.now }: ServerAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', uptimeMs: now() - system.startedAtMs });
  });

  app.get('/readyz', async (_req, res) => {
    const checks = await runReadinessChecks(readinessChecks);
    const ready = checks.every((c) => c.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks, system });
  });

  // The dashboard is served at / (see dashboard-static.ts); the status page lives here.
  app.get('/status', async (_req, res) => {
    const checks = await runReadinessChecks(readinessChecks);
    res.type('html').send(renderStatusPage(system, checks, now()));
  });

  return app;
}
