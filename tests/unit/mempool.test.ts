/**
 * The mempool: one test per rule code with its accepted boundary (threat model 13-22),
 * pending/queued promotion, blocks and reorgs, template selection, and floods.
 */
import { describe, expect, it } from 'vitest';
import { bigIntToBytesBE, bytesToBigIntLE, bytesToHex, reversed } from '../../src/core/bytes.js';
import { DEFAULT_MEMPOOL_LIMITS, Mempool, type MempoolLimits } from '../../src/core/mempool.js';
import { MAX_MONEY } from '../../src/core/money.js';
import { encodeTx, txId, MAX_TX_BYTES, type TransferTx } from '../../src/core/tx.js';
import {
  CHAIN,
  blockWith,
  codeOf,
  hexSet,
  key,
  stateOf,
  transfer,
} from './helpers/mempool-fixtures.js';

const RICH = 1_000_000_000n;
const A = key(1);
const B = key(2);
const C = key(3);

function pool(limits: Partial<MempoolLimits> = {}): Mempool {
  return new Mempool(CHAIN, { ...DEFAULT_MEMPOOL_LIMITS, ...limits });
}

/** Ed25519's group order L. */
const L = 2n ** 252n + 27742317777372353535851937790883648493n;

describe('stateless checks, before the signature', () => {
  it('bad-tx-size: an encoding over MAX_TX_BYTES is refused even with a bad signature', () => {
    const big = transfer(A, 0, 1000n, { memo: new Uint8Array(200) });
    expect(encodeTx(big).length).toBeGreaterThan(MAX_TX_BYTES);
    const r = pool().add({ ...big, signature: new Uint8Array(64) }, stateOf([A, RICH]));
    expect(codeOf(r)).toBe('bad-tx-size');
    expect(!r.ok && r.error.penalty).toBe(100);
  });

  it('bad-memo: 81 bytes refused; a full 80-byte memo is accepted', () => {
    const view = stateOf([A, RICH]);
    const m = pool();
    const r = m.add(transfer(A, 0, 1000n, { memo: new Uint8Array(81) }), view);
    expect(codeOf(r)).toBe('bad-memo');
    expect(!r.ok && r.error.penalty).toBe(100);
    expect(codeOf(m.add(transfer(A, 0, 1000n, { memo: new Uint8Array(80) }), view))).toBe('ok');
  });

  it('bad-amount: negative, over the supply, or a sum over it; the exact supply is accepted', () => {
    const m = pool();
    const view = stateOf([A, MAX_MONEY]);
    const ok = transfer(A, 0);
    for (const bad of [
      { ...ok, amount: -1n },
      { ...ok, fee: -1n },
      { ...ok, amount: MAX_MONEY + 1n },
      { ...ok, amount: 2n ** 64n },
      transfer(A, 0, 1000n, { amount: MAX_MONEY - 999n }),
    ]) {
      const r = m.add(bad, view);
      expect(codeOf(r)).toBe('bad-amount');
      expect(!r.ok && r.error.penalty).toBe(100);
    }
    expect(codeOf(m.add(transfer(A, 0, 1000n, { amount: MAX_MONEY - 1000n }), view))).toBe('ok');
  });
});

describe('signatures', () => {
  const view = stateOf([A, RICH]);

  it('bad-sig: a tampered amount', () => {
    const r = pool().add({ ...transfer(A, 0), amount: 2n }, view);
    expect(codeOf(r)).toBe('bad-sig');
    expect(!r.ok && r.error.penalty).toBe(100);
  });

  it('bad-sig: non-canonical S (S + L) is refused by strict RFC 8032 verification', () => {
    const tx = transfer(A, 0);
    const s = bytesToBigIntLE(tx.signature.slice(32));
    const sPlusL = reversed(bigIntToBytesBE(s + L, 32));
    const signature = new Uint8Array(64);
    signature.set(tx.signature.slice(0, 32));
    signature.set(sPlusL, 32);
    const r = pool().add({ ...tx, signature }, view);
    expect(codeOf(r)).toBe('bad-sig');
    expect(!r.ok && r.error.penalty).toBe(100);
    expect(codeOf(pool().add(tx, view))).toBe('ok');
  });

  it('bad-sig: a transfer signed for another chain id (EIP-155)', () => {
    const other = new Uint8Array(32).fill(8);
    const r = pool().add(transfer(A, 0, 1000n, { chainId: other }), view);
    expect(codeOf(r)).toBe('bad-sig');
    expect(new Mempool(other).add(transfer(A, 0, 1000n, { chainId: other }), view).ok).toBe(true);
  });

  it('bad-sig: a signature of the wrong length', () => {
    const tx = transfer(A, 0);
    const r = pool().add({ ...tx, signature: tx.signature.slice(0, 63) }, view);
    expect(codeOf(r)).toBe('bad-sig');
  });
});

describe('state and policy checks', () => {
  it('already-known: the same transfer twice', () => {
    const m = pool();
    const tx = transfer(A, 0);
    expect(codeOf(m.add(tx, stateOf([A, RICH])))).toBe('ok');
    const r = m.add(tx, stateOf([A, RICH]));
    expect(codeOf(r)).toBe('already-known');
    expect(!r.ok && r.error.penalty).toBe(0);
  });

  it('nonce-too-low: a replay of a used nonce (threat model 13); the account nonce is accepted', () => {
    const m = pool();
    const view = stateOf([A, RICH, 3]);
    const r = m.add(transfer(A, 2), view);
    expect(codeOf(r)).toBe('nonce-too-low');
    expect(!r.ok && r.error.penalty).toBe(0);
    expect(codeOf(m.add(transfer(A, 3), view))).toBe('ok');
  });

  it('insufficient-funds: the balance must pay every earlier pending transfer (threat model 18)', () => {
    const cost = 5000n + 1000n;
    const exact = pool();
    const view = stateOf([A, 2n * cost]);
    expect(codeOf(exact.add(transfer(A, 0, 1000n, { amount: 5000n }), view))).toBe('ok');
    expect(codeOf(exact.add(transfer(A, 1, 1000n, { amount: 5000n }), view))).toBe('ok');

    const short = pool();
    const less = stateOf([A, 2n * cost - 1n]);
    expect(codeOf(short.add(transfer(A, 0, 1000n, { amount: 5000n }), less))).toBe('ok');
    const r = short.add(transfer(A, 1, 1000n, { amount: 5000n }), less);
    expect(codeOf(r)).toBe('insufficient-funds');
    // In the pool it depends on the node's view: an honest peer sends it, no penalty.
    expect(!r.ok && r.error.penalty).toBe(0);
    expect(
      codeOf(pool().add(transfer(A, 0, 1000n, { amount: 5000n }), stateOf([A, cost - 1n]))),
    ).toBe('insufficient-funds');
  });

  it('min-fee: one unit under the minimum is refused, the minimum accepted', () => {
    const m = pool();
    const view = stateOf([A, RICH]);
    const r = m.add(transfer(A, 0, 999n), view);
    expect(codeOf(r)).toBe('min-fee');
    expect(!r.ok && r.error.penalty).toBe(0);
    expect(codeOf(m.add(transfer(A, 0, 1000n), view))).toBe('ok');
  });

  it('replacement-underpriced: +10% exactly replaces, one unit less does not', () => {
    const m = pool();
    const view = stateOf([A, RICH]);
    const first = transfer(A, 0, 1000n);
    expect(codeOf(m.add(first, view))).toBe('ok');
    const r = m.add(transfer(A, 0, 1099n), view);
    expect(codeOf(r)).toBe('replacement-underpriced');
    expect(!r.ok && r.error.penalty).toBe(0);
    const bumped = transfer(A, 0, 1100n);
    const ok = m.add(bumped, view);
    expect(ok.ok && bytesToHex(ok.replaced ?? new Uint8Array())).toBe(bytesToHex(txId(first)));
    expect(m.has(txId(first))).toBe(false);
    expect(m.has(txId(bumped))).toBe(true);
    expect(m.size).toBe(1);
    expect(m.bytes).toBe(encodeTx(bumped).length);
  });

  it('a replacement that spends more evicts the later transfers it leaves unpaid', () => {
    const m = pool();
    const view = stateOf([A, 10_000n]);
    m.add(transfer(A, 0, 1000n, { amount: 1000n }), view);
    const later = transfer(A, 1, 1000n, { amount: 1000n });
    m.add(later, view);
    const r = m.add(transfer(A, 0, 1100n, { amount: 7000n }), view);
    expect(r.ok && hexSet(r.evicted)).toEqual(hexSet([txId(later)]));
    expect(m.size).toBe(1);
  });

  it('too-many-pending: the 17th pending transfer of a sender', () => {
    const m = pool();
    const view = stateOf([A, RICH]);
    for (let n = 0; n < 16; n++) expect(codeOf(m.add(transfer(A, n), view))).toBe('ok');
    const r = m.add(transfer(A, 16), view);
    expect(codeOf(r)).toBe('too-many-pending');
    expect(!r.ok && r.error.penalty).toBe(0);
    expect(codeOf(m.add(transfer(B, 0), stateOf([B, RICH])))).toBe('ok');
  });

  it('too-many-pending: a queued transfer over the per-sender queue cap', () => {
    const m = pool({ maxQueuedPerSender: 4 });
    const view = stateOf([A, RICH]);
    for (let n = 1; n <= 4; n++) expect(codeOf(m.add(transfer(A, n), view))).toBe('ok');
    expect(codeOf(m.add(transfer(A, 5), view))).toBe('too-many-pending');
    expect(codeOf(m.add(transfer(A, 0), view))).toBe('ok');
  });

  it('nonce-gap: a nonce more than maxQueuedPerSender ahead; exactly that far is accepted', () => {
    const m = pool();
    const view = stateOf([A, RICH, 10]);
    const r = m.add(transfer(A, 10 + 65), view);
    expect(codeOf(r)).toBe('nonce-gap');
    expect(!r.ok && r.error.penalty).toBe(0);
    expect(codeOf(m.add(transfer(A, 10 + 64), view))).toBe('ok');
  });

  it('mempool-full: a full pool keeps what pays as much or more', () => {
    const m = pool({ maxTxs: 2 });
    const view = stateOf([A, RICH], [B, RICH], [C, RICH]);
    m.add(transfer(A, 0, 2000n), view);
    m.add(transfer(B, 0, 3000n), view);
    const r = m.add(transfer(C, 0, 2000n), view);
    expect(codeOf(r)).toBe('mempool-full');
    expect(!r.ok && r.error.penalty).toBe(0);
    const better = m.add(transfer(C, 0, 2001n), view);
    expect(better.ok && hexSet(better.evicted)).toEqual(hexSet([txId(transfer(A, 0, 2000n))]));
    expect(m.size).toBe(2);
  });

  it('eviction never leaves a gap: a low-fee transfer with a later one stays', () => {
    const m = pool({ maxTxs: 3 });
    const view = stateOf([A, RICH], [B, RICH], [C, RICH]);
    const a0 = transfer(A, 0, 1500n);
    const a1 = transfer(A, 1, 9000n);
    const b0 = transfer(B, 0, 2000n);
    for (const tx of [a0, a1, b0]) m.add(tx, view);
    const r = m.add(transfer(C, 0, 3000n), view);
    expect(r.ok && hexSet(r.evicted)).toEqual(hexSet([txId(b0)]));
    expect(m.has(txId(a0))).toBe(true);
  });

  it('eviction takes a sender last transfer when it is the lowest', () => {
    const m = pool({ maxTxs: 3 });
    const view = stateOf([A, RICH], [B, RICH], [C, RICH]);
    const a1 = transfer(A, 1, 1000n);
    for (const tx of [transfer(A, 0, 5000n), a1, transfer(B, 0, 2000n)]) m.add(tx, view);
    const r = m.add(transfer(C, 0, 3000n), view);
    expect(r.ok && hexSet(r.evicted)).toEqual(hexSet([txId(a1)]));
  });

  it('the byte cap evicts as the count cap does', () => {
    const small = transfer(A, 0, 1000n);
    const m = pool({ maxBytes: 2 * encodeTx(small).length });
    const view = stateOf([A, RICH], [B, RICH], [C, RICH]);
    m.add(small, view);
    m.add(transfer(B, 0, 2000n), view);
    const r = m.add(transfer(C, 0, 3000n, { memo: new Uint8Array(10) }), view);
    expect(r.ok && r.evicted.length).toBe(2);
    expect(m.bytes).toBeLessThanOrEqual(2 * encodeTx(small).length);
  });
});

describe('pending and queued', () => {
  const statuses = (m: Mempool): string[] =>
    m
      .entries()
      .sort((a, b) => a.tx.nonce - b.tx.nonce)
      .map((e) => `${e.tx.nonce}:${e.status}`);

  it('a filled gap promotes the queued transfers behind it', () => {
    const m = pool();
    const view = stateOf([A, RICH]);
    m.add(transfer(A, 2), view);
    m.add(transfer(A, 1), view);
    expect(statuses(m)).toEqual(['1:queued', '2:queued']);
    expect(m.nextNonce(A.address, view)).toBe(0);
    m.add(transfer(A, 0), view);
    expect(statuses(m)).toEqual(['0:pending', '1:pending', '2:pending']);
    expect(m.nextNonce(A.address, view)).toBe(3);
  });

  it('executable transfers over the pending cap wait as queued until a block makes room', () => {
    const m = pool({ maxPendingPerSender: 2 });
    const view = stateOf([A, RICH]);
    const txs = [0, 1, 2, 3, 4].map((n) => transfer(A, n));
    for (const i of [0, 1, 3, 4]) expect(codeOf(m.add(txs[i] as TransferTx, view))).toBe('ok');
    expect(codeOf(m.add(txs[2] as TransferTx, view))).toBe('too-many-pending');
    const after = stateOf([A, RICH - 2000n - 2n, 2]);
    m.removeForBlock(blockWith([txs[0] as TransferTx, txs[1] as TransferTx]), after);
    expect(codeOf(m.add(txs[2] as TransferTx, after))).toBe('ok');
    expect(statuses(m)).toEqual(['2:pending', '3:pending', '4:queued']);
  });
});

describe('blocks and reorgs', () => {
  it('removeForBlock drops included, replayed and no longer payable transfers', () => {
    const m = pool();
    const before = stateOf([A, RICH], [B, RICH], [C, 10_000n]);
    const a0 = transfer(A, 0);
    const a1 = transfer(A, 1);
    const b0 = transfer(B, 0);
    const c0 = transfer(C, 0, 1000n, { amount: 1000n });
    const c1 = transfer(C, 1, 1000n, { amount: 1000n });
    for (const tx of [a0, a1, b0, c0, c1]) expect(m.add(tx, before).ok).toBe(true);
    // The block holds a0, another B transfer at nonce 0, and a C transfer spending most funds.
    const b0other = transfer(B, 0, 5000n);
    const c0big = transfer(C, 0, 1000n, { amount: 8000n });
    const after = stateOf([A, RICH - 1001n, 1], [B, RICH - 5001n, 1], [C, 1000n, 1]);
    const removed = m.removeForBlock(blockWith([a0, b0other, c0big]), after);
    expect(hexSet(removed)).toEqual(hexSet([a0, b0, c0, c1].map(txId)));
    expect(m.has(txId(a1))).toBe(true);
    expect(m.size).toBe(1);
    expect(m.entries()[0]?.status).toBe('pending');
  });

  it('reinject returns what the new chain allows and drops what conflicts (threat model 22)', () => {
    const m = pool();
    const a0 = transfer(A, 0);
    const b0 = transfer(B, 0);
    const c0 = transfer(C, 0, 1000n, { amount: 5000n });
    // A pooled B transfer at nonce 1 that the new chain, which used B's nonce 1, invalidates.
    const b1pooled = transfer(B, 1, 2000n);
    m.add(b1pooled, stateOf([B, RICH, 1]));
    // New chain: A untouched, B's nonces 0 and 1 used there, C never funded.
    const view = stateOf([A, RICH], [B, RICH, 2]);
    const { returned, dropped } = m.reinject([b0, c0, a0], view);
    expect(hexSet(returned)).toEqual(hexSet([txId(a0)]));
    expect(hexSet(dropped)).toEqual(hexSet([b0, c0, b1pooled].map(txId)));
    expect(m.size).toBe(1);
  });

  it('reinject refills a sender in nonce order whatever order it is given', () => {
    const m = pool();
    const txs = [2, 0, 1].map((n) => transfer(A, n));
    const { returned } = m.reinject(txs, stateOf([A, RICH]));
    expect(returned.length).toBe(3);
    expect(m.entries().every((e) => e.status === 'pending')).toBe(true);
  });
});

describe('select', () => {
  it('takes the highest fee among next executable transfers, keeping nonce order', () => {
    const m = pool();
    const view = stateOf([A, RICH], [B, RICH], [C, RICH]);
    const a0 = transfer(A, 0, 1000n);
    const a1 = transfer(A, 1, 9000n);
    const b0 = transfer(B, 0, 5000n);
    const c1 = transfer(C, 1, 8000n); // queued: never selected
    for (const tx of [a0, a1, b0, c1]) m.add(tx, view);
    const picked = m.select(view, 10, 10_000).map(txId);
    expect(picked.map(bytesToHex)).toEqual([b0, a0, a1].map((t) => bytesToHex(txId(t))));
  });

  it('stops at the count and byte limits and at what the balance pays', () => {
    const m = pool();
    const view = stateOf([A, RICH], [B, RICH]);
    for (let n = 0; n < 5; n++) m.add(transfer(A, n, 1000n + BigInt(n)), view);
    m.add(transfer(B, 0, 500_000n), view);
    expect(m.select(view, 3, 100_000).length).toBe(3);
    const size = encodeTx(transfer(A, 0)).length;
    expect(m.select(view, 100, 2 * size + size - 1).length).toBe(2);
    // On a state where A can pay only two transfers, only two of A's go.
    const poorer = stateOf([A, 2n * 1003n + 2n], [B, 0n]);
    expect(m.select(poorer, 100, 100_000).length).toBe(2);
    // On a state where A's first two nonces are used, selection starts at nonce 2.
    expect(m.select(stateOf([A, RICH, 2]), 100, 100_000).map((t) => t.nonce)).toEqual([2, 3, 4]);
  });
});
