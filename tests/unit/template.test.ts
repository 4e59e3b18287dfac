/**
 * Block templates: the reward pays subsidy + fees exactly, the header commits to the body
 * and to the retarget, the room's limits hold, and the result passes every rule but PoW.
 */
import { describe, expect, it } from 'vitest';
import { blockTxIds, encodeBlock } from '../../src/core/block.js';
import { bytesEqual } from '../../src/core/bytes.js';
import { medianTimePast, nextBits } from '../../src/core/difficulty.js';
import { ZERO_HASH, type Hash } from '../../src/core/hash.js';
import { headerHash, type HeaderCtx } from '../../src/core/header.js';
import { Mempool } from '../../src/core/mempool.js';
import { merkleRoot } from '../../src/core/merkle.js';
import { BLOCK_VERSION, DEFAULT_PARAMS, type RoomParams } from '../../src/core/params.js';
import { subsidyAt } from '../../src/core/room.js';
import { connectBlock } from '../../src/core/rules-connect.js';
import { checkHeaderContext, checkRewardHeight } from '../../src/core/rules-context.js';
import {
  checkBlockLength,
  checkMerkleRoot,
  checkNoDuplicateTxs,
  checkRewardFirst,
  checkSingleReward,
  checkTxCount,
  checkTxSanity,
} from '../../src/core/rules-sanity.js';
import { buildTemplate, withNonce, type TemplateArgs } from '../../src/core/template.js';
import { encodeTx, type RewardTx, type TransferTx } from '../../src/core/tx.js';
import { CHAIN, key, stateOf, transfer } from './helpers/mempool-fixtures.js';

type Tip = { readonly hash: Hash } & HeaderCtx;

/** A chain of n+1 headers from genesis, `spacing` seconds apart, carrying the bits it must. */
function chain(n: number, params: RoomParams, spacing: number): Tip {
  let tip: Tip | undefined;
  for (let h = 0; h <= n; h++) {
    const header = {
      version: BLOCK_VERSION,
      prevHash: tip?.hash ?? ZERO_HASH,
      merkleRoot: ZERO_HASH,
      time: params.genesisTime + h * spacing,
      bits: tip ? nextBits(tip, params) : params.initialBits,
      nonce: 0,
    };
    tip = { header, height: h, parent: tip, hash: headerHash(header) };
  }
  return tip as Tip;
}

const RICH = 1_000_000_000n;
const MINER = new Uint8Array(20).fill(0x11);
const senders = [key(10), key(11), key(12)];
const view = stateOf(...senders.map((k) => [k, RICH] as const));

/** A pool holding `perSender` transfers from each sender, fees all different. */
function filledPool(perSender: number): Mempool {
  const m = new Mempool(CHAIN);
  senders.forEach((k, i) => {
    for (let n = 0; n < perSender; n++) {
      expect(m.add(transfer(k, n, 1000n + BigInt(100 * i + n)), view).ok).toBe(true);
    }
  });
  return m;
}

function args(over: Partial<TemplateArgs> = {}): TemplateArgs {
  const params = over.params ?? DEFAULT_PARAMS;
  return {
    parent: chain(8, params, 10),
    params,
    view,
    mempool: filledPool(3),
    minerAddress: MINER,
    message: new TextEncoder().encode('hello class'),
    now: params.genesisTime + 1000,
    ...over,
  };
}

describe('buildTemplate', () => {
  it('pays exactly subsidy + fees, commits to its body, carries the retarget', () => {
    const a = args();
    const block = buildTemplate(a);
    const [reward, ...transfers] = block.txs as [RewardTx, ...TransferTx[]];
    expect(transfers.length).toBe(9);
    const fees = transfers.reduce((s, t) => s + t.fee, 0n);
    expect(reward.amount).toBe(subsidyAt(9, a.params) + fees);
    expect(reward.height).toBe(9);
    expect(bytesEqual(reward.to, MINER)).toBe(true);
    expect(bytesEqual(block.header.merkleRoot, merkleRoot(blockTxIds(block)).root)).toBe(true);
    expect(block.header.bits).toBe(nextBits(a.parent, a.params));
    // Blocks 10 s apart against a 15 s target: the retarget really moved.
    expect(block.header.bits).not.toBe(a.parent.header.bits);
    expect(bytesEqual(block.header.prevHash, a.parent.hash)).toBe(true);
    expect(block.header.version).toBe(BLOCK_VERSION);
    expect(block.header.nonce).toBe(0);
  });

  it('passes every block rule but proof of work', () => {
    const a = args();
    const block = buildTemplate(a);
    const ids = blockTxIds(block);
    checkMerkleRoot(block, ids);
    checkBlockLength(block, encodeBlock(block).length, a.params);
    checkTxCount(block, a.params);
    checkRewardFirst(block);
    checkSingleReward(block);
    checkNoDuplicateTxs(ids);
    for (const tx of block.txs) checkTxSanity(tx);
    checkHeaderContext(block.header, a.parent, a.now, a.params);
    checkRewardHeight(block, a.parent.height + 1);
    const { fees } = connectBlock(block, a.parent.height + 1, a.view, a.params, CHAIN);
    expect((block.txs[0] as RewardTx).amount).toBe(subsidyAt(9, a.params) + fees);
  });

  it('follows the halving schedule', () => {
    const params = { ...DEFAULT_PARAMS, halvingInterval: 4 };
    const block = buildTemplate(args({ params, mempool: new Mempool(CHAIN) }));
    expect((block.txs[0] as RewardTx).amount).toBe(DEFAULT_PARAMS.subsidy / 4n);
  });

  it('time is the clock, or just above the median time past when the clock is behind', () => {
    const a = args();
    const mtp = medianTimePast(a.parent);
    expect(buildTemplate(a).header.time).toBe(a.now);
    expect(buildTemplate({ ...a, now: mtp - 50 }).header.time).toBe(mtp + 1);
    expect(buildTemplate({ ...a, now: mtp + 0.9 }).header.time).toBe(mtp + 1);
  });

  it('respects the room transaction count, highest fees first', () => {
    const params = { ...DEFAULT_PARAMS, maxBlockTxs: 4 };
    const block = buildTemplate(args({ params }));
    expect(block.txs.length).toBe(4);
    // Heads are each sender's first transfer (1000, 1100, 1200); taking 1200 makes the
    // third sender's 1201 a head, and so on: nonce order within the best sender.
    const fees = block.txs.slice(1).map((t) => (t as TransferTx).fee);
    expect(fees).toEqual([1200n, 1201n, 1202n]);
  });

  it('respects the room byte limit, filling it as far as whole transfers go', () => {
    const params = { ...DEFAULT_PARAMS, maxBlockBytes: 1024 };
    const a = args({ params, mempool: filledPool(5) });
    const block = buildTemplate(a);
    const size = encodeBlock(block).length;
    const transferBytes = encodeTx(transfer(key(10), 0)).length;
    expect(size).toBeLessThanOrEqual(params.maxBlockBytes);
    expect(size + transferBytes).toBeGreaterThan(params.maxBlockBytes);
  });

  it('refuses a miner message over the memo limit', () => {
    expect(() => buildTemplate(args({ message: new Uint8Array(81) }))).toThrow(RangeError);
  });
});

describe('withNonce', () => {
  it('sets the nonce, and the time when given, leaving the body alone', () => {
    const block = buildTemplate(args());
    const rolled = withNonce(block, 42);
    expect(rolled.header.nonce).toBe(42);
    expect(rolled.header.time).toBe(block.header.time);
    expect(rolled.txs).toBe(block.txs);
    expect(withNonce(block, 7, block.header.time + 5).header.time).toBe(block.header.time + 5);
    expect(block.header.nonce).toBe(0);
  });
});
