import type { FieldProblem, Zone } from '@vesselwatch/domain';
import {
  BoundaryFilter,
  compileFilterMask,
  foreignWatersMask,
  type BoundaryFilterSpec,
} from './boundary-filter';
import { CellCache } from './cell-cache';
import { CrossingFinder } from './crossings';
import { buildEdgeLeaves } from './edge-leaves';
import { EdgeTree, type EdgeLeaves } from './edge-tree';
import { METRES_PER_NM, toUnitVector, vectorLat, vectorLon } from './ellipsoid';
import { NearestSearch } from './nearest-search';
import { PartQuadtrees } from './part-quadtree';
import { checkRingCrossingsAndNesting } from './ring-validation';
import { courseTrack } from './time-to-boundary';
import { checkZoneList, throwIfProblems } from './validation';
import type {
  Crossing,
  NearestBoundary,
  TimedPosition,
  ZoneIndexOptions,
  ZoneIndexStats,
} from './query-types';
import { ZoneMembership } from './zone-membership';
import { buildZoneStore, type ZoneStore } from './zone-store';

export { BoundaryFilter, type BoundaryFilterSpec } from './boundary-filter';
export { CellCache } from './cell-cache';
export type {
  Crossing,
  NearestBoundary,
  TimedPosition,
  ZoneIndexOptions,
  ZoneIndexStats,
} from './query-types';

const EMPTY_CROSSINGS: readonly Crossing[] = Object.freeze([]);

/**
 * The geofence index over one zone set. Build once (`ZoneIndex.build`), then query per fix. It wires
 * together the pieces, each in its own module:
 *
 * - zone-store: every zone flattened into typed arrays (vertices, edges, parts, validity windows);
 * - part-quadtree + zone-membership (zonesAt): flatbush over polygon parts, then per part a quadtree whose
 *   cells carry the inside/outside parity of one corner (planar in lon/lat, like GeoJSON and the oracle);
 * - edge-leaves + edge-tree: 3-D R-trees over the boundary edges on the auxiliary sphere, one over every
 *   boundary and one per compiled filter (boundary-filter);
 * - nearest-search (+ cell-cache): best-first search with rigorous chord lower bounds, Lambert's
 *   ellipsoidal distance for the few candidates left, per-cell candidate lists, the fast path's safe radius;
 * - crossings and time-to-boundary: arc intersection along a track or a course.
 */
export class ZoneIndex {
  readonly zones: readonly Zone[];
  readonly stats: ZoneIndexStats;

  private readonly store: ZoneStore;
  private readonly quadtrees: PartQuadtrees;
  private readonly membership: ZoneMembership;
  private readonly zoneIdToIndex: Map<string, number>;
  private readonly leaves: EdgeLeaves;
  private readonly allTree: EdgeTree;
  private readonly allFilter: BoundaryFilter;
  /** The nearest-boundary search and its result registers (the tracker uses it directly). */
  readonly search: NearestSearch;
  private readonly crossingFinder: CrossingFinder;

  // Scratch for the allocation-free query paths.
  private readonly pv = new Float64Array(6);
  private readonly zoneScratch = new Int32Array(256);

  private constructor(zones: readonly Zone[], validate: boolean) {
    this.zoneIdToIndex = checkZoneList(zones);
    this.zones = zones;
    const store = buildZoneStore(zones);
    this.store = store;
    this.quadtrees = new PartQuadtrees(store);
    if (validate) {
      const geometryProblems: FieldProblem[] = [];
      checkRingCrossingsAndNesting(zones, store, this.quadtrees, geometryProblems);
      throwIfProblems(geometryProblems);
    }
    this.membership = new ZoneMembership(store, this.quadtrees);
    this.leaves = buildEdgeLeaves(store);
    this.allTree = new EdgeTree(
      this.leaves,
      Int32Array.from({ length: this.leaves.count }, (_, k) => k),
    );
    this.allFilter = new BoundaryFilter(new Uint8Array(zones.length).fill(1), 'every boundary', this);
    this.allFilter.tree = this.allTree;
    this.search = new NearestSearch(store.vec, store.edgeV, store.edgeDev, this.allTree, store.edgeLinks);
    this.crossingFinder = new CrossingFinder(store.vec, store.edgeV);

    const typed = [
      store.lon,
      store.lat,
      store.plon,
      store.vec,
      store.edgeV,
      store.edgeZone,
      store.edgeDev,
      store.edgeSeam,
      store.edgeRun,
      store.edgeLinks,
      this.quadtrees.qtFirst,
      this.quadtrees.qtCount,
      this.quadtrees.qtParity,
      this.quadtrees.qtEdges,
      this.quadtrees.partBox,
      this.leaves.box,
      this.leaves.first,
      this.leaves.edges,
      this.leaves.zone,
      this.leaves.dev,
      this.leaves.key,
    ];
    this.stats = {
      zones: zones.length,
      parts: store.partCount,
      vertices: store.lon.length,
      edges: store.edgeCount,
      quadtreeNodes: this.quadtrees.nodeCount,
      rtreeNodes: this.allTree.size,
      bytes: typed.reduce((sum, a) => sum + a.byteLength, 0) + this.allTree.bytes + this.search.bytes,
    };
  }

  /** Builds the index; throws VW_ERR_INPUT_INVALID naming each bad zone and what is wrong with it. */
  static build(zones: readonly Zone[], options: ZoneIndexOptions = {}): ZoneIndex {
    return new ZoneIndex(zones, options.validate ?? true);
  }

  zoneIndexOf(id: string): number {
    return this.zoneIdToIndex.get(id) ?? -1;
  }

  /** Sorted instants at which some zone becomes valid or stops being valid. */
  get validityTransitions(): Float64Array {
    return this.store.transitions;
  }

  // ------------------------------------------------------------------ filters

  /** Compiles a filter once; pass it to every query (it is a byte per zone, no per-call work). */
  filter(spec: BoundaryFilterSpec = {}): BoundaryFilter {
    return new BoundaryFilter(compileFilterMask(this.zones, this.store, spec), JSON.stringify(spec), this);
  }

  /**
   * "Foreign waters" for a vessel of this flag: territorial seas and EEZs of every other jurisdiction, plus
   * boundary lines (treaty lines) to which the flag state is a party (`properties.parties`), since beyond
   * them lie another state's waters.
   */
  foreignWatersFilter(flag: string): BoundaryFilter {
    return new BoundaryFilter(foreignWatersMask(this.zones, flag), `foreign waters for flag ${flag}`, this);
  }

  get everyBoundary(): BoundaryFilter {
    return this.allFilter;
  }

  /** The filter's own R-tree (built once, ~0.1 s for the world set, then reused by every query). */
  treeOf(filter: BoundaryFilter): EdgeTree {
    if (filter.tree) return filter.tree;
    if (filter.owner !== this) throw new Error('BoundaryFilter was compiled for another ZoneIndex');
    const selected: number[] = [];
    for (let k = 0; k < this.leaves.count; k++) if (filter.mask[this.leaves.zone[k]!] === 1) selected.push(k);
    filter.tree = new EdgeTree(this.leaves, Int32Array.from(selected));
    return filter.tree;
  }

  // ------------------------------------------------------------------ zonesAt

  /**
   * Writes the indices of every area zone containing the point (and valid at atMs; NaN ignores validity)
   * into `out`, sorted, and returns how many. `out` needs room for the overlap depth. Allocation-free
   * once the point's membership-grid cell exists (zone-membership.ts).
   */
  zonesAtInto(lon: number, lat: number, atMs: number, out: Int32Array): number {
    return this.membership.zonesAtInto(lon, lat, atMs, out);
  }

  /** zonesAtInto without the membership grid (flatbush at the point, then quadtrees): for tests and audits. */
  zonesAtIntoDirect(lon: number, lat: number, atMs: number, out: Int32Array): number {
    return this.membership.zonesAtIntoDirect(lon, lat, atMs, out);
  }

  /** Every area zone containing the point and valid at atMs (validity windows ignored without atMs). */
  zonesAt(lon: number, lat: number, atMs?: number): Zone[] {
    const out = this.zoneScratch;
    const n = this.membership.zonesAtInto(lon, lat, atMs ?? NaN, out);
    const result: Zone[] = [];
    for (let k = 0; k < n; k++) result.push(this.zones[out[k]!]!);
    return result;
  }

  /** Whether one zone contains the point (validity ignored). */
  contains(zoneIndex: number, lon: number, lat: number): boolean {
    return this.membership.contains(zoneIndex, lon, lat);
  }

  // ------------------------------------------------------------------ nearest boundary

  /** Nearest boundary (edge of a matching area, or a matching line) or null when none matches. */
  nearestBoundary(lon: number, lat: number, filter: BoundaryFilter = this.allFilter): NearestBoundary | null {
    toUnitVector(lon, lat, this.pv, 0);
    this.nearestCached(lon, lat, this.pv[0]!, this.pv[1]!, this.pv[2]!, filter);
    return this.nearestResult();
  }

  /** Distance in nautical miles to the nearest matching boundary (Infinity when none); allocation-free. */
  nearestBoundaryNm(lon: number, lat: number, filter: BoundaryFilter = this.allFilter): number {
    toUnitVector(lon, lat, this.pv, 0);
    this.nearestCached(lon, lat, this.pv[0]!, this.pv[1]!, this.pv[2]!, filter);
    return this.search.resDistM / METRES_PER_NM;
  }

  /**
   * Nearest matching edge of the point (lon/lat and its unit vector) into the search's result registers,
   * from the per-cell candidate lists of the filter (built on first use; see NearestSearch.nearestCached).
   */
  nearestCached(lon: number, lat: number, px: number, py: number, pz: number, filter: BoundaryFilter): void {
    const tree = this.treeOf(filter);
    const cells = (filter.cells ??= new CellCache());
    this.search.nearestCached(lon, lat, px, py, pz, tree, cells);
  }

  /** Best-first search over a tree without the cell lists (see NearestSearch.nearestCore). */
  nearestCore(
    px: number,
    py: number,
    pz: number,
    tree: EdgeTree,
    extraSigma: number,
    collect: ((edge: number, chord2: number) => void) | null,
  ): void {
    this.search.nearestCore(px, py, pz, tree, extraSigma, collect);
  }

  /** Builds the result object from the result registers of the last search. */
  nearestResult(): NearestBoundary | null {
    const search = this.search;
    if (search.resEdge < 0) return null;
    const z = this.store.edgeZone[search.resEdge]!;
    return {
      distanceNm: search.resDistM / METRES_PER_NM,
      distanceM: search.resDistM,
      lon: vectorLon(search.resFx, search.resFy),
      lat: vectorLat(search.resFx, search.resFy, search.resFz),
      zone: this.zones[z]!,
      zoneIndex: z,
      edge: search.resEdge,
    };
  }

  /** Distance (metres) and edge of the last nearest search (-1 and Infinity when nothing matched). */
  get resDistM(): number {
    return this.search.resDistM;
  }
  get resEdge(): number {
    return this.search.resEdge;
  }

  /** Distance from a point to one edge, in metres (Lambert at the foot of the perpendicular on the arc). */
  edgeDistance(px: number, py: number, pz: number, e: number): number {
    return this.search.edgeDistance(px, py, pz, e);
  }

  /** edgeFoot's output: [squared chord, foot x, y, z]. */
  get foot(): Float64Array {
    return this.search.foot;
  }

  /** Squared chord from p to the nearest point of edge e's arc, and that point, into `foot`. */
  edgeFoot(px: number, py: number, pz: number, e: number): void {
    this.search.edgeFoot(px, py, pz, e);
  }

  /**
   * A lower bound, in metres, of the distance from p to every boundary of every zone as drawn (planar
   * polygon edges included): within it neither membership nor any crossing can change.
   */
  safeRadiusM(px: number, py: number, pz: number): number {
    return this.search.safeRadiusM(px, py, pz);
  }

  // ------------------------------------------------------------------ crossings

  /**
   * Boundaries crossed between two consecutive fixes, in order along the track (a great-circle arc between
   * them), with crossing points and times interpolated at constant speed. Areas report enter/exit, lines
   * cross. Returns a shared empty array when nothing is crossed.
   */
  crossings(
    from: TimedPosition,
    to: TimedPosition,
    filter: BoundaryFilter = this.allFilter,
  ): readonly Crossing[] {
    const found = this.crossingsCore(from.lon, from.lat, to.lon, to.lat, filter, true);
    if (found === 0) return EMPTY_CROSSINGS;
    const finder = this.crossingFinder;
    const list: Crossing[] = [];
    // Membership at `from`, toggled by each crossing of the zone's boundary along the track.
    const inside = new Map<number, boolean>();
    for (let k = 0; k < found; k++) {
      const e = finder.edge[k]!;
      const z = this.store.edgeZone[e]!;
      const frac = finder.frac[k]!;
      const x = finder.point[3 * k]!;
      const y = finder.point[3 * k + 1]!;
      const zz = finder.point[3 * k + 2]!;
      const crossing: Crossing = {
        zone: this.zones[z]!,
        zoneIndex: z,
        direction: 'cross',
        lon: vectorLon(x, y),
        lat: vectorLat(x, y, zz),
        atMs: from.atMs + frac * (to.atMs - from.atMs),
        fraction: frac,
        edge: e,
      };
      if (this.store.zoneIsArea[z]) {
        let state = inside.get(z);
        if (state === undefined) state = this.contains(z, from.lon, from.lat);
        state = !state;
        inside.set(z, state);
        crossing.direction = state ? 'enter' : 'exit';
      } else {
        crossing.side = finder.side[k] ? 'left' : 'right';
      }
      list.push(crossing);
    }
    return list;
  }

  /**
   * Finds the edges the arc from (lon1, lat1) to (lon2, lat2) crosses into the crossing finder's arrays,
   * sorted by fraction when `sort`. Returns their number.
   */
  crossingsCore(
    lon1: number,
    lat1: number,
    lon2: number,
    lat2: number,
    filter: BoundaryFilter,
    sort: boolean,
  ): number {
    const pv = this.pv;
    toUnitVector(lon1, lat1, pv, 0);
    toUnitVector(lon2, lat2, pv, 3);
    return this.crossingFinder.find(
      pv[0]!,
      pv[1]!,
      pv[2]!,
      pv[3]!,
      pv[4]!,
      pv[5]!,
      this.treeOf(filter),
      sort,
    );
  }

  // ------------------------------------------------------------------ time to boundary

  /**
   * Minutes until a vessel at (lon, lat) on its current course and speed reaches a matching boundary, or
   * null when it does not within the horizon. The course is followed as a geodesic (over a horizon of
   * hours the difference from a rhumb line is far below a position's own error).
   */
  timeToBoundary(
    lon: number,
    lat: number,
    speedKnots: number,
    courseDeg: number,
    filter: BoundaryFilter = this.allFilter,
    horizonMin = 60,
  ): number | null {
    const pv = this.pv;
    if (!courseTrack(lon, lat, speedKnots, courseDeg, horizonMin, pv)) return null;
    const finder = this.crossingFinder;
    const found = finder.find(pv[0]!, pv[1]!, pv[2]!, pv[3]!, pv[4]!, pv[5]!, this.treeOf(filter), false);
    if (found === 0) return null;
    let first = Infinity;
    for (let k = 0; k < found; k++) first = Math.min(first, finder.frac[k]!);
    return first * horizonMin;
  }

  // ------------------------------------------------------------------ for trackers and tests

  /** @internal */ vectors(): Float64Array {
    return this.store.vec;
  }
  /** @internal */ zoneOfEdge(edge: number): number {
    return this.store.edgeZone[edge]!;
  }
  isArea(zoneIndex: number): boolean {
    return this.store.zoneIsArea[zoneIndex] === 1;
  }
  validAt(zoneIndex: number, atMs: number): boolean {
    return this.store.zoneFrom[zoneIndex]! <= atMs && atMs < this.store.zoneTo[zoneIndex]!;
  }
  /** Endpoints of one edge as [lon1, lat1, lon2, lat2] (geodetic longitudes): for oracles and tests. */
  edgeEndpoints(edge: number): [number, number, number, number] {
    const { edgeV, lon, lat } = this.store;
    const i = edgeV[edge]!;
    return [lon[i]!, lat[i]!, lon[i + 1]!, lat[i + 1]!];
  }
}
