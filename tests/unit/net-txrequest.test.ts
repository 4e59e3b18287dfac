/**
 * Transaction requests are limited per peer (issue 13: transaction relay blocked for everyone):
 * one peer's fake announcements never keep an honest peer's transaction from the victim, and a
 * request the announcer does not answer goes to the next announcer. Virtual time.
 */
import { describe, expect, it } from 'vitest';
import { txId } from '../../src/core/tx.js';
import { DEFAULT_NET_LIMITS } from '../../src/net/protocol/limits.js';
import { transfer, wallet } from '../support/blocks.js';
import {
  VirtualTime,
  connect,
  makeNodes,
  mine,
  sameTip,
  seededRandom,
  testStart,
  type NetNode,
} from '../support/net-harness.js';
import { attachRaw, type RawPeer } from '../support/net-peer.js';

/** Victim a, honest b (funded: it mined two blocks), an attacker attached to a. */
async function setup(vt: VirtualTime): Promise<{ a: NetNode; b: NetNode; evil: RawPeer }> {
  const [a, b] = await makeNodes(vt, 2);
  connect(vt, a!, b!);
  mine(b!, 2);
  expect(vt.runUntil(() => sameTip([a!, b!]) && a!.node.chain.tip.height === 2)).toBe(true);
  const evil = attachRaw(vt, a!, 'evil');
  expect(vt.runUntil(() => a!.net.peers().length === 2)).toBe(true);
  return { a: a!, b: b!, evil };
}

/** Transaction ids the raw peer was asked for. */
function askedOf(raw: RawPeer): number {
  return raw.received('getdata').reduce((n, m) => n + m.items.length, 0);
}

describe('network: transaction requests per peer', () => {
  it('an honest payment reaches the victim while one peer announces 5,000 fake ids', async () => {
    const vt = new VirtualTime(testStart());
    const { a, b, evil } = await setup(vt);
    const fake = seededRandom('fake');
    evil.send({
      type: 'inv',
      items: Array.from({ length: 5000 }, () => ({ kind: 'tx' as const, hash: fake(32) })),
    });
    vt.advance(100);
    expect(askedOf(evil)).toBe(DEFAULT_NET_LIMITS.maxTxInFlightPerPeer);

    const { tx, result } = b.node.pay(wallet(9).address, 1000n, 1000n, 'lunch');
    expect(result.ok).toBe(true);
    expect(vt.runUntil(() => a.node.chain.mempool.has(txId(tx)), 5_000)).toBe(true);
    // Each timeout frees the attacker's slots for its next fakes, never more than its cap.
    vt.advance(DEFAULT_NET_LIMITS.txRequestTimeoutMs + 2_000);
    const cap = DEFAULT_NET_LIMITS.maxTxInFlightPerPeer;
    expect(askedOf(evil)).toBe(2 * cap);
    for (const m of evil.received('getdata')) expect(m.items.length).toBeLessThanOrEqual(cap);
    expect(a.events['peer-misbehaved']).toEqual([]);
  });

  it('asks the next announcer when the first lets the request time out', async () => {
    const vt = new VirtualTime(testStart());
    const { a, b, evil } = await setup(vt);
    const tx = transfer(a.node.chain.chainId, 101, wallet(9).address, 1000n, 0);
    const id = txId(tx);
    // The attacker announces it first and never delivers; then the honest node has it.
    evil.send({ type: 'inv', items: [{ kind: 'tx', hash: id }] });
    vt.advance(100);
    expect(evil.received('getdata')).toMatchObject([{ items: [{ kind: 'tx', hash: id }] }]);
    expect(b.node.submitTransaction(tx, 'self').ok).toBe(true);
    vt.advance(DEFAULT_NET_LIMITS.txRequestTimeoutMs - 1_000);
    expect(a.node.chain.mempool.has(id)).toBe(false);
    expect(vt.runUntil(() => a.node.chain.mempool.has(id), 5_000)).toBe(true);
    expect(askedOf(evil)).toBe(1);
  });

  it('asks the next announcer at once when the first answers notfound', async () => {
    const vt = new VirtualTime(testStart());
    const { a, b, evil } = await setup(vt);
    const tx = transfer(a.node.chain.chainId, 101, wallet(9).address, 1000n, 0);
    const id = txId(tx);
    evil.send({ type: 'inv', items: [{ kind: 'tx', hash: id }] });
    vt.advance(100);
    expect(b.node.submitTransaction(tx, 'self').ok).toBe(true);
    vt.advance(100);
    expect(a.node.chain.mempool.has(id)).toBe(false);
    evil.send({ type: 'notfound', items: [{ kind: 'tx', hash: id }] });
    expect(vt.runUntil(() => a.node.chain.mempool.has(id), 1_000)).toBe(true);
  });

  it('tracks at most 5,000 announcements of one peer', async () => {
    const vt = new VirtualTime(testStart());
    const { a, evil } = await setup(vt);
    const fake = seededRandom('many');
    for (let i = 0; i < 3; i++) {
      evil.send({
        type: 'inv',
        items: Array.from({ length: 5000 }, () => ({ kind: 'tx' as const, hash: fake(32) })),
      });
    }
    vt.advance(100);
    const limit = DEFAULT_NET_LIMITS.maxTxAnnouncementsPerPeer;
    // Drained at 100 a timeout: only the first 5,000 are ever asked for.
    const rounds = limit / DEFAULT_NET_LIMITS.maxTxInFlightPerPeer + 5;
    vt.advance(rounds * (DEFAULT_NET_LIMITS.txRequestTimeoutMs + 1_000));
    expect(askedOf(evil)).toBe(limit);
    expect(a.events['peer-misbehaved']).toEqual([]);
  });
});
