/**
 * Sanity rules (threat model A1, A5, A6, A7, A12): what a block proves about itself. Blocks are
 * named as in btcd's fullblocktests and each test draws its fork.
 */
import { describe, expect, it } from 'vitest';
import { decodeBlock, encodeBlock } from '../../src/core/block.js';
import { Chain } from '../../src/core/chain.js';
import { DecodeError } from '../../src/core/errors.js';
import type { RoomParams } from '../../src/core/params.js';
import { genesisHash } from '../../src/core/room.js';
import { TEST_PARAMS, transfer, unmineHeader, wallet } from '../support/blocks.js';
import { built, child, childWithTxs, genesisOf, rewardTx, type Built } from '../support/branch.js';
import { accepted, rejected, statusOf, tipIs } from './expect.js';

const NOW = TEST_PARAMS.genesisTime + 1_000_000;
const CHAIN_ID = genesisHash(TEST_PARAMS);
const BOB = wallet(11).address;

/** A chain whose block b1 paid wallet 1, so b2 may carry its transfers. */
function funded(params: RoomParams = TEST_PARAMS): { chain: Chain; b1: Built } {
  const chain = new Chain(params);
  const b1 = child(genesisOf(params), { params, miner: wallet(1).address });
  accepted(chain.processBlock(b1.block, NOW));
  return { chain, b1 };
}

describe('high-hash (A1, FB b47)', () => {
  //   genesis -> b1
  //          \-> b1x (hash above its target: high-hash, nothing stored)
  it('rejects a hash above target before any body work and stores nothing', () => {
    const chain = new Chain(TEST_PARAMS);
    const g = genesisOf();
    const b1 = child(g);
    const b1x = built({ ...b1.block, header: unmineHeader(b1.block.header) }, g);
    const size = chain.tree.size;
    rejected(chain.processBlock(b1x.block, NOW), 'high-hash');
    expect(chain.tree.size).toBe(size);
    expect(statusOf(chain, b1x)).toBe('absent');
    expect(chain.orphans.size).toBe(0);
    accepted(chain.processBlock(b1.block, NOW));
    tipIs(chain, b1);
  });

  //   genesis -> b1x (bits easier than the room's pow limit: high-hash even if the hash meets them)
  it('rejects bits easier than the pow limit', () => {
    const chain = new Chain(TEST_PARAMS);
    const b1x = child(genesisOf(), { bits: 0x2100ffff, unmined: true });
    rejected(chain.processBlock(b1x.block, NOW), 'high-hash');
    expect(chain.tree.size).toBe(1);
  });

  //   ??? -> b2x (unknown parent and high-hash: rejected, not kept as an orphan)
  it('does not keep an unproven block in the orphan pool', () => {
    const chain = new Chain(TEST_PARAMS);
    const b1 = child(genesisOf());
    const b2 = child(b1);
    const b2x = built({ ...b2.block, header: unmineHeader(b2.block.header) }, b1);
    rejected(chain.processBlock(b2x.block, NOW), 'high-hash');
    expect(chain.orphans.size).toBe(0);
  });
});

describe('bad-txnmrklroot (A5, FB b49)', () => {
  //   genesis -> b1          (header first, then a body that does not match it: mutated)
  //   genesis -> b1          (the honest body of the same header: accepted)
  it('punishes a mutated body without marking the header, then accepts the honest body', () => {
    const chain = new Chain(TEST_PARAMS);
    const b1 = child(genesisOf());
    expect(chain.processHeaders([b1.block.header], NOW).error).toBeUndefined();
    const mutated = { header: b1.block.header, txs: [rewardTx(1, { message: 'not mine' })] };
    const error = rejected(chain.processBlock(mutated, NOW), 'bad-txnmrklroot');
    expect(error.mutated).toBe(true);
    expect(statusOf(chain, b1)).toBe('valid');
    accepted(chain.processBlock(b1.block, NOW));
    tipIs(chain, b1);
  });

  it('leaves nothing behind when the header was not known either', () => {
    const chain = new Chain(TEST_PARAMS);
    const b1 = child(genesisOf());
    const mutated = { header: b1.block.header, txs: [rewardTx(1, { amount: 1n })] };
    expect(rejected(chain.processBlock(mutated, NOW), 'bad-txnmrklroot').mutated).toBe(true);
    expect(statusOf(chain, b1)).toBe('absent');
    accepted(chain.processBlock(b1.block, NOW));
  });
});

describe('bad-txns-duplicate (A6, CVE-2012-2459, FB b56/b56p2)', () => {
  //   genesis -> b1 -> b2        b2 = [reward, t0, t1]
  //                \-> b2m       b2m = [reward, t0, t1, t1]: same header, same merkle root
  it('rejects the duplicated tail as mutated, then accepts the block of the same hash', () => {
    const { chain, b1 } = funded();
    const t0 = transfer(CHAIN_ID, 1, BOB, 1000n, 0);
    const t1 = transfer(CHAIN_ID, 1, BOB, 2000n, 1);
    const b2 = child(b1, { transfers: [t0, t1] });
    const b2m = { header: b2.block.header, txs: [...b2.block.txs, t1] };
    const error = rejected(chain.processBlock(b2m, NOW), 'bad-txns-duplicate');
    expect(error.mutated).toBe(true);
    expect(statusOf(chain, b2)).toBe('absent');
    accepted(chain.processBlock(b2.block, NOW));
    tipIs(chain, b2);
    expect(chain.state.get(BOB).balance).toBe(3000n);
  });

  //   genesis -> b1 -> b2x       b2x = [reward, t0, t0], committed to by its own header
  it('marks invalid a header that commits to a duplicate transaction', () => {
    const { chain, b1 } = funded();
    const t0 = transfer(CHAIN_ID, 1, BOB, 1000n, 0);
    const b2x = childWithTxs(b1, [rewardTx(2, { amount: TEST_PARAMS.subsidy + 2000n }), t0, t0]);
    expect(rejected(chain.processBlock(b2x.block, NOW), 'bad-txns-duplicate').mutated).toBe(false);
    expect(statusOf(chain, b2x)).toBe('invalid');
    tipIs(chain, b1);
  });
});

/** A room whose blocks are at most 1,024 bytes (the smallest a room may set). */
const SMALL: RoomParams = { ...TEST_PARAMS, name: 'small-blocks', maxBlockBytes: 1024 };

/**
 * A child of `parent` in SMALL carrying six transfers of wallet 1, padded with the reward
 * message and the memos to exactly `size` encoded bytes.
 */
function blockOfSize(parent: Built, size: number, tag: string): Built {
  const chainId = genesisHash(SMALL);
  const make = (message: number, memos: number[]): Built => {
    const transfers = memos.map((m, i) =>
      transfer(chainId, 1, BOB, 1000n, i, 1000n, 'x'.repeat(m)),
    );
    return child(parent, { params: SMALL, transfers, tag: tag + '-'.repeat(message) });
  };
  let missing = size - encodeBlock(make(0, [0, 0, 0, 0, 0, 0]).block).length;
  const message = Math.min(missing, 80 - tag.length);
  missing -= message;
  const memos = [0, 0, 0, 0, 0, 0].map(() => {
    const m = Math.min(missing, 80);
    missing -= m;
    return m;
  });
  const b = make(message, memos);
  expect(encodeBlock(b.block).length).toBe(size);
  return b;
}

describe('structure (A7, FB b23/b24, b45, b46, b51)', () => {
  //   genesis -> b1x (no transactions at all)
  it('rejects a block without transactions: bad-blk-length', () => {
    const chain = new Chain(TEST_PARAMS);
    const b1x = childWithTxs(genesisOf(), []);
    expect(rejected(chain.processBlock(b1x.block, NOW), 'bad-blk-length').mutated).toBe(false);
    tipIs(chain, chain.tree.genesis);
  });

  //   genesis -> b1 -> b2     (exactly maxBlockBytes: accepted)
  //                \-> b2x    (maxBlockBytes + 1: bad-blk-length)
  it('accepts a block of exactly maxBlockBytes and rejects one byte more', () => {
    const { chain, b1 } = funded(SMALL);
    const b2x = blockOfSize(b1, SMALL.maxBlockBytes + 1, 'b2x');
    rejected(chain.processBlock(b2x.block, NOW), 'bad-blk-length');
    expect(statusOf(chain, b2x)).toBe('invalid');
    const b2 = blockOfSize(b1, SMALL.maxBlockBytes, 'b2');
    accepted(chain.processBlock(b2.block, NOW));
    tipIs(chain, b2);
  });

  //   genesis -> b1 -> b2x (first transaction is a transfer)
  it('rejects a block whose first transaction is not the reward: bad-cb-missing', () => {
    const { chain, b1 } = funded();
    const b2x = childWithTxs(b1, [transfer(CHAIN_ID, 1, BOB, 1000n, 0)]);
    rejected(chain.processBlock(b2x.block, NOW), 'bad-cb-missing');
    expect(statusOf(chain, b2x)).toBe('invalid');
  });

  //   genesis -> b1x (two rewards)
  it('rejects a second reward: bad-cb-multiple', () => {
    const chain = new Chain(TEST_PARAMS);
    const b1x = childWithTxs(genesisOf(), [rewardTx(1), rewardTx(1, { message: 'again' })]);
    rejected(chain.processBlock(b1x.block, NOW), 'bad-cb-multiple');
    expect(statusOf(chain, b1x)).toBe('invalid');
  });

  //   genesis -> b1 -> b2     (maxBlockTxs transactions: accepted)
  //                \-> b2x    (maxBlockTxs + 1: bad-txns-count)
  it('accepts maxBlockTxs transactions and rejects one more', () => {
    const FEW: RoomParams = { ...TEST_PARAMS, name: 'few-txs', maxBlockTxs: 3 };
    const chainId = genesisHash(FEW);
    const { chain, b1 } = funded(FEW);
    const ts = [0, 1, 2].map((n) => transfer(chainId, 1, BOB, 1000n, n));
    const b2x = child(b1, { params: FEW, transfers: ts });
    rejected(chain.processBlock(b2x.block, NOW), 'bad-txns-count');
    const b2 = child(b1, { params: FEW, transfers: ts.slice(0, 2) });
    accepted(chain.processBlock(b2.block, NOW));
  });
});

describe('non-canonical encoding (A12, FB b64a/b64)', () => {
  //   genesis -> b1 (first offered with a 3-byte transaction count, then canonically)
  it('fails to decode a non-shortest varint and accepts the canonical block after', () => {
    const chain = new Chain(TEST_PARAMS);
    const b1 = child(genesisOf(), { tag: 'b1' });
    const canonical = encodeBlock(b1.block);
    expect(canonical[80]).toBe(1);
    const stretched = new Uint8Array(canonical.length + 2);
    stretched.set(canonical.subarray(0, 80));
    stretched.set([0xfd, 0x01, 0x00], 80);
    stretched.set(canonical.subarray(81), 83);
    const error = (() => {
      try {
        decodeBlock(stretched);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as DecodeError).code).toBe('non-canonical');
    expect(chain.tree.size).toBe(1);
    accepted(chain.processBlock(decodeBlock(canonical), NOW));
    tipIs(chain, b1);
  });

  it('fails to decode trailing bytes after a valid block', () => {
    const b1 = child(genesisOf());
    const canonical = encodeBlock(b1.block);
    const padded = new Uint8Array([...canonical, 0]);
    expect(() => decodeBlock(padded)).toThrow(DecodeError);
  });
});

describe('memos', () => {
  //   genesis -> b1 -> b2   (80-byte reward message and transfer memo: accepted)
  //                \-> b2x  (81-byte reward message)
  //                \-> b2y  (81-byte transfer memo)
  it('accepts 80-byte messages and memos and rejects 81: bad-memo', () => {
    const { chain, b1 } = funded();
    const memo = (n: number): ReturnType<typeof transfer> =>
      transfer(CHAIN_ID, 1, BOB, 1000n, 0, 1000n, 'm'.repeat(n));
    const b2x = child(b1, { tag: 'x'.repeat(81) });
    rejected(chain.processBlock(b2x.block, NOW), 'bad-memo');
    const b2y = child(b1, { transfers: [memo(81)] });
    rejected(chain.processBlock(b2y.block, NOW), 'bad-memo');
    expect(chain.addTransaction(memo(81)).ok).toBe(false);
    accepted(
      chain.processBlock(child(b1, { tag: 'x'.repeat(80), transfers: [memo(80)] }).block, NOW),
    );
  });
});
