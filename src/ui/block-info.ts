/** What the interface reads out of a block: who mined it and what it carries. */
import type { Block } from '../core/block.js';
import { bytesToHex } from '../core/bytes.js';
import type { RewardTx } from '../core/tx.js';

/** The reward of a block: the miner's address and message. */
export interface RewardInfo {
  readonly addressHex: string;
  /** The miner's message as text; by default the miner's friendly name. */
  readonly message: string;
  readonly amount: bigint;
}

const decoder = new TextDecoder('utf-8', { fatal: false });

/** The reward of a block, or undefined for a body without one (never valid, but be safe). */
export function rewardOf(block: Block): RewardInfo | undefined {
  const first = block.txs[0];
  if (!first || first.type !== 'reward') return undefined;
  const reward: RewardTx = first;
  return {
    addressHex: bytesToHex(reward.to),
    // A message is raw bytes from anyone: decoded leniently, control characters dropped.
    message: decoder
      .decode(reward.message)
      .replace(/\p{Cc}/gu, '')
      .slice(0, 80),
    amount: reward.amount,
  };
}

/** Number of transfers in a block (everything but the reward). */
export function transferCount(block: Block): number {
  return block.txs.filter((tx) => tx.type === 'transfer').length;
}
