/**
 * Lets the in-process consumer loop sleep until something happens (a message appended, an assignment
 * changed, stop requested, a back-off elapsed) instead of polling. The notification is sticky: a
 * notify() that comes while nobody waits makes the next wait() return at once, so a wake-up that
 * arrives between "found no work" and "started waiting" is never lost.
 */
export class WakeSignal {
  private notified = false;
  private waiter: (() => void) | null = null;

  notify(): void {
    if (this.waiter) {
      const wake = this.waiter;
      this.waiter = null;
      wake();
    } else {
      this.notified = true;
    }
  }

  /** Resolves on the next notify(), or after timeoutMs when given (Infinity = no timeout). */
  wait(timeoutMs = Number.POSITIVE_INFINITY): Promise<void> {
    if (this.notified) {
      this.notified = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const wake = () => {
        if (timer) clearTimeout(timer);
        resolve();
      };
      this.waiter = wake;
      if (Number.isFinite(timeoutMs)) {
        timer = setTimeout(
          () => {
            if (this.waiter === wake) this.waiter = null;
            resolve();
          },
          Math.max(0, timeoutMs),
        );
      }
    });
  }
}
