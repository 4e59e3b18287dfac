/** A binary heap: block templates pick the best of each sender's next transfer repeatedly. */

/** A min-heap under `before` (the element for which before(a, b) holds comes out first). */
export class Heap<T> {
  readonly #items: T[] = [];

  constructor(readonly before: (a: T, b: T) => boolean) {}

  /** Elements held. */
  get size(): number {
    return this.#items.length;
  }

  /** Adds an element. */
  push(item: T): void {
    const a = this.#items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(a[i] as T, a[p] as T)) break;
      [a[i], a[p]] = [a[p] as T, a[i] as T];
      i = p;
    }
  }

  /** Removes and returns the first element, or undefined when empty. */
  pop(): T | undefined {
    const a = this.#items;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    a[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < a.length && this.before(a[l] as T, a[best] as T)) best = l;
      if (r < a.length && this.before(a[r] as T, a[best] as T)) best = r;
      if (best === i) return top;
      [a[i], a[best]] = [a[best] as T, a[i] as T];
      i = best;
    }
  }
}
