/** The room's hash rate, estimated from the best chain: work per block over time per block. */
import type { Chain } from '../core/chain.js';
import { workFromBits } from '../core/pow.js';

/** Blocks the estimate looks back over. */
const WINDOW = 20;

/** Hashes per second of the whole room over the last blocks; 0 before there are two. */
export function roomHashRate(chain: Chain): number {
  const tip = chain.tip;
  const first = chain.activeAt(Math.max(0, tip.height - WINDOW));
  if (!first || first === tip) return 0;
  const seconds = tip.header.time - first.header.time;
  if (seconds <= 0) return 0;
  let work = 0n;
  for (let h = first.height + 1; h <= tip.height; h++) {
    work += workFromBits(chain.activeAt(h)!.header.bits);
  }
  return Number(work) / seconds;
}
