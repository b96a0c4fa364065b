import type { ZoneStore } from './zone-store';

/** Leaves of the point-in-polygon quadtree hold at most this many edges (unless MAX_DEPTH is reached). */
const QT_LEAF_EDGES = 8;
const QT_MAX_DEPTH = 24;

/** classifyRect's answers. */
export const RECT_OUTSIDE = 0;
export const RECT_INSIDE = 1;
export const RECT_MIXED = 2;

/**
 * Point-in-polygon for polygon parts, planar in lon/lat like GeoJSON and the oracle. Each part has a
 * quadtree over its edges whose cells carry the inside/outside parity of their bottom-right corner
 * (walked from the parent's corner along the split lines during the build), so a query only crosses the
 * few edges of one cell, and an empty cell answers from its parity alone.
 */
export class PartQuadtrees {
  /** Per part: root node and padded box [x0, y0, x1, y1] in planar longitudes. */
  readonly partRoot: Int32Array;
  readonly partBox: Float64Array;
  /** Per node: first child (inner node) or first slot in qtEdges (leaf). */
  readonly qtFirst: Int32Array;
  /** Per node: -1 for an inner node, else the number of edges of the leaf. */
  readonly qtCount: Int32Array;
  readonly qtParity: Uint8Array;
  readonly qtEdges: Int32Array;

  constructor(private readonly store: ZoneStore) {
    const { partCount, partEdgeStart, partEdgeEnd, edgeV, plon, lat } = store;
    const qtFirst: number[] = [];
    const qtCount: number[] = [];
    const qtParity: number[] = [];
    const qtEdges: number[] = [];
    this.partRoot = new Int32Array(partCount);
    this.partBox = new Float64Array(partCount * 4);
    for (let p = 0; p < partCount; p++) {
      let minX = Infinity;
      let minY = Infinity;
      let maxX = -Infinity;
      let maxY = -Infinity;
      const edges: number[] = [];
      for (let e = partEdgeStart[p]!; e < partEdgeEnd[p]!; e++) {
        const i = edgeV[e]!;
        edges.push(e);
        for (const j of [i, i + 1]) {
          const x = plon[j]!;
          const y = lat[j]!;
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
      this.build(root, x0, y0, x1, y1, edges, 0, 0, { qtFirst, qtCount, qtParity, qtEdges });
      this.partRoot[p] = root;
    }
    this.qtFirst = Int32Array.from(qtFirst);
    this.qtCount = Int32Array.from(qtCount);
    this.qtParity = Uint8Array.from(qtParity);
    this.qtEdges = Int32Array.from(qtEdges);
  }

  get nodeCount(): number {
    return this.qtFirst.length;
  }

  /** Whether part p contains (qx, qy), qx in the part's planar longitudes. */
  contains(p: number, qx: number, qy: number): boolean {
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
    const X = this.store.plon;
    const Y = this.store.lat;
    const edgeV = this.store.edgeV;
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

  /**
   * Whether the closed rectangle (planar longitudes of part p) lies wholly outside part p (RECT_OUTSIDE),
   * wholly inside (RECT_INSIDE), or neither or not decided within maxVisits quadtree nodes (RECT_MIXED).
   * An OUTSIDE or INSIDE answer is what contains() answers for every point of the rectangle: it descends
   * the same cells with the same arithmetic and trusts only cells without edges. Edges on the rectangle or
   * a cell merely touching it make it MIXED, never wrong.
   */
  classifyRect(p: number, rx0: number, ry0: number, rx1: number, ry1: number, maxVisits = 256): number {
    const b = p * 4;
    const x0 = this.partBox[b]!;
    const y0 = this.partBox[b + 1]!;
    const x1 = this.partBox[b + 2]!;
    const y1 = this.partBox[b + 3]!;
    if (rx1 < x0 || rx0 > x1 || ry1 < y0 || ry0 > y1) return RECT_OUTSIDE;
    // Points beyond the part's box are outside (contains() says so before descending).
    const beyondBox = rx0 < x0 || rx1 > x1 || ry0 < y0 || ry1 > y1;
    this.visitsLeft = maxVisits;
    const answer = this.classifyNode(
      this.partRoot[p]!,
      x0,
      y0,
      x1,
      y1,
      rx0,
      ry0,
      rx1,
      ry1,
      beyondBox ? 0 : -1,
    );
    return answer < 0 ? RECT_MIXED : answer;
  }

  private visitsLeft = 0;

  /** `sofar`: -1 (nothing seen yet), 0 or 1 (every cell so far), or RECT_MIXED. */
  private classifyNode(
    node: number,
    x0: number,
    y0: number,
    x1: number,
    y1: number,
    rx0: number,
    ry0: number,
    rx1: number,
    ry1: number,
    sofar: number,
  ): number {
    if (--this.visitsLeft < 0) return RECT_MIXED;
    if (this.qtCount[node]! >= 0) {
      if (this.qtCount[node]! > 0) return RECT_MIXED;
      const parity = this.qtParity[node]!;
      return sofar < 0 || sofar === parity ? parity : RECT_MIXED;
    }
    const xm = (x0 + x1) / 2;
    const ym = (y0 + y1) / 2;
    const first = this.qtFirst[node]!;
    for (let k = 0; k < 4; k++) {
      const cx0 = k & 1 ? xm : x0;
      const cx1 = k & 1 ? x1 : xm;
      const cy0 = k & 2 ? ym : y0;
      const cy1 = k & 2 ? y1 : ym;
      if (rx1 < cx0 || rx0 > cx1 || ry1 < cy0 || ry0 > cy1) continue;
      sofar = this.classifyNode(first + k, cx0, cy0, cx1, cy1, rx0, ry0, rx1, ry1, sofar);
      if (sofar === RECT_MIXED) return RECT_MIXED;
    }
    return sofar;
  }

  private build(
    node: number,
    x0: number,
    y0: number,
    x1: number,
    y1: number,
    edges: number[],
    parity: number,
    depth: number,
    out: { qtFirst: number[]; qtCount: number[]; qtParity: number[]; qtEdges: number[] },
  ): void {
    const { qtFirst, qtCount, qtParity, qtEdges } = out;
    const edgeV = this.store.edgeV;
    qtParity[node] = parity;
    if (edges.length <= QT_LEAF_EDGES || depth >= QT_MAX_DEPTH) {
      qtFirst[node] = qtEdges.length;
      qtCount[node] = edges.length;
      for (const e of edges) qtEdges.push(e);
      return;
    }
    const xm = (x0 + x1) / 2;
    const ym = (y0 + y1) / 2;
    const X = this.store.plon;
    const Y = this.store.lat;
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
      this.build(first + k, cx0, cy0, cx1, cy1, kids[k]!, pc[k]!, depth + 1, out);
    }
  }
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
