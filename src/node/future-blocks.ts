/**
 * Blocks a little ahead of our clock wait here and are offered again when the clock catches
 * up: not an offence, not cached as invalid (Bitcoin Core b48; threat model 4). Bounded.
 */
import type { Block } from '../core/block.js';
import type { Source } from './types.js';

/** Most blocks waiting for the clock. */
export const MAX_FUTURE_BLOCKS = 16;
/** Blocks further ahead than this (seconds past the allowed limit) are not kept at all. */
export const MAX_FUTURE_WAIT_SECONDS = 10 * 60;

/** The bounded set of blocks waiting for the clock, each with its timer. */
export class FutureBlocks {
  readonly #timers = new Map<Block, ReturnType<typeof setTimeout>>();

  constructor(readonly retry: (block: Block, source: Source) => void) {}

  /** Keeps a block until `validAt` (seconds); returns false if it is too far ahead or full. */
  add(block: Block, source: Source, validAt: number, now: number): boolean {
    const wait = validAt - now;
    if (wait > MAX_FUTURE_WAIT_SECONDS || this.#timers.size >= MAX_FUTURE_BLOCKS) return false;
    const timer = setTimeout(
      () => {
        this.#timers.delete(block);
        this.retry(block, source);
      },
      Math.max(0, wait + 1) * 1000,
    );
    this.#timers.set(block, timer);
    return true;
  }

  /** Number waiting. */
  get size(): number {
    return this.#timers.size;
  }

  /** Drops every waiting block. */
  clear(): void {
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
  }
}
