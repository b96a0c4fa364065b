import { createServer, type Server } from 'node:http';
import { createBus, type Bus, type BusConfig, type TopicSpec } from '@vesselwatch/bus';
import { openStore, type StoreConfig } from '@vesselwatch/store';
import { closeServer, listen, notifierHttpHandler } from './http';
import { Notifier } from './notifier';
import type { NotifierLogger, NotifierSettings } from './settings';

export interface StandaloneNotifierOptions {
  bus: BusConfig;
  database: StoreConfig;
  /** Topics to create when missing (the alerts topic it reads and the downlink topic it writes). */
  topicSpecs: TopicSpec[];
  settings: NotifierSettings;
  /** Where /healthz, /readyz and /metrics listen; port 0 picks a free one. */
  http: { host: string; port: number };
}

export interface RunningStandaloneNotifier {
  notifier: Notifier;
  bus: Bus;
  /** Base URL of /healthz, /readyz and /metrics. */
  url: string;
  /** Stops consuming and sending (in-flight work is finished and marked), then HTTP, the bus and the database. */
  close(): Promise<void>;
}

/** The notifier as its own process (`vesselwatch notifier`): database, bus, notifier, health and metrics. */
export async function startStandaloneNotifier(
  options: StandaloneNotifierOptions,
  log: NotifierLogger,
): Promise<RunningStandaloneNotifier> {
  const store = await openStore(options.database);
  let bus: Bus | null = null;
  let notifier: Notifier | null = null;
  let server: Server | null = null;
  try {
    bus = createBus(options.bus);
    await bus.ensureTopics(options.topicSpecs);
    notifier = await Notifier.start({ bus, store, log }, options.settings);
    server = createServer(notifierHttpHandler({ notifier, bus, store }));
    const address = await listen(server, options.http.port, options.http.host);
    const url = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
    log.info({ url, metrics: `${url}/metrics` }, 'notifier HTTP endpoints listening');
    const running = { notifier, bus, server };
    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        const failures: unknown[] = [];
        for (const [what, step] of [
          ['stopping the notifier', () => running.notifier.stop()],
          ['closing the HTTP server', () => closeServer(running.server)],
          ['closing the bus', () => running.bus.close()],
          ['closing the database', () => store.close()],
        ] as const) {
          try {
            await step();
          } catch (error) {
            failures.push(error);
            log.error({ err: error }, `${what} failed`);
          }
        }
        if (failures.length > 0) throw new AggregateError(failures, 'the notifier did not shut down cleanly');
      })());
    return { notifier, bus, url, close };
  } catch (error) {
    await notifier
      ?.stop()
      .catch((stopError: unknown) => log.error({ err: stopError }, 'stopping the notifier failed'));
    if (server)
      await closeServer(server).catch((closeError: unknown) =>
        log.error({ err: closeError }, 'closing the HTTP server failed'),
      );
    await Promise.allSettled([bus?.close(), store.close()]);
    throw error;
  }
}
