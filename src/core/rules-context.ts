/**
 * Context rules: what a header must satisfy given its parent (btcd CheckBlockHeaderContext,
 * Bitcoin Core ContextualCheckBlockHeader). They take the parent and the clock, nothing more.
 */
import type { Block } from './block.js';
import { medianTimePast, nextBits } from './difficulty.js';
import { RuleError } from './errors.js';
import type { BlockHeader, HeaderCtx } from './header.js';
import type { RoomParams } from './params.js';

/** The bits must be exactly what the retarget asks of the parent's child. */
export function checkDifficultyBits(
  header: BlockHeader,
  parent: HeaderCtx,
  params: RoomParams,
): void {
  const expected = nextBits(parent, params);
  if (header.bits !== expected) {
    throw new RuleError('bad-diffbits', `${header.bits.toString(16)} != ${expected.toString(16)}`);
  }
}

/** Time must be above the median of the last 11 blocks, so it keeps moving forward. */
export function checkTimeAboveMedian(header: BlockHeader, parent: HeaderCtx): void {
  if (header.time <= medianTimePast(parent)) throw new RuleError('time-too-old');
}

/** Time may not run more than the room's limit ahead of our clock: wait, don't punish. */
export function checkTimeNotTooNew(header: BlockHeader, now: number, params: RoomParams): void {
  if (header.time > now + params.futureTimeLimit) throw new RuleError('time-too-new');
}

/** Header versions below 1 are not ours. */
export function checkVersion(header: BlockHeader): void {
  if (header.version < 1) throw new RuleError('bad-version');
}

/** Every header context rule. `now` is the local clock in seconds. */
export function checkHeaderContext(
  header: BlockHeader,
  parent: HeaderCtx,
  now: number,
  params: RoomParams,
): void {
  checkVersion(header);
  checkDifficultyBits(header, parent, params);
  checkTimeAboveMedian(header, parent);
  checkTimeNotTooNew(header, now, params);
}

/** The reward carries its block's height, so no two rewards are alike (BIP 34). */
export function checkRewardHeight(block: Block, height: number): void {
  const reward = block.txs[0];
  if (reward?.type === 'reward' && reward.height !== height) throw new RuleError('bad-cb-height');
}
