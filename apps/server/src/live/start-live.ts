import type { Server as HttpServer } from 'node:http';
import type { Bus } from '@vesselwatch/bus';
import { HOUR_MS } from '@vesselwatch/domain';
import type { ServerContext } from '../server-context';
import { LiveFeed } from './live-feed';
import { LiveHub } from './live-hub';

export interface LiveServer {
  hub: LiveHub;
  feed: LiveFeed;
  /** Stops the bus consumers, the timers and every socket.io client (the HTTP server stays the caller's). */
  close(): Promise<void>;
}

/**
 * Attaches the live map to an HTTP server: loads the vessel directory, starts socket.io on /socket.io and
 * this instance's consumers of vms.live and vms.alerts, refreshes the directory every
 * `registryRefreshMs`, and deletes expired sessions hourly.
 */
export async function startLiveServer(
  httpServer: HttpServer,
  bus: Bus,
  context: ServerContext,
  options: { topics?: { live: string; alerts: string } } = {},
): Promise<LiveServer> {
  const { settings, log, directory, auth, store, now } = context;
  await directory.refresh();
  const hub = new LiveHub(httpServer, auth, directory, settings, log, now);
  auth.logoutListeners.push((sessionSha256) => hub.endSession(sessionSha256));
  const feed = new LiveFeed(bus, hub, settings.instanceId, log, options.topics);
  try {
    await feed.start();
  } catch (error) {
    await hub.close();
    throw error;
  }
  const refresh = setInterval(() => {
    directory
      .refresh()
      .catch((error: unknown) =>
        log.warn({ err: error }, 'refreshing the vessel directory failed; tried again later'),
      );
  }, settings.registryRefreshMs);
  const cleanup = setInterval(() => {
    store
      .deleteExpiredSessions(now())
      .catch((error: unknown) =>
        log.warn({ err: error }, 'deleting expired sessions failed; tried again later'),
      );
  }, HOUR_MS);
  refresh.unref();
  cleanup.unref();
  return {
    hub,
    feed,
    close: async () => {
      clearInterval(refresh);
      clearInterval(cleanup);
      await feed.stop();
      await hub.close();
    },
  };
}
