/**
 * Runs tasks one after another, in the order they were queued: a partition's batches, its signal-loss
 * sweeps and its re-evaluations after a zone-set change never overlap, so each sees the state the previous
 * one left. A failing task rejects its own promise only; the queue goes on.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  run<T>(task: () => Promise<T>): Promise<T> {
    this.pending += 1;
    const result = this.tail.then(task);
    this.tail = result.then(
      () => this.settle(),
      () => this.settle(),
    );
    return result;
  }

  /** Resolves once every task queued so far has finished (successfully or not). */
  async idle(): Promise<void> {
    while (this.pending > 0) await this.tail;
  }

  private settle(): void {
    this.pending -= 1;
  }
}
