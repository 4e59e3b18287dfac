/**
 * Redial schedules by node key: a peer that dropped, or a candidate that failed, is tried again
 * after an exponential backoff, a bounded number of times; then it is left alone for a while,
 * so a laptop that left the class is not dialed forever.
 */
import type { Timers } from '../../lib/timers.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';

/** How long a key that used up its redials is left alone, ms: a lesson's activity, not forever. */
export const GIVE_UP_MS = 10 * 60_000;

/** Keys tracked at most (a room holds 64 peers: signaling/server.ts maxRoomSize). */
export const MAX_TRACKED = 256;

interface Schedule {
  /** The transport id the key was last reached at. */
  remoteId: string;
  /** Tries scheduled so far. */
  tries: number;
  timer: unknown;
}

/** Per-key backoff timers. */
export class Redials {
  readonly #byKey = new Map<string, Schedule>();

  constructor(
    readonly timers: Timers,
    readonly backoff: BackoffOptions,
    readonly random: () => number,
    /** Tries per key before giving up for {@link GIVE_UP_MS}. */
    readonly maxTries: number,
  ) {}

  /** True while `key` waits for a try or is given up: not a candidate to dial now. */
  has(key: string): boolean {
    return this.#byKey.has(key);
  }

  /** The transport id `key` was last reached at. */
  remoteId(key: string): string | undefined {
    return this.#byKey.get(key)?.remoteId;
  }

  /** Schedules the next try of `key` after its backoff; past maxTries, gives up for a while. */
  schedule(key: string, remoteId: string, run: () => void): void {
    const s = this.#take(key, remoteId);
    s.tries++;
    if (s.tries > this.maxTries) return this.giveUp(key, remoteId);
    s.timer = this.timers.setTimeout(run, backoffDelay(s.tries - 1, this.backoff, this.random));
  }

  /** Leaves `key` alone for {@link GIVE_UP_MS}. */
  giveUp(key: string, remoteId: string): void {
    const s = this.#take(key, remoteId);
    s.tries = Infinity;
    s.timer = this.timers.setTimeout(() => this.delete(key), GIVE_UP_MS);
  }

  /** Starts a fresh schedule for `key` with a try right away (after a heal). */
  restart(key: string, remoteId: string, run: () => void): void {
    this.delete(key);
    const s = this.#take(key, remoteId);
    s.timer = this.timers.setTimeout(run, 0);
  }

  /** Forgets `key` (it connected, or it is not worth a try). */
  delete(key: string): void {
    const s = this.#byKey.get(key);
    if (s) this.timers.clearTimeout(s.timer);
    this.#byKey.delete(key);
  }

  /** Forgets every key. */
  clear(): void {
    for (const key of [...this.#byKey.keys()]) this.delete(key);
  }

  #take(key: string, remoteId: string): Schedule {
    let s = this.#byKey.get(key);
    if (s) {
      this.timers.clearTimeout(s.timer);
      if (remoteId !== '') s.remoteId = remoteId;
      return s;
    }
    if (this.#byKey.size >= MAX_TRACKED) {
      const oldest = this.#byKey.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    s = { remoteId, tries: 0, timer: undefined };
    this.#byKey.set(key, s);
    return s;
  }
}
