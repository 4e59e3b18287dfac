/** A moving-window hash rate, fed with the hash counts a worker reports after each batch. */

/**
 * Averaging window: long enough to smooth over tens of ~30 ms batches and a throttled worker's
 * 100 ms duty period, short enough that the UI follows a slider within a couple of seconds.
 */
export const RATE_WINDOW_MS = 2000;

/** Hashes per second over the last window of reports; reads zero a window after they stop. */
export class RateMeter {
  readonly #times: number[] = [];
  readonly #counts: number[] = [];
  #sum = 0;
  readonly #since: number;

  constructor(
    readonly windowMs: number = RATE_WINDOW_MS,
    readonly now: () => number = () => performance.now(),
  ) {
    if (!(windowMs > 0)) throw new RangeError('window must be positive');
    this.#since = now();
  }

  /** Records a report of `hashes` done just now. */
  add(hashes: number): void {
    const t = this.now();
    this.#times.push(t);
    this.#counts.push(hashes);
    this.#sum += hashes;
    this.#prune(t);
  }

  /** Hashes per second: the window's reports over the window (or the meter's age, if shorter). */
  rate(): number {
    const t = this.now();
    this.#prune(t);
    const span = Math.min(this.windowMs, t - this.#since);
    return span > 0 && this.#sum > 0 ? (this.#sum * 1000) / span : 0;
  }

  #prune(t: number): void {
    let drop = 0;
    while (drop < this.#times.length && this.#times[drop]! <= t - this.windowMs) {
      this.#sum -= this.#counts[drop]!;
      drop++;
    }
    if (drop > 0) {
      this.#times.splice(0, drop);
      this.#counts.splice(0, drop);
    }
    // Exact again once empty, so float drift never leaves a ghost rate behind.
    if (this.#times.length === 0) this.#sum = 0;
  }
}
