/** Side of a grid cell of the per-filter candidate lists, degrees. */
export const CELL_DEG = 0.125;
export const CELL_COLS = 360 / CELL_DEG;
export const CELL_ROWS = 180 / CELL_DEG;

/** Cells per side of a 1-degree block; blocks are allocated when a query first lands in them. */
export const BLOCK_CELLS = Math.round(1 / CELL_DEG);

export interface CellBlock {
  /** Per cell: number of candidate leaves, -1 until the cell's list is built. */
  len: Int32Array;
  /** Per cell: first slot of its list in the cache's pool. */
  start: Int32Array;
  /** Per cell: central angle from its centre to its farthest corner (slightly enlarged). */
  radius: Float64Array;
  /** The nearest edge from the cell's centre: evaluated first, it gives a tight bound at once. */
  seed: Int32Array;
}

/**
 * Candidate leaves per grid cell (CELL_DEG degrees), for one filter, allocated block by block. The lists
 * live in one pool (leaf node and its lower-bound angle from the cell centre, sorted by that angle).
 */
export class CellCache {
  private readonly blocks: (CellBlock | undefined)[] = new Array(360 * 180);
  pool = new Int32Array(4096);
  poolSigma = new Float64Array(4096);
  used = 0;
  private blockCount = 0;

  block(col: number, row: number): CellBlock {
    const id = Math.floor(row / BLOCK_CELLS) * 360 + Math.floor(col / BLOCK_CELLS);
    let block = this.blocks[id];
    if (!block) {
      const n = BLOCK_CELLS * BLOCK_CELLS;
      block = {
        len: new Int32Array(n).fill(-1),
        start: new Int32Array(n),
        radius: new Float64Array(n),
        seed: new Int32Array(n),
      };
      this.blocks[id] = block;
      this.blockCount++;
    }
    return block;
  }

  reserve(extra: number): void {
    if (this.used + extra <= this.pool.length) return;
    let n = this.pool.length;
    while (n < this.used + extra) n *= 2;
    const pool = new Int32Array(n);
    pool.set(this.pool);
    const sigma = new Float64Array(n);
    sigma.set(this.poolSigma);
    this.pool = pool;
    this.poolSigma = sigma;
  }

  get bytes(): number {
    return (
      this.blockCount * BLOCK_CELLS * BLOCK_CELLS * 16 + this.pool.byteLength + this.poolSigma.byteLength
    );
  }
}
