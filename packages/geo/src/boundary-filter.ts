import type { Zone, ZoneKind } from '@vesselwatch/domain';
import type { CellCache } from './cell-cache';
import type { EdgeTree } from './edge-tree';
import type { ZoneStore } from './zone-store';

/** Which boundaries a distance or time-to-boundary query looks at. Build once, reuse for every fix. */
export interface BoundaryFilterSpec {
  /** Only zones of these kinds (default: every kind). */
  kinds?: readonly ZoneKind[];
  /** Only zones of this jurisdiction. */
  jurisdiction?: string;
  /** Leave out zones of this jurisdiction (e.g. the vessel's flag: "foreign waters"). */
  excludeJurisdiction?: string;
  /** Only these zones (e.g. the vessel's permitted area). */
  zoneIds?: readonly string[];
  /** Only zones valid at this instant (default: ignore validity windows). */
  validAtMs?: number;
  /** Only polygon zones (areas) or only line zones (boundary lines). */
  geometry?: 'area' | 'line';
}

/** A compiled filter: one byte per zone. Cheap to test, allocation-free to use. */
export class BoundaryFilter {
  /** The R-tree over just the matching boundaries, built by the index on first use. */
  tree: EdgeTree | null = null;
  /** Per-cell candidate lists for nearest-boundary queries, filled cell by cell on first use. */
  cells: CellCache | null = null;

  constructor(
    /** 1 where the zone's edges count. */
    readonly mask: Uint8Array,
    readonly description: string,
    /** The index the filter was compiled for (filters do not travel between indexes). */
    readonly owner: object,
  ) {}

  matches(zoneIndex: number): boolean {
    return this.mask[zoneIndex] === 1;
  }
}

/** The zone mask of a filter spec (every condition must hold). */
export function compileFilterMask(
  zones: readonly Zone[],
  store: ZoneStore,
  spec: BoundaryFilterSpec,
): Uint8Array {
  const mask = new Uint8Array(zones.length);
  const ids = spec.zoneIds ? new Set(spec.zoneIds) : null;
  const kinds = spec.kinds ? new Set<string>(spec.kinds) : null;
  for (let i = 0; i < zones.length; i++) {
    const z = zones[i]!;
    if (kinds && !kinds.has(z.kind)) continue;
    if (spec.jurisdiction && z.jurisdiction !== spec.jurisdiction) continue;
    if (spec.excludeJurisdiction && z.jurisdiction === spec.excludeJurisdiction) continue;
    if (ids && !ids.has(z.id)) continue;
    if (spec.geometry === 'area' && !store.zoneIsArea[i]) continue;
    if (spec.geometry === 'line' && store.zoneIsArea[i]) continue;
    if (
      spec.validAtMs !== undefined &&
      !(store.zoneFrom[i]! <= spec.validAtMs && spec.validAtMs < store.zoneTo[i]!)
    )
      continue;
    mask[i] = 1;
  }
  return mask;
}

/**
 * "Foreign waters" for a vessel of this flag: territorial seas and EEZs of every other jurisdiction, plus
 * boundary lines (treaty lines) to which the flag state is a party (`properties.parties`), since beyond
 * them lie another state's waters.
 */
export function foreignWatersMask(zones: readonly Zone[], flag: string): Uint8Array {
  const mask = new Uint8Array(zones.length);
  for (let i = 0; i < zones.length; i++) {
    const z = zones[i]!;
    if ((z.kind === 'territorial_sea' || z.kind === 'eez') && z.jurisdiction !== flag) mask[i] = 1;
    if (z.kind === 'boundary_line') {
      const parties = z.properties['parties'];
      if (Array.isArray(parties) ? parties.includes(flag) : z.jurisdiction === flag) mask[i] = 1;
    }
  }
  return mask;
}
