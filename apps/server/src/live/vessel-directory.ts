import type { Vessel } from '@vesselwatch/domain';
import type { Store } from '@vesselwatch/store';
import type { VesselRef } from '../auth/access';

export interface VesselLabels extends VesselRef {
  registrationNumber: string;
  name: string;
}

/**
 * Each server instance's in-memory copy of what live frames need of the registry: labels and home ports
 * (for the role filter), so that filtering a frame costs no database query. Loaded at start, refreshed
 * incrementally from `vessels.updated_at`, and updated at once when this instance writes vessels.
 */
export class VesselDirectory {
  private readonly entries = new Map<string, VesselLabels>();
  private newestUpdateMs: number | undefined;

  constructor(private readonly store: Pick<Store, 'vesselDirectory'>) {}

  get(vesselId: string): VesselLabels | null {
    return this.entries.get(vesselId) ?? null;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Reads every entry changed since the last refresh (everything the first time). */
  async refresh(): Promise<void> {
    const changed = await this.store.vesselDirectory(this.newestUpdateMs);
    for (const entry of changed) {
      this.entries.set(entry.vesselId, {
        id: entry.vesselId,
        homePortId: entry.homePortId,
        registrationNumber: entry.registrationNumber,
        name: entry.name,
      });
      if (this.newestUpdateMs === undefined || entry.updatedAtMs > this.newestUpdateMs)
        this.newestUpdateMs = entry.updatedAtMs;
    }
  }

  vesselsChanged(vessels: readonly Vessel[]): void {
    for (const v of vessels)
      this.entries.set(v.id, {
        id: v.id,
        homePortId: v.homePortId,
        registrationNumber: v.registrationNumber,
        name: v.name,
      });
  }
}
