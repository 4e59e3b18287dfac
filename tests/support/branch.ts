/**
 * Blocks built off-chain for scenario tests: each one carries the header context (height,
 * parent) that makeBlock and the retarget need, so whole forks can be drawn before any chain
 * sees them, then delivered in any order.
 */
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { blockTxIds, type Block } from '../../src/core/block.js';
import { medianTimePast, nextBits } from '../../src/core/difficulty.js';
import type { Hash } from '../../src/core/hash.js';
import { headerHash, type BlockHeader, type HeaderCtx } from '../../src/core/header.js';
import { merkleRoot } from '../../src/core/merkle.js';
import { BLOCK_VERSION, type RoomParams } from '../../src/core/params.js';
import { genesisBlock, subsidyAt } from '../../src/core/room.js';
import { hashId } from '../../src/core/tree.js';
import type { Address, RewardTx, Tx } from '../../src/core/tx.js';
import { TEST_PARAMS, makeBlock, mineHeader, wallet, type MakeBlockOptions } from './blocks.js';

/** A block and the header context of its position in a fork. */
export interface Built extends HeaderCtx {
  readonly hash: Hash;
  /** Display-order hex, the chain's key. */
  readonly id: string;
  readonly block: Block;
  readonly parent: Built | undefined;
}

/** Wraps a block as the child of `parent` (or as genesis). */
export function built(block: Block, parent: Built | undefined): Built {
  const hash = headerHash(block.header);
  return {
    header: block.header,
    height: parent ? parent.height + 1 : 0,
    parent,
    hash,
    id: hashId(hash),
    block,
  };
}

/** The room's genesis as a fork root. */
export function genesisOf(params: RoomParams = TEST_PARAMS): Built {
  return built(genesisBlock(params), undefined);
}

/** A mined child of `parent` (see makeBlock for the options). */
export function child(parent: Built, opts: MakeBlockOptions = {}): Built {
  return built(makeBlock(parent, opts), parent);
}

/** `n` blocks on top of `parent`, lowest first; `opts(i)` for the i-th (0-based). */
export function extend(
  parent: Built,
  n: number,
  opts: (i: number) => MakeBlockOptions = () => ({}),
): Built[] {
  const out: Built[] = [];
  let tip = parent;
  for (let i = 0; i < n; i++) {
    tip = child(tip, opts(i));
    out.push(tip);
  }
  return out;
}

/** A reward transaction paying subsidy (or `amount`) at a height. */
export function rewardTx(
  height: number,
  opts: { to?: Address; amount?: bigint; message?: string; params?: RoomParams } = {},
): RewardTx {
  return {
    type: 'reward',
    height,
    to: opts.to ?? wallet(0).address,
    amount: opts.amount ?? subsidyAt(height, opts.params ?? TEST_PARAMS),
    message: utf8ToBytes(opts.message ?? ''),
  };
}

/** Header fields a test may force on a block built from an exact list of transactions. */
export interface ExactOptions {
  readonly params?: RoomParams;
  readonly time?: number;
  readonly bits?: number;
  readonly version?: number;
}

/**
 * A mined child of `parent` carrying exactly `txs`, with the merkle root they hash to: for
 * blocks whose body matches their header yet breaks a structural rule.
 */
export function childWithTxs(parent: Built, txs: readonly Tx[], opts: ExactOptions = {}): Built {
  const params = opts.params ?? TEST_PARAMS;
  const header: BlockHeader = {
    version: opts.version ?? BLOCK_VERSION,
    prevHash: parent.hash,
    merkleRoot: merkleRoot(blockTxIds({ header: parent.header, txs })).root,
    time:
      opts.time ??
      Math.max(parent.header.time + params.targetBlockTime, medianTimePast(parent) + 1),
    bits: opts.bits ?? nextBits(parent, params),
    nonce: 0,
  };
  return built({ header: mineHeader(header, params.powLimitBits), txs }, parent);
}

/** The blocks from just above `ancestor` (exclusive) up to `tip` (inclusive), lowest first. */
export function pathFrom(ancestor: Built, tip: Built): Built[] {
  const out: Built[] = [];
  for (let b: Built | undefined = tip; b && b !== ancestor; b = b.parent) out.push(b);
  return out.reverse();
}

/** Every block above genesis up to `tip`, lowest first: what a replay from genesis feeds. */
export function pathTo(tip: Built): Built[] {
  const out: Built[] = [];
  for (let b: Built | undefined = tip; b && b.height > 0; b = b.parent) out.push(b);
  return out.reverse();
}
