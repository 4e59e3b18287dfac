/** Bounded collections for everything a peer can grow (DESIGN: every collection is bounded). */

/**
 * A set of strings that forgets its oldest member when full (Bitcoin Core keeps rolling bloom
 * filters for the same job: m_tx_inventory_known_filter, m_recent_rejects).
 */
export class BoundedSet {
  readonly #items = new Set<string>();

  constructor(readonly capacity: number) {}

  /** Adds (or refreshes) a member, evicting the oldest when over capacity. */
  add(item: string): void {
    this.#items.delete(item);
    this.#items.add(item);
    if (this.#items.size > this.capacity) {
      const oldest = this.#items.values().next();
      if (!oldest.done) this.#items.delete(oldest.value);
    }
  }

  /** True if the member is held. */
  has(item: string): boolean {
    return this.#items.has(item);
  }

  /** Removes a member. */
  delete(item: string): void {
    this.#items.delete(item);
  }

  /** Forgets every member. */
  clear(): void {
    this.#items.clear();
  }

  /** Number held. */
  get size(): number {
    return this.#items.size;
  }
}

/** A token bucket: `capacity` actions at once, refilled at `perSecond`; time from a clock. */
export class TokenBucket {
  #tokens: number;
  #at: number;

  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    readonly now: () => number,
  ) {
    this.#tokens = capacity;
    this.#at = now();
  }

  /** Tokens available now (negative while a charge is being paid off). */
  get level(): number {
    this.#refill();
    return this.#tokens;
  }

  /** Takes `n` tokens (one by default); false when fewer are left (the action is over the rate). */
  take(n = 1): boolean {
    this.#refill();
    if (this.#tokens < n) return false;
    this.#tokens -= n;
    return true;
  }

  /** Takes `n` tokens whatever is left: a cost known only after the action (bytes sent). */
  charge(n: number): void {
    this.#refill();
    this.#tokens -= n;
  }

  #refill(): void {
    const t = this.now();
    this.#tokens = Math.min(this.capacity, this.#tokens + ((t - this.#at) / 1000) * this.perSecond);
    this.#at = t;
  }
}
