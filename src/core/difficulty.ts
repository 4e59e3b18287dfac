/**
 * Difficulty: the median time past and the bits every block must carry (Bitcoin Core
 * pow.cpp GetNextWorkRequired / CalculateNextWorkRequired, chain.h GetMedianTimePast).
 *
 * A room picks one of three rules (params.ts RetargetRule):
 * - `fixed`: constant bits, so "most work" is "longest chain".
 * - `period`: Bitcoin's rule, bit for bit, so real mainnet headers are its test vectors.
 * - `window` (the classroom default): a per-block moving-average retarget, see nextWindowBits.
 * Every computation is integer (bigint) arithmetic: nodes must agree to the last bit.
 */
import type { HeaderCtx } from './header.js';
import {
  DIFFICULTY_FLOOR_FACTOR,
  MAX_SOLVE_TIME_FACTOR,
  MEDIAN_TIME_SPAN,
  type RoomParams,
} from './params.js';
import { decodeCompact, encodeCompact } from './pow.js';

/**
 * The easiest target a block of the room may carry: its pow limit, or DIFFICULTY_FLOOR_FACTOR
 * times its starting target if that is harder (the difficulty floor). Every retarget is
 * capped here, and proof of work is checked against it, so no chain gets cheaper than that.
 */
export function easiestTarget(params: RoomParams): bigint {
  const floor = targetOf(params.initialBits) * BigInt(DIFFICULTY_FLOOR_FACTOR);
  const limit = targetOf(params.powLimitBits);
  return floor < limit ? floor : limit;
}

/** maxStep is a fixed-point number with this many parts per unit (4 = 4000, 1.25 = 1250). */
export const MAX_STEP_SCALE = 1000;

/** A room's maxStep as the integer the consensus arithmetic uses (4 -> 4000). */
export function maxStepMilli(maxStep: number): number {
  return Math.round(maxStep * MAX_STEP_SCALE);
}

/**
 * Median of the times of the last 11 blocks ending at tip, fewer near genesis
 * (Bitcoin Core CBlockIndex::GetMedianTimePast: sorted, element count/2, so with an even
 * count the upper middle). A block's time must be above its parent's median time past.
 */
export function medianTimePast(tip: HeaderCtx): number {
  const times: number[] = [];
  for (let b: HeaderCtx | undefined = tip; b && times.length < MEDIAN_TIME_SPAN; b = b.parent) {
    times.push(b.header.time);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1] as number;
}

/** The ancestor of ctx at a lower height (walks parent links; the tree may index faster). */
function ancestorAt(ctx: HeaderCtx, height: number): HeaderCtx {
  let b: HeaderCtx | undefined = ctx;
  while (b && b.height > height) b = b.parent;
  if (!b || b.height !== height) throw new RangeError(`no ancestor at height ${height}`);
  return b;
}

/** The target for bits as Bitcoin Core's SetCompact reads it (sign and overflow ignored). */
function targetOf(bits: number): bigint {
  return decodeCompact(bits).target;
}

/**
 * Bitcoin's retarget arithmetic (CalculateNextWorkRequired): the last block's target times
 * the period's actual timespan, clamped to a factor of 4, divided by the target timespan,
 * capped at powLimit, encoded with GetCompact's rounding. Multiply first, then divide, as
 * Core does; bigint cannot overflow where Core's arith_uint256 could (regtest's limit).
 */
export function bitcoinRetarget(
  lastBits: number,
  firstTime: number,
  lastTime: number,
  p: { readonly interval: number; readonly targetBlockTime: number; readonly powLimitBits: number },
): number {
  // nPowTargetTimespan = 2016 * 600 s = two weeks on mainnet.
  const timespan = p.interval * p.targetBlockTime;
  // Core's int64 division truncates; timespan is positive, so Math.trunc = floor here.
  let actual = lastTime - firstTime;
  if (actual < Math.trunc(timespan / 4)) actual = Math.trunc(timespan / 4);
  if (actual > timespan * 4) actual = timespan * 4;
  const powLimit = targetOf(p.powLimitBits);
  let next = (targetOf(lastBits) * BigInt(actual)) / BigInt(timespan);
  if (next > powLimit) next = powLimit;
  return encodeCompact(next);
}

/**
 * The bits the child of `parent` must carry under the room's retarget rule.
 * `parent` must have its ancestors linked back far enough for the rule (a whole period for
 * `period`, the window plus one for `window`).
 */
export function nextBits(parent: HeaderCtx, params: RoomParams): number {
  const rule = params.retarget;
  switch (rule.mode) {
    case 'fixed':
      return params.initialBits;
    case 'period': {
      // Bitcoin's off-by-one kept on purpose: the span covers interval-1 block intervals.
      if ((parent.height + 1) % rule.interval !== 0) return parent.header.bits;
      const first = ancestorAt(parent, parent.height - (rule.interval - 1));
      return bitcoinRetarget(parent.header.bits, first.header.time, parent.header.time, {
        interval: rule.interval,
        targetBlockTime: params.targetBlockTime,
        powLimitBits: encodeCompact(easiestTarget(params)),
      });
    }
    case 'window':
      return nextWindowBits(parent, params, rule.window, maxStepMilli(rule.maxStep));
  }
}

/**
 * The classroom retarget, every block: over the last W = min(window, height - 1) blocks
 * ending at the parent, next target = average target * actual span / expected span, where
 * the actual span is the sum of the W blocks' solve times (each block's time minus its
 * parent's, capped either way at MAX_SOLVE_TIME_FACTOR target block times) and the expected
 * span is W * targetBlockTime. Without a capped solve time the span is simply the parent's
 * time minus the time of the block W before it.
 *
 * Why per block: a classroom's hash rate changes tenfold in a minute as laptops join or
 * sleep; Bitcoin's two-week period would leave the room stuck for hours. Why a window of
 * blocks (an unweighted moving average, the simplest of the LWMA/Digishield family a
 * student can recompute by hand): one block's time is an exponential random variable, so a
 * single solve time is noise; twenty of them are a usable estimate. Why the average target
 * rather than the parent's: it makes the estimate "hashes done / seconds taken" over the
 * whole window, so a lucky block does not swing the next one. Why the clamp (maxStep per
 * block): it bounds what wild timestamps can do (a time-warping miner moves the difficulty
 * by at most maxStep per block, and the median-time-past and future-time rules bound the
 * timestamps themselves), and it keeps the chart readable. Why the solve-time cap: a
 * single timestamp (one far ahead, or the first block after a weekend's pause) then
 * counts as six target times, not as a span that eases every block of the next window.
 * Why the floor (easiestTarget): a steady lie, timestamps 61 s apart from a genesis long
 * past, looks like a slow room and is eased maxStep-fold a block; the floor stops it at
 * 1/16 of the starting work per block.
 *
 * The genesis block never enters the window: its time is the room's fixed genesisTime, not
 * when anyone mined it (it is not mined), so the first two blocks carry the initial bits and
 * the span is measured from block 1 onwards. The result is capped at easiestTarget and
 * floored at 1, and encoded with Bitcoin's compact rounding.
 */
function nextWindowBits(
  parent: HeaderCtx,
  params: RoomParams,
  window: number,
  stepMilli: number,
): number {
  if (parent.height <= 1) return params.initialBits;
  const w = Math.min(window, parent.height - 1);
  const cap = MAX_SOLVE_TIME_FACTOR * params.targetBlockTime;
  let sum = 0n;
  let span = 0;
  let b: HeaderCtx = parent;
  for (let i = 0; i < w; i++) {
    sum += targetOf(b.header.bits);
    const p = parentOf(b);
    span += Math.max(-cap, Math.min(cap, b.header.time - p.header.time));
    b = p;
  }
  // b is now the block w before the parent (height >= 1): the start of the span.
  const average = sum / BigInt(w);
  const actual = BigInt(span);
  const expected = BigInt(w * params.targetBlockTime);
  const scale = BigInt(MAX_STEP_SCALE);
  const step = BigInt(stepMilli);
  // next = average * num / den, the ratio actual / expected clamped to [1/maxStep, maxStep]
  // exactly, in integers (actual / expected < 1000 / step <=> actual * step < expected * 1000).
  let num = actual;
  let den = expected;
  if (actual * step < expected * scale) [num, den] = [scale, step];
  else if (actual * scale > expected * step) [num, den] = [step, scale];
  let next = (average * num) / den;
  const easiest = easiestTarget(params);
  if (next > easiest) next = easiest;
  if (next < 1n) next = 1n;
  return encodeCompact(next);
}

function parentOf(b: HeaderCtx): HeaderCtx {
  if (!b.parent) throw new RangeError(`block at height ${b.height} has no parent linked`);
  return b.parent;
}
