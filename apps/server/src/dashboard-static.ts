import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Request, type Router } from 'express';

export interface DashboardMountOptions {
  /** The built dashboard (apps/dashboard/dist, see @vesselwatch/dashboard ensureDashboardBuilt). */
  distDir: string;
  /** Served as /dashboard-config.json: what the browser app needs to know about this deployment. */
  clientConfig: { styleUrl: string | null };
}

/** Paths that belong to the server itself: never answered with the dashboard's index.html. */
const SERVER_PATHS = /^\/(api|socket\.io|gateway|metrics|healthz|readyz|status)(\/|$)/;

function wantsHtml(req: Request): boolean {
  return (
    (req.method === 'GET' || req.method === 'HEAD') &&
    !SERVER_PATHS.test(req.path) &&
    req.accepts(['html', 'json']) === 'html'
  );
}

/**
 * The built dashboard at /: hashed assets cached for a year, index.html never cached, and index.html for
 * any other page path (client routes such as /vessels/…), so a reload or a shared link works. Mount it
 * after the API routes.
 */
export function dashboardStatic({ distDir, clientConfig }: DashboardMountOptions): Router {
  const indexFile = join(distDir, 'index.html');
  if (!existsSync(indexFile)) {
    throw new Error(
      `the dashboard is not built: ${indexFile} is missing (run npm run build -w @vesselwatch/dashboard)`,
    );
  }
  const router = express.Router();
  router.get('/dashboard-config.json', (_req, res) => {
    res.set('cache-control', 'no-cache').json(clientConfig);
  });
  router.use(
    '/assets',
    express.static(join(distDir, 'assets'), {
      immutable: true,
      maxAge: '365d',
      index: false,
      fallthrough: false,
    }),
  );
  router.use(express.static(distDir, { index: false, dotfiles: 'ignore' }));
  router.use((req, res, next) => {
    if (!wantsHtml(req)) return next();
    res.set('cache-control', 'no-cache').sendFile(indexFile);
  });
  return router;
}
