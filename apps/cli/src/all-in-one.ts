import type { Server as NetServer } from 'node:net';
import { createServer } from 'node:http';
import { TOPICS } from '@vesselwatch/domain';
import { createBus, type Bus, type Consumer, type TopicSpec } from '@vesselwatch/bus';
import {
  ApiKeys,
  DownlinkMailbox,
  GATEWAY_DEFAULTS,
  InMemoryTerminalDirectory,
  type IngestPipeline,
  createGatewayApp,
  createIngestPath,
  closeListener,
  createNmeaListener,
  httpUrlOf,
  listenOn,
  startDownlinkFeed,
} from '@vesselwatch/gateway';
import { SimulatorRunner, fleetVessels } from '@vesselwatch/simulator';
import { openStore, type Store } from '@vesselwatch/store';
import { ensureActiveZoneSet } from '@vesselwatch/zones';
import { Processor, ProcessorMetrics, metricsHandler } from '@vesselwatch/processor';
import { Notifier } from '@vesselwatch/notifier';
import {
  createServerApp,
  createServerContext,
  dashboardStatic,
  ensureFirstAdmin,
  serverSettings,
  startLiveServer,
  type LiveServer,
  type SystemDescription,
} from '@vesselwatch/server';
import { ensureDashboardBuilt } from '@vesselwatch/dashboard';
import type { AppConfig } from './config';
import type { Logger } from './logger';
import { scheduleStoreMaintenance } from './store-maintenance';
import packageJson from '../package.json' with { type: 'json' };

/** The topics every VesselWatch deployment needs, with the configured partition count for fixes. */
export function topicSpecs(fixesPartitions: number): TopicSpec[] {
  return [
    { topic: TOPICS.fixes, partitions: fixesPartitions },
    { topic: TOPICS.fixesDeadLetter, partitions: 1 },
    { topic: TOPICS.alerts, partitions: fixesPartitions },
    { topic: TOPICS.live, partitions: fixesPartitions },
    { topic: TOPICS.downlink, partitions: fixesPartitions },
  ];
}

/** The gateway's HTTP routes live beside the server's on the same port, under this prefix. */
export const GATEWAY_BASE_PATH = '/gateway';
/** Wall-clock time between two simulator steps. */
const SIMULATOR_TICK_MS = 1_000;
/** How often the simulator's progress is logged. */
const SIMULATOR_LOG_INTERVAL_MS = 60_000;

export interface RunningSystem {
  /** Base URL of the HTTP server, e.g. http://127.0.0.1:8080 */
  url: string;
  /** Base URL of the gateway's HTTP API, e.g. http://127.0.0.1:8080/gateway */
  gatewayUrl: string;
  /** Port of the gateway's NMEA listener, null when VW_GATEWAY_NMEA_PORT is unset. */
  nmeaPort: number | null;
  /** The fleet simulator, null when VW_SIM_VESSELS is 0. */
  simulator: SimulatorRunner | null;
  /** The processor: vms.fixes -> rules -> store, vms.alerts, vms.live (metrics at /metrics). */
  processor: Processor;
  /** The notifier: vms.alerts -> outbox -> channels (docs/notifications.md). */
  notifier: Notifier;
  system: SystemDescription;
  bus: Bus;
  store: Store;
  /** Stops the HTTP server, then the bus, then the database; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts the simulated fleet: its vessels are written to the vessel registry like real ones (idempotent
 * on every start), the gateway's directory is reloaded from the registry, and its NAF reports go through
 * the gateway's ingest pipeline like a provider's. Rejections would mean a simulator or codec bug.
 */
async function startSimulator(
  config: NonNullable<AppConfig['simulator']>,
  pipeline: IngestPipeline,
  directory: InMemoryTerminalDirectory,
  store: Store,
  log: Logger,
): Promise<{ simulator: SimulatorRunner; stop: () => Promise<void> }> {
  const simulator = new SimulatorRunner(
    { ...config, tickMs: SIMULATOR_TICK_MS },
    async (lines) => {
      const result = await pipeline.ingest(lines, { format: 'naf', source: 'sim', origin: 'simulator' });
      if (result.rejected > 0) {
        log.warn(
          { rejected: result.rejectedByReason, first: result.rejections[0] },
          'simulated reports were rejected',
        );
      }
    },
    (error) => log.error({ err: error }, 'simulator step failed; it is tried again at the next tick'),
  );
  await store.upsertVessels(fleetVessels(simulator.simulation.vessels, config.reportIntervalMs));
  directory.register(await store.terminalRegistrations());
  simulator.start();
  const progress = setInterval(() => {
    const status = simulator.status();
    log.info(
      { ...status, simulatedNow: new Date(status.simulatedNowMs).toISOString() },
      'simulator progress',
    );
  }, SIMULATOR_LOG_INTERVAL_MS);
  progress.unref();
  const stop = async () => {
    clearInterval(progress);
    await simulator.stop();
  };
  return { simulator, stop };
}

/**
 * Starts every part of VesselWatch in this process on the configured bus and database
 * (in-process log and embedded PGlite by default): the gateway (HTTP routes under /gateway, optional
 * NMEA listener), the processor (rules, alerts, live positions; metrics at /metrics) and the fleet
 * simulator publishing through the gateway, and the notifier (vms.alerts to SMS, e-mail, webhooks and terminal
 * downlink). Each part takes the bus and the store it is given.
 */
export async function startAllInOne(config: AppConfig, log: Logger): Promise<RunningSystem> {
  const startedAtMs = Date.now();
  // The dashboard is built (vite, a few seconds) on a fresh clone or after its sources changed, while the
  // database opens and the zone set is ensured.
  const dashboardBuild = ensureDashboardBuilt({ log: (message) => log.info(message) });
  dashboardBuild.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
  const store = await openStore(config.database);
  // Before anything reads zones: a fresh database gets the default zone set (built on first run).
  try {
    const zoneSet = await ensureActiveZoneSet(store, { log: (message) => log.info(message) });
    log.info({ zoneSetVersion: zoneSet.version, created: zoneSet.created }, 'active zone set');
    // The very first start (no user at all): an administrator with a one-time password, printed once.
    await ensureFirstAdmin(store, log.child({ component: 'server' }));
  } catch (error) {
    await store.close();
    throw error;
  }
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
  const serverContext = createServerContext({
    store,
    settings: serverSettings({
      ...config.server,
      stormWarningJurisdiction: config.processor.defaultFlagState,
    }),
    log: log.child({ component: 'server' }),
  });
  const app = createServerApp({
    system,
    readinessChecks: [
      { name: 'bus', check: () => bus.checkHealth() },
      { name: 'database', check: () => store.checkHealth() },
    ],
    api: serverContext,
    cspExtraOrigins: config.dashboard.styleUrl ? [new URL(config.dashboard.styleUrl).origin] : [],
  });
  const processorMetrics = new ProcessorMetrics();
  app.get('/metrics', metricsHandler(processorMetrics));
  try {
    const { distDir } = await dashboardBuild;
    // After every other route: the dashboard at / and index.html for its client routes.
    app.use(dashboardStatic({ distDir, clientConfig: { styleUrl: config.dashboard.styleUrl } }));
  } catch (error) {
    await Promise.allSettled([bus.close(), store.close()]);
    throw error;
  }
  // The gateway: one ingest path (HTTP routes, NMEA listener, simulator) onto `vms.fixes`.
  // The registry in the store is the truth; the gateway holds it in memory for its per-fix lookup.
  const directory = new InMemoryTerminalDirectory(await store.terminalRegistrations());
  const { pipeline, publisher } = createIngestPath(
    await bus.producer(),
    directory,
    config.gateway.maxPendingFixes,
  );
  // Terminal downlink (vms.downlink from the notifier) for providers at /gateway/v1/downlink.
  const downlink = new DownlinkMailbox(log.child({ component: 'gateway' }));
  let downlinkFeed: Consumer;
  try {
    downlinkFeed = await startDownlinkFeed(bus, {
      topic: TOPICS.downlink,
      groupId: `vesselwatch-gateway-downlink-${process.pid}-${startedAtMs}`,
      mailbox: downlink,
      log: log.child({ component: 'gateway' }),
    });
  } catch (error) {
    await Promise.allSettled([bus.close(), store.close()]);
    throw error;
  }
  const gatewayApp = createGatewayApp({
    downlink,
    pipeline,
    publisher,
    apiKeys: new ApiKeys(config.gateway.apiKeys),
    maxBodyBytes: config.gateway.maxBodyBytes,
    retryAfterSeconds: GATEWAY_DEFAULTS.retryAfterSeconds,
    basePath: GATEWAY_BASE_PATH,
  });
  const server = createServer((req, res) =>
    (req.url?.startsWith(`${GATEWAY_BASE_PATH}/`) ? gatewayApp : app)(req, res),
  );
  const address = await listenOn(server, config.http.port, config.http.host);
  const url = httpUrlOf(address);
  // The live map: socket.io on the same port, fed by this instance's own consumers of vms.live and vms.alerts.
  let live: LiveServer;
  try {
    live = await startLiveServer(server, bus, serverContext);
  } catch (error) {
    await Promise.allSettled([closeListener(server), bus.close(), store.close()]);
    throw error;
  }
  let nmeaServer: NetServer | null = null;
  let nmeaPort: number | null = null;
  if (config.gateway.nmeaPort !== null) {
    nmeaServer = createNmeaListener({
      pipeline,
      publisher,
      log,
      maxLineBytes: GATEWAY_DEFAULTS.maxNmeaLineBytes,
      maxConnections: GATEWAY_DEFAULTS.maxNmeaConnections,
    });
    try {
      nmeaPort = (await listenOn(nmeaServer, config.gateway.nmeaPort, config.http.host)).port;
    } catch (error) {
      await Promise.allSettled([live.close(), closeListener(server), bus.close(), store.close()]);
      throw error;
    }
  }
  // After the server listens, so /healthz answers from the first moment.
  let simulation: Awaited<ReturnType<typeof startSimulator>> | null = null;
  let processor: Processor | null = null;
  let notifier: Notifier | null = null;
  try {
    // Before the simulator, so that it consumes from the first fix on (it needs the active zone set).
    processor = await Processor.start(
      { bus, store, log: log.child({ component: 'processor' }), metrics: processorMetrics },
      config.processor,
    );
    // vms.alerts -> subscriptions -> SMS, e-mail, webhooks, terminal downlink (docs/notifications.md).
    notifier = await Notifier.start(
      { bus, store, log: log.child({ component: 'notifier' }) },
      config.notifier,
    );
    if (config.simulator)
      simulation = await startSimulator(config.simulator, pipeline, directory, store, log);
  } catch (error) {
    const listeners = nmeaServer
      ? [closeListener(nmeaServer), closeListener(server)]
      : [closeListener(server)];
    await Promise.allSettled([
      live.close(),
      ...listeners,
      notifier?.stop(),
      processor?.stop(),
      bus.close(),
      store.close(),
    ]);
    throw error;
  }
  const runningProcessor = processor;
  const runningNotifier = notifier;
  const simulator = simulation?.simulator ?? null;
  const stopMaintenance = scheduleStoreMaintenance(store, config.storeMaintenanceIntervalMs, log);
  log.info(
    {
      url,
      gateway: `${url}${GATEWAY_BASE_PATH}`,
      nmeaPort,
      simulatedVessels: simulator?.simulation.vessels.length ?? 0,
      bus: system.bus,
      database: system.database,
      fixStorage: system.fixStorage,
    },
    'VesselWatch started',
  );

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await simulation?.stop();
      // Drains the batch in progress and commits it before the bus and the database go.
      await runningProcessor
        .stop()
        .catch((error) => log.error({ err: error }, 'stopping the processor failed'));
      // Writes the alert batch in progress to the outbox and lets the sends in progress be marked.
      await runningNotifier
        .stop()
        .catch((error) => log.error({ err: error }, 'stopping the notifier failed'));
      await stopMaintenance();
      if (nmeaServer) {
        await closeListener(nmeaServer).catch((error) =>
          log.error({ err: error }, 'closing the NMEA listener failed'),
        );
      }
      await live.close().catch((error) => log.error({ err: error }, 'closing the live map failed'));
      await downlinkFeed
        .stop()
        .catch((error) => log.error({ err: error }, 'stopping the downlink feed failed'));
      await closeListener(server).catch((error) =>
        log.error({ err: error }, 'closing the HTTP server failed'),
      );
      await bus.close().catch((error) => log.error({ err: error }, 'closing the bus failed'));
      await store.close().catch((error) => log.error({ err: error }, 'closing the database failed'));
    })();
    return closing;
  };
  return {
    url,
    gatewayUrl: `${url}${GATEWAY_BASE_PATH}`,
    nmeaPort,
    simulator,
    processor: runningProcessor,
    notifier: runningNotifier,
    system,
    bus,
    store,
    close,
  };
}
