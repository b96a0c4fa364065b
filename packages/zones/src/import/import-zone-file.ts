import type { Zone } from '@vesselwatch/domain';
import { loadDefaultZoneSet, type DefaultZoneSetOptions } from '../default-zone-set';
import type { ZoneSetStore } from '../ensure-active-zone-set';
import type { ImportMapping } from './import-mapping';
import { planZoneImport, type ZoneImportPlan } from './import-zones';

/** What importZoneFile needs of the store (packages/store's Store has it). */
export interface ZoneImportStore extends ZoneSetStore {
  loadZoneSet(version?: string): Promise<{ version: string; zones: Zone[] } | null>;
}

export interface ZoneImportResult {
  plan: ZoneImportPlan;
  /** True when the new version was saved and activated (false for a dry run or a file changing nothing). */
  activated: boolean;
}

/**
 * Imports an official boundary file into the store: plans it against the active set (or, when none is
 * active yet, the default set), and unless `dryRun` saves the result as a new version and activates it in
 * one transaction. The processor picks up the new active version without a restart. A file that fails
 * validation throws VW_ERR_ZONE_FILE_INVALID before anything is written.
 */
export async function importZoneFile(
  store: ZoneImportStore,
  path: string,
  options: { mapping: ImportMapping; dryRun: boolean; defaults?: DefaultZoneSetOptions },
): Promise<ZoneImportResult> {
  const active = await store.loadZoneSet();
  const base = active ?? (await loadDefaultZoneSet(options.defaults));
  const plan = await planZoneImport(path, { version: base.version, zones: base.zones }, options.mapping);
  if (options.dryRun || plan.version === active?.version) return { plan, activated: false };
  await store.saveZoneSet(plan.version, plan.zones, {
    activate: true,
    description: `import of ${path} (${plan.format}) over ${plan.baseVersion ?? 'no active set'}`.slice(
      0,
      2000,
    ),
  });
  return { plan, activated: true };
}
