import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { VesselWatchError, isVesselWatchError, type ErrorCode } from '@vesselwatch/domain';
import type { ServerLogger } from '../settings';

/** HTTP status of each error code an API answer can carry; anything else unexpected is a 500. */
const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  VW_ERR_INPUT_INVALID: 400,
  VW_ERR_ZONE_FILE_INVALID: 400,
  VW_ERR_FORMAT_UNKNOWN: 400,
  VW_ERR_AUTH_REQUIRED: 401,
  VW_ERR_AUTH_FAILED: 401,
  VW_ERR_FORBIDDEN: 403,
  VW_ERR_PASSWORD_CHANGE_REQUIRED: 403,
  VW_ERR_NOT_FOUND: 404,
  VW_ERR_CONFLICT: 409,
  VW_ERR_PAYLOAD_TOO_LARGE: 413,
  VW_ERR_RATE_LIMITED: 429,
  VW_ERR_DB_UNAVAILABLE: 503,
  VW_ERR_BUS_UNAVAILABLE: 503,
  VW_ERR_BUS_SEND_FAILED: 503,
};

export function httpStatusOf(code: ErrorCode): number {
  return STATUS_BY_CODE[code] ?? 500;
}

/** The body of every API error: `{ error: { code, message, details } }`. */
export interface ApiErrorBody {
  error: { code: ErrorCode; message: string; details: Record<string, unknown> };
}

export function errorBody(error: VesselWatchError): ApiErrorBody {
  return { error: { code: error.code, message: error.message, details: error.details } };
}

export function notFound(what: string, id: string): VesselWatchError {
  return new VesselWatchError('VW_ERR_NOT_FOUND', { detail: `no ${what} "${id}"`, details: { [what]: id } });
}

export function forbidden(detail: string): VesselWatchError {
  return new VesselWatchError('VW_ERR_FORBIDDEN', { detail });
}

/** The body parsers' own errors (bad JSON, too large) as catalogued errors. */
function fromBodyParser(error: unknown): VesselWatchError | null {
  const e = error as { type?: string; status?: number; limit?: number; message?: string };
  if (e?.type === 'entity.too.large')
    return new VesselWatchError('VW_ERR_PAYLOAD_TOO_LARGE', {
      detail: `the request body is larger than ${e.limit} bytes`,
      details: { limitBytes: e.limit },
    });
  if (
    e?.type === 'entity.parse.failed' ||
    e?.type === 'encoding.unsupported' ||
    e?.type === 'charset.unsupported'
  )
    return new VesselWatchError('VW_ERR_INPUT_INVALID', { detail: `the body cannot be read: ${e.message}` });
  return null;
}

/** Unknown /api routes answer 404 with a code, not express's HTML page. */
export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new VesselWatchError('VW_ERR_NOT_FOUND', { detail: `no route ${req.method} ${req.path}` }));
};

/**
 * Turns every error of an API route into its JSON body and status. Catalogued errors go out as they are;
 * anything else is a bug: logged with its stack under a request id, answered VW_ERR_INTERNAL (500) with
 * that id and nothing of the internals.
 */
export function apiErrorHandler(log: ServerLogger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const known = isVesselWatchError(error) ? error : fromBodyParser(error);
    if (known) {
      if (known.code === 'VW_ERR_RATE_LIMITED' && typeof known.details['retryAfterS'] === 'number')
        res.setHeader('Retry-After', String(known.details['retryAfterS']));
      if (httpStatusOf(known.code) >= 500)
        log.error({ err: known, method: req.method, path: req.path }, 'API request failed');
      res.status(httpStatusOf(known.code)).json(errorBody(known));
      return;
    }
    const requestId = randomUUID();
    log.error({ err: error, requestId, method: req.method, path: req.path }, 'API request failed with a bug');
    const internal = new VesselWatchError('VW_ERR_INTERNAL', { details: { requestId } });
    res.status(500).json(errorBody(internal));
  };
}
