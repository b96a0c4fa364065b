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
  private refreshing: Promise<void> | null = null;
  private lastEarlyRefreshMs = -Infinity;

  constructor(
    private readonly store: Pick<Store, 'vesselDirectory'>,
    /** Shortest time between two refreshes asked for by unknown vessels (unregistered terminals never appear). */
    private readonly earlyRefreshIntervalMs = 5_000,
  ) {}

  get(vesselId: string): VesselLabels | null {
    return this.entries.get(vesselId) ?? null;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Reads every entry changed since the last refresh (everything the first time); one refresh at a time. */
  refresh(): Promise<void> {
    this.refreshing ??= this.read().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /**
   * A live update named a vessel the directory does not know (registered since the last refresh, e.g. by
   * the CLI or another instance): refresh now rather than at the next period, at most every few seconds.
   * Until then the vessel is shown only to unlimited scopes, unlabelled.
   */
  refreshSoon(nowMs: number, onError: (error: unknown) => void): void {
    if (nowMs - this.lastEarlyRefreshMs < this.earlyRefreshIntervalMs) return;
    this.lastEarlyRefreshMs = nowMs;
    this.refresh().catch(onError);
  }

  private async read(): Promise<void> {
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
