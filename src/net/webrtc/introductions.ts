/**
 * The members the signaling server offered in its last welcome, each tried again after a
 * backoff while we stay below our target. Without this a newcomer whose offered members all
 * refused (full, or a failed attempt) stayed isolated until the next welcome, which comes only
 * after the server connection drops (issue 14): those dials carry no node key, so the per-key
 * redials never picked them up.
 */
import { backoffDelay, type BackoffOptions } from './backoff.js';

interface Introduced {
  /** Failed tries so far. */
  tries: number;
  /** Not dialed again before this, ms. */
  notBefore: number;
}

/** Server-introduced candidates by transport id, with their backoff. */
export class Introductions {
  readonly #byId = new Map<string, Introduced>();

  constructor(
    readonly backoff: BackoffOptions,
    readonly random: () => number,
  ) {}

  /** A new welcome: these ids replace the old ones (a new session makes old ids stale). */
  reset(ids: readonly string[]): void {
    this.#byId.clear();
    for (const id of ids) this.#byId.set(id, { tries: 0, notBefore: 0 });
  }

  /** Ids due for a try at `now`, in welcome order. */
  due(now: number): string[] {
    const out: string[] = [];
    for (const [id, s] of this.#byId) if (s.notBefore <= now) out.push(id);
    return out;
  }

  /**
   * An attempt at `id` failed at `now`: unless `next` says to stop trying (afterFailure in
   * mesh-options.ts), its next try waits a backoff; returns the wait, ms.
   */
  failed(id: string, now: number, next: 'retry' | 'forget' | 'give-up'): number | undefined {
    const s = this.#byId.get(id);
    if (!s) return undefined;
    if (next !== 'retry') return void this.#byId.delete(id);
    const wait = backoffDelay(s.tries, this.backoff, this.random);
    s.tries++;
    s.notBefore = now + wait;
    return wait;
  }

  /** `id` connected, left the room, or will never accept us: no more tries. */
  delete(id: string): void {
    this.#byId.delete(id);
  }

  /** True if `id` is one of the server's introductions. */
  has(id: string): boolean {
    return this.#byId.has(id);
  }
}
