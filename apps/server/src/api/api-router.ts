import { Router, json } from 'express';
import { requireAuth } from '../auth/require-auth';
import { apiErrorHandler, apiNotFound } from '../http/api-error';
import { DocumentedRouter, type RouteCatalogue } from '../http/documented-router';
import { buildOpenApiDocument } from '../openapi/openapi';
import type { ServerContext } from '../server-context';
import { alertsRoutes } from './alerts-routes';
import { authRoutes } from './auth-routes';
import { evidenceRoutes } from './evidence-routes';
import { readRoutes } from './read-routes';
import { usersRoutes } from './users-routes';
import { vesselsRoutes } from './vessels-routes';
import { zonesRoutes } from './zones-routes';

/** Routes whose body is a file, not JSON. */
const RAW_UPLOADS = /^\/(zones|vessels)\/import\/?$/;

/**
 * Everything under /api: JSON bodies, auth routes (open), /api/docs (open), then every other route behind
 * a session. Errors of any route become `{ error: { code, message, details } }` with the code's status.
 */
export function createApiRouter(
  context: ServerContext,
  version: string,
): { router: Router; catalogue: RouteCatalogue } {
  const { store, settings, now, auth, zoneSets, directory, log } = context;
  const catalogue: RouteCatalogue = [];
  const router = Router();
  // Uploads (a GeoJSON boundary file is application/json too) are read raw by their own routes, with their own limit.
  const jsonBody = json({ limit: settings.maxJsonBytes });
  router.use((req, res, next) => (RAW_UPLOADS.test(req.path) ? next() : jsonBody(req, res, next)));
  // Answers change with every write: never from a cache.
  router.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  router.use('/auth', authRoutes(auth, settings, catalogue).router);

  const docs = new DocumentedRouter(catalogue, '/api');
  let openApiText: string | null = null;
  docs.get(
    '/docs',
    {
      tag: 'docs',
      session: false,
      summary: 'This OpenAPI 3.1 document',
      responses: { 200: { description: 'the document', schema: { type: 'object' } } },
    },
    (_req, res) => {
      openApiText ??= JSON.stringify(buildOpenApiDocument(catalogue, version));
      res.type('application/json').send(openApiText);
    },
  );
  router.use(docs.router);

  router.use(requireAuth(auth));
  router.use('/users', usersRoutes(store, catalogue).router);
  router.use('/vessels', vesselsRoutes(store, settings, directory, catalogue).router);
  router.use('/alerts', alertsRoutes(store, now, catalogue).router);
  router.use(readRoutes(store, now, catalogue).router);
  router.use(evidenceRoutes(store, now, catalogue).router);
  router.use(zonesRoutes(store, zoneSets, settings, now, catalogue).router);
  router.use(apiNotFound);
  router.use(apiErrorHandler(log));
  return { router, catalogue };
}
