import compression from 'compression';
import express, { type Express } from 'express';
import { createApiRouter } from './api/api-router';
import { securityHeaders } from './http/security-headers';
import { runReadinessChecks, type ReadinessCheck } from './readiness';
import type { ServerContext } from './server-context';
import { renderStatusPage, type SystemDescription } from './status-page';

export interface ServerAppOptions {
  system: SystemDescription;
  readinessChecks: ReadinessCheck[];
  now?: () => number;
  /** The REST API under /api (auth, registry, positions, alerts, zones, ...); absent: health and status only. */
  api?: ServerContext;
  /** Origins the Content Security Policy allows besides this one (an online base-map style and its tiles). */
  cspExtraOrigins?: readonly string[];
}

/** Where the status page lives; `/` is left to the dashboard. */
export const STATUS_PAGE_PATH = '/status';

/**
 * The HTTP front of VesselWatch: liveness (/healthz: the process answers), readiness (/readyz: every
 * dependency answers, so a load balancer only sends traffic to an instance that can serve it), a status
 * page at /status saying which bus and database this instance runs on, and the REST API under /api.
 * Security headers (CSP, no sniffing, no framing) on everything. The live map's socket.io endpoint is
 * attached to the HTTP server separately (`startLiveServer`).
 */
export function createServerApp({
  system,
  readinessChecks,
  now = Date.now,
  api,
  cspExtraOrigins = [],
}: ServerAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', api?.settings.trustProxy ?? false);
  app.use(securityHeaders({ hsts: api?.settings.secureCookies ?? false, extraOrigins: cspExtraOrigins }));
  // The zone set is megabytes of GeoJSON (a tenth of that gzipped): it matters on a phone over 3G.
  app.use(compression());

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', uptimeMs: now() - system.startedAtMs });
  });

  app.get('/readyz', async (_req, res) => {
    const checks = await runReadinessChecks(readinessChecks);
    const ready = checks.every((c) => c.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks, system });
  });

  app.get(STATUS_PAGE_PATH, async (_req, res) => {
    const checks = await runReadinessChecks(readinessChecks);
    res.type('html').send(renderStatusPage(system, checks, now()));
  });

  if (api) app.use('/api', createApiRouter(api, system.version).router);
  return app;
}
