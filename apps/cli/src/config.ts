import { z } from 'zod';
import { VesselWatchError, describeIssues } from '@vesselwatch/domain';
import type { BusConfig } from '@vesselwatch/bus';
import type { DatabaseConfig } from '@vesselwatch/store';

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

const brokerList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((broker) => broker.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'each broker must be host:port')).min(1));

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
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
});

export interface AppConfig {
  http: { port: number; host: string };
  bus: BusConfig;
  fixesPartitions: number;
  database: DatabaseConfig;
  dataDir: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
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
    database: e.DATABASE_URL ? { url: e.DATABASE_URL } : { embedded: { dataDir: `${e.VW_DATA_DIR}/pgdata` } },
    dataDir: e.VW_DATA_DIR,
    logLevel: e.LOG_LEVEL,
  };
}
