import { contours } from 'd3-contour';
import type { Grid } from './grid';

export type Position = [number, number];
export type PolygonCoords = Position[][];
export type MultiPolygonCoords = PolygonCoords[];

/**
 * The area where `value(index) >= threshold` over the node range [x0..x1] × [y0..y1], as a MultiPolygon
 * in [lon, lat]. Marching squares (d3-contour) with linear interpolation between nodes, so a boundary
 * between two fields that are negatives of each other (an equidistance line) comes out identical on both
 * sides. The range must have a margin where the value is below the threshold, so that rings close.
 */
export function contourArea(
  grid: Grid,
  range: { x0: number; y0: number; x1: number; y1: number },
  value: (index: number) => number,
  threshold = 0,
): MultiPolygonCoords {
  const width = range.x1 - range.x0 + 1;
  const height = range.y1 - range.y0 + 1;
  const values = new Float64Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) values[y * width + x] = value((range.y0 + y) * grid.nx + range.x0 + x);
  const shape = contours().size([width, height]).contour(Array.from(values), threshold);
  // d3-contour puts value i at coordinate i + 0.5.
  const lonOf = (cx: number) => round7(grid.lon0 + (range.x0 + cx - 0.5) * grid.stepDeg);
  const latOf = (cy: number) => round7(grid.lat0 + (range.y0 + cy - 0.5) * grid.stepDeg);
  return shape.coordinates.map((polygon) =>
    polygon.map((ring) => dropRepeats(ring.map(([cx, cy]) => [lonOf(cx!), latOf(cy!)] as Position))),
  );
}

/** Rounds degrees to 7 decimals (about 1 cm), enough for every boundary here and smaller files. */
export const round7 = (deg: number): number => Math.round(deg * 1e7) / 1e7;

function dropRepeats(ring: Position[]): Position[] {
  return ring.filter((p, i) => i === 0 || p[0] !== ring[i - 1]![0] || p[1] !== ring[i - 1]![1]);
}
