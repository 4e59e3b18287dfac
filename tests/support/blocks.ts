/**
 * Test helpers that build real blocks: a test room whose proof of work takes a couple of
 * hashes, deterministic keys, and a miner that grinds nonces with the core's own hashing.
 */
import { blockTxIds, type Block } from '../../src/core/block.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { medianTimePast, nextBits } from '../../src/core/difficulty.js';
import type { Hash } from '../../src/core/hash.js';
import { headerHash, type BlockHeader, type HeaderCtx } from '../../src/core/header.js';
import { merkleRoot } from '../../src/core/merkle.js';
import { DEFAULT_PARAMS, BLOCK_VERSION, type RoomParams } from '../../src/core/params.js';
import { checkProofOfWork, targetFromBits } from '../../src/core/pow.js';
import { subsidyAt } from '../../src/core/room.js';
import {
  addressOf,
  keyPairFromSeed,
  signTransfer,
  type Address,
  type Tx,
  type TransferTx,
} from '../../src/core/tx.js';

/** A room where a block takes about two hashes and difficulty never changes. */
export const TEST_PARAMS: RoomParams = {
  ...DEFAULT_PARAMS,
  name: 'test',
  initialBits: 0x207fffff,
  powLimitBits: 0x207fffff,
  retarget: { mode: 'fixed' },
  targetBlockTime: 10,
};

/** A deterministic wallet from a small number. */
export function wallet(n: number): {
  secretKey: Uint8Array;
  publicKey: Uint8Array;
  address: Address;
} {
  const seed = new Uint8Array(32);
  seed[0] = n & 0xff;
  seed[1] = (n >> 8) & 0xff;
  seed[31] = 0x5a;
  const { secretKey, publicKey } = keyPairFromSeed(seed);
  return { secretKey, publicKey, address: addressOf(publicKey) };
}

/** Finds a nonce meeting the header's bits (the test room needs about two tries). */
export function mineHeader(header: BlockHeader, powLimitBits = 0x207fffff): BlockHeader {
  const limit = targetFromBits(powLimitBits) ?? 0n;
  for (let nonce = 0; nonce <= 0xffffffff; nonce++) {
    const h = { ...header, nonce };
    if (checkProofOfWork(headerHash(h), h.bits, limit)) return h;
  }
  throw new Error('nonce space exhausted');
}

/** A header whose hash does NOT meet its bits (for high-hash cases). */
export function unmineHeader(header: BlockHeader, powLimitBits = 0x207fffff): BlockHeader {
  const limit = targetFromBits(powLimitBits) ?? 0n;
  for (let nonce = 0; ; nonce++) {
    const h = { ...header, nonce };
    if (!checkProofOfWork(headerHash(h), h.bits, limit)) return h;
  }
}

/** Options for makeBlock. */
export interface MakeBlockOptions {
  readonly params?: RoomParams;
  readonly miner?: Address;
  readonly transfers?: readonly TransferTx[];
  /** Reward amount; defaults to subsidy + fees. */
  readonly reward?: bigint;
  /** Extra bytes in the reward message, to make sibling blocks differ. */
  readonly tag?: string;
  /** Header time; defaults to parent time + target block time. */
  readonly time?: number;
  readonly bits?: number;
  /** Replace the transaction list after the merkle root is computed (mutations). */
  readonly txs?: readonly Tx[];
  /** Skip mining (the header keeps nonce 0). */
  readonly unmined?: boolean;
}

/** A valid child of `parent` (a HeaderCtx with its hash), mined for the test room. */
export function makeBlock(parent: HeaderCtx & { hash: Hash }, opts: MakeBlockOptions = {}): Block {
  const params = opts.params ?? TEST_PARAMS;
  const height = parent.height + 1;
  const transfers = opts.transfers ?? [];
  const fees = transfers.reduce((s, t) => s + t.fee, 0n);
  const reward: Tx = {
    type: 'reward',
    height,
    to: opts.miner ?? wallet(0).address,
    amount: opts.reward ?? subsidyAt(height, params) + fees,
    message: utf8ToBytes(opts.tag ?? ''),
  };
  const txs: Tx[] = [reward, ...transfers];
  const header: BlockHeader = {
    version: BLOCK_VERSION,
    prevHash: parent.hash,
    merkleRoot: merkleRoot(blockTxIds({ header: parent.header, txs })).root,
    time:
      opts.time ??
      Math.max(parent.header.time + params.targetBlockTime, medianTimePast(parent) + 1),
    bits: opts.bits ?? nextBits(parent, params),
    nonce: 0,
  };
  const mined = opts.unmined ? header : mineHeader(header, params.powLimitBits);
  return { header: mined, txs: opts.txs ?? txs };
}

/** A signed transfer on a chain. */
export function transfer(
  chainId: Hash,
  from: number,
  to: Address,
  amount: bigint,
  nonce: number,
  fee = 1000n,
  memo = '',
): TransferTx {
  const w = wallet(from);
  return signTransfer(
    chainId,
    { from: w.publicKey, to, amount, fee, nonce, memo: utf8ToBytes(memo) },
    w.secretKey,
  );
}
