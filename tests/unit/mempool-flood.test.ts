/**
 * Mempool floods (threat model 21): thousands of transfers from many senders against small
 * limits. Every cap holds after every offer, and what is evicted always paid less than what
 * evicted it.
 */
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../src/core/bytes.js';
import { DEFAULT_MEMPOOL_LIMITS, Mempool, type MempoolLimits } from '../../src/core/mempool.js';
import { addressOf, txId, type TransferTx } from '../../src/core/tx.js';
import { CHAIN, codeOf, hexSet, key, prng, stateOf, transfer } from './helpers/mempool-fixtures.js';

const RICH = 1_000_000_000n;

function pool(limits: Partial<MempoolLimits> = {}): Mempool {
  return new Mempool(CHAIN, { ...DEFAULT_MEMPOOL_LIMITS, ...limits });
}

describe('floods (threat model 21)', () => {
  it('thousands of single transfers: the pool keeps exactly the highest fees', () => {
    const senders = 1200;
    const limits = { maxTxs: 100 };
    const m = pool(limits);
    const offered: bigint[] = [];
    const entries: (readonly [ReturnType<typeof key>, bigint])[] = [];
    for (let i = 0; i < senders; i++) {
      offered.push(1000n + BigInt((i * 7919) % senders));
      entries.push([key(100 + i), RICH]);
    }
    const view = stateOf(...entries);
    const all: TransferTx[] = [];
    for (let i = 0; i < senders; i++) {
      const tx = transfer(key(100 + i), 0, offered[i]);
      all.push(remember(tx));
      const r = m.add(tx, view);
      if (r.ok) for (const id of r.evicted) expect(feeOf(id)).toBeLessThan(tx.fee);
      else expect(r.error.code).toBe('mempool-full');
      expect(m.size).toBeLessThanOrEqual(limits.maxTxs);
    }
    const best = [...all].sort((a, b) => Number(b.fee - a.fee)).slice(0, limits.maxTxs);
    expect(hexSet(m.entries().map((e) => e.id))).toEqual(hexSet(best.map(txId)));
  });

  it('many senders with many nonces, out of order: every cap holds after every offer', () => {
    const limits = {
      maxPendingPerSender: 4,
      maxQueuedPerSender: 8,
      maxTxs: 150,
      maxBytes: 150 * 170,
    };
    const m = pool(limits);
    const rnd = prng(42);
    const senders = Array.from({ length: 20 }, (_, i) => key(2000 + i));
    const view = stateOf(...senders.map((k) => [k, RICH] as const));
    const offers: TransferTx[] = [];
    // Round robin over senders, nonces drawn near the front so that every cap binds.
    for (let round = 0; round < 60; round++) {
      for (const k of senders) {
        const memo = new Uint8Array(rnd() % 81);
        const fee = 1000n + BigInt(rnd() % 100_000);
        offers.push(remember(transfer(k, rnd() % 16, fee, { memo })));
      }
    }
    const codes = new Map<string, number>();
    for (const tx of offers) {
      const r = m.add(tx, view);
      codes.set(codeOf(r), (codes.get(codeOf(r)) ?? 0) + 1);
      if (r.ok) for (const id of r.evicted) expect(feeOf(id)).toBeLessThan(tx.fee);
      expect(m.size).toBeLessThanOrEqual(limits.maxTxs);
      expect(m.bytes).toBeLessThanOrEqual(limits.maxBytes);
    }
    const bySender = new Map<string, { pending: number; queued: number }>();
    for (const e of m.entries()) {
      const k = bytesToHex(addressOf(e.tx.from));
      const c = bySender.get(k) ?? { pending: 0, queued: 0 };
      c[e.status]++;
      bySender.set(k, c);
    }
    for (const c of bySender.values()) {
      expect(c.pending).toBeLessThanOrEqual(limits.maxPendingPerSender);
      expect(c.queued).toBeLessThanOrEqual(limits.maxQueuedPerSender);
    }
    expect(m.bytes).toBe(m.entries().reduce((s, e) => s + e.bytes, 0));
    expect([...codes.keys()].every((c) => POLICY.has(c))).toBe(true);
    // Every cap was reached at least once, so the assertions above were tested.
    for (const c of ['ok', 'mempool-full', 'too-many-pending', 'replacement-underpriced']) {
      expect(codes.get(c)).toBeGreaterThan(0);
    }
  });
});

const POLICY = new Set([
  'ok',
  'too-many-pending',
  'nonce-gap',
  'mempool-full',
  'replacement-underpriced',
  'already-known',
]);

const fees = new Map<string, bigint>();

/** Records a flood transfer's fee by id, so evictions can be checked against it. */
function remember(tx: TransferTx): TransferTx {
  fees.set(bytesToHex(txId(tx)), tx.fee);
  return tx;
}

function feeOf(id: Uint8Array): bigint {
  const fee = fees.get(bytesToHex(id));
  if (fee === undefined) throw new Error('unknown id');
  return fee;
}
