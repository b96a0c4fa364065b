/**
 * A first-come first-served lock for async work. PGlite has one connection, so every statement and every
 * transaction of the embedded driver runs under this lock: without it a query from one caller could land
 * in the middle of another caller's open transaction.
 */
export class AsyncMutex {
  private tail: Promise<void> = Promise.resolve();

  /** Runs `fn` once every earlier holder has finished (resolved or thrown), and returns its result. */
  runExclusive<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    // The next holder waits for this one to settle, whatever the outcome; the outcome goes to our caller.
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
