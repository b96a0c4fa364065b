import type { Zone } from '@vesselwatch/domain';
import { loadDefaultZoneSet, type DefaultZoneSetOptions } from './default-zone-set';

/** What ensureActiveZoneSet needs of the store (packages/store's Store has it). */
export interface ZoneSetStore {
  activeZoneSetVersion(): Promise<string | null>;
  saveZoneSet(
    version: string,
    zones: readonly Zone[],
    options?: { description?: string; activate?: boolean },
  ): Promise<void>;
}

/**
 * Makes sure the store has an active zone set, before anything reads zones: when none is active, the
 * default set (data/build/zones, built first when missing) is saved as version `default-<content hash>`
 * and activated. An existing active set is left alone, whatever it is. Returns the active version.
 */
export async function ensureActiveZoneSet(
  store: ZoneSetStore,
  options: DefaultZoneSetOptions = {},
): Promise<{ version: string; created: boolean }> {
  const active = await store.activeZoneSetVersion();
  if (active !== null) return { version: active, created: false };
  const set = await loadDefaultZoneSet(options);
  await store.saveZoneSet(set.version, set.zones, {
    activate: true,
    description: `default zone set (npm run zones:build); ${set.attribution.join('; ')}`.slice(0, 2000),
  });
  options.log?.(`no active zone set: saved and activated the default set ${set.version}`);
  return { version: set.version, created: true };
}
