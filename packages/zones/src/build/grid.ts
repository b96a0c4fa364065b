/**
 * A regular lon/lat grid of nodes for the zone builder's raster steps (nearest-coast fields, equidistance,
 * fishing-zone distances). Node (x, y) sits at [lon0 + x·stepDeg, lat0 + y·stepDeg]; index = y·nx + x.
 * Coordinates are [lon, lat] (GeoJSON order) everywhere.
 */
export interface Grid {
  lon0: number;
  lat0: number;
  stepDeg: number;
  nx: number;
  ny: number;
}

/** [west, south, east, north] in degrees. */
export type BboxDeg = readonly [number, number, number, number];

export function gridOver(bbox: BboxDeg, stepDeg: number): Grid {
  const [west, south, east, north] = bbox;
  return {
    lon0: west,
    lat0: south,
    stepDeg,
    nx: Math.round((east - west) / stepDeg) + 1,
    ny: Math.round((north - south) / stepDeg) + 1,
  };
}

export const nodeLon = (grid: Grid, x: number): number => grid.lon0 + x * grid.stepDeg;
export const nodeLat = (grid: Grid, y: number): number => grid.lat0 + y * grid.stepDeg;

type Ring = readonly (readonly number[])[];

/**
 * Calls `mark(index)` for every node inside the polygon (rings: shell then holes), by the even-odd rule
 * in the lon/lat plane, the rule the geofence engine uses. Scanline: each row collects the longitudes
 * where ring edges cross it (half-open in latitude, so a vertex on a row counts once).
 */
export function rasterisePolygon(grid: Grid, rings: readonly Ring[], mark: (index: number) => void): void {
  const rows = new Map<number, number[]>();
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const [lonA, latA] = ring[i] as [number, number];
      const [lonB, latB] = ring[i + 1] as [number, number];
      if (latA === latB) continue;
      const ya = (latA - grid.lat0) / grid.stepDeg;
      const yb = (latB - grid.lat0) / grid.stepDeg;
      const lo = Math.max(0, Math.ceil(Math.min(ya, yb)));
      const hi = Math.min(grid.ny - 1, Math.ceil(Math.max(ya, yb)) - 1);
      for (let y = lo; y <= hi; y++) {
        const t = (y - ya) / (yb - ya);
        const x = (lonA + t * (lonB - lonA) - grid.lon0) / grid.stepDeg;
        let row = rows.get(y);
        if (!row) rows.set(y, (row = []));
        row.push(x);
      }
    }
  }
  for (const [y, xs] of rows) {
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const from = Math.max(0, Math.ceil(xs[k]!));
      const to = Math.min(grid.nx - 1, Math.floor(xs[k + 1]!));
      for (let x = from; x <= to; x++) mark(y * grid.nx + x);
    }
  }
}

/** Smallest sub-grid (node range, with `margin` nodes around) holding every index where `keep` is true. */
export function nodeRange(
  grid: Grid,
  keep: (index: number) => boolean,
  margin: number,
): { x0: number; y0: number; x1: number; y1: number } | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let y = 0; y < grid.ny; y++) {
    for (let x = 0; x < grid.nx; x++) {
      if (!keep(y * grid.nx + x)) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  if (x0 === Infinity) return null;
  return {
    x0: Math.max(0, x0 - margin),
    y0: Math.max(0, y0 - margin),
    x1: Math.min(grid.nx - 1, x1 + margin),
    y1: Math.min(grid.ny - 1, y1 + margin),
  };
}
