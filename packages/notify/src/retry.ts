import { z } from 'zod';

/** How failed deliveries are tried again: exponential back-off from `initialDelayMs`, capped, a limited number of times. */
export const RetryPolicySchema = z.object({
  initialDelayMs: z.number().int().positive(),
  maxDelayMs: z.number().int().positive(),
  /** Attempts in all (the first one included); after the last failure the delivery is dead. */
  maxAttempts: z.number().int().min(1),
});
export type RetryPolicy = z.infer<typeof RetryPolicySchema>;

/**
 * 5 s, 10 s, 20 s, ... capped at 5 min, 12 attempts: about 35 minutes of trying. A border warning is no
 * use an hour late, so the first retries come fast.
 */
export const RETRY_POLICY_DEFAULT: RetryPolicy = {
  initialDelayMs: 5_000,
  maxDelayMs: 5 * 60_000,
  maxAttempts: 12,
};

/**
 * The wait before the next attempt after `attemptsMade` failed attempts, or null when the policy's attempts
 * are used up (the delivery is then dead).
 */
export function retryDelayMs(policy: RetryPolicy, attemptsMade: number): number | null {
  if (attemptsMade >= policy.maxAttempts) return null;
  const exponent = Math.max(0, attemptsMade - 1);
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(exponent, 30));
}
