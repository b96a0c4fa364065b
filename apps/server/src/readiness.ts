/** A dependency the server needs before it can serve traffic (the bus, the database). */
export interface ReadinessCheck {
  name: string;
  /** Resolves when the dependency answers; rejects with the reason otherwise. */
  check(): Promise<void>;
}

export interface CheckResult {
  name: string;
  ok: boolean;
  latencyMs: number;
  error?: string;
}

/** How long one check may take before it counts as failed, so a hung dependency cannot hang /readyz. */
export const READINESS_CHECK_TIMEOUT_MS = 2_000;

async function runOne(check: ReadinessCheck, timeoutMs: number): Promise<CheckResult> {
  const startedMs = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check.check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { name: check.name, ok: true, latencyMs: Math.round(performance.now() - startedMs) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      name: check.name,
      ok: false,
      latencyMs: Math.round(performance.now() - startedMs),
      error: message,
    };
  } finally {
    clearTimeout(timer);
  }
}

export function runReadinessChecks(
  checks: ReadinessCheck[],
  timeoutMs = READINESS_CHECK_TIMEOUT_MS,
): Promise<CheckResult[]> {
  return Promise.all(checks.map((check) => runOne(check, timeoutMs)));
}
