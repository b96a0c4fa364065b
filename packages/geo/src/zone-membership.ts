import Flatbush from 'flatbush';
import { RECT_MIXED, RECT_OUTSIDE, type PartQuadtrees } from './part-quadtree';
import type { ZoneStore } from './zone-store';

/** Membership grid cells per degree (1/16 degree: about 7 km, small enough that most cells at sea hold no edge). */
const GRID_PER_DEG = 16;
const GRID_COLS = 360 * GRID_PER_DEG;
const GRID_ROWS = 180 * GRID_PER_DEG;
/** A cell is classified slightly enlarged, so the rounding of a point's cell number never matters. */
const GRID_PAD_DEG = 1e-9;

/**
 * Which area zones contain a point: a flatbush over polygon parts (never one box per multipolygon, whose
 * box would cover half an ocean) finds candidate parts, their quadtrees decide.
 */
export class ZoneMembership {
  private readonly partTree: Flatbush;
  /** flatbush entry -> part, and the longitude shift of that entry (parts past ±180° are entered twice). */
  private readonly partEntry: Int32Array;
  private readonly partShift: Float64Array;

  constructor(
    private readonly store: ZoneStore,
    private readonly quadtrees: PartQuadtrees,
  ) {
    const partBox = quadtrees.partBox;
    // A part that runs past 180 degrees also gets a copy shifted by -360 (and likewise past -180).
    const entries: number[] = [];
    const shifts: number[] = [];
    for (let p = 0; p < store.partCount; p++) {
      entries.push(p);
      shifts.push(0);
      if (partBox[p * 4 + 2]! > 180) {
        entries.push(p);
        shifts.push(360);
      }
      if (partBox[p * 4]! < -180) {
        entries.push(p);
        shifts.push(-360);
      }
    }
    this.partTree = new Flatbush(Math.max(1, entries.length));
    for (let k = 0; k < entries.length; k++) {
      const p = entries[k]!;
      const s = shifts[k]!;
      this.partTree.add(
        partBox[p * 4]! - s,
        partBox[p * 4 + 1]!,
        partBox[p * 4 + 2]! - s,
        partBox[p * 4 + 3]!,
      );
    }
    // flatbush cannot be finished empty: a box far outside any lon/lat keeps it valid and never matches.
    if (entries.length === 0) this.partTree.add(1000, 1000, 1000, 1000);
    this.partTree.finish();
    this.partEntry = Int32Array.from(entries);
    this.partShift = Float64Array.from(shifts);
  }

  /**
   * Writes the indices of every area zone containing the point (and valid at atMs; NaN ignores validity)
   * into `out`, sorted, and returns how many. `out` needs room for the overlap depth.
   *
   * Through the membership grid: each cell (built on first use) lists the polygon parts that reach it,
   * each marked as containing the whole cell or as needing the point tested, so most points at sea cost
   * a lookup and no quadtree descent at all. The answer is zonesAtIntoDirect's (the tests compare them).
   */
  zonesAtInto(lon: number, lat: number, atMs: number, out: Int32Array): number {
    if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
      return this.zonesAtIntoDirect(lon, lat, atMs, out);
    }
    let col = Math.floor((lon + 180) * GRID_PER_DEG);
    let row = Math.floor((lat + 90) * GRID_PER_DEG);
    if (col >= GRID_COLS) col = GRID_COLS - 1;
    if (row >= GRID_ROWS) row = GRID_ROWS - 1;
    const block = this.gridBlock(col, row);
    const cell = 2 * ((row % GRID_PER_DEG) * GRID_PER_DEG + (col % GRID_PER_DEG));
    if (block[cell + 1]! < 0) this.buildGridCell(block, cell, col, row);
    const start = block[cell]!;
    const end = start + block[cell + 1]!;
    const pool = this.gridPool;
    let n = 0;
    for (let k = start; k < end; k++) {
      const code = pool[k]!;
      const entry = code >> 1;
      const p = this.partEntry[entry]!;
      const z = this.store.partZone[p]!;
      if (!this.isNewValidZone(z, atMs, out, n)) continue;
      if ((code & 1) === 1 && !this.quadtrees.contains(p, lon + this.partShift[entry]!, lat)) continue;
      if (n < out.length) out[n++] = z;
    }
    if (n > 1) sortSmall(out, n);
    return n;
  }

  /** Per 1-degree block: [start, length] of each cell's list in gridPool; length -1 until built. */
  private readonly gridBlocks: (Int32Array | undefined)[] = new Array(360 * 180);
  /** Lists: flatbush entry * 2, plus 1 when the point must be tested (else the part contains the cell). */
  private gridPool = new Int32Array(4096);
  private gridUsed = 0;

  private gridBlock(col: number, row: number): Int32Array {
    const id = Math.floor(row / GRID_PER_DEG) * 360 + Math.floor(col / GRID_PER_DEG);
    let block = this.gridBlocks[id];
    if (!block) {
      block = new Int32Array(2 * GRID_PER_DEG * GRID_PER_DEG);
      for (let k = 1; k < block.length; k += 2) block[k] = -1;
      this.gridBlocks[id] = block;
    }
    return block;
  }

  private buildGridCell(block: Int32Array, cell: number, col: number, row: number): void {
    const x0 = col / GRID_PER_DEG - 180 - GRID_PAD_DEG;
    const x1 = (col + 1) / GRID_PER_DEG - 180 + GRID_PAD_DEG;
    const y0 = row / GRID_PER_DEG - 90 - GRID_PAD_DEG;
    const y1 = (row + 1) / GRID_PER_DEG - 90 + GRID_PAD_DEG;
    const hits = this.partTree.search(x0, y0, x1, y1);
    if (this.gridUsed + hits.length > this.gridPool.length) {
      const grown = new Int32Array(Math.max(2 * this.gridPool.length, this.gridUsed + hits.length));
      grown.set(this.gridPool);
      this.gridPool = grown;
    }
    const start = this.gridUsed;
    for (const entry of hits) {
      const shift = this.partShift[entry]!;
      const kind = this.quadtrees.classifyRect(this.partEntry[entry]!, x0 + shift, y0, x1 + shift, y1);
      if (kind === RECT_OUTSIDE) continue;
      this.gridPool[this.gridUsed++] = entry * 2 + (kind === RECT_MIXED ? 1 : 0);
    }
    block[cell] = start;
    block[cell + 1] = this.gridUsed - start;
  }

  /** zonesAtInto without the grid: flatbush over the parts at the point, then each part's quadtree. */
  zonesAtIntoDirect(lon: number, lat: number, atMs: number, out: Int32Array): number {
    const hits = this.partTree.search(lon, lat, lon, lat);
    let n = 0;
    for (let h = 0; h < hits.length; h++) {
      const entry = hits[h]!;
      const p = this.partEntry[entry]!;
      const z = this.store.partZone[p]!;
      if (!this.isNewValidZone(z, atMs, out, n)) continue;
      if (this.quadtrees.contains(p, lon + this.partShift[entry]!, lat) && n < out.length) out[n++] = z;
    }
    if (n > 1) sortSmall(out, n);
    return n;
  }

  /** Whether zone z is valid at atMs (NaN: validity windows ignored) and not yet among out[0..n). */
  private isNewValidZone(z: number, atMs: number, out: Int32Array, n: number): boolean {
    if (atMs === atMs && !(this.store.zoneFrom[z]! <= atMs && atMs < this.store.zoneTo[z]!)) return false;
    for (let k = 0; k < n; k++) if (out[k] === z) return false;
    return true;
  }

  /** Whether one zone contains the point (validity ignored). */
  contains(zoneIndex: number, lon: number, lat: number): boolean {
    const parts = this.store.zoneParts[zoneIndex];
    if (!parts) return false;
    const partBox = this.quadtrees.partBox;
    for (let k = 0; k < parts.length; k++) {
      const p = parts[k]!;
      const b = p * 4;
      let x = lon;
      if (x < partBox[b]!) x += 360;
      else if (x > partBox[b + 2]!) x -= 360;
      if (x < partBox[b]! || x > partBox[b + 2]! || lat < partBox[b + 1]! || lat > partBox[b + 3]!) continue;
      if (this.quadtrees.contains(p, x, lat)) return true;
    }
    return false;
  }
}

/** Insertion sort of the first n values (a point lies in a handful of zones at most). */
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
