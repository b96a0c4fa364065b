import {
  WGS84_A,
  WGS84_B,
  angleToChord,
  centralAngle,
  chordToAngle,
  lambertDistance,
  lambertMayReach,
  toUnitVector,
} from './ellipsoid';
import { BLOCK_CELLS, CELL_COLS, CELL_DEG, CELL_ROWS, type CellBlock, type CellCache } from './cell-cache';
import { boxKey, type EdgeTree } from './edge-tree';
import { MinHeap } from './heap';
import { LINK_NEXT, LINK_PREV } from './zone-store';

/** Relative slack for floating-point rounding in the lower-bound chain (far below any real margin). */
const ROUNDING = 1e-9;
/**
 * Twice the largest rounding error of a side value (dot products of unit vectors): a side counts as
 * negative only below minus this, so a decision and its margin survive the rounding of later evaluations.
 */
const SIDE_THRESHOLD = 4e-15;

/**
 * Nearest-boundary search over the edge R-trees, on the auxiliary sphere: squared chords rank candidates
 * without trigonometry and bound the central angle from below, and Lambert's distance (>= b * sigma) is
 * computed only for edges whose bound can still win. Results go to registers (res*) rather than objects
 * so the hot path allocates nothing.
 */
export class NearestSearch {
  /** Result registers of the last search: distance (metres), edge (-1: none) and nearest point. */
  resDistM = Infinity;
  resEdge = -1;
  resFx = 0;
  resFy = 0;
  resFz = 0;
  /**
   * edgeFoot's output: [squared chord, foot x, y, z], and footDistance's in [4] (a typed array: no boxed
   * doubles on the hot path).
   */
  readonly foot = new Float64Array(5);
  /** Which rule the last dominated() that returned true applied (LINK_PREV or LINK_NEXT). */
  private leftOutBy = 0;
  /** sides()'s output: start side, end side, hemisphere margin. */
  private readonly sideValues = new Float64Array(3);
  /** Per edge: 1 / |a x b| (1 / sine of its length), to turn side values into angles. */
  private readonly edgeInvSin: Float64Array;

  private readonly heap = new MinHeap(1024);
  private readonly cellScratch = new Float64Array(6);

  constructor(
    /** Vertex unit vectors (3 per vertex) and each edge's first vertex: edge e runs from edgeV[e] to +1. */
    private readonly vec: Float64Array,
    private readonly edgeV: Int32Array,
    /** Planar deviation of each edge (metres), for the safe radius. */
    private readonly edgeDev: Float64Array,
    /** The tree over every boundary of every zone (the safe radius must see them all). */
    private readonly everyBoundaryTree: EdgeTree,
    /** Per edge: LINK_PREV / LINK_NEXT when its neighbour in storage order shares its start / end vertex. */
    private readonly edgeLinks: Uint8Array,
  ) {
    const n = edgeV.length;
    this.edgeInvSin = new Float64Array(n);
    for (let e = 0; e < n; e++) {
      const i = 3 * edgeV[e]!;
      const cx = vec[i + 1]! * vec[i + 5]! - vec[i + 2]! * vec[i + 4]!;
      const cy = vec[i + 2]! * vec[i + 3]! - vec[i]! * vec[i + 5]!;
      const cz = vec[i]! * vec[i + 4]! - vec[i + 1]! * vec[i + 3]!;
      const sin = Math.sqrt(cx * cx + cy * cy + cz * cz);
      this.edgeInvSin[e] = sin > 0 ? 1 / sin : 0; // 0 (no margin) for a degenerate edge
    }
  }

  /** Memory of its own per-edge array, for the index's figure. */
  get bytes(): number {
    return this.edgeInvSin.byteLength;
  }

  /**
   * The same answer as nearestCore (same edge, same distance, to the last bit) from the candidate list of
   * the point's grid cell: with c the cell centre, r the cell's radius and D the nearest distance from c,
   * no edge farther than (a/b)(D/b + r) + r from c (central angles) can be nearest for any point of the
   * cell (triangle inequality on the auxiliary sphere, b*sigma <= Lambert <= a*sigma). Lists are built
   * on first use, so memory follows the area a filter is actually asked about.
   */
  nearestCached(
    lon: number,
    lat: number,
    px: number,
    py: number,
    pz: number,
    tree: EdgeTree,
    cc: CellCache,
  ): void {
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
      // A first bound from the centre's nearest edge; the scan below finds one at most as far (upperBoundM).
      this.edgeFoot(px, py, pz, block.seed[cell]!);
      const d = upperBoundM(this.foot[0]!);
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
        if (key > bestKey || !lambertMayReach(key, this.foot[3]! - pz, best)) continue;
        if (this.dominated(px, py, pz, e)) continue;
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

  /**
   * Whether a neighbour of edge e in its ring or line is at least as near to p as e is, so that a search for
   * the nearest edge may leave e out. Along a coast seen from far off, dozens of consecutive edges lie within
   * metres of the nearest distance, yet only one of them has its nearest point inside it: every other one is
   * nearest at a vertex it shares with the edge before or after it, which is at least as near.
   *
   * - e's nearest point is its start a (p lies behind a) and the edge before it ends at a: left out;
   * - e's nearest point is its end b and the edge after it starts at b and is not itself left out by the
   *   first rule (p is not behind b as seen from it): left out.
   *
   * Following "left out because of" from any edge never turns back (the second rule needs the next edge not
   * to satisfy the first) and ends within the ring or line, at an edge that is kept and at least as near.
   * So the nearest distance over the kept edges is the nearest distance over all of them, and at a vertex
   * shared by two edges the earlier one (the smaller id) is kept. Every search applies this one rule, so
   * the fast path and full evaluations agree to the last bit. Neighbours belong to the same zone and so to
   * every tree e is in. When e is left out, foot[0] holds the squared chord to its nearest point (that vertex).
   */
  dominated(px: number, py: number, pz: number, e: number): boolean {
    const links = this.edgeLinks[e]!;
    if (links === 0 || !this.sides(px, py, pz, e)) return false;
    const sv = this.sideValues;
    const i = 3 * this.edgeV[e]!;
    if (links & LINK_PREV && sv[0]! < -SIDE_THRESHOLD) {
      this.leftOutBy = LINK_PREV;
      return this.vertexKey(px, py, pz, i);
    }
    if (
      links & LINK_NEXT &&
      sv[1]! < -SIDE_THRESHOLD &&
      // The edge after must not be left out itself (it would point back here).
      !(this.sides(px, py, pz, e + 1) && sv[0]! < -SIDE_THRESHOLD)
    ) {
      this.leftOutBy = LINK_NEXT;
      return this.vertexKey(px, py, pz, i + 3);
    }
    return false;
  }

  /**
   * After dominated(p, e) returned true: a path length (central angle) p may travel and e stays left out
   * by the same rule and neighbour, the side values staying clear of the threshold by two roundings.
   */
  leftOutMargin(px: number, py: number, pz: number, e: number): number {
    const sv = this.sideValues;
    this.sides(px, py, pz, e);
    if (this.leftOutBy === LINK_PREV) return this.margin(-sv[0]! - 2 * SIDE_THRESHOLD, e);
    const endMargin = this.margin(-sv[1]! - 2 * SIDE_THRESHOLD, e);
    if (!this.sides(px, py, pz, e + 1)) return 0;
    return sv[0]! >= 0 ? Math.min(endMargin, this.margin(sv[0]!, e + 1)) : 0;
  }

  /**
   * A path length (radians) a point can travel while a side value of edge e (p.u with |u| = |a x b|, see
   * sides) stays above zero less `value`: the sine of its angle from the great circle of u changes by at
   * most the path length. Also bounded by the hemisphere margin of the last sides() call.
   */
  private margin(value: number, e: number): number {
    const hemisphere = this.sideValues[2]!;
    if (!(value > 0) || !(hemisphere > 0)) return 0;
    return Math.min(value * this.edgeInvSin[e]!, hemisphere) * (1 - ROUNDING);
  }

  /** Squared chord from p to the vertex at vec[i] into foot[0] (a left-out edge's own, for bounds); true. */
  private vertexKey(px: number, py: number, pz: number, i: number): true {
    const dx = px - this.vec[i]!;
    const dy = py - this.vec[i + 1]!;
    const dz = pz - this.vec[i + 2]!;
    this.foot[0] = dx * dx + dy * dy + dz * dz;
    return true;
  }

  /**
   * Which side of edge e's start a and of its end b p lies on, into sideValues: [0] p.b - (a.b)(p.a),
   * which is p.u for u = (a x b) x a, the normal of the great circle through a square to the edge, negative
   * when p lies behind the start; [1] p.a - (a.b)(p.b), negative when p lies beyond the end (either way
   * the edge's nearest point to p is then that vertex); [2] a margin to the hemisphere around the edge's
   * middle, outside which sides say nothing (and false is returned). edgeFoot computes the same values.
   */
  private sides(px: number, py: number, pz: number, e: number): boolean {
    const vec = this.vec;
    const i = 3 * this.edgeV[e]!;
    const ax = vec[i]!;
    const ay = vec[i + 1]!;
    const az = vec[i + 2]!;
    const bx = vec[i + 3]!;
    const by = vec[i + 4]!;
    const bz = vec[i + 5]!;
    const pa = px * ax + py * ay + pz * az;
    const pb = px * bx + py * by + pz * bz;
    const sv = this.sideValues;
    // |a + b| <= 2, so (p.(a + b)) / 2 bounds the sine of p's angle from the hemisphere's edge.
    sv[2] = (pa + pb - 2 * SIDE_THRESHOLD) / 2;
    if (!(pa + pb > 0)) return false;
    const ab = ax * bx + ay * by + az * bz;
    sv[0] = pb - ab * pa;
    sv[1] = pa - ab * pb;
    return true;
  }

  /**
   * Lambert's distance from p to the last foot point into foot[4]. For callers too large for V8 to inline
   * lambertDistance into: they pass only their own arguments and read a typed array, so nothing is boxed.
   */
  footDistance(px: number, py: number, pz: number): void {
    const foot = this.foot;
    foot[4] = lambertDistance(px, py, pz, foot[1]!, foot[2]!, foot[3]!);
  }

  /** Distance from a point to one edge, in metres (Lambert at the foot of the perpendicular on the arc). */
  edgeDistance(px: number, py: number, pz: number, e: number): number {
    this.edgeFoot(px, py, pz, e);
    return lambertDistance(px, py, pz, this.foot[1]!, this.foot[2]!, this.foot[3]!);
  }

  /**
   * Squared chord from p to the nearest point of edge e's arc, and that point in foot*. The chord is
   * monotone in the central angle, so it ranks without trigonometry. Returns whether that point lies
   * inside the arc (not at a vertex): then dominated(p, e) is false, as both compute the same sides.
   */
  edgeFoot(px: number, py: number, pz: number, e: number): boolean {
    const foot = this.foot;
    const vec = this.vec;
    const i = 3 * this.edgeV[e]!;
    const ax = vec[i]!;
    const ay = vec[i + 1]!;
    const az = vec[i + 2]!;
    const bx = vec[i + 3]!;
    const by = vec[i + 4]!;
    const bz = vec[i + 5]!;
    const pa = px * ax + py * ay + pz * az;
    const pb = px * bx + py * by + pz * bz;
    if (pa + pb > 0) {
      // The sides of sides(): p.((a x b) x a) and p.(b x (a x b)), both >= 0 when the foot of the
      // perpendicular lies within the arc. The foot is then along s2 a + s1 b (p projected on the plane of
      // a and b), a combination of the ends with weights >= 0, so it lies on the arc even when rounding
      // blurs the weights of a very short edge.
      const ab = ax * bx + ay * by + az * bz;
      const s1 = pb - ab * pa;
      const s2 = pa - ab * pb;
      if (s1 >= 0 && s2 >= 0) {
        let fx = s2 * ax + s1 * bx;
        let fy = s2 * ay + s1 * by;
        let fz = s2 * az + s1 * bz;
        const fl2 = fx * fx + fy * fy + fz * fz;
        if (fl2 > 0) {
          const inv = 1 / Math.sqrt(fl2);
          fx *= inv;
          fy *= inv;
          fz *= inv;
          foot[1] = fx;
          foot[2] = fy;
          foot[3] = fz;
          const dx = px - fx;
          const dy = py - fy;
          const dz = pz - fz;
          foot[0] = dx * dx + dy * dy + dz * dz;
          return true;
        }
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
      return false;
    }
    foot[0] = db;
    foot[1] = bx;
    foot[2] = by;
    foot[3] = bz;
    return false;
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
    // The leaf nearest by box at every level: its edges give a first bound, so the best-first search
    // below pushes only nodes that can still win.
    const g = greedyLeaf(tree, px, py, pz);
    for (let e = tFirst[g]!; e < tFirst[g]! + tCount[g]!; e++) {
      this.edgeFoot(px, py, pz, e);
      const d = upperBoundM(this.foot[0]!);
      if (d < best) best = d;
    }
    // Only a bound: the search proper finds an edge at most this far (see upperBoundM) and records it.
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
          if (key > bestKey || !lambertMayReach(key, this.foot[3]! - pz, best)) continue;
          if (this.dominated(px, py, pz, e)) continue;
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
    const tree = this.everyBoundaryTree;
    const rtLeaf = tree.leaf;
    const rtFirst = tree.first;
    const rtCount = tree.count;
    const box = tree.box;
    const dev = tree.dev;
    if (rtCount[0]! === 0) return Infinity;
    // sigma >= chord, so b * chord - dev is a (very slightly weaker) lower bound without asin.
    const b = WGS84_B * (1 - ROUNDING);
    // The leaf nearest by box at every level: its edges give a first bound, so the best-first search
    // below pushes only nodes that can still lower it.
    let best = Infinity;
    const g = greedyLeaf(tree, px, py, pz);
    for (let e = rtFirst[g]!; e < rtFirst[g]! + rtCount[g]!; e++) {
      this.edgeFoot(px, py, pz, e);
      const lb = b * Math.sqrt(this.foot[0]!) - this.edgeDev[e]!;
      if (lb < best) best = lb;
    }
    heap.push(b * Math.sqrt(boxKey(box, 0, px, py, pz)) - dev[0]!, 0);
    while (heap.size > 0) {
      if (heap.peekKey() >= best) break;
      const node = heap.pop();
      const first = rtFirst[node]!;
      const count = rtCount[node]!;
      if (rtLeaf[node]) {
        if (node === g) continue; // measured above
        for (let e = first; e < first + count; e++) {
          this.edgeFoot(px, py, pz, e);
          const lb = b * Math.sqrt(this.foot[0]!) - this.edgeDev[e]!;
          if (lb < best) best = lb;
        }
      } else {
        for (let c = first; c < first + count; c++) {
          const lb = b * Math.sqrt(boxKey(box, c, px, py, pz)) - dev[c]!;
          if (lb < best) heap.push(lb, c);
        }
      }
    }
    return Math.max(0, best);
  }
}

/**
 * An upper bound, in metres, of the answer of a nearest-edge search when some edge's arc comes within this
 * squared chord of the point: a * 2 tan(sigma/2) >= a * sigma >= Lambert. The edge itself may be left out
 * (NearestSearch.dominated), but the neighbour that replaces it is nearer on the auxiliary sphere, so it is
 * within this bound too. (Its Lambert distance, though, may exceed the left-out edge's by a few parts per
 * million: Lambert measures along the ellipsoid, the edge's nearest point is found on the sphere. So a
 * bound taken from a Lambert distance would not do.)
 */
function upperBoundM(chord2: number): number {
  return chord2 >= 4 ? Infinity : WGS84_A * Math.sqrt(chord2 / (1 - chord2 / 4));
}

/** Descends from the root to the child whose box is nearest p at every level; returns that leaf. */
function greedyLeaf(tree: EdgeTree, px: number, py: number, pz: number): number {
  let g = 0;
  while (!tree.leaf[g]) {
    const first = tree.first[g]!;
    let bestChild = first;
    let bestChildKey = Infinity;
    for (let c = first; c < first + tree.count[g]!; c++) {
      const key = boxKey(tree.box, c, px, py, pz);
      if (key < bestChildKey) {
        bestChildKey = key;
        bestChild = c;
      }
    }
    g = bestChild;
  }
  return g;
}
