import type { Store } from '@vesselwatch/store';
import { AuthService } from './auth/auth-service';
import { ZoneSetCache } from './api/zone-set-cache';
import { VesselDirectory } from './live/vessel-directory';
import type { ServerLogger, ServerSettings } from './settings';

/** What the API routes and the live hub of one server instance share. */
export interface ServerContext {
  store: Store;
  settings: ServerSettings;
  log: ServerLogger;
  now: () => number;
  auth: AuthService;
  zoneSets: ZoneSetCache;
  /** Registry labels and home ports in memory (live frames, role filter). */
  directory: VesselDirectory;
}

export interface ServerContextOptions {
  store: Store;
  settings: ServerSettings;
  log: ServerLogger;
  now?: () => number;
}

export function createServerContext(options: ServerContextOptions): ServerContext {
  const now = options.now ?? Date.now;
  const zoneSets = new ZoneSetCache(options.store, now);
  return {
    store: options.store,
    settings: options.settings,
    log: options.log,
    now,
    auth: new AuthService(options.store, options.settings, zoneSets, now),
    zoneSets,
    directory: new VesselDirectory(options.store),
  };
}
