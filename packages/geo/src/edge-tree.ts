/**
 * Leaves: runs of up to 8 consecutive edges of one ring or line (one zone), each with a 3-D box on the
 * auxiliary sphere that contains its arcs. Shared by every tree of one index.
 */
export interface EdgeLeaves {
  count: number;
  box: Float64Array; // 6 per leaf: min xyz, max xyz
  first: Int32Array; // first edge
  edges: Int32Array; // number of edges
  zone: Int32Array;
  dev: Float64Array; // largest planar deviation of its edges (metres)
  key: Float64Array; // Morton code of the box centre
}

export const TREE_FANOUT = 8;

/**
 * A packed R-tree (flatbush-style: levels stored top-down, children of a node contiguous) over a subset of
 * the leaves, sorted by Morton code so that siblings are near each other. One tree holds every boundary;
 * each compiled filter gets its own over only the leaves it matches, so a query never wades through
 * boundaries it does not watch.
 */
export class EdgeTree {
  readonly box: Float64Array;
  readonly first: Int32Array;
  readonly count: Int32Array;
  readonly leaf: Uint8Array;
  readonly zone: Int32Array;
  readonly dev: Float64Array;
  readonly size: number;

  constructor(leaves: EdgeLeaves, selected: Int32Array) {
    const ids = Array.from(selected).sort((a, b) => leaves.key[a]! - leaves.key[b]!);
    // Level sizes bottom-up.
    const sizes: number[] = [ids.length];
    while (sizes[sizes.length - 1]! > 1) sizes.push(Math.ceil(sizes[sizes.length - 1]! / TREE_FANOUT));
    if (ids.length === 0) sizes.push(1);
    const total = sizes.reduce((a, b) => a + b, 0);
    this.size = total;
    this.box = new Float64Array(total * 6);
    this.first = new Int32Array(total);
    this.count = new Int32Array(total);
    this.leaf = new Uint8Array(total);
    this.zone = new Int32Array(total).fill(-1);
    this.dev = new Float64Array(total);
    // Offsets: the top level first.
    const offsets: number[] = new Array(sizes.length);
    let o = 0;
    for (let l = sizes.length - 1; l >= 0; l--) {
      offsets[l] = o;
      o += sizes[l]!;
    }
    // Bottom level: the leaves.
    const base = offsets[0]!;
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k]!;
      const n = base + k;
      this.box.set(leaves.box.subarray(id * 6, id * 6 + 6), n * 6);
      this.first[n] = leaves.first[id]!;
      this.count[n] = leaves.edges[id]!;
      this.leaf[n] = 1;
      this.zone[n] = leaves.zone[id]!;
      this.dev[n] = leaves.dev[id]!;
    }
    if (ids.length === 0) {
      // An empty tree: one internal root without children.
      this.count[offsets[sizes.length - 1]!] = 0;
      return;
    }
    for (let l = 1; l < sizes.length; l++) {
      const below = offsets[l - 1]!;
      const belowSize = sizes[l - 1]!;
      for (let j = 0; j < sizes[l]!; j++) {
        const n = offsets[l]! + j;
        const c0 = below + j * TREE_FANOUT;
        const c1 = Math.min(below + belowSize, c0 + TREE_FANOUT);
        this.first[n] = c0;
        this.count[n] = c1 - c0;
        let zone = this.zone[c0]!;
        const b = n * 6;
        this.box.set([Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity], b);
        for (let c = c0; c < c1; c++) {
          if (this.zone[c] !== zone) zone = -1;
          for (let a = 0; a < 3; a++) {
            if (this.box[c * 6 + a]! < this.box[b + a]!) this.box[b + a] = this.box[c * 6 + a]!;
            if (this.box[c * 6 + a + 3]! > this.box[b + a + 3]!)
              this.box[b + a + 3] = this.box[c * 6 + a + 3]!;
          }
          if (this.dev[c]! > this.dev[n]!) this.dev[n] = this.dev[c]!;
        }
        this.zone[n] = zone;
      }
    }
  }

  get bytes(): number {
    return (
      this.box.byteLength +
      this.first.byteLength +
      this.count.byteLength +
      this.leaf.byteLength +
      this.zone.byteLength +
      this.dev.byteLength
    );
  }
}

/** 30-bit Morton code of a point in [-1, 1]^3. */
export function mortonKey(x: number, y: number, z: number): number {
  const q = (v: number): number => Math.min(1023, Math.max(0, Math.floor(((v + 1) / 2) * 1024)));
  const qx = q(x);
  const qy = q(y);
  const qz = q(z);
  let key = 0;
  for (let bit = 9; bit >= 0; bit--) {
    key = key * 8 + (((qx >> bit) & 1) << 2) + (((qy >> bit) & 1) << 1) + ((qz >> bit) & 1);
  }
  return key;
}

/** Squared distance from a point to a node's box: a lower bound of the squared chord to its arcs. */
export function boxKey(box: Float64Array, node: number, px: number, py: number, pz: number): number {
  const b = node * 6;
  const dx = px < box[b]! ? box[b]! - px : px > box[b + 3]! ? px - box[b + 3]! : 0;
  const dy = py < box[b + 1]! ? box[b + 1]! - py : py > box[b + 4]! ? py - box[b + 4]! : 0;
  const dz = pz < box[b + 2]! ? box[b + 2]! - pz : pz > box[b + 5]! ? pz - box[b + 5]! : 0;
  return dx * dx + dy * dy + dz * dz;
}
