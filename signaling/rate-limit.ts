/** A token bucket: `burst` tokens at most, refilled at `perSecond`; each message takes one. */
export class TokenBucket {
  #tokens: number;
  #last: number;

  /** `now` returns milliseconds on a monotonic clock; tests pass a fake one. */
  constructor(
    readonly perSecond: number,
    readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.#tokens = burst;
    this.#last = now();
  }

  /** Takes one token; false when the bucket is empty, i.e. the caller is over its rate. */
  take(): boolean {
    const now = this.now();
    const refill = ((now - this.#last) / 1000) * this.perSecond;
    this.#tokens = Math.min(this.burst, this.#tokens + refill);
    this.#last = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
