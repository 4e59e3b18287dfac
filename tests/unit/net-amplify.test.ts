/**
 * Requests that amplify (issue 13): a getdata is answered once per item, within a byte and
 * item budget per peer, and repeats are scored. In-memory links on virtual time.
 */
import { describe, expect, it } from 'vitest';
import { MAX_MEMO_BYTES } from '../../src/core/tx.js';
import { DEFAULT_NET_LIMITS } from '../../src/net/protocol/limits.js';
import { encodeMessage, type InvItem } from '../../src/net/wire.js';
import { transfer, wallet } from '../support/blocks.js';
import { child, extend, genesisOf, type Built } from '../support/branch.js';
import { VirtualTime, makeNode, testStart, type NetNode } from '../support/net-harness.js';
import { attachRaw, type RawPeer } from '../support/net-peer.js';

let built: [Built, Built] | undefined;

/** Block 1 pays wallet 0; block 2 carries 249 transfers with full memos (about 54 KB). */
function largeBlock(n: NetNode): Built {
  if (!built) {
    const b1 = child(genesisOf());
    const memo = 'x'.repeat(MAX_MEMO_BYTES);
    const chainId = n.node.chain.chainId;
    const transfers = Array.from({ length: 249 }, (_, i) =>
      transfer(chainId, 0, wallet(1).address, 1n, i, 1000n, memo),
    );
    built = [b1, child(b1, { transfers })];
  }
  for (const b of built) expect(n.node.submitBlock(b.block).status).not.toBe('rejected');
  expect(n.node.chain.tip.id).toBe(built[1].id);
  return built[1];
}

/** Bytes of block answers the raw peer received. */
function blockBytes(raw: RawPeer): number {
  return raw.received('block').reduce((s, m) => s + encodeMessage(m).length, 0);
}

function readyRaw(vt: VirtualTime, a: NetNode, id: string): RawPeer {
  const raw = attachRaw(vt, a, id);
  expect(vt.runUntil(() => a.net.peers().some((p) => p.remoteId === id))).toBe(true);
  return raw;
}

describe('network: getdata amplification', () => {
  it('answers one large block named 5,000 times once, scores the repeats and bans the fifth', async () => {
    const vt = new VirtualTime(testStart());
    const a = await makeNode(vt, 0);
    const big = largeBlock(a);
    const frameBytes = encodeMessage({ type: 'block', block: big.block }).length;
    expect(frameBytes).toBeGreaterThan(50_000);
    const raw = readyRaw(vt, a, 'amp');
    const request = {
      type: 'getdata' as const,
      items: Array<InvItem>(5000).fill({ kind: 'block', hash: big.hash }),
    };
    const requestBytes = encodeMessage(request).length;
    raw.send(request);
    vt.advance(5_000);
    expect(raw.received('block')).toHaveLength(1);
    expect(a.events['peer-misbehaved']).toMatchObject([
      { code: 'getdata-repeat', penalty: 20, score: 20 },
    ]);
    // Asked again within the repeat window: nothing more is sent; the fifth request bans.
    for (let i = 0; i < 4; i++) raw.send(request);
    expect(vt.runUntil(() => raw.closedReason !== undefined, 5_000)).toBe(true);
    expect(a.events['peer-misbehaved']!.map((e) => e.score)).toEqual([20, 40, 60, 80, 100]);
    expect(a.events['peer-banned']).toMatchObject([{ key: raw.key, code: 'getdata-repeat' }]);
    expect(blockBytes(raw)).toBe(frameBytes);
    // Less came back than was asked (the issue measured x1,649).
    expect(blockBytes(raw)).toBeLessThan(5 * requestBytes);
  });

  it('answers the same block again once the repeat window has passed, unscored', async () => {
    const vt = new VirtualTime(testStart());
    const a = await makeNode(vt, 0);
    const big = largeBlock(a);
    const raw = readyRaw(vt, a, 'again');
    const request = {
      type: 'getdata' as const,
      items: [{ kind: 'block' as const, hash: big.hash }],
    };
    raw.send(request);
    vt.advance(DEFAULT_NET_LIMITS.serveRepeatWindowMs);
    raw.send(request);
    vt.advance(1_000);
    expect(raw.received('block')).toHaveLength(2);
    expect(a.events['peer-misbehaved']).toEqual([]);
  });

  it('paces 300 distinct blocks within the byte budget, and answers them all', async () => {
    const vt = new VirtualTime(testStart());
    const limits = { serveBytesBurst: 4_000, serveBytesPerSecond: 2_000 };
    const a = await makeNode(vt, 0, { limits });
    const chain = extend(genesisOf(), 300);
    for (const b of chain) a.node.submitBlock(b.block);
    const largest = Math.max(
      ...chain.map((b) => encodeMessage({ type: 'block', block: b.block }).length),
    );
    const raw = readyRaw(vt, a, 'bulk');
    raw.send({ type: 'getdata', items: chain.map((b) => ({ kind: 'block', hash: b.hash })) });
    const outstanding = DEFAULT_NET_LIMITS.maxServeOutstanding * largest;
    for (let t = 1; t <= 10; t++) {
      vt.advance(1_000);
      const bound = limits.serveBytesBurst + limits.serveBytesPerSecond * t + outstanding;
      expect(blockBytes(raw)).toBeLessThanOrEqual(bound);
    }
    expect(raw.received('block').length).toBeLessThan(300);
    expect(vt.runUntil(() => raw.received('block').length === 300)).toBe(true);
    expect(a.events['peer-misbehaved']).toEqual([]);
  });

  it('drops and scores what is past the waiting-queue bound', async () => {
    const vt = new VirtualTime(testStart());
    const limits = { maxServeQueue: 10, serveItemsBurst: 1, serveItemsPerSecond: 1 };
    const a = await makeNode(vt, 0, { limits });
    const chain = extend(genesisOf(), 30);
    for (const b of chain) a.node.submitBlock(b.block);
    const raw = readyRaw(vt, a, 'queue');
    raw.send({ type: 'getdata', items: chain.map((b) => ({ kind: 'block', hash: b.hash })) });
    vt.advance(60_000);
    expect(raw.received('block')).toHaveLength(10);
    expect(a.events['peer-misbehaved']).toMatchObject([{ code: 'getdata-overflow', penalty: 20 }]);
  });
});
