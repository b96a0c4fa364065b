import express, { type NextFunction, type Request, type Response } from 'express';
import {
  type CsvColumns,
  DEFAULT_CSV_COLUMNS,
  DEFAULT_CSV_OPTIONS,
  type CsvOptions,
  isInputFormat,
} from '@vesselwatch/codecs';
import { type ErrorCode, VesselWatchError, isVesselWatchError } from '@vesselwatch/domain';
import type { FixPublisher } from '../fix-publisher';
import type { IngestPipeline } from '../ingest-pipeline';
import { ApiKeys, apiKeyFromHeaders } from './api-keys';
import type { DownlinkMailbox } from '../downlink/downlink-mailbox';
import { downlinkRoutes } from '../downlink/downlink-routes';

export interface GatewayHttpOptions {
  pipeline: IngestPipeline;
  publisher: FixPublisher;
  apiKeys: ApiKeys;
  maxBodyBytes: number;
  /** Seconds a client is told to wait in Retry-After when the gateway is busy. */
  retryAfterSeconds: number;
  /** Path prefix of every route, e.g. `/gateway` when mounted beside the server app; default none. */
  basePath?: string;
  /** Terminal downlink for providers (GET /v1/downlink, POST /v1/downlink/ack); none: no such routes. */
  downlink?: DownlinkMailbox;
}

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  VW_ERR_GATEWAY_AUTH: 401,
  VW_ERR_FORMAT_UNKNOWN: 404,
  VW_ERR_PAYLOAD_TOO_LARGE: 413,
  VW_ERR_INPUT_INVALID: 400,
  VW_ERR_INGEST_REJECTED: 422,
  VW_ERR_GATEWAY_BUSY: 503,
  VW_ERR_BUS_SEND_FAILED: 503,
  VW_ERR_BUS_UNAVAILABLE: 503,
};

function sendError(res: Response, error: VesselWatchError, retryAfterSeconds: number): void {
  const status = STATUS_BY_CODE[error.code] ?? 500;
  if (status === 503) res.set('Retry-After', String(retryAfterSeconds));
  res.status(status).json({ error: error.toJSON() });
}

/** `?columns=terminalId:boat,time:when` renames the CSV columns for one request; `?delimiter=;`. */
function csvOptionsFrom(query: Request['query']): CsvOptions {
  const columns: CsvColumns = { ...DEFAULT_CSV_COLUMNS };
  if (typeof query.columns === 'string') {
    for (const pair of query.columns.split(',')) {
      const [key, name] = pair.split(':');
      if (!key || !name || !(key in columns)) {
        throw new VesselWatchError('VW_ERR_INPUT_INVALID', {
          detail: `columns: "${pair}" is not field:header with field one of ${Object.keys(columns).join(', ')}`,
        });
      }
      columns[key as keyof CsvColumns] = [name];
    }
  }
  const delimiter =
    typeof query.delimiter === 'string' && query.delimiter.length === 1 ? query.delimiter : ',';
  return { ...DEFAULT_CSV_OPTIONS, columns, delimiter };
}

/** JSON bodies may be one array of reports; the decoder reads lines, so an array becomes one line per element. */
function jsonBodyLines(body: string): string[] {
  const text = body.trim();
  if (!text.startsWith('[')) return body.split('\n');
  try {
    const values = JSON.parse(text) as unknown;
    if (Array.isArray(values)) return values.map((value) => JSON.stringify(value));
  } catch (error) {
    throw new VesselWatchError('VW_ERR_INPUT_INVALID', {
      detail: `body is not a JSON array: ${(error as Error).message}`,
    });
  }
  return body.split('\n');
}

/**
 * The gateway's HTTP API: `POST /v1/reports/{naf|nmea|json|csv|gfw-json}` with the lines as the body.
 * 202 when every line was accepted, 422 with one entry per rejected line otherwise (the other lines were
 * accepted), 503 + Retry-After when the bus lags. See docs/gateway.md.
 */
export function createGatewayApp(options: GatewayHttpOptions): express.Express {
  const { pipeline, publisher, apiKeys, retryAfterSeconds } = options;
  const base = options.basePath ?? '';
  const app = express();
  app.disable('x-powered-by');

  app.get(`${base}/healthz`, (_req, res) => {
    res.json({
      status: 'ok',
      pendingFixes: publisher.pendingFixes,
      maxPendingFixes: publisher.maxPendingFixes,
    });
  });

  const authenticate = (req: Request, res: Response, next: NextFunction) => {
    const provider = apiKeys.providerFor(apiKeyFromHeaders(req.headers));
    if (provider === null) {
      const detail =
        apiKeys.size === 0
          ? 'no API keys are configured (VW_GATEWAY_API_KEYS)'
          : 'missing or unknown API key';
      next(new VesselWatchError('VW_ERR_GATEWAY_AUTH', { detail }));
      return;
    }
    providerLocals(res).provider = provider;
    next();
  };

  // Refuse before reading the body: a busy gateway must not buffer more.
  const admit = (_req: Request, _res: Response, next: NextFunction) => {
    if (!publisher.hasRoomFor()) {
      next(
        new VesselWatchError('VW_ERR_GATEWAY_BUSY', {
          detail: `${publisher.pendingFixes} fixes await acknowledgement`,
        }),
      );
      return;
    }
    next();
  };

  app.post(
    `${base}/v1/reports/:format`,
    authenticate,
    admit,
    express.text({ type: () => true, limit: options.maxBodyBytes }),
    async (req: Request, res: Response, next: NextFunction) => {
      try {
        const format = String(req.params.format);
        if (!isInputFormat(format)) {
          throw new VesselWatchError('VW_ERR_FORMAT_UNKNOWN', { detail: `"${format}" in ${req.path}` });
        }
        const body = typeof req.body === 'string' ? req.body : '';
        if (body.trim() === '')
          throw new VesselWatchError('VW_ERR_INPUT_INVALID', { detail: 'the body is empty' });
        const lines = format === 'json' ? jsonBodyLines(body) : body.split('\n');
        if (lines.at(-1) === '') lines.pop();
        const result = await pipeline.ingest(lines, {
          format,
          origin: `http:${providerLocals(res).provider}`,
          csv: format === 'csv' ? csvOptionsFrom(req.query) : undefined,
        });
        if (result.rejected === 0) {
          res.status(202).json(result);
          return;
        }
        const error = new VesselWatchError('VW_ERR_INGEST_REJECTED', {
          detail: `${result.rejected} of ${result.lines} lines rejected, ${result.accepted} fixes accepted`,
          details: { ...result },
        });
        sendError(res, error, retryAfterSeconds);
      } catch (error) {
        next(error);
      }
    },
  );

  if (options.downlink) app.use(base || '/', downlinkRoutes(options.downlink, authenticate));

  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (isVesselWatchError(error)) return sendError(res, error, retryAfterSeconds);
    const type = (error as { type?: string }).type;
    if (type === 'entity.too.large') {
      return sendError(
        res,
        new VesselWatchError('VW_ERR_PAYLOAD_TOO_LARGE', {
          detail: `the limit is ${options.maxBodyBytes} bytes`,
        }),
        retryAfterSeconds,
      );
    }
    if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
      return sendError(
        res,
        new VesselWatchError('VW_ERR_INPUT_INVALID', { detail: (error as Error).message }),
        retryAfterSeconds,
      );
    }
    next(error);
  });
  return app;
}

function providerLocals(res: Response): { provider?: string } {
  return res.locals as { provider?: string };
}
