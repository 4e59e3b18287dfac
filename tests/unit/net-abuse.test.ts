/**
 * Malicious and broken peers against honest nodes (threat model C and D): each case names
 * the violation code the node must record and the state it must keep.
 */
import { describe, expect, it } from 'vitest';
import { hashId } from '../../src/core/tree.js';
import { headerHash } from '../../src/core/header.js';
import { MAX_FRAME_BYTES, WIRE_VERSION, type Message } from '../../src/net/wire.js';
import { makeBlock, transfer, wallet } from '../support/blocks.js';
import { extend, genesisOf } from '../support/branch.js';
import {
  VirtualTime,
  connect,
  linked,
  makeNode,
  makeNodes,
  mine,
  seededRandom,
  testStart,
} from '../support/net-harness.js';
import { attachRaw, type RawPeer } from '../support/net-peer.js';

function isReady(
  raw: RawPeer,
  target: { net: { peers(): { remoteId: string }[] } },
  id: string,
): () => boolean {
  return () =>
    raw.received('hello').length > 0 && target.net.peers().some((p) => p.remoteId === id);
}

describe('network: malicious peers', () => {
  it('bans a peer sending garbage frames, +10 each, and keeps the honest chain', async () => {
    const vt = new VirtualTime(testStart());
    const [a, b] = await makeNodes(vt, 2);
    connect(vt, a!, b!);
    mine(a!, 3);
    expect(vt.runUntil(() => b!.node.chain.tip.height === 3)).toBe(true);
    const tip = a!.node.chain.tip.id;
    const raw = attachRaw(vt, a!, 'evil');
    expect(vt.runUntil(isReady(raw, a!, 'evil'))).toBe(true);
    const junk = seededRandom('junk');
    for (let i = 0; i < 12; i++) raw.sendFrame(Uint8Array.from([WIRE_VERSION, 0xee, ...junk(40)]));
    expect(vt.runUntil(() => raw.closedReason !== undefined)).toBe(true);
    const scored = a!.events['peer-misbehaved']!;
    expect(scored.map((e) => e.code)).toEqual(Array(10).fill('malformed'));
    expect(scored.map((e) => e.score)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(a!.events['peer-banned']).toMatchObject([{ key: raw.key, code: 'malformed' }]);
    expect(a!.events['peer-closed']!.at(-1)).toMatchObject({ remoteId: 'evil', reason: 'banned' });
    expect(a!.net.scores.isBanned(raw.key)).toBe(true);
    expect(a!.node.chain.tip.id).toBe(tip);
    expect(linked(a!, b!)).toBe(true);
  });

  it('bans a peer sending an invalid block without marking its hash invalid (mutated)', async () => {
    const vt = new VirtualTime(testStart());
    const [a, b] = await makeNodes(vt, 2);
    connect(vt, a!, b!);
    mine(a!, 1);
    expect(vt.runUntil(() => b!.node.chain.tip.height === 1)).toBe(true);
    const raw = attachRaw(vt, a!, 'evil');
    expect(vt.runUntil(isReady(raw, a!, 'evil'))).toBe(true);
    const honest = makeBlock(a!.node.chain.tip, { tag: 'honest' });
    const mutated = {
      header: honest.header,
      txs: [makeBlock(a!.node.chain.tip, { tag: 'other' }).txs[0]!],
    };
    raw.send({ type: 'block', block: mutated });
    expect(vt.runUntil(() => raw.closedReason !== undefined)).toBe(true);
    expect(a!.events['peer-misbehaved']).toMatchObject([
      { code: 'bad-txnmrklroot', penalty: 100, score: 100 },
    ]);
    expect(a!.events['peer-banned']).toHaveLength(1);
    expect(a!.node.chain.tip.height).toBe(1);
    expect(a!.node.chain.tree.get(hashId(headerHash(honest.header)))?.status ?? 'valid').toBe(
      'valid',
    );
    // The honest body of the same header is still accepted and relayed.
    a!.node.submitBlock(honest, 'self');
    expect(vt.runUntil(() => b!.node.chain.tip.height === 2)).toBe(true);
    expect(b!.events['peer-misbehaved']).toEqual([]);
  });

  it("answers another peer's pings while one peer sends 80 junk max-size frames", async () => {
    const vt = new VirtualTime(testStart());
    const a = await makeNode(vt, 0);
    const junk = attachRaw(vt, a, 'junk', { keyIndex: 1 }, { maxBufferedBytes: 64 * 1024 * 1024 });
    const pinger = attachRaw(vt, a, 'pinger', { keyIndex: 2 });
    expect(vt.runUntil(() => a.net.peers().length === 2)).toBe(true);
    const seed = seededRandom('max')(32);
    for (let i = 0; i < 80; i++)
      junk.sendFrame(new Uint8Array(MAX_FRAME_BYTES).fill(seed[i % 32]!));
    pinger.send({ type: 'ping', nonce: 77n });
    expect(vt.runUntil(() => pinger.received('pong').some((p) => p.nonce === 77n))).toBe(true);
    expect(vt.runUntil(() => junk.closedReason !== undefined)).toBe(true);
    expect(a.net.scores.isBanned(junk.key)).toBe(true);
    expect(a.events['peer-misbehaved']!.length).toBeLessThanOrEqual(10);
    expect(pinger.closedReason).toBeUndefined();
    expect(a.net.peers().map((p) => p.remoteId)).toEqual(['pinger']);
  });

  it('disconnects and bans a peer whose frame is over the size limit, unread', async () => {
    const vt = new VirtualTime(testStart());
    const a = await makeNode(vt, 0);
    const raw = attachRaw(vt, a, 'big');
    expect(vt.runUntil(isReady(raw, a, 'big'))).toBe(true);
    raw.sendFrame(new Uint8Array(MAX_FRAME_BYTES + 1));
    expect(vt.runUntil(() => raw.closedReason !== undefined)).toBe(true);
    expect(a.events['peer-misbehaved']).toMatchObject([{ code: 'oversized-frame', penalty: 100 }]);
    expect(a.net.scores.isBanned(raw.key)).toBe(true);
  });

  it('penalises headers that do not chain', async () => {
    const vt = new VirtualTime(testStart());
    const a = await makeNode(vt, 0);
    const raw = attachRaw(vt, a, 'liar');
    expect(vt.runUntil(isReady(raw, a, 'liar'))).toBe(true);
    const [h1, , h3] = extend(genesisOf(), 3).map((x) => x.header);
    raw.send({ type: 'headers', headers: [h1!, h3!] });
    expect(vt.runUntil(() => raw.closedReason !== undefined)).toBe(true);
    expect(a.events['peer-misbehaved']).toMatchObject([
      { code: 'headers-not-chaining', penalty: 100 },
    ]);
    expect(a.node.chain.tree.size).toBe(1);
  });

  it('disconnects a peer sending a locator over 101 entries (no ban, as Core)', async () => {
    const vt = new VirtualTime(testStart());
    const a = await makeNode(vt, 0);
    const raw = attachRaw(vt, a, 'long');
    expect(vt.runUntil(isReady(raw, a, 'long'))).toBe(true);
    raw.send({
      type: 'getheaders',
      locator: Array(102).fill(new Uint8Array(32)),
      stop: new Uint8Array(32),
    });
    expect(vt.runUntil(() => raw.closedReason !== undefined)).toBe(true);
    expect(a.events['peer-closed']!.at(-1)).toMatchObject({
      remoteId: 'long',
      reason: 'locator-too-long',
    });
    expect(a.events['peer-misbehaved']).toMatchObject([{ code: 'locator-too-long', penalty: 0 }]);
    expect(a.net.scores.isBanned(raw.key)).toBe(false);
    expect(raw.received('headers')).toEqual([]);
  });

  it('scores a consensus-invalid transaction but not a policy failure', async () => {
    const vt = new VirtualTime(testStart());
    const a = await makeNode(vt, 0);
    const raw = attachRaw(vt, a, 'tx');
    expect(vt.runUntil(isReady(raw, a, 'tx'))).toBe(true);
    const chainId = a.node.chain.chainId;
    const poor = transfer(chainId, 5, wallet(6).address, 10n, 0); // no funds: a policy failure
    raw.send({ type: 'tx', tx: poor });
    const forged = { ...poor, signature: new Uint8Array(64).fill(1) };
    raw.send({ type: 'tx', tx: forged });
    vt.advance(1000);
    const codes = a.events['peer-misbehaved']!.map((e) => e.code);
    expect(codes).toEqual(['bad-sig']);
  });

  it('processes unrequested blocks only when they could matter (threat model 30)', async () => {
    const vt = new VirtualTime(testStart());
    // Room in the flood allowance for 300 unrequested headers (it counts each header).
    const a = await makeNode(vt, 0, { limits: { unrequestedBurst: 400 } });
    const main = extend(genesisOf(), 5);
    for (const x of main) a.node.submitBlock(x.block);
    const raw = attachRaw(vt, a, 'pusher');
    expect(vt.runUntil(isReady(raw, a, 'pusher'))).toBe(true);
    // A stale sibling deep below the tip: less work, dropped unread.
    const stale = extend(main[1]!, 1, () => ({ tag: 'stale' }))[0]!;
    raw.send({ type: 'block', block: stale.block });
    // A block on our tip (a peer's fresh push): processed.
    const next = extend(main[4]!, 1, () => ({ tag: 'next' }))[0]!;
    raw.send({ type: 'block', block: next.block });
    // Headers far ahead, then the body of the last one, 300 past our tip: dropped.
    const far = extend(next, 300);
    raw.send({ type: 'headers', headers: far.map((x) => x.header) });
    raw.send({ type: 'block', block: far[299]!.block });
    vt.advance(1000);
    expect(a.node.chain.tree.get(stale.id)).toBeUndefined();
    expect(a.node.chain.tip.id).toBe(next.id);
    expect(a.node.chain.tree.get(far[299]!.id)?.hasBody).toBe(false);
    expect(a.events['peer-misbehaved']).toEqual([]);
  });

  it('closes, without scoring anyone, a peer that talks before proving its key', async () => {
    const vt = new VirtualTime(testStart());
    const a = await makeNode(vt, 0);
    const raw = attachRaw(vt, a, 'early', { autoAuth: false });
    vt.advance(100);
    const msg: Message = { type: 'inv', items: [] };
    raw.send(msg);
    expect(vt.runUntil(() => raw.closedReason !== undefined)).toBe(true);
    expect(a.events['peer-closed']).toMatchObject([
      { remoteId: 'early', key: undefined, reason: 'protocol-violation' },
    ]);
    expect(a.events['peer-misbehaved']).toEqual([]);
  });
});
