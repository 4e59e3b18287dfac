/**
 * What one peer can make an honest node store off its best chain (issue 13): side blocks far
 * below the tip's work never, the rest within per-peer caps on header-only entries, bodies
 * and bytes, the excess dropped and scored (`side-branch-flood`).
 */
import { describe, expect, it } from 'vitest';
import { encodeBlock } from '../../src/core/block.js';
import { hashId } from '../../src/core/tree.js';
import { headerHash } from '../../src/core/header.js';
import { DEFAULT_NET_LIMITS } from '../../src/net/protocol/limits.js';
import { makeBlock, transfer, wallet } from '../support/blocks.js';
import { extend, genesisOf } from '../support/branch.js';
import {
  VirtualTime,
  connect,
  makeNode,
  makeNodes,
  mine,
  testStart,
} from '../support/net-harness.js';
import { attachRaw } from '../support/net-peer.js';
import {
  LOW_WORK_ROOM,
  LOW_WORK_START,
  cheapBranch,
  headersServer,
  honestChain,
} from '../support/low-work.js';

describe('network: side-branch caps', () => {
  //   genesis -> 1 -> 2 -> 3 (tip)                       honest, from node1
  //                    \-> 3a, 3b, ... 3an (40 siblings, ~55 KB junk bodies each, pushed)
  it("stores a peer's side bodies up to its byte cap, bans the flood, honest blocks flow", async () => {
    const vt = new VirtualTime(testStart());
    const [v, h] = await makeNodes(vt, 2);
    connect(vt, v!, h!);
    mine(h!, 3);
    expect(vt.runUntil(() => v!.node.chain.tip.height === 3)).toBe(true);
    const raw = attachRaw(vt, v!, 'junk', { keyIndex: 3 });
    expect(vt.runUntil(() => v!.net.peers().length === 2)).toBe(true);
    const parent = v!.node.chain.activeAt(2)!;
    const memo = 'x'.repeat(80);
    const junk = Array.from({ length: 240 }, (_, i) =>
      transfer(v!.node.chain.chainId, 7, wallet(8).address, 1n, i, 1000n, memo),
    );
    const siblings = Array.from({ length: 40 }, (_, i) =>
      makeBlock(parent, { transfers: junk, tag: `junk${i}` }),
    );
    const size = encodeBlock(siblings[0]!).length;
    expect(size).toBeGreaterThan(50_000);
    const before = v!.node.chain.storedBlocks;
    for (const b of siblings) raw.send({ type: 'block', block: b });
    expect(vt.runUntil(() => raw.closedReason !== undefined)).toBe(true);
    const stored = v!.node.chain.storedBlocks - before;
    expect(stored).toBe(Math.floor(DEFAULT_NET_LIMITS.sideBytesBurst / size));
    expect(stored * size).toBeLessThanOrEqual(DEFAULT_NET_LIMITS.sideBytesBurst);
    const codes = v!.events['peer-misbehaved']!.map((e) => e.code);
    expect(codes).toEqual(Array(5).fill('side-branch-flood'));
    expect(v!.events['peer-banned']).toMatchObject([{ key: raw.key, code: 'side-branch-flood' }]);
    mine(h!, 1);
    expect(vt.runUntil(() => v!.node.chain.tip.height === 4)).toBe(true);
  });

  //   genesis -> 1 -> 2 -> 3 -> ... -> 10 (tip), margin 3 blocks
  //                  \    \-> 4y  (pushed unrequested: 4 blocks of work, dropped)
  //                   \-> 3x      (announced, requested, delivered: dropped)
  it('never stores a side block far below the tip, requested or not', async () => {
    const vt = new VirtualTime(testStart());
    const v = await makeNode(vt, 0, { limits: { lowWorkMarginBlocks: 3 } });
    const main = extend(genesisOf(), 10);
    for (const b of main) v.node.submitBlock(b.block);
    const b3x = extend(main[1]!, 1, () => ({ tag: 'low' }))[0]!;
    const b4y = extend(main[2]!, 1, () => ({ tag: 'low' }))[0]!;
    const raw = attachRaw(vt, v, 'low', {
      respond: (msg, peer) => {
        if (msg.type === 'getdata') peer.send({ type: 'block', block: b3x.block });
      },
    });
    expect(vt.runUntil(() => v.net.peers().length === 1)).toBe(true);
    raw.send({ type: 'inv', items: [{ kind: 'block', hash: b3x.hash }] });
    expect(vt.runUntil(() => raw.received('getdata').length === 1)).toBe(true);
    raw.send({ type: 'block', block: b4y.block });
    vt.advance(1_000);
    expect(v.node.chain.tree.get(b3x.id)).toBeUndefined();
    expect(v.node.chain.tree.get(b4y.id)).toBeUndefined();
    expect(v.node.chain.orphans.list()).toEqual([]);
    expect(v.events['peer-misbehaved']).toEqual([]);
  });

  // A side branch of headers from genesis with less work than the honest tip: 60 headers
  // are over a cap of 50, 40 are within it.
  it("caps the header-only entries of a peer's side branch", async () => {
    const vt = new VirtualTime(LOW_WORK_START);
    const v = await makeNode(vt, 0, { params: LOW_WORK_ROOM, limits: { sideHeadersBurst: 50 } });
    const honest = honestChain(30);
    for (const b of honest) v.node.submitBlock(b.block);
    const side = cheapBranch(60);
    const claim = (n: number) => ({ hash: side[n - 1]!.hash, height: n, chainWork: 1n << 200n });
    const over = attachRaw(vt, v, 'over', {
      params: LOW_WORK_ROOM,
      keyIndex: 1,
      tip: claim(60),
      respond: headersServer(side),
    });
    expect(vt.runUntil(() => over.received('getheaders').length === 1)).toBe(true);
    vt.advance(1_000);
    expect(v.node.chain.tree.size).toBe(1 + 30);
    expect(v.events['peer-misbehaved']).toMatchObject([{ code: 'side-branch-flood', penalty: 20 }]);
    const within = attachRaw(vt, v, 'within', {
      params: LOW_WORK_ROOM,
      keyIndex: 2,
      tip: claim(40),
      respond: headersServer(side.slice(0, 40)),
    });
    expect(vt.runUntil(() => within.received('getheaders').length === 1)).toBe(true);
    vt.advance(1_000);
    expect(v.node.chain.tree.size).toBe(1 + 30 + 40);
    expect(v.node.chain.tree.get(hashId(headerHash(side[39]!.header)))?.hasBody).toBe(false);
  });
});
