import Flatbush from 'flatbush';
import type { FieldProblem, Zone, ZoneKind } from '@vesselwatch/domain';
import {
  METRES_PER_NM,
  WGS84_A,
  WGS84_B,
  angleToChord,
  centralAngle,
  chordToAngle,
  lambertDistance,
  toUnitVector,
  vectorLat,
  vectorLon,
} from './ellipsoid';
import { EdgeTree, mortonKey, type EdgeLeaves } from './edge-tree';
import { MinHeap } from './heap';
import { checkZoneFields, checkZoneGeometry, throwIfProblems, zoneLabel } from './validation';

/** Leaves of the point-in-polygon quadtree hold at most this many edges (unless MAX_DEPTH is reached). */
const QT_LEAF_EDGES = 8;
const QT_MAX_DEPTH = 24;
/** Edges per leaf and children per node of the edge R-tree (distances and crossings). */
const RT_LEAF_EDGES = 8;
/** Relative slack for floating-point rounding in the lower-bound chain (far below any real margin). */
const ROUNDING = 1e-9;

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

export interface NearestBoundary {
  /** Ellipsoidal (WGS-84) distance from the point to the nearest matching boundary. */
  distanceNm: number;
  distanceM: number;
  /** The nearest point on that boundary. */
  lon: number;
  lat: number;
  zone: Zone;
  zoneIndex: number;
  /** Internal edge number (stable for one index); useful to tell two equally near boundaries apart. */
  edge: number;
}

export interface TimedPosition {
  lon: number;
  lat: number;
  atMs: number;
}

export interface Crossing {
  zone: Zone;
  zoneIndex: number;
  /** enter / exit for areas; cross for boundary lines. */
  direction: 'enter' | 'exit' | 'cross';
  /** For lines: which side the track ends on, looking along the line from its first to its last point. */
  side?: 'left' | 'right';
  lon: number;
  lat: number;
  /** Interpolated linearly in time along the track segment (constant speed between the two fixes). */
  atMs: number;
  /** 0 at `from`, 1 at `to`. */
  fraction: number;
  edge: number;
}

export interface ZoneIndexOptions {
  /** Check rings for self-intersections and holes for nesting (default true; costs ~1 s on the world set). */
  validate?: boolean;
}

export interface ZoneIndexStats {
  zones: number;
  parts: number;
  vertices: number;
  edges: number;
  quadtreeNodes: number;
  rtreeNodes: number;
  /** Bytes held in typed arrays by the index. */
  bytes: number;
}

const EMPTY_CROSSINGS: readonly Crossing[] = Object.freeze([]);

/**
 * The geofence index over one zone set. Build once (`ZoneIndex.build`), then query per fix.
 *
 * - zonesAt: flatbush over polygon parts (never one box per multipolygon), then per part a quadtree over its
 *   edges whose cells carry the inside/outside parity of one corner, so a query crosses only the few edges of
 *   one cell (planar in lon/lat, like GeoJSON and the oracle).
 * - nearestBoundary / crossings / timeToBoundary: one packed 3-D R-tree over every boundary edge (unit
 *   vectors on the auxiliary sphere, per-zone subtrees so filters prune whole zones), best-first search with
 *   rigorous chord lower bounds, then Lambert's ellipsoidal distance for the few candidates left.
 */
export class ZoneIndex {
  readonly zones: readonly Zone[];
  readonly stats: ZoneIndexStats;

  // Vertices: geodetic lon/lat, planar lon for point-in-polygon (unwrapped across the antimeridian),
  // auxiliary-sphere unit vectors.
  private readonly lon: Float64Array;
  private readonly lat: Float64Array;
  private readonly plon: Float64Array;
  private readonly vec: Float64Array;
  // Edges: from vertex v to v + 1.
  private readonly edgeV: Int32Array;
  private readonly edgeZone: Int32Array;
  private readonly edgeDev: Float64Array;
  // Zones.
  private readonly zoneIsArea: Uint8Array;
  private readonly zoneFrom: Float64Array;
  private readonly zoneTo: Float64Array;
  private readonly zoneIdToIndex: Map<string, number>;
  private readonly zoneParts: Int32Array[];
  private readonly transitions: Float64Array;
  // Polygon parts and their quadtrees.
  private readonly partZone: Int32Array;
  private readonly partRoot: Int32Array;
  private readonly partBox: Float64Array;
  private readonly partTree: Flatbush;
  private readonly partEntry: Int32Array;
  private readonly partShift: Float64Array;
  private readonly qtFirst: Int32Array;
  private readonly qtCount: Int32Array;
  private readonly qtParity: Uint8Array;
  private readonly qtEdges: Int32Array;
  // Edge R-tree.
  private readonly leaves: EdgeLeaves;
  private readonly allTree: EdgeTree;

  // Scratch state for the allocation-free hot path.
  private readonly heap = new MinHeap(1024);
  private stack = new Int32Array(1024);
  private readonly pv = new Float64Array(6);
  /** Result registers of the last nearest search. */
  resDistM = Infinity;
  resEdge = -1;
  resFx = 0;
  resFy = 0;
  resFz = 0;
  private readonly allFilter: BoundaryFilter;
  private readonly allZonesMask: Uint8Array;

  private constructor(zones: readonly Zone[], validate: boolean) {
    const problems: FieldProblem[] = [];
    let fieldsOk = true;
    for (let i = 0; i < zones.length; i++) {
      fieldsOk = checkZoneFields(zones[i], i, problems) && fieldsOk;
      checkZoneGeometry(zones[i], i, problems);
    }
    const seen = new Map<string, number>();
    zones.forEach((zone, i) => {
      if (typeof zone?.id !== 'string') return;
      const before = seen.get(zone.id);
      if (before !== undefined)
        problems.push({
          path: `zones.${i}.id`,
          problem: `${zoneLabel(zone, i)}: id is used twice (zones #${before} and #${i})`,
        });
      else seen.set(zone.id, i);
    });
    void fieldsOk;
    throwIfProblems(problems);
    this.zones = zones;
    this.zoneIdToIndex = seen;

    // ---- count and copy vertices, rings, edges
    const nz = zones.length;
    let nv = 0;
    let nparts = 0;
    for (const zone of zones) {
      const g = zone.geometry;
      if (g.type === 'Polygon') {
        nparts++;
        for (const ring of g.coordinates) nv += ring.length;
      } else if (g.type === 'MultiPolygon') {
        for (const poly of g.coordinates) {
          nparts++;
          for (const ring of poly) nv += ring.length;
        }
      } else if (g.type === 'LineString') nv += g.coordinates.length;
      else for (const line of g.coordinates) nv += line.length;
    }
    this.lon = new Float64Array(nv);
    this.lat = new Float64Array(nv);
    this.plon = new Float64Array(nv);
    this.vec = new Float64Array(nv * 3);
    const edgeV = new Int32Array(nv);
    const edgeZone = new Int32Array(nv);
    const edgeSeam = new Uint8Array(nv);
    const edgeRun = new Int32Array(nv); // which ring/line the edge belongs to (R-tree leaves stay in one)
    this.zoneIsArea = new Uint8Array(nz);
    this.zoneFrom = new Float64Array(nz);
    this.zoneTo = new Float64Array(nz);
    this.partZone = new Int32Array(nparts);
    const partEdgeStart = new Int32Array(nparts);
    const partEdgeEnd = new Int32Array(nparts);
    const partRings: { zone: number; polygon: number; starts: number[]; ends: number[] }[] = [];
    this.zoneParts = [];
    const transitions = new Set<number>();
    let v = 0;
    let ne = 0;
    let run = 0;
    let part = 0;
    const lonA = this.lon;
    const latA = this.lat;
    const plonA = this.plon;

    const copyRun = (coords: readonly (readonly number[])[], zi: number, unwrap: boolean): number => {
      const start = v;
      let prev = 0;
      for (let i = 0; i < coords.length; i++) {
        const c = coords[i]!;
        const x = c[0]!;
        lonA[v] = x;
        latA[v] = c[1]!;
        let px = x;
        if (unwrap && i > 0) {
          while (px - prev > 180) px -= 360;
          while (px - prev < -180) px += 360;
        }
        plonA[v] = px;
        prev = px;
        toUnitVector(x, c[1]!, this.vec, v * 3);
        v++;
      }
      for (let i = start; i < v - 1; i++) {
        if (lonA[i] === lonA[i + 1] && latA[i] === latA[i + 1]) continue; // repeated position
        edgeV[ne] = i;
        edgeZone[ne] = zi;
        edgeRun[ne] = run;
        // An edge along the antimeridian is where GeoJSON cuts a shape in two, not a real boundary.
        edgeSeam[ne] = Math.abs(lonA[i]!) === 180 && lonA[i] === lonA[i + 1] ? 1 : 0;
        ne++;
      }
      run++;
      return start;
    };

    for (let zi = 0; zi < nz; zi++) {
      const zone = zones[zi]!;
      this.zoneFrom[zi] = zone.validFromMs ?? -Infinity;
      this.zoneTo[zi] = zone.validToMs ?? Infinity;
      if (zone.validFromMs !== undefined) transitions.add(zone.validFromMs);
      if (zone.validToMs !== undefined) transitions.add(zone.validToMs);
      const g = zone.geometry;
      const myParts: number[] = [];
      if (g.type === 'Polygon' || g.type === 'MultiPolygon') {
        this.zoneIsArea[zi] = 1;
        const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
        polys.forEach((poly, pi) => {
          const crosses = poly.some((ring) => ringJumps(ring));
          partEdgeStart[part] = ne;
          const starts: number[] = [];
          const ends: number[] = [];
          let shellMid = 0;
          poly.forEach((ring, ri) => {
            const start = copyRun(ring, zi, crosses);
            if (crosses) {
              // Keep every ring of the part in one continuous longitude range.
              let mid = 0;
              for (let i = start; i < v; i++) mid += plonA[i]!;
              mid /= v - start;
              if (ri === 0) shellMid = mid;
              else {
                const shift = Math.round((shellMid - mid) / 360) * 360;
                if (shift !== 0) for (let i = start; i < v; i++) plonA[i] = plonA[i]! + shift;
              }
            }
            starts.push(start);
            ends.push(v);
          });
          partEdgeEnd[part] = ne;
          this.partZone[part] = zi;
          partRings.push({ zone: zi, polygon: g.type === 'Polygon' ? -1 : pi, starts, ends });
          myParts.push(part);
          part++;
        });
      } else {
        const lines = g.type === 'LineString' ? [g.coordinates] : g.coordinates;
        for (const line of lines) copyRun(line, zi, false);
      }
      this.zoneParts.push(Int32Array.from(myParts));
    }
    this.transitions = Float64Array.from([...transitions].sort((a, b) => a - b));
    this.edgeV = edgeV.slice(0, ne);
    this.edgeZone = edgeZone.slice(0, ne);

    // Planar deviation of each polygon edge from its great-circle arc (metres, generous): the fast path
    // subtracts it so a safe radius measured to arcs is safe for the planar polygon too.
    this.edgeDev = new Float64Array(ne);
    for (let e = 0; e < ne; e++) {
      if (!this.zoneIsArea[edgeZone[e]!]) continue;
      const i = edgeV[e]!;
      toUnitVector((plonA[i]! + plonA[i + 1]!) / 2, (latA[i]! + latA[i + 1]!) / 2, this.pv, 0);
      const vec = this.vec;
      const ax = vec[3 * i]!;
      const ay = vec[3 * i + 1]!;
      const az = vec[3 * i + 2]!;
      const bx = vec[3 * i + 3]!;
      const by = vec[3 * i + 4]!;
      const bz = vec[3 * i + 5]!;
      const nx = ay * bz - az * by;
      const ny = az * bx - ax * bz;
      const nz2 = ax * by - ay * bx;
      const nn = Math.sqrt(nx * nx + ny * ny + nz2 * nz2);
      const off = nn > 0 ? Math.abs(this.pv[0]! * nx + this.pv[1]! * ny + this.pv[2]! * nz2) / nn : 0;
      this.edgeDev[e] = 2 * WGS84_A * off + 1;
    }

    // ---- point-in-polygon: a quadtree per part
    const qtFirst: number[] = [];
    const qtCount: number[] = [];
    const qtParity: number[] = [];
    const qtEdges: number[] = [];
    this.partRoot = new Int32Array(nparts);
    this.partBox = new Float64Array(nparts * 4);
    for (let p = 0; p < nparts; p++) {
      let minX = Infinity;
      let minY = Infinity;
      let maxX = -Infinity;
      let maxY = -Infinity;
      const edges: number[] = [];
      for (let e = partEdgeStart[p]!; e < partEdgeEnd[p]!; e++) {
        const i = edgeV[e]!;
        edges.push(e);
        for (const j of [i, i + 1]) {
          const x = plonA[j]!;
          const y = latA[j]!;
          if (x < minX) minX = x;
          if (x > maxX) maxX = x;
          if (y < minY) minY = y;
          if (y > maxY) maxY = y;
        }
      }
      // Odd margins so that cell corners practically never fall on an edge or a vertex.
      const mx = (maxX - minX) * 0.0123456789 + 1.2345e-7;
      const my = (maxY - minY) * 0.0098765432 + 1.3579e-7;
      const x0 = minX - mx;
      const y0 = minY - my;
      const x1 = maxX + mx * 1.1;
      const y1 = maxY + my * 1.1;
      this.partBox.set([x0, y0, x1, y1], p * 4);
      const root = qtFirst.length;
      qtFirst.push(0);
      qtCount.push(0);
      qtParity.push(0);
      this.buildQuadtree(root, x0, y0, x1, y1, edges, 0, 0, qtFirst, qtCount, qtParity, qtEdges, edgeV);
      this.partRoot[p] = root;
    }
    this.qtFirst = Int32Array.from(qtFirst);
    this.qtCount = Int32Array.from(qtCount);
    this.qtParity = Uint8Array.from(qtParity);
    this.qtEdges = Int32Array.from(qtEdges);

    if (validate) {
      const geometryProblems: FieldProblem[] = [];
      this.checkCrossingsAndNesting(partRings, geometryProblems);
      throwIfProblems(geometryProblems);
    }

    // flatbush over part boxes; a part that runs past 180 degrees also gets a copy shifted by -360.
    const entries: number[] = [];
    const shifts: number[] = [];
    for (let p = 0; p < nparts; p++) {
      entries.push(p);
      shifts.push(0);
      if (this.partBox[p * 4 + 2]! > 180) {
        entries.push(p);
        shifts.push(360);
      }
      if (this.partBox[p * 4]! < -180) {
        entries.push(p);
        shifts.push(-360);
      }
    }
    this.partTree = new Flatbush(Math.max(1, entries.length));
    for (let k = 0; k < entries.length; k++) {
      const p = entries[k]!;
      const s = shifts[k]!;
      this.partTree.add(
        this.partBox[p * 4]! - s,
        this.partBox[p * 4 + 1]!,
        this.partBox[p * 4 + 2]! - s,
        this.partBox[p * 4 + 3]!,
      );
    }
    if (entries.length === 0) this.partTree.add(1000, 1000, 1000, 1000);
    this.partTree.finish();
    this.partEntry = Int32Array.from(entries);
    this.partShift = Float64Array.from(shifts);

    // ---- edge R-tree leaves (3-D, auxiliary sphere): runs of edges of one ring or line
    const leafFirst: number[] = [];
    const leafEdges: number[] = [];
    const leafBoxes: number[] = [];
    const leafDev: number[] = [];
    const leafZone: number[] = [];
    const box = new Float64Array(6);
    let open = false;
    const closeLeaf = (): void => {
      if (!open) return;
      for (let k = 0; k < 6; k++) leafBoxes.push(box[k]!);
      open = false;
    };
    for (let e = 0; e < ne; e++) {
      if (edgeSeam[e]) {
        closeLeaf();
        continue;
      }
      const last = leafFirst.length - 1;
      if (
        !open ||
        leafEdges[last] === RT_LEAF_EDGES ||
        edgeRun[e] !== edgeRun[leafFirst[last]!] ||
        leafFirst[last]! + leafEdges[last]! !== e
      ) {
        closeLeaf();
        leafFirst.push(e);
        leafEdges.push(0);
        leafDev.push(0);
        leafZone.push(edgeZone[e]!);
        box.set([Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity]);
        open = true;
      }
      const k = leafFirst.length - 1;
      leafEdges[k]!++;
      this.extendWithEdge(box, e);
      if (this.edgeDev[e]! > leafDev[k]!) leafDev[k] = this.edgeDev[e]!;
    }
    closeLeaf();
    const nl = leafFirst.length;
    const leafBox = Float64Array.from(leafBoxes);
    const leafKey = new Float64Array(nl);
    for (let k = 0; k < nl; k++) {
      const b = k * 6;
      leafKey[k] = mortonKey(
        (leafBox[b]! + leafBox[b + 3]!) / 2,
        (leafBox[b + 1]! + leafBox[b + 4]!) / 2,
        (leafBox[b + 2]! + leafBox[b + 5]!) / 2,
      );
    }
    this.leaves = {
      count: nl,
      box: leafBox,
      first: Int32Array.from(leafFirst),
      edges: Int32Array.from(leafEdges),
      zone: Int32Array.from(leafZone),
      dev: Float64Array.from(leafDev),
      key: leafKey,
    };
    this.allTree = new EdgeTree(
      this.leaves,
      Int32Array.from({ length: nl }, (_, k) => k),
    );

    this.allZonesMask = new Uint8Array(nz).fill(1);
    this.allFilter = new BoundaryFilter(this.allZonesMask, 'every boundary', this);
    this.allFilter.tree = this.allTree;
    const typed = [
      this.lon,
      this.lat,
      this.plon,
      this.vec,
      this.edgeV,
      this.edgeZone,
      this.edgeDev,
      this.qtFirst,
      this.qtCount,
      this.qtParity,
      this.qtEdges,
      this.partBox,
      this.leaves.box,
      this.leaves.first,
      this.leaves.edges,
      this.leaves.zone,
      this.leaves.dev,
      this.leaves.key,
    ];
    this.stats = {
      zones: nz,
      parts: nparts,
      vertices: nv,
      edges: ne,
      quadtreeNodes: this.qtFirst.length,
      rtreeNodes: this.allTree.size,
      bytes: typed.reduce((sum, a) => sum + a.byteLength, 0) + this.allTree.bytes,
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
    return this.transitions;
  }

  // ------------------------------------------------------------------ build helpers

  private extendWithEdge(box: Float64Array, e: number): void {
    const i = this.edgeV[e]!;
    const vec = this.vec;
    for (let k = 0; k < 6; k++) {
      const c = vec[3 * i + k]!;
      const axis = k % 3;
      if (c < box[axis]!) box[axis] = c;
      if (c > box[axis + 3]!) box[axis + 3] = c;
    }
    // The arc bulges outward from its chord by the sagitta: widen the box so it contains the arc.
    const dx = vec[3 * i + 3]! - vec[3 * i]!;
    const dy = vec[3 * i + 4]! - vec[3 * i + 1]!;
    const dz = vec[3 * i + 5]! - vec[3 * i + 2]!;
    const chord2 = dx * dx + dy * dy + dz * dz;
    const sag = chord2 / (4 * (1 + Math.sqrt(Math.max(0, 1 - chord2 / 4)))) + 1e-15;
    for (let axis = 0; axis < 3; axis++) {
      box[axis] = box[axis]! - sag;
      box[axis + 3] = box[axis + 3]! + sag;
    }
  }

  private buildQuadtree(
    node: number,
    x0: number,
    y0: number,
    x1: number,
    y1: number,
    edges: number[],
    parity: number,
    depth: number,
    qtFirst: number[],
    qtCount: number[],
    qtParity: number[],
    qtEdges: number[],
    edgeV: Int32Array,
  ): void {
    qtParity[node] = parity;
    if (edges.length <= QT_LEAF_EDGES || depth >= QT_MAX_DEPTH) {
      qtFirst[node] = qtEdges.length;
      qtCount[node] = edges.length;
      for (const e of edges) qtEdges.push(e);
      return;
    }
    const xm = (x0 + x1) / 2;
    const ym = (y0 + y1) / 2;
    const X = this.plon;
    const Y = this.lat;
    const kids: number[][] = [[], [], [], []];
    let pBL = parity;
    let pTR = parity;
    let vTL = 0;
    for (const e of edges) {
      const i = edgeV[e]!;
      const ax = X[i]!;
      const ay = Y[i]!;
      const bx = X[i + 1]!;
      const by = Y[i + 1]!;
      // Most edges are short and lie in one quadrant; only those straddling a split line need the exact test.
      const padX = (x1 - x0) * 1e-9 + 1e-12;
      const padY = (y1 - y0) * 1e-9 + 1e-12;
      const left = (ax < bx ? ax : bx) <= xm + padX;
      const right = (ax > bx ? ax : bx) >= xm - padX;
      const low = (ay < by ? ay : by) <= ym + padY;
      const high = (ay > by ? ay : by) >= ym - padY;
      if ((left ? 1 : 0) + (right ? 1 : 0) + (low ? 1 : 0) + (high ? 1 : 0) === 2) {
        kids[(right ? 1 : 0) + (high ? 2 : 0)]!.push(e);
      } else {
        if (left && low && segmentTouchesBox(ax, ay, bx, by, x0, y0, xm, ym)) kids[0]!.push(e);
        if (right && low && segmentTouchesBox(ax, ay, bx, by, xm, y0, x1, ym)) kids[1]!.push(e);
        if (left && high && segmentTouchesBox(ax, ay, bx, by, x0, ym, xm, y1)) kids[2]!.push(e);
        if (right && high && segmentTouchesBox(ax, ay, bx, by, xm, ym, x1, y1)) kids[3]!.push(e);
      }
      // Corner parities of the children, walked from this cell's bottom-right corner (x1, y0).
      if (ay > y0 !== by > y0) {
        const c = ax + ((y0 - ay) * (bx - ax)) / (by - ay);
        if (c > xm && c <= x1) pBL ^= 1;
      }
      if (ax > x1 !== bx > x1) {
        const c = ay + ((x1 - ax) * (by - ay)) / (bx - ax);
        if (c > y0 && c <= ym) pTR ^= 1;
      }
      if (ax > xm !== bx > xm) {
        const c = ay + ((xm - ax) * (by - ay)) / (bx - ax);
        if (c > y0 && c <= ym) vTL ^= 1;
      }
    }
    if (kids.every((k) => k.length >= edges.length)) {
      // No progress (edges piled on one point): keep this cell a leaf.
      qtFirst[node] = qtEdges.length;
      qtCount[node] = edges.length;
      for (const e of edges) qtEdges.push(e);
      return;
    }
    const first = qtFirst.length;
    for (let k = 0; k < 4; k++) {
      qtFirst.push(0);
      qtCount.push(0);
      qtParity.push(0);
    }
    qtFirst[node] = first;
    qtCount[node] = -1;
    const pc = [pBL, parity, pBL ^ vTL, pTR];
    for (let k = 0; k < 4; k++) {
      const cx0 = k & 1 ? xm : x0;
      const cx1 = k & 1 ? x1 : xm;
      const cy0 = k & 2 ? ym : y0;
      const cy1 = k & 2 ? y1 : ym;
      this.buildQuadtree(
        first + k,
        cx0,
        cy0,
        cx1,
        cy1,
        kids[k]!,
        pc[k]!,
        depth + 1,
        qtFirst,
        qtCount,
        qtParity,
        qtEdges,
        edgeV,
      );
    }
  }

  /** Proper crossings between edges of one part (found leaf by leaf) and holes outside their shell. */
  private checkCrossingsAndNesting(
    partRings: { zone: number; polygon: number; starts: number[]; ends: number[] }[],
    problems: FieldProblem[],
  ): void {
    const X = this.plon;
    const Y = this.lat;
    const reported = new Set<number>();
    for (let p = 0; p < partRings.length; p++) {
      const info = partRings[p]!;
      const zone = this.zones[info.zone]!;
      const label = zoneLabel(zone, info.zone);
      const where = info.polygon < 0 ? 'the polygon' : `polygon ${info.polygon}`;
      const ringOf = (vertex: number): number => {
        let r = 0;
        while (r + 1 < info.starts.length && vertex >= info.starts[r + 1]!) r++;
        return r;
      };
      // Leaves of this part's quadtree.
      const stack = [this.partRoot[p]!];
      let found = false;
      while (stack.length > 0 && !found) {
        const node = stack.pop()!;
        const count = this.qtCount[node]!;
        if (count < 0) {
          for (let k = 0; k < 4; k++) stack.push(this.qtFirst[node]! + k);
          continue;
        }
        if (count > 256) continue; // a degenerate pile of edges at max depth; not worth O(n^2)
        const first = this.qtFirst[node]!;
        for (let s = 0; s < count && !found; s++) {
          const i = this.edgeV[this.qtEdges[first + s]!]!;
          for (let t = s + 1; t < count; t++) {
            const j = this.edgeV[this.qtEdges[first + t]!]!;
            if (properCrossing(X, Y, i, j)) {
              const ri = ringOf(i);
              const rj = ringOf(j);
              const px = intersectX(X, Y, i, j);
              problems.push({
                path: `zones.${info.zone}.geometry`,
                problem:
                  ri === rj
                    ? `${label}: ${where}, ring ${ri} intersects itself near [${px[0].toFixed(6)}, ${px[1].toFixed(6)}] (positions ${i - info.starts[ri]!} and ${j - info.starts[rj]!})`
                    : `${label}: ${where}, rings ${ri} and ${rj} cross near [${px[0].toFixed(6)}, ${px[1].toFixed(6)}]`,
              });
              found = true;
              break;
            }
          }
        }
      }
      if (found) reported.add(p);
      // Holes must lie inside their shell.
      for (let r = 1; r < info.starts.length && !found; r++) {
        const hx = X[info.starts[r]!]!;
        const hy = Y[info.starts[r]!]!;
        let inside = 0;
        for (let i = info.starts[0]!; i < info.ends[0]! - 1; i++) {
          const ay = Y[i]!;
          const by = Y[i + 1]!;
          if (ay > hy !== by > hy) {
            const c = X[i]! + ((hy - ay) * (X[i + 1]! - X[i]!)) / (by - ay);
            if (c > hx) inside ^= 1;
          }
        }
        if (!inside) {
          problems.push({
            path: `zones.${info.zone}.geometry`,
            problem: `${label}: ${where}, hole ring ${r} lies outside its shell (wrong nesting)`,
          });
          break;
        }
      }
    }
  }

  // ------------------------------------------------------------------ filters

  /** Compiles a filter once; pass it to every query (it is a byte per zone, no per-call work). */
  filter(spec: BoundaryFilterSpec = {}): BoundaryFilter {
    const mask = new Uint8Array(this.zones.length);
    const ids = spec.zoneIds ? new Set(spec.zoneIds) : null;
    const kinds = spec.kinds ? new Set<string>(spec.kinds) : null;
    for (let i = 0; i < this.zones.length; i++) {
      const z = this.zones[i]!;
      if (kinds && !kinds.has(z.kind)) continue;
      if (spec.jurisdiction && z.jurisdiction !== spec.jurisdiction) continue;
      if (spec.excludeJurisdiction && z.jurisdiction === spec.excludeJurisdiction) continue;
      if (ids && !ids.has(z.id)) continue;
      if (spec.geometry === 'area' && !this.zoneIsArea[i]) continue;
      if (spec.geometry === 'line' && this.zoneIsArea[i]) continue;
      if (
        spec.validAtMs !== undefined &&
        !(this.zoneFrom[i]! <= spec.validAtMs && spec.validAtMs < this.zoneTo[i]!)
      )
        continue;
      mask[i] = 1;
    }
    return new BoundaryFilter(mask, JSON.stringify(spec), this);
  }

  /**
   * "Foreign waters" for a vessel of this flag: territorial seas and EEZs of every other jurisdiction, plus
   * boundary lines (treaty lines) to which the flag state is a party (`properties.parties`), since beyond
   * them lie another state's waters.
   */
  foreignWatersFilter(flag: string): BoundaryFilter {
    const mask = new Uint8Array(this.zones.length);
    for (let i = 0; i < this.zones.length; i++) {
      const z = this.zones[i]!;
      if ((z.kind === 'territorial_sea' || z.kind === 'eez') && z.jurisdiction !== flag) mask[i] = 1;
      if (z.kind === 'boundary_line') {
        const parties = z.properties['parties'];
        if (Array.isArray(parties) ? parties.includes(flag) : z.jurisdiction === flag) mask[i] = 1;
      }
    }
    return new BoundaryFilter(mask, `foreign waters for flag ${flag}`, this);
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
   * into `out`, sorted, and returns how many. Allocation-free apart from flatbush's small result array. `out` needs room for the overlap depth.
   */
  zonesAtInto(lon: number, lat: number, atMs: number, out: Int32Array): number {
    const hits = this.partTree.search(lon, lat, lon, lat);
    let n = 0;
    for (let h = 0; h < hits.length; h++) {
      const entry = hits[h]!;
      const p = this.partEntry[entry]!;
      const z = this.partZone[p]!;
      // NaN: validity windows ignored.
      if (atMs === atMs && !(this.zoneFrom[z]! <= atMs && atMs < this.zoneTo[z]!)) continue;
      let dup = false;
      for (let k = 0; k < n; k++) if (out[k] === z) dup = true;
      if (dup) continue;
      if (this.partContains(p, lon + this.partShift[entry]!, lat) && n < out.length) out[n++] = z;
    }
    if (n > 1) sortSmall(out, n);
    return n;
  }

  /** Every area zone containing the point and valid at atMs (validity windows ignored without atMs). */
  zonesAt(lon: number, lat: number, atMs?: number): Zone[] {
    const out = this.zoneScratch;
    const n = this.zonesAtInto(lon, lat, atMs ?? NaN, out);
    const result: Zone[] = [];
    for (let k = 0; k < n; k++) result.push(this.zones[out[k]!]!);
    return result;
  }
  private readonly zoneScratch = new Int32Array(256);

  /** Whether one zone contains the point (validity ignored). */
  contains(zoneIndex: number, lon: number, lat: number): boolean {
    const parts = this.zoneParts[zoneIndex];
    if (!parts) return false;
    for (let k = 0; k < parts.length; k++) {
      const p = parts[k]!;
      const b = p * 4;
      let x = lon;
      if (x < this.partBox[b]!) x += 360;
      else if (x > this.partBox[b + 2]!) x -= 360;
      if (
        x < this.partBox[b]! ||
        x > this.partBox[b + 2]! ||
        lat < this.partBox[b + 1]! ||
        lat > this.partBox[b + 3]!
      )
        continue;
      if (this.partContains(p, x, lat)) return true;
    }
    return false;
  }

  private partContains(p: number, qx: number, qy: number): boolean {
    const b = p * 4;
    let x0 = this.partBox[b]!;
    let y0 = this.partBox[b + 1]!;
    let x1 = this.partBox[b + 2]!;
    let y1 = this.partBox[b + 3]!;
    if (qx < x0 || qx > x1 || qy < y0 || qy > y1) return false;
    const qtFirst = this.qtFirst;
    const qtCount = this.qtCount;
    let node = this.partRoot[p]!;
    while (qtCount[node]! < 0) {
      const xm = (x0 + x1) / 2;
      const ym = (y0 + y1) / 2;
      let k = 0;
      if (qx >= xm) {
        k = 1;
        x0 = xm;
      } else x1 = xm;
      if (qy >= ym) {
        k += 2;
        y0 = ym;
      } else y1 = ym;
      node = qtFirst[node]! + k;
    }
    let parity = this.qtParity[node]!;
    const count = qtCount[node]!;
    if (count === 0) return parity === 1;
    const X = this.plon;
    const Y = this.lat;
    const edgeV = this.edgeV;
    const edges = this.qtEdges;
    const first = qtFirst[node]!;
    for (let s = 0; s < count; s++) {
      const i = edgeV[edges[first + s]!]!;
      const ax = X[i]!;
      const ay = Y[i]!;
      const bx = X[i + 1]!;
      const by = Y[i + 1]!;
      // Up the cell's right side from its bottom-right corner to the query's height...
      if (ax > x1 !== bx > x1) {
        const c = ay + ((x1 - ax) * (by - ay)) / (bx - ax);
        if (c > y0 && c <= qy) parity ^= 1;
      }
      // ...then left to the query point.
      if (ay > qy !== by > qy) {
        const c = ax + ((qy - ay) * (bx - ax)) / (by - ay);
        if (c > qx && c <= x1) parity ^= 1;
      }
    }
    return parity === 1;
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
    return this.resDistM / METRES_PER_NM;
  }

  /**
   * The same answer as nearestCore (same edge, same distance, to the last bit) from the candidate list of
   * the point's grid cell: with c the cell centre, r the cell's radius and D the nearest distance from c,
   * no edge farther than (a/b)(D/b + r) + r from c (central angles) can be nearest for any point of the
   * cell (triangle inequality on the auxiliary sphere, b*sigma <= Lambert <= a*sigma). Lists are built
   * on first use, so memory follows the area a filter is actually asked about.
   */
  nearestCached(lon: number, lat: number, px: number, py: number, pz: number, filter: BoundaryFilter): void {
    const tree = this.treeOf(filter);
    const cc = (filter.cells ??= new CellCache());
    let col = Math.floor((lon + 180) / CELL_DEG);
    let row = Math.floor((lat + 90) / CELL_DEG);
    if (col < 0) col = 0;
    else if (col >= CELL_COLS) col = CELL_COLS - 1;
    if (row < 0) row = 0;
    else if (row >= CELL_ROWS) row = CELL_ROWS - 1;
    const block = cc.block(col, row);
    const cell = (row % BLOCK_CELLS) * BLOCK_CELLS + (col % BLOCK_CELLS);
    if (block.len[cell]! < 0) this.buildCell(cc, block, tree, cell, col, row);
    const r = block.radius[cell]!;
    const start = block.start[cell]!;
    const end = start + block.len[cell]!;
    const pool = cc.pool;
    const poolSigma = cc.poolSigma;
    const box = tree.box;
    let best = Infinity;
    let bestEdge = -1;
    let bestKey = 4 + 1e-9;
    let bestSigma = Infinity;
    if (end > start) {
      // A first bound from the centre's nearest edge; the scan below re-finds it (or a nearer one).
      this.edgeFoot(px, py, pz, block.seed[cell]!);
      const d = lambertDistance(px, py, pz, this.foot[1]!, this.foot[2]!, this.foot[3]!);
      bestSigma = (d / WGS84_B) * (1 + ROUNDING) + 1e-15;
      const c = angleToChord(bestSigma);
      bestKey = c * c * (1 + ROUNDING);
      best = d * (1 + ROUNDING) + 1e-9;
    }
    for (let k = start; k < end; k++) {
      if (poolSigma[k]! - r > bestSigma) break;
      const node = pool[k]!;
      if (boxKey(box, node, px, py, pz) > bestKey) continue;
      const first = tree.first[node]!;
      const last = first + tree.count[node]!;
      for (let e = first; e < last; e++) {
        this.edgeFoot(px, py, pz, e);
        const key = this.foot[0]!;
        if (key > bestKey) continue;
        const d = lambertDistance(px, py, pz, this.foot[1]!, this.foot[2]!, this.foot[3]!);
        if (d < best || (d === best && (e < bestEdge || bestEdge < 0))) {
          best = d;
          bestEdge = e;
          this.resFx = this.foot[1]!;
          this.resFy = this.foot[2]!;
          this.resFz = this.foot[3]!;
          bestSigma = (best / WGS84_B) * (1 + ROUNDING);
          const c = angleToChord(bestSigma);
          bestKey = c * c * (1 + ROUNDING);
        }
      }
    }
    this.resDistM = best;
    this.resEdge = bestEdge;
  }

  private buildCell(
    cc: CellCache,
    block: CellBlock,
    tree: EdgeTree,
    cell: number,
    col: number,
    row: number,
  ): void {
    const lon0 = col * CELL_DEG - 180;
    const lat0 = row * CELL_DEG - 90;
    const v = this.cellScratch;
    toUnitVector(lon0 + CELL_DEG / 2, lat0 + CELL_DEG / 2, v, 0);
    const cx = v[0]!;
    const cy = v[1]!;
    const cz = v[2]!;
    let r = 0;
    for (let k = 0; k < 4; k++) {
      toUnitVector(lon0 + (k & 1 ? CELL_DEG : 0), lat0 + (k & 2 ? CELL_DEG : 0), v, 3);
      r = Math.max(r, centralAngle(cx, cy, cz, v[3]!, v[4]!, v[5]!));
    }
    r = r * 1.01 + 1e-12;
    this.nearestCore(cx, cy, cz, tree, 0, null);
    const d = this.resDistM;
    block.seed[cell] = this.resEdge;
    block.radius[cell] = r;
    block.start[cell] = cc.used;
    if (!(d < Infinity)) {
      block.len[cell] = 0;
      return;
    }
    const limit = ((WGS84_A / WGS84_B) * (d / WGS84_B + r) + r) * (1 + 1e-9);
    const limitChord = angleToChord(limit);
    const limitKey = limitChord * limitChord * (1 + 1e-9);
    const found: number[] = [];
    const sigmas: number[] = [];
    const stack = [0];
    while (stack.length > 0) {
      const node = stack.pop()!;
      const key = boxKey(tree.box, node, cx, cy, cz);
      if (key > limitKey) continue;
      if (tree.leaf[node]) {
        found.push(node);
        sigmas.push(chordToAngle(Math.sqrt(key)) * (1 - 1e-9));
      } else for (let c = tree.first[node]!; c < tree.first[node]! + tree.count[node]!; c++) stack.push(c);
    }
    const order = found.map((_, k) => k).sort((a, b) => sigmas[a]! - sigmas[b]!);
    cc.reserve(order.length);
    for (const k of order) {
      cc.pool[cc.used] = found[k]!;
      cc.poolSigma[cc.used] = sigmas[k]!;
      cc.used++;
    }
    block.len[cell] = order.length;
  }
  private readonly cellScratch = new Float64Array(6);

  /** Builds the result object from the result registers of the last search. */
  nearestResult(): NearestBoundary | null {
    if (this.resEdge < 0) return null;
    const z = this.edgeZone[this.resEdge]!;
    return {
      distanceNm: this.resDistM / METRES_PER_NM,
      distanceM: this.resDistM,
      lon: vectorLon(this.resFx, this.resFy),
      lat: vectorLat(this.resFx, this.resFy, this.resFz),
      zone: this.zones[z]!,
      zoneIndex: z,
      edge: this.resEdge,
    };
  }

  /** Distance from a point to one edge, in metres (Lambert at the foot of the perpendicular on the arc). */
  edgeDistance(px: number, py: number, pz: number, e: number): number {
    this.edgeFoot(px, py, pz, e);
    return lambertDistance(px, py, pz, this.foot[1]!, this.foot[2]!, this.foot[3]!);
  }

  /** Foot point (unit vector) written by edgeFoot. */
  /** edgeFoot's output: [squared chord, foot x, y, z] (a typed array: no boxed doubles on the hot path). */
  readonly foot = new Float64Array(4);

  /**
   * Squared chord from p to the nearest point of edge e's arc, and that point in foot*. The chord is
   * monotone in the central angle, so it ranks without trigonometry.
   */
  edgeFoot(px: number, py: number, pz: number, e: number): void {
    const foot = this.foot;
    const vec = this.vec;
    const i = 3 * this.edgeV[e]!;
    const ax = vec[i]!;
    const ay = vec[i + 1]!;
    const az = vec[i + 2]!;
    const bx = vec[i + 3]!;
    const by = vec[i + 4]!;
    const bz = vec[i + 5]!;
    const nx = ay * bz - az * by;
    const ny = az * bx - ax * bz;
    const nz = ax * by - ay * bx;
    const nn = nx * nx + ny * ny + nz * nz;
    if (nn > 1e-30 && px * (ax + bx) + py * (ay + by) + pz * (az + bz) > 0) {
      // (a x p) . n >= 0 and (p x b) . n >= 0: the foot of the perpendicular lies within the arc.
      const s1 = nx * (ay * pz - az * py) + ny * (az * px - ax * pz) + nz * (ax * py - ay * px);
      const s2 = nx * (py * bz - pz * by) + ny * (pz * bx - px * bz) + nz * (px * by - py * bx);
      if (s1 >= 0 && s2 >= 0) {
        const t = (px * nx + py * ny + pz * nz) / nn;
        let fx = px - t * nx;
        let fy = py - t * ny;
        let fz = pz - t * nz;
        const fl = Math.sqrt(fx * fx + fy * fy + fz * fz);
        fx /= fl;
        fy /= fl;
        fz /= fl;
        foot[1] = fx;
        foot[2] = fy;
        foot[3] = fz;
        const dx = px - fx;
        const dy = py - fy;
        const dz = pz - fz;
        foot[0] = dx * dx + dy * dy + dz * dz;
        return;
      }
    }
    const dax = px - ax;
    const day = py - ay;
    const daz = pz - az;
    const dbx = px - bx;
    const dby = py - by;
    const dbz = pz - bz;
    const da = dax * dax + day * day + daz * daz;
    const db = dbx * dbx + dby * dby + dbz * dbz;
    if (da <= db) {
      foot[0] = da;
      foot[1] = ax;
      foot[2] = ay;
      foot[3] = az;
      return;
    }
    foot[0] = db;
    foot[1] = bx;
    foot[2] = by;
    foot[3] = bz;
  }

  /**
   * Best-first search for the nearest matching edge. Keys are squared chords, which bound the central angle
   * sigma from below, and Lambert distances are >= b * sigma, so nothing nearer is ever pruned. With
   * `extraSigma` > 0 the search goes on to every edge within sigma(best) + extraSigma and hands those to
   * `collect` (the fast path's candidate list); the result is the same either way.
   */
  nearestCore(
    px: number,
    py: number,
    pz: number,
    tree: EdgeTree,
    extraSigma: number,
    collect: ((edge: number, chord2: number) => void) | null,
  ): void {
    const heap = this.heap;
    heap.clear();
    let best = Infinity;
    let bestEdge = -1;
    let bestKey = 4 + 1e-9; // squared chord of sigma = best / b (edges beyond cannot win)
    let thrKey = 4 + 1e-9; // squared chord of sigma(best) + extraSigma (edges beyond are not collected)
    const tLeaf = tree.leaf;
    const tFirst = tree.first;
    const tCount = tree.count;
    const box = tree.box;
    if (tCount[0]! === 0) {
      this.resDistM = Infinity;
      this.resEdge = -1;
      return;
    }
    // Greedy descent to the leaf nearest at every level: its edges give a first bound, so the best-first
    // search below pushes only nodes that can still win.
    let g = 0;
    while (!tLeaf[g]) {
      let bestChild = tFirst[g]!;
      let bestChildKey = Infinity;
      for (let c = tFirst[g]!; c < tFirst[g]! + tCount[g]!; c++) {
        const key = boxKey(box, c, px, py, pz);
        if (key < bestChildKey) {
          bestChildKey = key;
          bestChild = c;
        }
      }
      g = bestChild;
    }
    for (let e = tFirst[g]!; e < tFirst[g]! + tCount[g]!; e++) {
      this.edgeFoot(px, py, pz, e);
      const d = lambertDistance(px, py, pz, this.foot[1]!, this.foot[2]!, this.foot[3]!);
      if (d < best) best = d;
    }
    // Only a bound: the search proper re-finds this edge (or a nearer one) and records it.
    {
      const sigma = (best / WGS84_B) * (1 + ROUNDING);
      const c2 = angleToChord(sigma + extraSigma);
      thrKey = c2 * c2 * (1 + ROUNDING);
      const c = angleToChord(sigma);
      bestKey = c * c * (1 + ROUNDING);
      best = best * (1 + ROUNDING) + 1e-9;
    }
    heap.push(boxKey(box, 0, px, py, pz), 0);
    while (heap.size > 0) {
      if (heap.peekKey() > thrKey) break;
      const node = heap.pop();
      const first = tFirst[node]!;
      const count = tCount[node]!;
      if (tLeaf[node]) {
        for (let e = first; e < first + count; e++) {
          this.edgeFoot(px, py, pz, e);
          const key = this.foot[0]!;
          if (key > thrKey) continue;
          if (collect) collect(e, key);
          if (key > bestKey) continue;
          const d = lambertDistance(px, py, pz, this.foot[1]!, this.foot[2]!, this.foot[3]!);
          if (d < best || (d === best && (e < bestEdge || bestEdge < 0))) {
            best = d;
            bestEdge = e;
            this.resFx = this.foot[1]!;
            this.resFy = this.foot[2]!;
            this.resFz = this.foot[3]!;
            const sigma = (best / WGS84_B) * (1 + ROUNDING);
            const c = angleToChord(sigma);
            bestKey = c * c * (1 + ROUNDING);
            const c2 = angleToChord(sigma + extraSigma);
            thrKey = c2 * c2 * (1 + ROUNDING);
          }
        }
      } else {
        for (let c = first; c < first + count; c++) {
          const key = boxKey(box, c, px, py, pz);
          if (key <= thrKey) heap.push(key, c);
        }
      }
    }
    this.resDistM = best;
    this.resEdge = bestEdge;
  }

  /**
   * A lower bound, in metres, of the distance from p to every boundary of every zone as drawn (planar
   * polygon edges included): within it neither membership nor any crossing can change.
   */
  safeRadiusM(px: number, py: number, pz: number): number {
    const heap = this.heap;
    heap.clear();
    let best = Infinity;
    const tree = this.allTree;
    const rtLeaf = tree.leaf;
    const rtFirst = tree.first;
    const rtCount = tree.count;
    // sigma >= chord, so b * chord - dev is a (very slightly weaker) lower bound without asin.
    const lbOf = (key: number, dev: number): number => WGS84_B * Math.sqrt(key) * (1 - ROUNDING) - dev;
    if (rtCount[0]! > 0) heap.push(lbOf(boxKey(tree.box, 0, px, py, pz), tree.dev[0]!), 0);
    while (heap.size > 0) {
      if (heap.peekKey() >= best) break;
      const node = heap.pop();
      const first = rtFirst[node]!;
      const count = rtCount[node]!;
      if (rtLeaf[node]) {
        for (let e = first; e < first + count; e++) {
          this.edgeFoot(px, py, pz, e);
          const lb = lbOf(this.foot[0]!, this.edgeDev[e]!);
          if (lb < best) best = lb;
        }
      } else {
        for (let c = first; c < first + count; c++) {
          const lb = lbOf(boxKey(tree.box, c, px, py, pz), tree.dev[c]!);
          if (lb < best) heap.push(lb, c);
        }
      }
    }
    return Math.max(0, best);
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
    const list: Crossing[] = [];
    const inside = new Map<number, boolean>();
    for (let k = 0; k < found; k++) {
      const e = this.crossEdge[k]!;
      const z = this.edgeZone[e]!;
      const frac = this.crossFrac[k]!;
      const x = this.crossPt[3 * k]!;
      const y = this.crossPt[3 * k + 1]!;
      const zz = this.crossPt[3 * k + 2]!;
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
      if (this.zoneIsArea[z]) {
        let state = inside.get(z);
        if (state === undefined) state = this.contains(z, from.lon, from.lat);
        state = !state;
        inside.set(z, state);
        crossing.direction = state ? 'enter' : 'exit';
      } else {
        crossing.side = this.crossSide[k] ? 'left' : 'right';
      }
      list.push(crossing);
    }
    return list;
  }

  private crossEdge = new Int32Array(64);
  private crossFrac = new Float64Array(64);
  private crossPt = new Float64Array(192);
  private crossSide = new Uint8Array(64);

  /**
   * Finds the edges the arc from (lon1, lat1) to (lon2, lat2) crosses; results in cross* sorted by
   * fraction when `sort`. Returns their number. Allocation-free unless more than 64 crossings.
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
    const px = pv[0]!;
    const py = pv[1]!;
    const pz = pv[2]!;
    const qx = pv[3]!;
    const qy = pv[4]!;
    const qz = pv[5]!;
    return this.crossingsVec(px, py, pz, qx, qy, qz, this.treeOf(filter), sort);
  }

  crossingsVec(
    px: number,
    py: number,
    pz: number,
    qx: number,
    qy: number,
    qz: number,
    tree: EdgeTree,
    sort: boolean,
  ): number {
    const mx = py * qz - pz * qy;
    const my = pz * qx - px * qz;
    const mz = px * qy - py * qx;
    const track = Math.atan2(Math.sqrt(mx * mx + my * my + mz * mz), px * qx + py * qy + pz * qz);
    if (track === 0) return 0;
    const dx = qx - px;
    const dy = qy - py;
    const dz = qz - pz;
    const chord2 = dx * dx + dy * dy + dz * dz;
    const sag = chord2 / (4 * (1 + Math.sqrt(Math.max(0, 1 - chord2 / 4)))) + 1e-12;
    const bx0 = Math.min(px, qx) - sag;
    const by0 = Math.min(py, qy) - sag;
    const bz0 = Math.min(pz, qz) - sag;
    const bx1 = Math.max(px, qx) + sag;
    const by1 = Math.max(py, qy) + sag;
    const bz1 = Math.max(pz, qz) + sag;
    let sp = 0;
    let found = 0;
    const box = tree.box;
    const vec = this.vec;
    if (tree.count[0] === 0) return 0;
    this.stack[sp++] = 0;
    while (sp > 0) {
      const node = this.stack[--sp]!;
      const first = tree.first[node]!;
      const count = tree.count[node]!;
      if (tree.leaf[node]) {
        for (let e = first; e < first + count; e++) {
          const i = 3 * this.edgeV[e]!;
          const ax = vec[i]!;
          const ay = vec[i + 1]!;
          const az = vec[i + 2]!;
          const bx = vec[i + 3]!;
          const by = vec[i + 4]!;
          const bz = vec[i + 5]!;
          const sa = mx * ax + my * ay + mz * az;
          const sb = mx * bx + my * by + mz * bz;
          if (sa > 0 === sb > 0) continue;
          const nx = ay * bz - az * by;
          const ny = az * bx - ax * bz;
          const nz = ax * by - ay * bx;
          const tp = nx * px + ny * py + nz * pz;
          const tq = nx * qx + ny * qy + nz * qz;
          if (tp > 0 === tq > 0) continue;
          // Intersection of the two great circles, on the side of the track.
          let xx = my * nz - mz * ny;
          let xy = mz * nx - mx * nz;
          let xz = mx * ny - my * nx;
          if (xx * (px + qx) + xy * (py + qy) + xz * (pz + qz) < 0) {
            xx = -xx;
            xy = -xy;
            xz = -xz;
          }
          if (xx * (ax + bx) + xy * (ay + by) + xz * (az + bz) <= 0) continue;
          const xl = Math.sqrt(xx * xx + xy * xy + xz * xz);
          xx /= xl;
          xy /= xl;
          xz /= xl;
          const frac = Math.min(1, Math.max(0, centralAngle(px, py, pz, xx, xy, xz) / track));
          if (found === this.crossEdge.length) this.growCrossings();
          this.crossEdge[found] = e;
          this.crossFrac[found] = frac;
          this.crossPt[3 * found] = xx;
          this.crossPt[3 * found + 1] = xy;
          this.crossPt[3 * found + 2] = xz;
          this.crossSide[found] = tq > 0 ? 1 : 0;
          found++;
        }
      } else {
        for (let c = first; c < first + count; c++) {
          const b = c * 6;
          if (box[b]! > bx1 || box[b + 3]! < bx0) continue;
          if (box[b + 1]! > by1 || box[b + 4]! < by0) continue;
          if (box[b + 2]! > bz1 || box[b + 5]! < bz0) continue;
          if (sp === this.stack.length) {
            const s = new Int32Array(this.stack.length * 2);
            s.set(this.stack);
            this.stack = s;
          }
          this.stack[sp++] = c;
        }
      }
    }
    if (sort && found > 1) {
      // Insertion sort by fraction (few crossings per segment); ties by edge for determinism.
      for (let a = 1; a < found; a++) {
        for (let b = a; b > 0; b--) {
          const fa = this.crossFrac[b - 1]!;
          const fb = this.crossFrac[b]!;
          if (fa < fb || (fa === fb && this.crossEdge[b - 1]! < this.crossEdge[b]!)) break;
          this.swapCrossings(b - 1, b);
        }
      }
    }
    return found;
  }

  private swapCrossings(a: number, b: number): void {
    const e = this.crossEdge[a]!;
    this.crossEdge[a] = this.crossEdge[b]!;
    this.crossEdge[b] = e;
    const f = this.crossFrac[a]!;
    this.crossFrac[a] = this.crossFrac[b]!;
    this.crossFrac[b] = f;
    const s = this.crossSide[a]!;
    this.crossSide[a] = this.crossSide[b]!;
    this.crossSide[b] = s;
    for (let k = 0; k < 3; k++) {
      const t = this.crossPt[3 * a + k]!;
      this.crossPt[3 * a + k] = this.crossPt[3 * b + k]!;
      this.crossPt[3 * b + k] = t;
    }
  }

  private growCrossings(): void {
    const n = this.crossEdge.length * 2;
    const e = new Int32Array(n);
    e.set(this.crossEdge);
    const f = new Float64Array(n);
    f.set(this.crossFrac);
    const p = new Float64Array(3 * n);
    p.set(this.crossPt);
    const s = new Uint8Array(n);
    s.set(this.crossSide);
    this.crossEdge = e;
    this.crossFrac = f;
    this.crossPt = p;
    this.crossSide = s;
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
    if (!(speedKnots > 0) || !(horizonMin > 0)) return null;
    const distanceM = speedKnots * METRES_PER_NM * (horizonMin / 60);
    const pv = this.pv;
    toUnitVector(lon, lat, pv, 0);
    const px = pv[0]!;
    const py = pv[1]!;
    const pz = pv[2]!;
    const cl = Math.hypot(px, py);
    // East and north unit vectors on the auxiliary sphere (azimuths are preserved there).
    let ex = -py;
    let ey = px;
    if (cl > 1e-12) {
      ex /= cl;
      ey /= cl;
    } else {
      ex = 0;
      ey = 1;
    }
    const nx = -pz * ey;
    const ny = pz * ex;
    const nz = px * ey - py * ex;
    const az = (courseDeg * Math.PI) / 180;
    const dirx = Math.cos(az) * nx + Math.sin(az) * ex;
    const diry = Math.cos(az) * ny + Math.sin(az) * ey;
    const dirz = Math.cos(az) * nz;
    let sigma = distanceM / WGS84_A;
    let qx = 0;
    let qy = 0;
    let qz = 0;
    for (let k = 0; k < 3; k++) {
      qx = Math.cos(sigma) * px + Math.sin(sigma) * dirx;
      qy = Math.cos(sigma) * py + Math.sin(sigma) * diry;
      qz = Math.cos(sigma) * pz + Math.sin(sigma) * dirz;
      const d = lambertDistance(px, py, pz, qx, qy, qz);
      if (d <= 0) break;
      sigma *= distanceM / d;
    }
    const found = this.crossingsVec(px, py, pz, qx, qy, qz, this.treeOf(filter), false);
    if (found === 0) return null;
    let first = Infinity;
    for (let k = 0; k < found; k++) first = Math.min(first, this.crossFrac[k]!);
    return first * horizonMin;
  }

  // ------------------------------------------------------------------ for trackers and tests

  /** @internal */ vectors(): Float64Array {
    return this.vec;
  }
  /** @internal */ zoneOfEdge(edge: number): number {
    return this.edgeZone[edge]!;
  }
  isArea(zoneIndex: number): boolean {
    return this.zoneIsArea[zoneIndex] === 1;
  }
  validAt(zoneIndex: number, atMs: number): boolean {
    return this.zoneFrom[zoneIndex]! <= atMs && atMs < this.zoneTo[zoneIndex]!;
  }
  /** Rings of the polygon parts, as [lon, lat][] in planar (unwrapped) longitudes: for oracles and export. */
  edgeEndpoints(edge: number): [number, number, number, number] {
    const i = this.edgeV[edge]!;
    return [this.lon[i]!, this.lat[i]!, this.lon[i + 1]!, this.lat[i + 1]!];
  }
}

function ringJumps(ring: readonly (readonly number[])[]): boolean {
  for (let i = 1; i < ring.length; i++) if (Math.abs(ring[i]![0]! - ring[i - 1]![0]!) > 180) return true;
  return false;
}

/**
 * Whether segment a-b touches the closed box (separating axes, padded by a hair so rounding never
 * drops an edge from a cell it touches; an extra edge in a cell costs time, never correctness).
 */
function segmentTouchesBox(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): boolean {
  const padX = (x1 - x0) * 1e-9 + 1e-12;
  const padY = (y1 - y0) * 1e-9 + 1e-12;
  x0 -= padX;
  x1 += padX;
  y0 -= padY;
  y1 += padY;
  if ((ax < x0 && bx < x0) || (ax > x1 && bx > x1) || (ay < y0 && by < y0) || (ay > y1 && by > y1))
    return false;
  // Separating axis along the segment's normal: do the box corners all lie strictly on one side?
  const dx = bx - ax;
  const dy = by - ay;
  const c00 = dx * (y0 - ay) - dy * (x0 - ax);
  const c10 = dx * (y0 - ay) - dy * (x1 - ax);
  const c01 = dx * (y1 - ay) - dy * (x0 - ax);
  const c11 = dx * (y1 - ay) - dy * (x1 - ax);
  if (c00 > 0 && c10 > 0 && c01 > 0 && c11 > 0) return false;
  if (c00 < 0 && c10 < 0 && c01 < 0 && c11 < 0) return false;
  return true;
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/** Edges i -> i+1 and j -> j+1 cross at a point interior to both (touching and sharing ends do not count). */
function properCrossing(X: Float64Array, Y: Float64Array, i: number, j: number): boolean {
  const ax = X[i]!;
  const ay = Y[i]!;
  const bx = X[i + 1]!;
  const by = Y[i + 1]!;
  const cx = X[j]!;
  const cy = Y[j]!;
  const dx = X[j + 1]!;
  const dy = Y[j + 1]!;
  const o1 = orient(ax, ay, bx, by, cx, cy);
  const o2 = orient(ax, ay, bx, by, dx, dy);
  if (o1 === 0 || o2 === 0 || o1 > 0 === o2 > 0) return false;
  const o3 = orient(cx, cy, dx, dy, ax, ay);
  const o4 = orient(cx, cy, dx, dy, bx, by);
  if (o3 === 0 || o4 === 0 || o3 > 0 === o4 > 0) return false;
  return true;
}

function intersectX(X: Float64Array, Y: Float64Array, i: number, j: number): [number, number] {
  const ax = X[i]!;
  const ay = Y[i]!;
  const bx = X[i + 1]!;
  const by = Y[i + 1]!;
  const o1 = orient(ax, ay, bx, by, X[j]!, Y[j]!);
  const o2 = orient(ax, ay, bx, by, X[j + 1]!, Y[j + 1]!);
  const t = o1 / (o1 - o2);
  let x = X[j]! + t * (X[j + 1]! - X[j]!);
  if (x > 180) x -= 360;
  if (x < -180) x += 360;
  return [x, Y[j]! + t * (Y[j + 1]! - Y[j]!)];
}

function sortSmall(a: Int32Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= 0 && a[j]! > v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}

const CELL_DEG = 0.125;
const CELL_COLS = 360 / CELL_DEG;
const CELL_ROWS = 180 / CELL_DEG;

/** Cells per side of a 1-degree block; blocks are allocated when a query first lands in them. */
const BLOCK_CELLS = Math.round(1 / CELL_DEG);

interface CellBlock {
  len: Int32Array;
  start: Int32Array;
  radius: Float64Array;
  /** The nearest edge from the cell's centre: evaluated first, it gives a tight bound at once. */
  seed: Int32Array;
}

/** Candidate leaves per grid cell (CELL_DEG degrees), for one filter, allocated block by block. */
export class CellCache {
  private readonly blocks: (CellBlock | undefined)[] = new Array(360 * 180);
  pool = new Int32Array(4096);
  poolSigma = new Float64Array(4096);
  used = 0;
  private blockCount = 0;

  block(col: number, row: number): CellBlock {
    const id = Math.floor(row / BLOCK_CELLS) * 360 + Math.floor(col / BLOCK_CELLS);
    let block = this.blocks[id];
    if (!block) {
      const n = BLOCK_CELLS * BLOCK_CELLS;
      block = {
        len: new Int32Array(n).fill(-1),
        start: new Int32Array(n),
        radius: new Float64Array(n),
        seed: new Int32Array(n),
      };
      this.blocks[id] = block;
      this.blockCount++;
    }
    return block;
  }

  reserve(extra: number): void {
    if (this.used + extra <= this.pool.length) return;
    let n = this.pool.length;
    while (n < this.used + extra) n *= 2;
    const pool = new Int32Array(n);
    pool.set(this.pool);
    const sigma = new Float64Array(n);
    sigma.set(this.poolSigma);
    this.pool = pool;
    this.poolSigma = sigma;
  }

  get bytes(): number {
    return (
      this.blockCount * BLOCK_CELLS * BLOCK_CELLS * 16 + this.pool.byteLength + this.poolSigma.byteLength
    );
  }
}

/** Squared distance from a point to a node's box: a lower bound of the squared chord to its arcs. */
function boxKey(box: Float64Array, node: number, px: number, py: number, pz: number): number {
  const b = node * 6;
  const dx = px < box[b]! ? box[b]! - px : px > box[b + 3]! ? px - box[b + 3]! : 0;
  const dy = py < box[b + 1]! ? box[b + 1]! - py : py > box[b + 4]! ? py - box[b + 4]! : 0;
  const dz = pz < box[b + 2]! ? box[b + 2]! - pz : pz > box[b + 5]! ? pz - box[b + 5]! : 0;
  return dx * dx + dy * dy + dz * dz;
}
