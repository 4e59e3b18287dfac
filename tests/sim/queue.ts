/**
 * The simulator's clock: a priority queue of events on simulated milliseconds. Ties in time
 * run in the order they were scheduled, so a run is a pure function of its seed.
 */

/** One scheduled event. */
interface Scheduled {
  readonly at: number;
  readonly seq: number;
  readonly run: () => void;
}

/** A binary min-heap of events ordered by (time, scheduling order). */
export class EventQueue {
  readonly #heap: Scheduled[] = [];
  #seq = 0;
  #now = 0;

  /** Simulated time of the event running now, in milliseconds. */
  get now(): number {
    return this.#now;
  }

  /** Number of events waiting. */
  get size(): number {
    return this.#heap.length;
  }

  /** Runs `run` at simulated time `at` (never before now). */
  at(at: number, run: () => void): void {
    this.#push({ at: Math.max(at, this.#now), seq: this.#seq++, run });
  }

  /** Runs `run` after `delayMs` simulated milliseconds. */
  after(delayMs: number, run: () => void): void {
    this.at(this.#now + delayMs, run);
  }

  /** Runs events in order until none is left before `untilMs`; the clock ends at `untilMs`. */
  runUntil(untilMs: number): void {
    for (;;) {
      const top = this.#heap[0];
      if (!top || top.at > untilMs) break;
      this.#pop();
      this.#now = top.at;
      top.run();
    }
    this.#now = Math.max(this.#now, untilMs);
  }

  #less(a: Scheduled, b: Scheduled): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  #push(e: Scheduled): void {
    const h = this.#heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.#less(h[i] as Scheduled, h[p] as Scheduled)) break;
      [h[i], h[p]] = [h[p] as Scheduled, h[i] as Scheduled];
      i = p;
    }
  }

  #pop(): void {
    const h = this.#heap;
    const last = h.pop() as Scheduled;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.#less(h[l] as Scheduled, h[m] as Scheduled)) m = l;
      if (r < h.length && this.#less(h[r] as Scheduled, h[m] as Scheduled)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m] as Scheduled, h[i] as Scheduled];
      i = m;
    }
  }
}
