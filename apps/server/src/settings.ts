import { randomBytes } from 'node:crypto';
import { HOUR_MS, MINUTE_MS } from '@vesselwatch/domain';

/**
 * The server's settings; the app (apps/cli config.ts) reads them from the environment and passes them in.
 * Names say the unit.
 */
export interface ServerSettings {
  /** How long a login session lasts (absolute, not sliding). */
  sessionTtlMs: number;
  /** Mark the session cookie `Secure` (only sent over HTTPS): set it when a TLS proxy fronts the server. */
  secureCookies: boolean;
  /**
   * Which reverse proxies in front of the server to believe about the client's address (X-Forwarded-For):
   * false = none (the address is the TCP peer's), a number = that many proxy hops, or addresses / CIDR
   * ranges / `loopback`, `linklocal`, `uniquelocal` (express's `trust proxy`). Behind a proxy without it,
   * every client has the proxy's address, so one client's failed logins lock a user name out for all.
   */
  trustProxy: false | number | string[];
  /** Failed logins allowed for one user name from one address within `loginWindowMs`, then 429. */
  loginMaxFailures: number;
  loginWindowMs: number;
  /** Shortest time between two socket.io `positions` frames to one client. */
  liveFrameIntervalMs: number;
  /** How often a socket.io client's session is checked again (logout, expiry, disabled user). */
  liveSessionCheckMs: number;
  /** How often the in-memory vessel directory (labels, home ports) is refreshed from the registry. */
  registryRefreshMs: number;
  /** Largest JSON body of an API request. */
  maxJsonBytes: number;
  /** Largest raw upload (vessel CSV, boundary file). */
  maxUploadBytes: number;
  /** Unique per server instance: its own consumer groups on vms.live and vms.alerts. */
  instanceId: string;
  /** Jurisdiction (ISO 3166-1 alpha-3) of the storm-warning zones this deployment publishes. */
  stormWarningJurisdiction: string;
}

export const SESSION_COOKIE = 'vw_session';

export const SERVER_SETTINGS_DEFAULT: Omit<ServerSettings, 'instanceId'> = {
  sessionTtlMs: 12 * HOUR_MS,
  secureCookies: false,
  trustProxy: false,
  loginMaxFailures: 5,
  loginWindowMs: 15 * MINUTE_MS,
  liveFrameIntervalMs: 1_000,
  liveSessionCheckMs: MINUTE_MS,
  registryRefreshMs: 30_000,
  maxJsonBytes: 1024 * 1024,
  maxUploadBytes: 32 * 1024 * 1024,
  stormWarningJurisdiction: 'VNM',
};

/** A fresh instance id: `<hostname-free random hex>`, so two instances never share a consumer group. */
export function newInstanceId(): string {
  return randomBytes(6).toString('hex');
}

export function serverSettings(overrides: Partial<ServerSettings> = {}): ServerSettings {
  return { ...SERVER_SETTINGS_DEFAULT, instanceId: newInstanceId(), ...overrides };
}

/** The part of a pino-style logger the server uses; the app passes its own logger in. */
export interface ServerLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}
