/**
 * Blocks a little ahead of our clock wait here and are offered again when the clock catches
 * up: not an offence, not cached as invalid (Bitcoin Core b48; threat model 4). Bounded.
 */
import type { Block } from '../core/block.js';
import { REAL_TIMERS, type Timers } from '../lib/timers.js';
import type { Source } from './types.js';

/** Most blocks waiting for the clock. */
export const MAX_FUTURE_BLOCKS = 16;
/** Blocks further ahead than this (seconds past the allowed limit) are not kept at all. */
export const MAX_FUTURE_WAIT_SECONDS = 10 * 60;

/** The bounded set of blocks waiting for the clock, each with its timer. */
export class FutureBlocks {
  /** Each waiting block's timer handle. */
  readonly #waiting = new Map<Block, unknown>();
  readonly #timers: Timers;

  /** `retry` gets each block once its time came; `timers` are the real ones unless a test's. */
  constructor(
    readonly retry: (block: Block, source: Source) => void,
    timers: Timers = REAL_TIMERS,
  ) {
    this.#timers = timers;
  }

  /** Keeps a block until `validAt` (seconds); returns false if it is too far ahead or full. */
  add(block: Block, source: Source, validAt: number, now: number): boolean {
    const wait = validAt - now;
    if (wait > MAX_FUTURE_WAIT_SECONDS || this.#waiting.size >= MAX_FUTURE_BLOCKS) return false;
    const timer = this.#timers.setTimeout(
      () => {
        this.#waiting.delete(block);
        this.retry(block, source);
      },
      Math.max(0, wait + 1) * 1000,
    );
    this.#waiting.set(block, timer);
    return true;
  }

  /** Number waiting. */
  get size(): number {
    return this.#waiting.size;
  }

  /** Drops every waiting block. */
  clear(): void {
    for (const t of this.#waiting.values()) this.#timers.clearTimeout(t);
    this.#waiting.clear();
  }
}
