import { z } from 'zod';
import { VesselWatchError, describeIssues } from '@vesselwatch/domain';
import type { BusConfig } from '@vesselwatch/bus';
import type { StoreConfig } from '@vesselwatch/store';
import {
  DEFAULT_FLAG_STATE,
  MAX_BATCH_SIZE_DEFAULT,
  CONCURRENT_PARTITIONS_DEFAULT,
  PROCESSOR_GROUP_ID_DEFAULT,
  PROCESSOR_SETTINGS_DEFAULT,
  REGISTRY_POLL_INTERVAL_MS_DEFAULT,
  SIGNAL_CHECK_INTERVAL_MS_DEFAULT,
  ZONE_POLL_INTERVAL_MS_DEFAULT,
  type ProcessorSettings,
} from '@vesselwatch/processor';
import { SERVER_SETTINGS_DEFAULT, parseTrustProxy, type ServerSettings } from '@vesselwatch/server';
import type { NotifierSettings } from '@vesselwatch/notifier';
import { NOTIFIER_ENV, notifierSettingsFrom } from './config-notifier';

/**
 * Every setting of the all-in-one process, read once from the environment, validated, with named defaults.
 * Packages never read the environment themselves: they get the parts of this object they need.
 * The README's configuration table documents each variable; keep them in step.
 */
export const DEFAULT_HTTP_PORT = 8080;
/** Loopback by default, so a newcomer's all-in-one system is not exposed to the network by accident. */
export const DEFAULT_HTTP_HOST = '127.0.0.1';
export const DEFAULT_DATA_DIR = '.vesselwatch';
export const DEFAULT_KAFKA_CLIENT_ID = 'vesselwatch';
/** Partitions of `vms.fixes`: the upper bound on processors sharing the load. */
export const DEFAULT_FIXES_PARTITIONS = 12;
/** Largest gateway request body: about 7,000 NAF records. */
export const DEFAULT_GATEWAY_MAX_BODY_BYTES = 1024 * 1024;
/** Fixes the gateway lets wait for the bus's acknowledgement before it pushes back (503, paused sockets). */
export const DEFAULT_GATEWAY_MAX_PENDING_FIXES = 20_000;
export const DEFAULT_SIM_VESSELS = 300;
export const DEFAULT_SIM_SEED = 20261126;
/** Decree 26/2019 Art. 44: one position every 2 h. */
export const DEFAULT_SIM_REPORT_INTERVAL_S = 2 * 60 * 60;
/** One simulated hour per wall-clock minute while the simulation catches up with the present. */
export const DEFAULT_SIM_SPEED = 60;
/** A simulated week of history before the present: long enough for every alert type. */
export const DEFAULT_SIM_HISTORY_H = 7 * 24;

/** A comma-separated list, entries trimmed, empty entries dropped. */
const commaSeparated = () =>
  z.string().transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  );

const brokerList = commaSeparated().pipe(
  z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'each broker must be host:port')).min(1),
);

/** `provider:key,provider:key`: per-provider gateway API keys. */
const apiKeyList = commaSeparated()
  .pipe(
    z.array(
      z
        .string()
        .regex(
          /^[a-z0-9][a-z0-9_-]{0,31}:[\x21-\x2b\x2d-\x7e]{16,}$/,
          'each entry must be provider:key, provider in lower case, key at least 16 characters without commas',
        ),
    ),
  )
  .transform((pairs) =>
    pairs.map((pair) => {
      const colon = pair.indexOf(':');
      return { provider: pair.slice(0, colon), apiKey: pair.slice(colon + 1) };
    }),
  );

/** Vietnamese rule: VMS data kept at least 36 months (Decree 41/2026, see ../shared/reference/domain.md). */
export const DEFAULT_FIXES_RETENTION_MONTHS = 36;
/** How often compression, the hourly aggregate and retention run where no TimescaleDB job scheduler does it. */
export const DEFAULT_STORE_MAINTENANCE_INTERVAL_MIN = 60;

/** HTTP port of a standalone `vesselwatch processor` (/metrics, /healthz, /readyz). */
export const DEFAULT_PROCESSOR_PORT = 8081;

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65_535).default(DEFAULT_HTTP_PORT),
  HOST: z.string().min(1).default(DEFAULT_HTTP_HOST),
  KAFKA_BROKERS: brokerList.optional(),
  KAFKA_CLIENT_ID: z.string().min(1).default(DEFAULT_KAFKA_CLIENT_ID),
  VW_FIXES_PARTITIONS: z.coerce.number().int().min(1).max(1_000).default(DEFAULT_FIXES_PARTITIONS),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  VW_DATA_DIR: z.string().min(1).default(DEFAULT_DATA_DIR),
  VW_FIXES_RETENTION_MONTHS: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_200)
    .default(DEFAULT_FIXES_RETENTION_MONTHS),
  VW_STORE_MAINTENANCE_INTERVAL_MIN: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(DEFAULT_STORE_MAINTENANCE_INTERVAL_MIN),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  VW_GATEWAY_API_KEYS: apiKeyList.optional(),
  VW_GATEWAY_NMEA_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  VW_GATEWAY_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(DEFAULT_GATEWAY_MAX_BODY_BYTES),
  VW_GATEWAY_MAX_PENDING_FIXES: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000_000)
    .default(DEFAULT_GATEWAY_MAX_PENDING_FIXES),
  VW_PROCESSOR_GROUP_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,200}$/, 'letters, digits, ".", "_" and "-" only')
    .default(PROCESSOR_GROUP_ID_DEFAULT),
  VW_PROCESSOR_CLOCK: z.enum(['live', 'event']).default('live'),
  VW_PROCESSOR_SIGNAL_CHECK_S: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 3600)
    .default(SIGNAL_CHECK_INTERVAL_MS_DEFAULT / 1000),
  VW_PROCESSOR_ZONE_POLL_S: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 3600)
    .default(ZONE_POLL_INTERVAL_MS_DEFAULT / 1000),
  VW_PROCESSOR_REGISTRY_POLL_S: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 3600)
    .default(REGISTRY_POLL_INTERVAL_MS_DEFAULT / 1000),
  VW_PROCESSOR_BATCH_SIZE: z.coerce.number().int().min(1).max(50_000).default(MAX_BATCH_SIZE_DEFAULT),
  VW_PROCESSOR_CONCURRENT_PARTITIONS: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000)
    .default(CONCURRENT_PARTITIONS_DEFAULT),
  VW_PROCESSOR_PORT: z.coerce.number().int().min(0).max(65_535).default(DEFAULT_PROCESSOR_PORT),
  VW_FLAG_STATE: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 3166-1 alpha-3 code such as VNM')
    .default(DEFAULT_FLAG_STATE),
  VW_SIM_VESSELS: z.coerce.number().int().min(0).max(1_000_000).default(DEFAULT_SIM_VESSELS),
  VW_SIM_SEED: z.coerce.number().int().min(0).max(4_294_967_295).default(DEFAULT_SIM_SEED),
  VW_SIM_REPORT_INTERVAL_S: z.coerce.number().int().min(1).max(86_400).default(DEFAULT_SIM_REPORT_INTERVAL_S),
  VW_SIM_SPEED: z.coerce.number().min(1).max(1_000_000).default(DEFAULT_SIM_SPEED),
  VW_SIM_HISTORY_H: z.coerce
    .number()
    .min(0)
    .max(24 * 366)
    .default(DEFAULT_SIM_HISTORY_H),
  VW_SESSION_TTL_H: z.coerce
    .number()
    .min(0.25)
    .max(24 * 30)
    .default(SERVER_SETTINGS_DEFAULT.sessionTtlMs / 3_600_000),
  VW_SECURE_COOKIES: z.enum(['true', 'false']).default('false'),
  VW_TRUST_PROXY: z
    .string()
    .optional()
    .transform((text, ctx): ServerSettings['trustProxy'] => {
      if (text === undefined) return false;
      const parsed = parseTrustProxy(text);
      if ('value' in parsed) return parsed.value;
      ctx.addIssue({ code: 'custom', message: parsed.problem });
      return z.NEVER;
    }),
  VW_LOGIN_MAX_FAILURES: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(SERVER_SETTINGS_DEFAULT.loginMaxFailures),
  VW_LOGIN_WINDOW_MIN: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(SERVER_SETTINGS_DEFAULT.loginWindowMs / 60_000),
  VW_LIVE_FRAME_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(60_000)
    .default(SERVER_SETTINGS_DEFAULT.liveFrameIntervalMs),
  VW_DASHBOARD_STYLE_URL: z.url({ protocol: /^https?$/ }).optional(),
  ...NOTIFIER_ENV,
});

export interface AppConfig {
  http: { port: number; host: string };
  bus: BusConfig;
  fixesPartitions: number;
  database: StoreConfig;
  /** Where no TimescaleDB job scheduler runs, the app runs store maintenance this often. */
  storeMaintenanceIntervalMs: number;
  dataDir: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  gateway: {
    apiKeys: Array<{ provider: string; apiKey: string }>;
    /** TCP port of the NMEA listener; null: no listener. */
    nmeaPort: number | null;
    maxBodyBytes: number;
    maxPendingFixes: number;
  };
  /** The processor's settings (the same in the all-in-one and in `vesselwatch processor`). */
  processor: ProcessorSettings;
  /** HTTP port of a standalone `vesselwatch processor`. */
  processorPort: number;
  /** The server's sessions, login limits and live frames (the rest of ServerSettings has fixed defaults). */
  server: Pick<
    ServerSettings,
    | 'sessionTtlMs'
    | 'secureCookies'
    | 'trustProxy'
    | 'loginMaxFailures'
    | 'loginWindowMs'
    | 'liveFrameIntervalMs'
  >;
  /** The dashboard: an online MapLibre style URL instead of the bundled offline basemap (null: offline). */
  dashboard: { styleUrl: string | null };
  /** The notifier's settings (the same in the all-in-one and in `vesselwatch notifier`). */
  notifier: NotifierSettings;
  /** HTTP port of a standalone `vesselwatch notifier`. */
  notifierPort: number;
  /** The fleet simulator of the all-in-one system; null when VW_SIM_VESSELS is 0. */
  simulator: {
    vesselCount: number;
    seed: number;
    reportIntervalMs: number;
    speedFactor: number;
    historyMs: number;
  } | null;
}

/** Reads the configuration or throws VW_ERR_CONFIG_INVALID naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): AppConfig {
  // An empty variable means "not set", as in most deployment tools' templates.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = EnvSchema.safeParse(present);
  if (!result.success) {
    const problems = describeIssues(result.error);
    throw new VesselWatchError('VW_ERR_CONFIG_INVALID', {
      detail: problems.map((p) => `${p.path}: ${p.problem}`).join('; '),
      details: { problems },
    });
  }
  const e = result.data;
  return {
    http: { port: e.PORT, host: e.HOST },
    bus: e.KAFKA_BROKERS
      ? { kind: 'kafka', brokers: e.KAFKA_BROKERS, clientId: e.KAFKA_CLIENT_ID }
      : { kind: 'in-process' },
    fixesPartitions: e.VW_FIXES_PARTITIONS,
    database: {
      ...(e.DATABASE_URL ? { url: e.DATABASE_URL } : { embedded: { dataDir: `${e.VW_DATA_DIR}/pgdata` } }),
      fixesRetentionMonths: e.VW_FIXES_RETENTION_MONTHS,
    },
    storeMaintenanceIntervalMs: e.VW_STORE_MAINTENANCE_INTERVAL_MIN * 60_000,
    dataDir: e.VW_DATA_DIR,
    logLevel: e.LOG_LEVEL,
    gateway: {
      apiKeys: e.VW_GATEWAY_API_KEYS ?? [],
      nmeaPort: e.VW_GATEWAY_NMEA_PORT ?? null,
      maxBodyBytes: e.VW_GATEWAY_MAX_BODY_BYTES,
      maxPendingFixes: e.VW_GATEWAY_MAX_PENDING_FIXES,
    },
    processor: {
      ...PROCESSOR_SETTINGS_DEFAULT,
      groupId: e.VW_PROCESSOR_GROUP_ID,
      clock: e.VW_PROCESSOR_CLOCK,
      signalCheckIntervalMs: e.VW_PROCESSOR_SIGNAL_CHECK_S * 1000,
      zonePollIntervalMs: e.VW_PROCESSOR_ZONE_POLL_S * 1000,
      registryPollIntervalMs: e.VW_PROCESSOR_REGISTRY_POLL_S * 1000,
      maxBatchSize: e.VW_PROCESSOR_BATCH_SIZE,
      concurrentPartitions: e.VW_PROCESSOR_CONCURRENT_PARTITIONS,
      defaultFlagState: e.VW_FLAG_STATE,
    },
    processorPort: e.VW_PROCESSOR_PORT,
    server: {
      sessionTtlMs: Math.round(e.VW_SESSION_TTL_H * 3_600_000),
      secureCookies: e.VW_SECURE_COOKIES === 'true',
      trustProxy: e.VW_TRUST_PROXY,
      loginMaxFailures: e.VW_LOGIN_MAX_FAILURES,
      loginWindowMs: e.VW_LOGIN_WINDOW_MIN * 60_000,
      liveFrameIntervalMs: e.VW_LIVE_FRAME_INTERVAL_MS,
    },
    dashboard: { styleUrl: e.VW_DASHBOARD_STYLE_URL ?? null },
    notifier: notifierSettingsFrom(e),
    notifierPort: e.VW_NOTIFIER_PORT,
    simulator:
      e.VW_SIM_VESSELS === 0
        ? null
        : {
            vesselCount: e.VW_SIM_VESSELS,
            seed: e.VW_SIM_SEED,
            reportIntervalMs: e.VW_SIM_REPORT_INTERVAL_S * 1000,
            speedFactor: e.VW_SIM_SPEED,
            historyMs: e.VW_SIM_HISTORY_H * 60 * 60 * 1000,
          },
  };
}
