import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBus, type Bus, type BusConfig, type TopicSpec } from '@vesselwatch/bus';
import { createServerApp } from '@vesselwatch/server';
import { openStore, type Store, type StoreConfig } from '@vesselwatch/store';
import { metricsHandler } from './http';
import { Processor } from './processor';
import type { ProcessorLogger, ProcessorSettings } from './settings';

export interface StandaloneProcessorOptions {
  bus: BusConfig;
  database: StoreConfig;
  /** Topics to create when missing (the processor's own and those it writes to). */
  topicSpecs: TopicSpec[];
  http: { host: string; port: number };
  settings: ProcessorSettings;
  version: string;
}

export interface RunningStandaloneProcessor {
  processor: Processor;
  /** Base URL of /metrics, /healthz and /readyz. */
  url: string;
  /** Drains the batch in progress and commits, then stops HTTP, the bus and the database; safe to call twice. */
  close(): Promise<void>;
}

/**
 * The processor as its own process (`vesselwatch processor`): database, bus, the processor, and an HTTP
 * port for /metrics, /healthz and /readyz.
 */
export async function startStandaloneProcessor(
  options: StandaloneProcessorOptions,
  log: ProcessorLogger,
): Promise<RunningStandaloneProcessor> {
  const startedAtMs = Date.now();
  const store = await openStore(options.database);
  let bus: Bus | null = null;
  let server: Server | null = null;
  let processor: Processor | null = null;
  try {
    bus = createBus(options.bus);
    await bus.ensureTopics(options.topicSpecs);
    processor = await Processor.start({ bus, store, log }, options.settings);
    const app = createServerApp({
      system: {
        version: options.version,
        bus: bus.description,
        database: store.description,
        fixStorage: store.storage,
        startedAtMs,
      },
      readinessChecks: readinessChecks(bus, store),
    });
    app.get('/metrics', metricsHandler(processor.metrics));
    server = createServer(app);
    const address = await listen(server, options.http.port, options.http.host);
    const url = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
    log.info({ url, metrics: `${url}/metrics` }, 'processor HTTP endpoints listening');
    const running = { processor, bus, store, server };
    let closing: Promise<void> | undefined;
    return {
      processor,
      url,
      close: () => (closing ??= shutdown(running, log)),
    };
  } catch (error) {
    await processor
      ?.stop()
      .catch((stopError: unknown) => log.error({ err: stopError }, 'stopping the processor failed'));
    if (server) await closeServer(server).catch(() => undefined);
    await Promise.allSettled([bus?.close(), store.close()]);
    throw error;
  }
}

function readinessChecks(bus: Bus, store: Store) {
  return [
    { name: 'bus', check: () => bus.checkHealth() },
    { name: 'database', check: () => store.checkHealth() },
  ];
}

async function shutdown(
  running: { processor: Processor; bus: Bus; store: Store; server: Server },
  log: ProcessorLogger,
): Promise<void> {
  const failures: unknown[] = [];
  const step = async (what: string, action: () => Promise<void>) => {
    try {
      await action();
    } catch (error) {
      failures.push(error);
      log.error({ err: error }, `${what} failed`);
    }
  };
  await step('stopping the processor', () => running.processor.stop());
  await step('closing the HTTP server', () => closeServer(running.server));
  await step('closing the bus', () => running.bus.close());
  await step('closing the database', () => running.store.close());
  if (failures.length > 0) throw new AggregateError(failures, 'the processor did not shut down cleanly');
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
