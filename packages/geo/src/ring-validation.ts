import type { FieldProblem, Zone } from '@vesselwatch/domain';
import type { PartQuadtrees } from './part-quadtree';
import { zoneLabel } from './validation';
import type { ZoneStore } from './zone-store';

/** A quadtree leaf with more edges than this is a degenerate pile at max depth: not worth O(n²). */
const MAX_LEAF_PAIRS_EDGES = 256;

/**
 * Proper crossings between edges of one part and holes outside their shell. Only edges sharing a quadtree
 * leaf can cross, so pairs are tested leaf by leaf instead of all against all. At most one problem per part.
 */
export function checkRingCrossingsAndNesting(
  zones: readonly Zone[],
  store: ZoneStore,
  quadtrees: PartQuadtrees,
  problems: FieldProblem[],
): void {
  const X = store.plon;
  const Y = store.lat;
  const edgeV = store.edgeV;
  const { qtFirst, qtCount, qtEdges, partRoot } = quadtrees;
  for (let p = 0; p < store.partRings.length; p++) {
    const info = store.partRings[p]!;
    const zone = zones[info.zone]!;
    const label = zoneLabel(zone, info.zone);
    const where = info.polygon < 0 ? 'the polygon' : `polygon ${info.polygon}`;
    const ringOf = (vertex: number): number => {
      let r = 0;
      while (r + 1 < info.starts.length && vertex >= info.starts[r + 1]!) r++;
      return r;
    };
    const stack = [partRoot[p]!];
    let found = false;
    while (stack.length > 0 && !found) {
      const node = stack.pop()!;
      const count = qtCount[node]!;
      if (count < 0) {
        for (let k = 0; k < 4; k++) stack.push(qtFirst[node]! + k);
        continue;
      }
      if (count > MAX_LEAF_PAIRS_EDGES) continue;
      const first = qtFirst[node]!;
      for (let s = 0; s < count && !found; s++) {
        const i = edgeV[qtEdges[first + s]!]!;
        for (let t = s + 1; t < count; t++) {
          const j = edgeV[qtEdges[first + t]!]!;
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

/** Where edge j crosses edge i's line, as [lon, lat] folded back into [-180, 180] for the message. */
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
