import { createServer } from 'node:http';
import type { Server as NetServer } from 'node:net';
import type { Bus, Producer } from '@vesselwatch/bus';
import { FixPublisher } from './fix-publisher';
import { ApiKeys, type ProviderKey } from './http/api-keys';
import { createGatewayApp } from './http/gateway-app';
import { IngestPipeline } from './ingest-pipeline';
import { closeListener, httpUrlOf, listenOn } from './listeners';
import type { GatewayLogger } from './logger';
import { createNmeaListener } from './tcp/nmea-listener';
import type { TerminalDirectory } from './terminal-directory';

export interface GatewayConfig {
  host: string;
  /** HTTP port for NAF/JSON/CSV posts; 0 picks a free port. */
  httpPort: number;
  /** TCP port for NMEA streams; 0 picks a free port; null: no TCP listener. */
  nmeaPort: number | null;
  apiKeys: ProviderKey[];
  maxBodyBytes: number;
  /** Unacknowledged fixes allowed before HTTP answers 503 and TCP streams are paused. */
  maxPendingFixes: number;
  retryAfterSeconds: number;
  maxNmeaLineBytes: number;
  maxNmeaConnections: number;
}

export const GATEWAY_DEFAULTS = {
  maxBodyBytes: 1024 * 1024,
  maxPendingFixes: 20_000,
  retryAfterSeconds: 2,
  maxNmeaLineBytes: 1024,
  maxNmeaConnections: 64,
} as const;

export interface RunningGateway {
  pipeline: IngestPipeline;
  publisher: FixPublisher;
  httpUrl: string;
  /** Port of the NMEA listener, null when it is off. */
  nmeaPort: number | null;
  close(): Promise<void>;
}

/** The ingest path without listeners: what replay and the in-process simulator publish through. */
export function createIngestPath(
  producer: Producer,
  directory: TerminalDirectory,
  maxPendingFixes: number = GATEWAY_DEFAULTS.maxPendingFixes,
): { pipeline: IngestPipeline; publisher: FixPublisher } {
  const publisher = new FixPublisher(producer, maxPendingFixes);
  return { publisher, pipeline: new IngestPipeline(directory, publisher) };
}

/**
 * Starts the gateway's HTTP and TCP listeners on a bus producer. The caller owns the bus and the
 * directory; `close` stops the listeners (the producer is closed with the bus).
 */
export async function startGateway(
  config: GatewayConfig,
  bus: Bus,
  directory: TerminalDirectory,
  log: GatewayLogger,
): Promise<RunningGateway> {
  const producer = await bus.producer();
  const { pipeline, publisher } = createIngestPath(producer, directory, config.maxPendingFixes);
  const app = createGatewayApp({
    pipeline,
    publisher,
    apiKeys: new ApiKeys(config.apiKeys),
    maxBodyBytes: config.maxBodyBytes,
    retryAfterSeconds: config.retryAfterSeconds,
  });
  const httpServer = createServer(app);
  const httpAddress = await listenOn(httpServer, config.httpPort, config.host);
  let nmeaServer: NetServer | null = null;
  let nmeaPort: number | null = null;
  if (config.nmeaPort !== null) {
    nmeaServer = createNmeaListener({
      pipeline,
      publisher,
      log,
      maxLineBytes: config.maxNmeaLineBytes,
      maxConnections: config.maxNmeaConnections,
    });
    try {
      nmeaPort = (await listenOn(nmeaServer, config.nmeaPort, config.host)).port;
    } catch (error) {
      await closeListener(httpServer);
      throw error;
    }
  }
  return {
    pipeline,
    publisher,
    httpUrl: httpUrlOf(httpAddress),
    nmeaPort,
    close: async () => {
      await Promise.all([
        closeListener(httpServer),
        nmeaServer ? closeListener(nmeaServer) : Promise.resolve(),
      ]);
    },
  };
}
