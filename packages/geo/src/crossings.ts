import { centralAngle } from './ellipsoid';
import type { EdgeTree } from './edge-tree';

/**
 * Finds the boundary edges a great-circle track crosses: a stack walk of a filter's R-tree with the
 * track's 3-D box (widened by the arc's bulge), then exact arc-arc intersection by signs of triple
 * products, no trigonometry but one angle per hit. Results go to typed arrays that grow on demand, so a
 * query allocates nothing unless it finds more than 64 crossings.
 */
export class CrossingFinder {
  /** Per crossing found by the last find(): edge, fraction along the track, point (unit vector, 3 each), */
  edge = new Int32Array(64);
  frac = new Float64Array(64);
  point = new Float64Array(192);
  /** and for lines the side the track ends on (1: left, looking from the line's first to its last point). */
  side = new Uint8Array(64);
  private stack = new Int32Array(1024);

  constructor(
    /** Vertex unit vectors (3 per vertex) and each edge's first vertex: edge e runs from edgeV[e] to +1. */
    private readonly vec: Float64Array,
    private readonly edgeV: Int32Array,
  ) {}

  /**
   * Finds the edges of `tree` that the arc p -> q crosses; returns their number, sorted by fraction along
   * the track (ties by edge, for determinism) when `sort`.
   */
  find(
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
          if (found === this.edge.length) this.grow();
          this.edge[found] = e;
          this.frac[found] = frac;
          this.point[3 * found] = xx;
          this.point[3 * found + 1] = xy;
          this.point[3 * found + 2] = xz;
          this.side[found] = tq > 0 ? 1 : 0;
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
          const fa = this.frac[b - 1]!;
          const fb = this.frac[b]!;
          if (fa < fb || (fa === fb && this.edge[b - 1]! < this.edge[b]!)) break;
          this.swap(b - 1, b);
        }
      }
    }
    return found;
  }

  private swap(a: number, b: number): void {
    const e = this.edge[a]!;
    this.edge[a] = this.edge[b]!;
    this.edge[b] = e;
    const f = this.frac[a]!;
    this.frac[a] = this.frac[b]!;
    this.frac[b] = f;
    const s = this.side[a]!;
    this.side[a] = this.side[b]!;
    this.side[b] = s;
    for (let k = 0; k < 3; k++) {
      const t = this.point[3 * a + k]!;
      this.point[3 * a + k] = this.point[3 * b + k]!;
      this.point[3 * b + k] = t;
    }
  }

  private grow(): void {
    const n = this.edge.length * 2;
    const e = new Int32Array(n);
    e.set(this.edge);
    const f = new Float64Array(n);
    f.set(this.frac);
    const p = new Float64Array(3 * n);
    p.set(this.point);
    const s = new Uint8Array(n);
    s.set(this.side);
    this.edge = e;
    this.frac = f;
    this.point = p;
    this.side = s;
  }
}
