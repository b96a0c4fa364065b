/** A closed lon/lat ring around the box: zones for the CLI's tests. */
export const squareRing = (x0: number, y0: number, x1: number, y1: number): [number, number][] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];
