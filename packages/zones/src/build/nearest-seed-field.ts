import { nodeLat, nodeLon, type Grid } from './grid';

/** Mean Earth radius (IUGG), metres: the zone builder's distances are spherical (they are approximate). */
export const EARTH_RADIUS_M = 6_371_008.8;
const DEG = Math.PI / 180;

/** Points a field measures distance to (coast or boundary vertices), each with an owner (a country index). */
export interface Seeds {
  lon: Float64Array;
  lat: Float64Array;
  owner: Int16Array;
}

export function seedsFrom(points: readonly { lon: number; lat: number; owner: number }[]): Seeds {
  const seeds: Seeds = {
    lon: new Float64Array(points.length),
    lat: new Float64Array(points.length),
    owner: new Int16Array(points.length),
  };
  points.forEach((p, i) => {
    seeds.lon[i] = p.lon;
    seeds.lat[i] = p.lat;
    seeds.owner[i] = p.owner;
  });
  return seeds;
}

/**
 * For every node of the grid, the nearest seed (great-circle distance on the mean sphere), found by
 * raster propagation of nearest-seed pointers (two forward and backward sweeps over 8 neighbours, as in
 * 8SSEDT but with exact distances to the propagated seed). Exact for all but rare nodes next to Voronoi
 * corners, where the error is a fraction of a grid step: fine for approximate, labelled zones.
 */
export class NearestSeedField {
  /** Index of the nearest seed per node, -1 where none lies within maxDistanceM. */
  readonly seed: Int32Array;
  private readonly hav: Float64Array;
  private readonly cosLatRow: Float64Array;
  private readonly seedCosLat: Float64Array;

  constructor(
    readonly grid: Grid,
    readonly seeds: Seeds,
    maxDistanceM = Infinity,
  ) {
    const n = grid.nx * grid.ny;
    this.seed = new Int32Array(n).fill(-1);
    this.hav = new Float64Array(n).fill(Infinity);
    this.cosLatRow = Float64Array.from({ length: grid.ny }, (_, y) => Math.cos(nodeLat(grid, y) * DEG));
    this.seedCosLat = seeds.lat.map((lat) => Math.cos(lat * DEG));
    const maxHav = maxDistanceM === Infinity ? Infinity : Math.sin(maxDistanceM / EARTH_RADIUS_M / 2) ** 2;
    for (let s = 0; s < seeds.lon.length; s++) {
      const x = Math.round((seeds.lon[s]! - grid.lon0) / grid.stepDeg);
      const y = Math.round((seeds.lat[s]! - grid.lat0) / grid.stepDeg);
      if (x < 0 || y < 0 || x >= grid.nx || y >= grid.ny) continue;
      const i = y * grid.nx + x;
      const h = this.havTo(x, y, s);
      if (h < this.hav[i]!) {
        this.hav[i] = h;
        this.seed[i] = s;
      }
    }
    this.sweep(maxHav);
  }

  /** Haversine term between node (x, y) and seed s (monotonic in distance). */
  private havTo(x: number, y: number, s: number): number {
    const dLat = (nodeLat(this.grid, y) - this.seeds.lat[s]!) * DEG;
    const dLon = (nodeLon(this.grid, x) - this.seeds.lon[s]!) * DEG;
    const a = Math.sin(dLat / 2);
    const b = Math.sin(dLon / 2);
    return a * a + this.cosLatRow[y]! * this.seedCosLat[s]! * b * b;
  }

  private relax(x: number, y: number, i: number, j: number, maxHav: number): void {
    const s = this.seed[j]!;
    if (s < 0 || s === this.seed[i]) return;
    const h = this.havTo(x, y, s);
    if (h < this.hav[i]! && h <= maxHav) {
      this.hav[i] = h;
      this.seed[i] = s;
    }
  }

  private sweep(maxHav: number): void {
    const { nx, ny } = this.grid;
    for (let round = 0; round < 2; round++) {
      for (let y = 0; y < ny; y++) {
        for (let x = 0; x < nx; x++) {
          const i = y * nx + x;
          if (x > 0) this.relax(x, y, i, i - 1, maxHav);
          if (y > 0) {
            this.relax(x, y, i, i - nx, maxHav);
            if (x > 0) this.relax(x, y, i, i - nx - 1, maxHav);
            if (x + 1 < nx) this.relax(x, y, i, i - nx + 1, maxHav);
          }
        }
        for (let x = nx - 2; x >= 0; x--) this.relax(x, y, y * nx + x, y * nx + x + 1, maxHav);
      }
      for (let y = ny - 1; y >= 0; y--) {
        for (let x = nx - 1; x >= 0; x--) {
          const i = y * nx + x;
          if (x + 1 < nx) this.relax(x, y, i, i + 1, maxHav);
          if (y + 1 < ny) {
            this.relax(x, y, i, i + nx, maxHav);
            if (x + 1 < nx) this.relax(x, y, i, i + nx + 1, maxHav);
            if (x > 0) this.relax(x, y, i, i + nx - 1, maxHav);
          }
        }
        for (let x = 1; x < nx; x++) this.relax(x, y, y * nx + x, y * nx + x - 1, maxHav);
      }
    }
  }

  /** Distance (metres) from node i to its nearest seed; Infinity when it has none. */
  distanceM(i: number): number {
    const h = this.hav[i]!;
    return h === Infinity ? Infinity : 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  /** Distance (metres) from node i to seed s. */
  distanceToSeedM(i: number, s: number): number {
    const x = i % this.grid.nx;
    const y = (i - x) / this.grid.nx;
    return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(this.havTo(x, y, s))));
  }

  /** Owner of node i's nearest seed, -1 when it has none. */
  owner(i: number): number {
    const s = this.seed[i]!;
    return s < 0 ? -1 : this.seeds.owner[s]!;
  }
}

/** Densifies a ring's vertices so that no two consecutive points are farther apart than maxStepDeg. */
export function densifyRing(ring: readonly (readonly number[])[], maxStepDeg: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < ring.length; i++) {
    const [lon, lat] = ring[i] as [number, number];
    out.push([lon, lat]);
    if (i + 1 === ring.length) break;
    const [lonB, latB] = ring[i + 1] as [number, number];
    const steps = Math.ceil(Math.max(Math.abs(lonB - lon), Math.abs(latB - lat)) / maxStepDeg);
    for (let k = 1; k < steps; k++)
      out.push([lon + ((lonB - lon) * k) / steps, lat + ((latB - lat) * k) / steps]);
  }
  return out;
}
