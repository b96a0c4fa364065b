import { mortonKey, type EdgeLeaves } from './edge-tree';
import type { ZoneStore } from './zone-store';

/** Edges per leaf of the edge R-tree (distances and crossings). */
const RT_LEAF_EDGES = 8;

/**
 * Groups the boundary edges into R-tree leaves: runs of up to RT_LEAF_EDGES consecutive edges of one ring
 * or line, each with a 3-D box on the auxiliary sphere that contains its arcs, the largest planar deviation
 * of its edges and the Morton key of its centre. Antimeridian seams are left out (they are no boundary).
 */
export function buildEdgeLeaves(store: ZoneStore): EdgeLeaves {
  const { edgeCount, edgeSeam, edgeRun, edgeZone, edgeDev } = store;
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
  for (let e = 0; e < edgeCount; e++) {
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
    extendWithEdge(store, box, e);
    if (edgeDev[e]! > leafDev[k]!) leafDev[k] = edgeDev[e]!;
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
  return {
    count: nl,
    box: leafBox,
    first: Int32Array.from(leafFirst),
    edges: Int32Array.from(leafEdges),
    zone: Int32Array.from(leafZone),
    dev: Float64Array.from(leafDev),
    key: leafKey,
  };
}

/** Grows a 3-D box to contain edge e's arc (its endpoints plus the arc's bulge beyond the chord). */
function extendWithEdge(store: ZoneStore, box: Float64Array, e: number): void {
  const i = store.edgeV[e]!;
  const vec = store.vec;
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
