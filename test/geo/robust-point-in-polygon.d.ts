declare module 'robust-point-in-polygon' {
  /** -1 inside, 0 on the boundary, 1 outside (exact arithmetic). */
  export default function classifyPoint(
    polygon: readonly (readonly number[])[],
    point: readonly number[],
  ): -1 | 0 | 1;
}
