import { contourArea, type MultiPolygonCoords } from './contour';
import { nodeRange, rasterisePolygon, type Grid } from './grid';
import { densifyRing, NearestSeedField, seedsFrom } from './nearest-seed-field';

/** One polygon part of a state's land + territorial sea, and whether it generates an EEZ. */
export interface StatePart {
  state: string;
  rings: [number, number][][];
  /** False for features the build treats as generating no EEZ (see data/zones/eez-method.json). */
  generatesEez: boolean;
}

export interface EezFieldOptions {
  /** Outer limit, measured from the territorial-sea polygons' edge (200 nm - 12 nm), metres. */
  limitFromTerritorialSeaM: number;
  /** Nodes this close (in grid steps, Chebyshev) to another state's polygon never belong to an EEZ. */
  keepOffNodes: number;
}

/**
 * Approximate EEZs by equidistance on a grid: every node outside the states' land + territorial-sea
 * polygons belongs to the state whose polygon edge is nearest (equidistance between the 12 nm limits is
 * equidistance between the baselines), up to the outer limit. Boundaries are interpolated where the
 * field "distance to the nearest other state minus distance to this state" changes sign, so neighbours'
 * polygons share their boundary exactly. Each state's polygon includes its own land and territorial sea
 * and keeps `keepOffNodes` grid steps away from every other state's, so an approximate EEZ never
 * overlaps another state's territorial sea.
 */
export function approximateEezs(
  grid: Grid,
  parts: readonly StatePart[],
  options: EezFieldOptions,
): Map<string, MultiPolygonCoords> {
  const states = [...new Set(parts.map((p) => p.state))].sort();
  const stateIndex = new Map(states.map((s, i) => [s, i]));
  const n = grid.nx * grid.ny;
  const insideState = new Int16Array(n).fill(-1);
  const insideGenerating = new Uint8Array(n);
  const seedPoints: { lon: number; lat: number; owner: number }[] = [];
  for (const part of parts) {
    const owner = stateIndex.get(part.state)!;
    rasterisePolygon(grid, part.rings, (i) => {
      insideState[i] = owner;
      insideGenerating[i] = part.generatesEez ? 1 : 0;
    });
    if (!part.generatesEez) continue;
    for (const [lon, lat] of densifyRing(part.rings[0]!, grid.stepDeg / 2))
      seedPoints.push({ lon, lat, owner });
  }
  const field = new NearestSeedField(grid, seedsFrom(seedPoints), options.limitFromTerritorialSeaM * 1.2);
  const { nearState, nearMany } = statesNear(grid, insideState, options.keepOffNodes);
  const h = (grid.stepDeg * 111_320) / 2;
  const limit = options.limitFromTerritorialSeaM;

  // A coastal state owns some sea node outside every polygon; landlocked states get no EEZ.
  const coastal = new Uint8Array(states.length);
  for (let i = 0; i < n; i++) if (insideState[i] === -1 && field.owner(i) >= 0) coastal[field.owner(i)] = 1;

  const result = new Map<string, MultiPolygonCoords>();
  for (const state of states) {
    const X = stateIndex.get(state)!;
    if (!coastal[X]) continue;
    const value = (i: number): number => {
      if (nearMany[i] || (nearState[i] !== -1 && nearState[i] !== X)) return -h;
      if (insideState[i] === X && insideGenerating[i]) return h;
      const owner = field.owner(i);
      if (owner < 0) return -h;
      const d1 = field.distanceM(i);
      const other = neighbourDistance(grid, field, i, (o) => o !== X && o >= 0);
      if (owner === X) return Math.min(other - d1, limit - d1, 10 * limit);
      const own = neighbourDistance(grid, field, i, (o) => o === X);
      if (own === Infinity) return -10 * limit;
      return Math.min(d1 - own, limit - own);
    };
    const range = nodeRange(
      grid,
      (i) => field.owner(i) === X || (insideState[i] === X && insideGenerating[i] === 1),
      3,
    );
    if (!range) continue;
    const area = contourArea(grid, range, value);
    if (area.length > 0) result.set(state, area);
  }
  return result;
}

/** Smallest distance from node i to the seeds of its 8 neighbours (and its own) whose owner passes. */
function neighbourDistance(
  grid: Grid,
  field: NearestSeedField,
  i: number,
  accept: (owner: number) => boolean,
): number {
  const x = i % grid.nx;
  const y = (i - x) / grid.nx;
  let best = Infinity;
  for (let dy = -1; dy <= 1; dy++) {
    const yy = y + dy;
    if (yy < 0 || yy >= grid.ny) continue;
    for (let dx = -1; dx <= 1; dx++) {
      const xx = x + dx;
      if (xx < 0 || xx >= grid.nx) continue;
      const j = yy * grid.nx + xx;
      const s = field.seed[j]!;
      if (s < 0 || !accept(field.seeds.owner[s]!)) continue;
      const d = field.distanceToSeedM(i, s);
      if (d < best) best = d;
    }
  }
  return best;
}

/** Per node, the state whose polygon has a node within `radius` steps (-1: none), and whether two do. */
function statesNear(
  grid: Grid,
  insideState: Int16Array,
  radius: number,
): { nearState: Int16Array; nearMany: Uint8Array } {
  const { nx, ny } = grid;
  // Separable dilation: rows first (first state seen and "more than one"), then columns.
  const rowState = new Int16Array(nx * ny).fill(-1);
  const rowMany = new Uint8Array(nx * ny);
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++) {
      let state = -1;
      let many = 0;
      for (let k = Math.max(0, x - radius); k <= Math.min(nx - 1, x + radius) && !many; k++) {
        const s = insideState[y * nx + k]!;
        if (s < 0) continue;
        if (state < 0) state = s;
        else if (s !== state) many = 1;
      }
      rowState[y * nx + x] = state;
      rowMany[y * nx + x] = many;
    }
  }
  const nearState = new Int16Array(nx * ny).fill(-1);
  const nearMany = new Uint8Array(nx * ny);
  for (let x = 0; x < nx; x++) {
    for (let y = 0; y < ny; y++) {
      let state = -1;
      let many = 0;
      for (let k = Math.max(0, y - radius); k <= Math.min(ny - 1, y + radius) && !many; k++) {
        const j = k * nx + x;
        if (rowMany[j]) many = 1;
        const s = rowState[j]!;
        if (s < 0) continue;
        if (state < 0) state = s;
        else if (s !== state) many = 1;
      }
      nearState[y * nx + x] = state;
      nearMany[y * nx + x] = many;
    }
  }
  return { nearState, nearMany };
}
