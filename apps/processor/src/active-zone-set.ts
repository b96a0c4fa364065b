import { VesselWatchError } from '@vesselwatch/domain';
import { ZoneIndex } from '@vesselwatch/geo';
import { RulesEngine, type RulesConfig } from '@vesselwatch/rules';
import type { Store } from '@vesselwatch/store';

/** The rules engine for one zone-set version. */
export interface ZoneSetEngine {
  version: string;
  zoneCount: number;
  engine: RulesEngine;
}

/**
 * The rules engine over the store's active zone set. The processor never invents zones: without an active
 * zone set it refuses to start (VW_ERR_PROCESSOR_NO_ZONE_SET).
 */
export async function loadActiveZoneSetEngine(
  store: Pick<Store, 'loadZoneSet'>,
  rules: RulesConfig,
  version?: string,
): Promise<ZoneSetEngine> {
  const set = await store.loadZoneSet(version);
  if (!set) {
    throw new VesselWatchError('VW_ERR_PROCESSOR_NO_ZONE_SET', {
      detail:
        version === undefined
          ? 'the database has no active zone set'
          : `zone set ${version} was activated but is gone from the database`,
    });
  }
  const zones = ZoneIndex.build(set.zones);
  return {
    version: set.version,
    zoneCount: set.zones.length,
    engine: new RulesEngine({ zones, zoneSetVersion: set.version, config: rules }),
  };
}
