/**
 * Figures the Mining panel draws from the best chain's headers: difficulty relative to the
 * room's start, time between blocks and the expected wait for the next block (the room's hash
 * rate comes from src/app/room-rate.ts, which the lab aims against too). Pure functions of
 * headers and parameters.
 */
import { nextBits } from '../../core/difficulty.js';
import type { RoomParams } from '../../core/params.js';
import { targetFromBits, workFromBits } from '../../core/pow.js';
import type { BlockEntry } from '../../core/tree.js';

/** Best-chain figures for the charts, oldest first. */
export interface ChainSeries {
  readonly heights: number[];
  /** Difficulty as a multiple of the room's starting difficulty (1 = as hard as at start). */
  readonly difficulty: number[];
  /** Seconds since the parent block; null where undefined (genesis, block 1). */
  readonly blockTimes: (number | null)[];
}

/** Blocks of history in the charts: a lesson's worth at classroom block times. */
export const SERIES_BLOCKS = 120;

const SCALE = 1_000_000n;

/** How many times harder `bits` is than `initialBits`: initial target / target. */
export function relativeDifficulty(bits: number, initialBits: number): number {
  const t = targetFromBits(bits);
  const t0 = targetFromBits(initialBits);
  if (t === undefined || t0 === undefined) return NaN;
  // bigint first: targets are 256-bit; only the ratio fits a float.
  return Number((t0 * SCALE) / t) / Number(SCALE);
}

/** The last `count` blocks of the best chain ending at `tip`, oldest first. */
export function chainSeries(
  tip: BlockEntry,
  params: RoomParams,
  count = SERIES_BLOCKS,
): ChainSeries {
  const entries: BlockEntry[] = [];
  for (let e: BlockEntry | undefined = tip; e && entries.length < count; e = e.parent) {
    entries.push(e);
  }
  entries.reverse();
  const heights: number[] = [];
  const difficulty: number[] = [];
  const blockTimes: (number | null)[] = [];
  for (const e of entries) {
    heights.push(e.height);
    difficulty.push(relativeDifficulty(e.header.bits, params.initialBits));
    // Genesis carries the room's fixed time, not a mining time: block 1's delta means nothing.
    blockTimes.push(e.parent && e.height > 1 ? e.header.time - e.parent.header.time : null);
  }
  return { heights, difficulty, blockTimes };
}

/** Expected hashes to mine the block after `tip` (work at the bits it must carry). */
export function nextBlockWork(tip: BlockEntry, params: RoomParams): number {
  return Number(workFromBits(nextBits(tip, params)));
}

/** Expected seconds to the next block for a hash rate; undefined when not mining. */
export function expectedSeconds(
  work: number,
  hashesPerSecond: number | undefined,
): number | undefined {
  if (!hashesPerSecond || hashesPerSecond <= 0) return undefined;
  return work / hashesPerSecond;
}
