/**
 * Connect rules and invalid transactions (threat model A8, B13 to B18): what a block must
 * satisfy against the state of its parent chain, and what the mempool makes of the same
 * transfers.
 */
import { describe, expect, it } from 'vitest';
import { bigIntToBytesBE, bytesToBigIntLE } from '../../src/core/bytes.js';
import { Chain } from '../../src/core/chain.js';
import { RULE_PENALTIES, type RuleCode } from '../../src/core/errors.js';
import type { MempoolAddResult } from '../../src/core/mempool.js';
import { MAX_MONEY } from '../../src/core/money.js';
import type { RoomParams } from '../../src/core/params.js';
import { genesisHash } from '../../src/core/room.js';
import type { TransferTx } from '../../src/core/tx.js';
import { TEST_PARAMS, transfer, wallet } from '../support/blocks.js';
import { child, genesisOf, type Built } from '../support/branch.js';
import { accepted, rejected, statusOf, tipIs } from './expect.js';

const NOW = TEST_PARAMS.genesisTime + 1_000_000;
const CHAIN_ID = genesisHash(TEST_PARAMS);
const SUBSIDY = TEST_PARAMS.subsidy;
const FEE = 1000n;
const BOB = wallet(11).address;
const CAROL = wallet(12).address;

/** A chain whose block b1 paid the subsidy to wallet 1. */
function funded(params: RoomParams = TEST_PARAMS): { chain: Chain; b1: Built } {
  const chain = new Chain(params);
  const b1 = child(genesisOf(params), { params, miner: wallet(1).address });
  accepted(chain.processBlock(b1.block, NOW));
  return { chain, b1 };
}

/** The mempool refused a transfer with `code` and `penalty`. */
function refused(result: MempoolAddResult, code: RuleCode, penalty: number): void {
  expect(result.ok ? 'accepted' : [result.error.code, result.error.penalty]).toEqual([
    code,
    penalty,
  ]);
}

describe('bad-cb-amount (A8, FB b9, b68/b69)', () => {
  //   genesis -> b1 -> b2   (reward = subsidy + fees: accepted)
  //                \-> b2x  (reward = subsidy + fees + 1)
  it('accepts exactly subsidy plus fees and rejects one unit more', () => {
    const { chain, b1 } = funded();
    const t0 = transfer(CHAIN_ID, 1, BOB, 5000n, 0, FEE);
    const b2x = child(b1, { transfers: [t0], reward: SUBSIDY + FEE + 1n });
    rejected(chain.processBlock(b2x.block, NOW), 'bad-cb-amount');
    expect(statusOf(chain, b2x)).toBe('invalid');
    tipIs(chain, b1);
    const b2 = child(b1, { transfers: [t0], reward: SUBSIDY + FEE });
    accepted(chain.processBlock(b2.block, NOW));
    expect(chain.state.get(wallet(0).address).balance).toBe(SUBSIDY + FEE);
  });

  //   genesis -> b1 (reward below the subsidy: allowed, the rest is never minted)
  it('accepts a reward below the subsidy', () => {
    const chain = new Chain(TEST_PARAMS);
    accepted(chain.processBlock(child(genesisOf(), { reward: 1n }).block, NOW));
    expect(chain.state.get(wallet(0).address).balance).toBe(1n);
  });

  //   genesis -> b1 (pays MAX_MONEY to w0) -> b2  (pays w1)
  //                                       \-> b2x (pays w0 again: balance over MAX_MONEY)
  it('rejects a reward that would lift a balance over MAX_MONEY', () => {
    const RICH: RoomParams = { ...TEST_PARAMS, name: 'rich', subsidy: MAX_MONEY };
    const chain = new Chain(RICH);
    const b1 = child(genesisOf(RICH), { params: RICH });
    accepted(chain.processBlock(b1.block, NOW));
    rejected(chain.processBlock(child(b1, { params: RICH }).block, NOW), 'bad-amount');
    accepted(chain.processBlock(child(b1, { params: RICH, miner: wallet(1).address }).block, NOW));
  });
});

describe('replay (B13)', () => {
  //   genesis -> b1 -> b2 (t0: w1 pays Bob, nonce 0) -> b3x (t0 again)
  it('rejects an included transfer replayed in a block, and the mempool drops it', () => {
    const { chain, b1 } = funded();
    const t0 = transfer(CHAIN_ID, 1, BOB, 5000n, 0);
    const b2 = child(b1, { transfers: [t0] });
    accepted(chain.processBlock(b2.block, NOW));
    const b3x = child(b2, { transfers: [t0] });
    rejected(chain.processBlock(b3x.block, NOW), 'bad-nonce');
    refused(chain.addTransaction(t0), 'nonce-too-low', 0);
    expect(chain.state.get(BOB).balance).toBe(5000n);
  });
});

describe('another chain (B14, EIP-155)', () => {
  //   genesis -> b1 -> b2x (t0 signed for another room's chain id)
  it('rejects a transfer signed for another chain id: bad-sig', () => {
    const OTHER: RoomParams = { ...TEST_PARAMS, name: 'other-room' };
    const { chain, b1 } = funded();
    const t0 = transfer(genesisHash(OTHER), 1, BOB, 5000n, 0);
    refused(chain.addTransaction(t0), 'bad-sig', RULE_PENALTIES['bad-sig']);
    rejected(chain.processBlock(child(b1, { transfers: [t0] }).block, NOW), 'bad-sig');
    accepted(
      chain.processBlock(
        child(b1, { transfers: [transfer(CHAIN_ID, 1, BOB, 5000n, 0)] }).block,
        NOW,
      ),
    );
  });
});

describe('nonces within a block (B15, CVE-2018-17144 analogue)', () => {
  //   genesis -> b1 -> b2   ([n0 to Bob, n1 to Carol]: accepted)
  //                \-> b2x  ([n0 to Bob, n0 to Carol])
  //                \-> b2y  ([n1 to Carol, n0 to Bob])
  it('rejects the same sender nonce twice, and a nonce before its predecessor', () => {
    const { chain, b1 } = funded();
    const toBob0 = transfer(CHAIN_ID, 1, BOB, 5000n, 0);
    const toCarol0 = transfer(CHAIN_ID, 1, CAROL, 5000n, 0);
    const toCarol1 = transfer(CHAIN_ID, 1, CAROL, 5000n, 1);
    rejected(
      chain.processBlock(child(b1, { transfers: [toBob0, toCarol0] }).block, NOW),
      'bad-nonce',
    );
    rejected(
      chain.processBlock(child(b1, { transfers: [toCarol1, toBob0] }).block, NOW),
      'bad-nonce',
    );
    tipIs(chain, b1);
    const b2 = child(b1, { transfers: [toBob0, toCarol1] });
    accepted(chain.processBlock(b2.block, NOW));
    expect(chain.state.get(wallet(1).address)).toEqual({
      balance: SUBSIDY - 10_000n - 2n * FEE,
      nonce: 2,
    });
  });
});

describe('amounts (B16, CVE-2010-5139)', () => {
  const cases: [string, bigint, bigint][] = [
    ['amount + fee over MAX_MONEY', MAX_MONEY, FEE],
    ['amount over MAX_MONEY', MAX_MONEY + 1n, FEE],
    ['amount of 2^53', 2n ** 53n, FEE],
    ['amount + fee overflowing 64 bits', 2n ** 64n - 1n, 1n],
    ['fee over MAX_MONEY', 1n, MAX_MONEY + 1n],
  ];
  //   genesis -> b1 -> b2x (one transfer with an out-of-range amount)
  it.each(cases)('rejects %s: bad-amount, in blocks and in the mempool', (_name, amount, fee) => {
    const { chain, b1 } = funded();
    const t0 = transfer(CHAIN_ID, 1, BOB, amount, 0, fee);
    refused(chain.addTransaction(t0), 'bad-amount', RULE_PENALTIES['bad-amount']);
    const b2x = child(b1, { transfers: [t0], reward: SUBSIDY });
    rejected(chain.processBlock(b2x.block, NOW), 'bad-amount');
    expect(statusOf(chain, b2x)).toBe('invalid');
  });

  it('refuses a negative amount in the mempool before looking at the signature', () => {
    const { chain } = funded();
    const t0: TransferTx = { ...transfer(CHAIN_ID, 1, BOB, 1n, 0), amount: -1n };
    refused(chain.addTransaction(t0), 'bad-amount', RULE_PENALTIES['bad-amount']);
  });
});

/** The Ed25519 group order: S and S + L verify the same under a lax verifier. */
const ED25519_L = 2n ** 252n + 27742317777372353535851937790883648493n;

/** The same transfer with its signature's S replaced by S + L (still 32 bytes). */
function malleated(tx: TransferTx): TransferTx {
  const s = bytesToBigIntLE(tx.signature.subarray(32));
  const sig = new Uint8Array(64);
  sig.set(tx.signature.subarray(0, 32));
  sig.set(bigIntToBytesBE(s + ED25519_L, 32).reverse(), 32);
  return { ...tx, signature: sig };
}

describe('non-canonical signatures (B17)', () => {
  //   genesis -> b1 -> b2   (t0: accepted)
  //                \-> b2x  (t0 with S + L)
  it('rejects S + L in a block even when the canonical twin was verified', () => {
    const { chain, b1 } = funded();
    const t0 = transfer(CHAIN_ID, 1, BOB, 5000n, 0);
    expect(chain.addTransaction(t0).ok).toBe(true);
    const t0x = malleated(t0);
    refused(chain.addTransaction(t0x), 'bad-sig', RULE_PENALTIES['bad-sig']);
    rejected(chain.processBlock(child(b1, { transfers: [t0x] }).block, NOW), 'bad-sig');
    accepted(chain.processBlock(child(b1, { transfers: [t0] }).block, NOW));
  });

  //   genesis -> b1 -> b2x (t0 with a 63-byte signature, or another sender's key)
  it('rejects a short signature and a signature by another key', () => {
    const { chain, b1 } = funded();
    const t0 = transfer(CHAIN_ID, 1, BOB, 5000n, 0);
    const short = { ...t0, signature: t0.signature.subarray(0, 63) };
    refused(chain.addTransaction(short), 'bad-sig', RULE_PENALTIES['bad-sig']);
    rejected(chain.processBlock(child(b1, { transfers: [short] }).block, NOW), 'bad-sig');
    const forged = { ...t0, signature: transfer(CHAIN_ID, 2, BOB, 5000n, 0).signature };
    rejected(chain.processBlock(child(b1, { transfers: [forged] }).block, NOW), 'bad-sig');
  });
});

describe('insufficient-funds (B18)', () => {
  //   genesis -> b1 -> b2   (w1 spends exactly its balance: accepted)
  //                \-> b2x  (one unit more)
  it('accepts spending the exact balance and rejects one unit more', () => {
    const { chain, b1 } = funded();
    const over = transfer(CHAIN_ID, 1, BOB, SUBSIDY - FEE + 1n, 0);
    refused(chain.addTransaction(over), 'insufficient-funds', 0);
    rejected(chain.processBlock(child(b1, { transfers: [over] }).block, NOW), 'insufficient-funds');
    const exact = transfer(CHAIN_ID, 1, BOB, SUBSIDY - FEE, 0);
    const b2 = child(b1, { transfers: [exact] });
    accepted(chain.processBlock(b2.block, NOW));
    expect(chain.state.get(wallet(1).address)).toEqual({ balance: 0n, nonce: 1 });
    expect(chain.state.get(BOB).balance).toBe(SUBSIDY - FEE);
  });

  //   genesis -> b1 -> b2x ([n0: 60 % of the balance, n1: 60 % again])
  it('rejects the second of two transfers the balance cannot both pay', () => {
    const { chain, b1 } = funded();
    const part = (SUBSIDY * 6n) / 10n;
    const t0 = transfer(CHAIN_ID, 1, BOB, part, 0);
    const t1 = transfer(CHAIN_ID, 1, CAROL, part, 1);
    expect(chain.addTransaction(t0).ok).toBe(true);
    refused(chain.addTransaction(t1), 'insufficient-funds', 0);
    rejected(
      chain.processBlock(child(b1, { transfers: [t0, t1] }).block, NOW),
      'insufficient-funds',
    );
    accepted(chain.processBlock(child(b1, { transfers: [t0] }).block, NOW));
  });
});
