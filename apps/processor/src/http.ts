import type { RequestHandler } from 'express';
import type { ProcessorMetrics } from './metrics';

/**
 * GET /metrics in the Prometheus text format. A failing collector (e.g. the broker does not answer the
 * end-offset query for the lag gauge) answers 503 with the reason, never a partial page.
 */
export function metricsHandler(metrics: ProcessorMetrics): RequestHandler {
  return (_req, res) => {
    metrics.text().then(
      ({ contentType, body }) => {
        res.type(contentType).send(body);
      },
      (error: unknown) => {
        res
          .status(503)
          .type('text/plain')
          .send(`metrics unavailable: ${error instanceof Error ? error.message : String(error)}\n`);
      },
    );
  };
}
