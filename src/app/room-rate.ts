/**
 * The whole room's hash rate, estimated from the best chain: the one estimate the Mining
 * panel shows and the lab's hash share aims against.
 */
import type { HeaderCtx } from '../core/header.js';
import { workFromBits } from '../core/pow.js';

/** Blocks over which the room's hash rate is estimated (the default retarget window). */
export const RATE_WINDOW_BLOCKS = 20;

/**
 * Hashes per second of the whole room: the work of the last blocks over the time they took
 * (what the window retarget itself estimates). Undefined until there are enough blocks past
 * block 1 or when their times do not advance.
 */
export function roomHashRate(tip: HeaderCtx, blocks = RATE_WINDOW_BLOCKS): number | undefined {
  let work = 0n;
  let e: HeaderCtx = tip;
  let n = 0;
  // Block 1's time is measured from the genesis, whose time the room fixes: it says nothing.
  while (n < blocks && e.parent && e.parent.height >= 1) {
    work += workFromBits(e.header.bits);
    e = e.parent;
    n++;
  }
  if (n < 3) return undefined;
  const seconds = tip.header.time - e.header.time;
  // Timestamps are whole seconds and miners' clocks differ: a span of a few seconds is noise.
  if (seconds < 3) return undefined;
  return Number(work) / seconds;
}
