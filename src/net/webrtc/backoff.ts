/**
 * Exponential backoff with jitter, for reconnecting to the signaling server and redialing
 * peers. "Equal jitter" (AWS Architecture Blog, "Exponential Backoff And Jitter", 2015): half
 * the exponential delay is kept, half is random, so thirty laptops that lost the same server
 * do not come back in the same millisecond, and none retries at once.
 */

/** The shape of one backoff schedule. */
export interface BackoffOptions {
  /** Delay before the first retry, before jitter, ms. */
  readonly baseMs: number;
  /** Largest delay, before jitter, ms. */
  readonly maxMs: number;
}

/** The delay before retry number `attempt` (0 for the first), ms. */
export function backoffDelay(
  attempt: number,
  { baseMs, maxMs }: BackoffOptions,
  random: () => number = Math.random,
): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return exp / 2 + random() * (exp / 2);
}
