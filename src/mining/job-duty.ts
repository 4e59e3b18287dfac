/**
 * The duty-cycle throttle of one mining worker: hash for percent% of each period, sleep for the
 * rest. It keeps a laptop usable while it mines and lets a teacher hand out hash power.
 */

/**
 * One period: short enough that a throttled worker's load looks steady to the OS and the UI,
 * long enough that it holds a few batches (MAX_SLICE_MS).
 */
export const DUTY_PERIOD_MS = 100;

/**
 * Longest batch the runner asks for. A new job or a stop waits for the running batch, so this
 * is the worst-case switch latency; 30 ms of hashing per message round is negligible overhead.
 */
export const MAX_SLICE_MS = 30;

/** What the worker should do next: hash for up to runMs, or sleep for sleepMs (Infinity: idle). */
export type DutySlot = { readonly runMs: number } | { readonly sleepMs: number };

/** Throws a RangeError unless percent is a finite number; returns it clamped to 0..100. */
export function clampPercent(percent: number): number {
  if (typeof percent !== 'number' || !Number.isFinite(percent)) {
    throw new RangeError('throttle must be a finite percentage');
  }
  return Math.min(100, Math.max(0, percent));
}

/** Budgets hashing time per period; time comes in as arguments, so tests drive it. */
export class DutyCycle {
  #percent = 100;
  #periodStart = -Infinity;
  /** Hashing time charged to the current period; a batch that overran is carried forward. */
  #used = 0;

  /** Current duty cycle in percent. */
  get percent(): number {
    return this.#percent;
  }

  /** Sets the duty cycle (clamped to 0..100) and starts a fresh period. */
  set percent(percent: number) {
    this.#percent = clampPercent(percent);
    this.#periodStart = -Infinity;
    this.#used = 0;
  }

  /** The next slot at time `now` (ms). */
  next(now: number): DutySlot {
    if (this.#percent >= 100) return { runMs: MAX_SLICE_MS };
    if (this.#percent <= 0) return { sleepMs: Infinity };
    const budget = (DUTY_PERIOD_MS * this.#percent) / 100;
    const elapsed = now - this.#periodStart;
    if (elapsed >= DUTY_PERIOD_MS) {
      // Each period that passed pays off one budget of overrun; the rest is carried.
      const periods = Number.isFinite(elapsed) ? Math.floor(elapsed / DUTY_PERIOD_MS) : Infinity;
      this.#used = Math.max(0, this.#used - periods * budget);
      this.#periodStart = now;
    }
    if (this.#used < budget) return { runMs: Math.min(MAX_SLICE_MS, budget - this.#used) };
    return { sleepMs: this.#periodStart + DUTY_PERIOD_MS - now };
  }

  /** Charges `ms` of hashing to the current period. */
  spent(ms: number): void {
    if (this.#percent < 100) this.#used += ms;
  }
}
