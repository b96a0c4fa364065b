import { ERROR_CATALOGUE, type ErrorCode } from './catalogue';

export interface VesselWatchErrorOptions {
  /** What exactly went wrong in this case (which field, which file, which host). */
  detail?: string;
  /** Structured facts for logs and API error bodies. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** An error with a stable catalogue code; its message is the catalogue's advice plus the case's detail. */
export class VesselWatchError extends Error {
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, options: VesselWatchErrorOptions = {}) {
    const definition = ERROR_CATALOGUE[code];
    const message = options.detail
      ? `${code}: ${options.detail}. ${definition.message}`
      : `${code}: ${definition.message}`;
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'VesselWatchError';
    this.code = code;
    this.retriable = definition.retriable;
    this.details = options.details ?? {};
  }

  /** The shape API error bodies and log lines carry. */
  toJSON(): { code: ErrorCode; message: string; retriable: boolean; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, retriable: this.retriable, details: this.details };
  }
}

export function isVesselWatchError(error: unknown, code?: ErrorCode): error is VesselWatchError {
  return error instanceof VesselWatchError && (code === undefined || error.code === code);
}

/** True when the error is worth retrying: a catalogued retriable error. Unknown errors are not retried blindly. */
export function isRetriable(error: unknown): boolean {
  return error instanceof VesselWatchError && error.retriable;
}
