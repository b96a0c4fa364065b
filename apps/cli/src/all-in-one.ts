import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { TOPICS } from '@vesselwatch/domain';
import { createBus, type Bus, type TopicSpec } from '@vesselwatch/bus';
import { openStore, type Store } from '@vesselwatch/store';
import { createServerApp, type SystemDescription } from '@vesselwatch/server';
import type { AppConfig } from './config';
import type { Logger } from './logger';
import packageJson from '../package.json' with { type: 'json' };

/** The topics every VesselWatch deployment needs, with the configured partition count for fixes. */
export function topicSpecs(fixesPartitions: number): TopicSpec[] {
  return [
    { topic: TOPICS.fixes, partitions: fixesPartitions },
    { topic: TOPICS.fixesDeadLetter, partitions: 1 },
    { topic: TOPICS.alerts, partitions: fixesPartitions },
    { topic: TOPICS.live, partitions: fixesPartitions },
  ];
}

export interface RunningSystem {
  /** Base URL of the HTTP server, e.g. http://127.0.0.1:8080 */
  url: string;
  system: SystemDescription;
  bus: Bus;
  store: Store;
  /** Stops the HTTP server, then the bus, then the database; safe to call twice. */
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

/**
 * Starts every part of VesselWatch in this process on the configured bus and database
 * (in-process log and embedded PGlite by default). Later issues add the gateway, processor, notifier and
 * simulator here; each takes the bus and the store it is given.
 */
export async function startAllInOne(config: AppConfig, log: Logger): Promise<RunningSystem> {
  const startedAtMs = Date.now();
  const store = await openStore(config.database);
  const bus = createBus(config.bus);
  try {
    await bus.ensureTopics(topicSpecs(config.fixesPartitions));
  } catch (error) {
    await Promise.allSettled([bus.close(), store.close()]);
    throw error;
  }

  const system: SystemDescription = {
    version: packageJson.version,
    bus: bus.description,
    database: store.description,
    fixStorage: store.storage,
    startedAtMs,
  };
  const app = createServerApp({
    system,
    readinessChecks: [
      { name: 'bus', check: () => bus.checkHealth() },
      { name: 'database', check: () => store.checkHealth() },
    ],
  });
  const server = createServer(app);
  const address = await listen(server, config.http.port, config.http.host);
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  log.info(
    { url, bus: system.bus, database: system.database, fixStorage: system.fixStorage },
    'VesselWatch started',
  );

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await closeServer(server).catch((error) => log.error({ err: error }, 'closing the HTTP server failed'));
      await bus.close().catch((error) => log.error({ err: error }, 'closing the bus failed'));
      await store.close().catch((error) => log.error({ err: error }, 'closing the database failed'));
    })();
    return closing;
  };
  return { url, system, bus, store, close };
}
