import { connect } from 'node:net';

/**
 * Real services the integration tests talk to. Tests never mock these: they ask for the service and
 * either get its address or, when it is missing, fail under CI=true and skip (with a warning) elsewhere.
 */
export const KAFKA_TEST_BROKERS_DEFAULT = '127.0.0.1:19092';
export const POSTGRES_TEST_URL_DEFAULT = 'postgres://vesselwatch@127.0.0.1:15432/vesselwatch';

export type ServiceName = 'kafka' | 'postgres';

export interface ServiceAddress {
  name: ServiceName;
  /** Kafka: comma-separated host:port list. PostgreSQL: a connection URL. */
  address: string;
}

const START_HINT = 'start it with `npm run services:start` (see README, "Development services")';

export function serviceAddress(name: ServiceName, env: NodeJS.ProcessEnv = process.env): ServiceAddress {
  if (name === 'kafka') return { name, address: env.KAFKA_BROKERS ?? KAFKA_TEST_BROKERS_DEFAULT };
  return { name, address: env.DATABASE_URL ?? POSTGRES_TEST_URL_DEFAULT };
}

function hostPorts(service: ServiceAddress): Array<{ host: string; port: number }> {
  if (service.name === 'kafka') {
    return service.address.split(',').map((hostPort) => {
      const [host = '127.0.0.1', port = '9092'] = hostPort.trim().split(':');
      return { host, port: Number(port) };
    });
  }
  const url = new URL(service.address);
  return [{ host: url.hostname, port: Number(url.port || 5432) }];
}

function canConnect(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** True when every endpoint of the service accepts TCP connections. */
export async function isServiceReachable(service: ServiceAddress, timeoutMs = 1_000): Promise<boolean> {
  const results = await Promise.all(
    hostPorts(service).map(({ host, port }) => canConnect(host, port, timeoutMs)),
  );
  return results.every(Boolean);
}

/**
 * The address of a real service for a test file, or null when it is missing outside CI.
 * Under CI=true a missing service throws, so the suite fails instead of silently skipping.
 * Use with `describe.skipIf(!kafka)`.
 */
export async function requireService(
  name: ServiceName,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ServiceAddress | null> {
  const service = serviceAddress(name, env);
  if (await isServiceReachable(service)) return service;
  const problem = `${name} is not reachable at ${service.address}; ${START_HINT}`;
  if (env.CI === 'true') throw new Error(`CI=true and a test needs ${problem}`);
  console.warn(`[vesselwatch tests] skipping ${name} tests: ${problem}`);
  return null;
}
