import type { LivePosition, VesselLiveStatus } from '../api/types';

/** Properties each vessel feature carries on the map: as few as the layers need (they are cloned to the worker). */
export interface VesselFeatureProperties {
  vesselId: string;
  status: VesselLiveStatus;
  /** Heading for the symbol's rotation, degrees true; 0 when unknown. */
  courseDeg: number;
  /** Urgency of the status (0 normal ... 4 crossed): clusters show their most urgent member. */
  rank: number;
}

export type VesselFeature = GeoJSON.Feature<GeoJSON.Point, VesselFeatureProperties> & { id: number };

/** The most urgent first in the legend; the rank orders clusters' colours. */
export const STATUS_RANK: Record<VesselLiveStatus, number> = {
  normal: 0,
  in_port: 1,
  near_border: 2,
  signal_lost: 3,
  crossed: 4,
};

export interface FeatureDiff {
  add: VesselFeature[];
  update: VesselFeature[];
}

/**
 * The dashboard's copy of the live fleet: merges snapshots (GET /api/positions) and socket frames, keeps the
 * newest fix per vessel (an older or equal frame never moves a vessel back), and hands the map only what
 * changed since the last flush. Each vessel gets a small integer feature id for the GeoJSON source's
 * incremental updates.
 */
export class LiveVessels {
  private readonly byId = new Map<string, LivePosition>();
  private readonly featureIds = new Map<string, number>();
  private readonly features = new Map<string, VesselFeature>();
  private readonly added = new Set<string>();
  private readonly changed = new Set<string>();
  private nextFeatureId = 1;
  /** Vessels whose update was applied, since the store was made. */
  appliedUpdates = 0;

  get size(): number {
    return this.byId.size;
  }

  get(vesselId: string): LivePosition | undefined {
    return this.byId.get(vesselId);
  }

  all(): IterableIterator<LivePosition> {
    return this.byId.values();
  }

  /**
   * Merges items; returns how many changed something. An item whose fix is older than the one held is
   * ignored unless its status differs at the same fix time (an alert resolved without a new fix).
   */
  merge(items: readonly LivePosition[]): number {
    let applied = 0;
    for (const item of items) {
      const held = this.byId.get(item.vesselId);
      if (held) {
        const newer = item.fix.reportedAtMs > held.fix.reportedAtMs;
        const sameTimeNewState =
          item.fix.reportedAtMs === held.fix.reportedAtMs &&
          (item.status !== held.status ||
            item.maxSeverity !== held.maxSeverity ||
            item.portId !== held.portId);
        if (!newer && !sameTimeNewState) continue;
        this.changed.add(item.vesselId);
      } else {
        this.featureIds.set(item.vesselId, this.nextFeatureId++);
        this.added.add(item.vesselId);
      }
      this.byId.set(item.vesselId, item);
      this.features.delete(item.vesselId);
      applied++;
    }
    this.appliedUpdates += applied;
    return applied;
  }

  /** True when something changed since the last `takeDiff` or `takeAll`. */
  get dirty(): boolean {
    return this.added.size > 0 || this.changed.size > 0;
  }

  /** The features added and changed since the last call (for GeoJSONSource.updateData). */
  takeDiff(): FeatureDiff {
    const add: VesselFeature[] = [];
    const update: VesselFeature[] = [];
    for (const id of this.added) add.push(this.feature(id));
    for (const id of this.changed) if (!this.added.has(id)) update.push(this.feature(id));
    this.added.clear();
    this.changed.clear();
    return { add, update };
  }

  /** Every vessel as one FeatureCollection (for GeoJSONSource.setData), clearing the pending diff. */
  takeAll(): GeoJSON.FeatureCollection<GeoJSON.Point, VesselFeatureProperties> {
    this.added.clear();
    this.changed.clear();
    const features: VesselFeature[] = [];
    for (const id of this.byId.keys()) features.push(this.feature(id));
    return { type: 'FeatureCollection', features };
  }

  private feature(vesselId: string): VesselFeature {
    let feature = this.features.get(vesselId);
    if (feature) return feature;
    const item = this.byId.get(vesselId);
    if (!item) throw new Error(`no live position for vessel ${vesselId}`);
    feature = toFeature(item, this.featureIds.get(vesselId) ?? 0);
    this.features.set(vesselId, feature);
    return feature;
  }
}

export function toFeature(item: LivePosition, id: number): VesselFeature {
  return {
    type: 'Feature',
    id,
    geometry: { type: 'Point', coordinates: [item.fix.position[0], item.fix.position[1]] },
    properties: {
      vesselId: item.vesselId,
      status: item.status,
      courseDeg: item.fix.courseDeg ?? 0,
      rank: STATUS_RANK[item.status],
    },
  };
}
