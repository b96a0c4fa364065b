import { vesselClassForLength } from '@vesselwatch/domain';
import type { VesselProfile } from '@vesselwatch/rules';
import type { RegistryProfile, Store } from '@vesselwatch/store';

/**
 * Registry changes are read from this long before the newest change seen, so that a registry transaction
 * that committed late with an earlier timestamp is not missed; re-reading a few rows is harmless.
 */
const REFRESH_OVERLAP_MS = 5 * 60_000;

/**
 * What the rules know about each vessel, from the registry in the store: held in memory (looked up once per
 * fix), loaded in full at start and then refreshed with the rows changed since, so vessels registered while
 * the processor runs are picked up without a restart. A vessel not in the registry (an `unregistered:...`
 * id, or one registered after the last refresh) gets the deployment's defaults: its flag state, no class
 * (no zone.violation) and the default report interval.
 */
export class VesselProfiles {
  private readonly profiles = new Map<string, VesselProfile>();
  private newestChangeMs: number | null = null;

  constructor(
    private readonly store: Pick<Store, 'registryProfiles'>,
    private readonly defaults: { flagState: string; reportIntervalMs: number },
  ) {}

  get size(): number {
    return this.profiles.size;
  }

  /** Reads the registry: in full the first time, then the rows changed since the last read. Returns how many. */
  async refresh(): Promise<number> {
    const since = this.newestChangeMs === null ? undefined : this.newestChangeMs - REFRESH_OVERLAP_MS;
    const rows = await this.store.registryProfiles(since);
    for (const row of rows) this.set(row);
    return rows.length;
  }

  profileOf(vesselId: string): VesselProfile {
    return (
      this.profiles.get(vesselId) ?? {
        vesselId,
        flagState: this.defaults.flagState,
        vesselClass: null,
        expectedReportIntervalMs: this.defaults.reportIntervalMs,
      }
    );
  }

  private set(row: RegistryProfile): void {
    this.profiles.set(row.vesselId, {
      vesselId: row.vesselId,
      flagState: row.flagState,
      vesselClass: vesselClassForLength(row.lengthOverallM),
      expectedReportIntervalMs: row.expectedReportIntervalMs,
    });
    if (this.newestChangeMs === null || row.updatedAtMs > this.newestChangeMs)
      this.newestChangeMs = row.updatedAtMs;
  }
}
