import Flatbush from 'flatbush';
import type { PartQuadtrees } from './part-quadtree';
import type { ZoneStore } from './zone-store';

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
   * into `out`, sorted, and returns how many. Allocation-free apart from flatbush's small result array.
   * `out` needs room for the overlap depth.
   */
  zonesAtInto(lon: number, lat: number, atMs: number, out: Int32Array): number {
    const hits = this.partTree.search(lon, lat, lon, lat);
    const { partZone, zoneFrom, zoneTo } = this.store;
    let n = 0;
    for (let h = 0; h < hits.length; h++) {
      const entry = hits[h]!;
      const p = this.partEntry[entry]!;
      const z = partZone[p]!;
      // NaN: validity windows ignored.
      if (atMs === atMs && !(zoneFrom[z]! <= atMs && atMs < zoneTo[z]!)) continue;
      let dup = false;
      for (let k = 0; k < n; k++) if (out[k] === z) dup = true;
      if (dup) continue;
      if (this.quadtrees.contains(p, lon + this.partShift[entry]!, lat) && n < out.length) out[n++] = z;
    }
    if (n > 1) sortSmall(out, n);
    return n;
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
