/**
 * Counts failed logins per user name and client address and refuses further attempts for the rest of the
 * window once `maxFailures` is reached, so a password cannot be guessed online, while one user mistyping
 * does not lock out the others (the key is name AND address). Kept in memory per server instance: with N
 * instances behind a load balancer an attacker gets at most N x maxFailures tries per window.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, { firstAtMs: number; count: number }>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
    /** Most keys remembered; beyond it, expired keys are dropped first, then the oldest. */
    private readonly maxKeys = 100_000,
  ) {}

  static key(username: string, address: string): string {
    return `${username.trim().toLowerCase()}\u0000${address}`;
  }

  /** Milliseconds until the key may try again, or 0 when it may try now. */
  retryAfterMs(key: string, nowMs: number): number {
    const entry = this.failures.get(key);
    if (!entry) return 0;
    const endsAtMs = entry.firstAtMs + this.windowMs;
    if (nowMs >= endsAtMs) {
      this.failures.delete(key);
      return 0;
    }
    return entry.count >= this.maxFailures ? endsAtMs - nowMs : 0;
  }

  recordFailure(key: string, nowMs: number): void {
    const entry = this.failures.get(key);
    if (entry && nowMs < entry.firstAtMs + this.windowMs) {
      entry.count += 1;
      return;
    }
    this.failures.delete(key);
    if (this.failures.size >= this.maxKeys) this.prune(nowMs);
    this.failures.set(key, { firstAtMs: nowMs, count: 1 });
  }

  recordSuccess(key: string): void {
    this.failures.delete(key);
  }

  get size(): number {
    return this.failures.size;
  }

  private prune(nowMs: number): void {
    for (const [key, entry] of this.failures) {
      if (nowMs >= entry.firstAtMs + this.windowMs) this.failures.delete(key);
    }
    // Still full: forget the oldest entries (insertion order), a quarter at a time.
    if (this.failures.size >= this.maxKeys) {
      let drop = Math.ceil(this.maxKeys / 4);
      for (const key of this.failures.keys()) {
        if (drop-- <= 0) break;
        this.failures.delete(key);
      }
    }
  }
}
