/**
 * Several nodes over in-memory links on virtual time: relay, sync, partitions, and the
 * network's defences. Every wait is "run virtual time until the state holds".
 */
import { describe, expect, it } from 'vitest';
import { decodeFrame, MESSAGE_TYPE } from '../../src/net/wire.js';
import { hashToHex } from '../../src/core/hash.js';
import { hashId } from '../../src/core/tree.js';
import { attachRaw } from '../support/net-peer.js';
import { headerHash } from '../../src/core/header.js';
import { txId } from '../../src/core/tx.js';
import { TEST_PARAMS, wallet } from '../support/blocks.js';
import { extend, genesisOf } from '../support/branch.js';
import {
  VirtualTime,
  connect,
  linked,
  makeNode,
  makeNodes,
  mine,
  sameTip,
  testStart,
  type NetNode,
} from '../support/net-harness.js';

function ring(vt: VirtualTime, nodes: readonly NetNode[]): void {
  for (let i = 0; i < nodes.length; i++) connect(vt, nodes[i]!, nodes[(i + 1) % nodes.length]!);
}

describe('network: relay', () => {
  it('completes handshakes and reports peers with their names and tips', async () => {
    const vt = new VirtualTime(testStart());
    const [a, b] = await makeNodes(vt, 2);
    connect(vt, a!, b!);
    expect(vt.runUntil(() => linked(a!, b!))).toBe(true);
    const ready = a!.events['peer-ready']![0]!;
    expect(ready).toMatchObject({ remoteId: 'node1', name: 'node1', colour: 1 });
    expect(ready.tip.height).toBe(0);
    expect(a!.net.peers()[0]!.key).toBe(Buffer.from(b!.node.identity.publicKey).toString('hex'));
  });

  it('spreads a mined block to every node of a ring of five', async () => {
    const vt = new VirtualTime(testStart());
    const nodes = await makeNodes(vt, 5);
    ring(vt, nodes);
    expect(vt.runUntil(() => nodes.every((n) => n.net.peers().length === 2))).toBe(true);
    const [block] = mine(nodes[0]!);
    expect(block).toBeDefined();
    expect(vt.runUntil(() => sameTip(nodes) && nodes[0]!.node.chain.tip.height === 1)).toBe(true);
    mine(nodes[3]!, 3);
    expect(vt.runUntil(() => sameTip(nodes) && nodes[0]!.node.chain.tip.height === 4)).toBe(true);
    for (const n of nodes) expect(n.events['peer-misbehaved']).toEqual([]);
  });

  it('relays a transaction to every mempool, only after the node accepted it', async () => {
    const vt = new VirtualTime(testStart());
    const nodes = await makeNodes(vt, 4);
    ring(vt, nodes);
    mine(nodes[0]!, 2); // funds for node 0's wallet
    expect(vt.runUntil(() => sameTip(nodes) && nodes[1]!.node.chain.tip.height === 2)).toBe(true);
    const { tx, result } = nodes[0]!.node.pay(wallet(9).address, 1000n, 1000n, 'lunch');
    expect(result.ok).toBe(true);
    const id = txId(tx);
    expect(vt.runUntil(() => nodes.every((n) => n.node.chain.mempool.has(id)))).toBe(true);
    // An invalid copy (bad signature) is refused by the first node and goes no further.
    const forged = { ...tx, amount: tx.amount + 1n, nonce: tx.nonce + 1 };
    const rejected: string[] = [];
    nodes[1]!.node.on('tx-rejected', ({ code }) => rejected.push(code));
    nodes[1]!.node.submitTransaction(forged, 'self');
    vt.advance(5_000);
    expect(rejected).toEqual(['bad-sig']);
    for (const n of nodes) expect(n.node.chain.mempool.has(txId(forged))).toBe(false);
    expect(hashToHex(id)).toHaveLength(64);
  });
});

describe('network: sync', () => {
  it('syncs a late joiner to a 2,500-block chain from two peers, headers first', async () => {
    const vt = new VirtualTime(testStart());
    const [a, b, c] = await makeNodes(vt, 3);
    const chain = extend(genesisOf(), 2500);
    for (const x of chain) {
      a!.node.submitBlock(x.block);
      b!.node.submitBlock(x.block);
    }
    connect(vt, a!, b!);
    // Watch what the joiner asks of each peer (the loss hook sees every frame, drops none).
    const asked = { a: 0, b: 0 };
    let headerRequests = 0;
    const spy =
      (k: 'a' | 'b') =>
      (frame: Uint8Array, from: string): boolean => {
        if (from !== 'node2') return false;
        const m = decodeFrame(frame);
        if (m.type === 'getdata') asked[k] += m.items.length;
        if (m.type === 'getheaders') headerRequests++;
        return false;
      };
    connect(vt, a!, c!, { lose: spy('a') });
    connect(vt, b!, c!, { lose: spy('b') });
    const tip = chain[chain.length - 1]!.id;
    expect(vt.runUntil(() => c!.node.chain.tip.id === tip, 30 * 60_000)).toBe(true);
    // More than one headers message (2,000 at most each), and bodies from both peers.
    expect(headerRequests).toBeGreaterThanOrEqual(2);
    expect(asked.a).toBeGreaterThan(0);
    expect(asked.b).toBeGreaterThan(0);
    expect(asked.a + asked.b).toBeGreaterThanOrEqual(2500);
    const progress = c!.events['sync-progress']!;
    expect(progress.length).toBeGreaterThan(1);
    expect(progress[progress.length - 1]).toMatchObject({ have: 2500, target: 2500 });
    expect(progress.some((p) => p.target === 2500 && p.have < 2500)).toBe(true);
    expect(c!.events['peer-misbehaved']).toEqual([]);
  });

  it('converges after a partition on the most-work tip and keeps the losing branch', async () => {
    const vt = new VirtualTime(testStart());
    const nodes = await makeNodes(vt, 4);
    const [a, b, c, d] = nodes as [NetNode, NetNode, NetNode, NetNode];
    connect(vt, a, b);
    connect(vt, c, d);
    const [ac] = connect(vt, a, c);
    expect(vt.runUntil(() => linked(a, b) && linked(c, d) && linked(a, c))).toBe(true);
    mine(a, 2);
    expect(vt.runUntil(() => sameTip(nodes) && d.node.chain.tip.height === 2)).toBe(true);
    ac.close('partition');
    expect(vt.runUntil(() => !linked(a, c))).toBe(true);
    mine(a, 3); // left side: 5 blocks
    const right = mine(c, 2); // right side: 4 blocks, will lose
    expect(vt.runUntil(() => b.node.chain.tip.height === 5 && d.node.chain.tip.height === 4)).toBe(
      true,
    );
    connect(vt, a, c);
    connect(vt, b, d);
    expect(vt.runUntil(() => sameTip(nodes) && c.node.chain.tip.height === 5)).toBe(true);
    expect(a.node.chain.tip.id).toBe(b.node.chain.tip.id);
    for (const n of [c, d]) {
      for (const blk of right) {
        const e = n.node.chain.tree.getByHash(headerHash(blk.header));
        expect(e?.hasBody).toBe(true);
        expect(e?.isValid).toBe(true);
        expect(n.node.chain.isActive(e!)).toBe(false);
      }
    }
  });

  it("re-assigns a stalling peer's requests to another peer, then drops the staller", async () => {
    const vt = new VirtualTime(testStart());
    const [a, c] = await makeNodes(vt, 2);
    const chain = extend(genesisOf(), 200);
    for (const x of chain) a!.node.submitBlock(x.block);
    const tip = chain[chain.length - 1]!;
    // The staller claims the chain, serves its headers, and never delivers a block.
    const askedOfStaller = new Set<string>();
    const staller = attachRaw(vt, c!, 'staller', {
      tip: { hash: tip.hash, height: tip.height, chainWork: a!.node.chain.tip.chainWork },
      respond: (m, peer) => {
        if (m.type === 'getheaders')
          peer.send({ type: 'headers', headers: chain.map((x) => x.header) });
        if (m.type === 'getdata') for (const it of m.items) askedOfStaller.add(hashId(it.hash));
      },
    });
    expect(vt.runUntil(() => askedOfStaller.size > 0)).toBe(true);
    // The honest peer is slow (10 s each way), so the staller keeps getting new requests.
    const askedOfHonest = new Set<string>();
    connect(vt, a!, c!, {
      latencyMs: 10_000,
      lose: (frame, from) => {
        const m = decodeFrame(frame);
        if (from === 'node1' && m.type === 'getdata')
          for (const it of m.items) askedOfHonest.add(hashId(it.hash));
        return false;
      },
    });
    expect(vt.runUntil(() => c!.node.chain.tip.id === tip.id, 60 * 60_000)).toBe(true);
    const reassigned = [...askedOfStaller].filter((id) => askedOfHonest.has(id));
    expect(reassigned.length).toBeGreaterThan(0);
    expect(staller.closedReason).toBeDefined();
    expect(c!.events['peer-closed']).toMatchObject([{ remoteId: 'staller', reason: 'stalling' }]);
    expect(c!.events['peer-misbehaved']).toEqual([]);
  });
});

describe('network: refusals', () => {
  it('refuses a node of another room (different genesis) without a penalty', async () => {
    const vt = new VirtualTime(testStart());
    const a = await makeNode(vt, 0);
    const other = await makeNode(vt, 1, { params: { ...TEST_PARAMS, name: 'other-room' } });
    connect(vt, a, other);
    vt.advance(1000);
    // The side that reads the other's hello first refuses; the other sees the channel close.
    const reasons = [...a.events['peer-closed']!, ...other.events['peer-closed']!].map(
      (e) => e.reason,
    );
    expect(reasons).toContain('wrong-genesis');
    expect(a.net.peers()).toEqual([]);
    expect(other.net.peers()).toEqual([]);
    expect(a.events['peer-misbehaved']).toEqual([]);
    expect(a.net.scores.bans()).toEqual([]);
  });

  it('numbers message types stably', () => {
    expect(MESSAGE_TYPE).toMatchObject({
      hello: 0,
      auth: 1,
      block: 7,
      headers: 10,
      'relay-signal': 12,
    });
  });
});
