import { openStore } from '@vesselwatch/store';
import { loadDefaultZoneSet, storedZoneSet, type ZoneSet } from '@vesselwatch/zones';
import type { AppConfig } from '../config';

/**
 * The zone set the CLI's zone commands (zones export, geo classify) work on: the database's active one,
 * which is what the processor computes alerts with, so an audit sees the same boundaries as the alerts.
 */

/** What loading the active zone set needs of the store. */
export interface ActiveZoneSetStore {
  loadZoneSet(): Promise<{ version: string; zones: ZoneSet['zones'] } | null>;
  close(): Promise<void>;
}

/** The database's active zone set; the default set (said on `notice`) when none is active yet. */
export async function loadActiveZoneSet(
  config: AppConfig,
  notice: (text: string) => void,
  open: (config: AppConfig) => Promise<ActiveZoneSetStore> = (c) => openStore(c.database),
): Promise<ZoneSet> {
  const store = await open(config);
  let active: Awaited<ReturnType<ActiveZoneSetStore['loadZoneSet']>>;
  try {
    active = await store.loadZoneSet();
  } finally {
    await store.close();
  }
  if (active) return storedZoneSet(active.version, active.zones);
  notice(
    'The database has no active zone set yet (vesselwatch start activates the default one): using the default zone set.\n',
  );
  return loadDefaultZoneSet();
}
