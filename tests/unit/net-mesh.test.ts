/** Mesh helpers (peer lists, signaling relay) and send backpressure (threat model 37). */
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../src/core/bytes.js';
import { linkPair } from '../../src/net/memory-link.js';
import { MAX_FRAME_BYTES } from '../../src/net/wire.js';
import { extend, genesisOf } from '../support/branch.js';
import {
  VirtualTime,
  connect,
  linked,
  makeNode,
  makeNodes,
  testStart,
} from '../support/net-harness.js';
import { RawPeer } from '../support/net-peer.js';

describe('mesh', () => {
  it('tells peers who it is connected to, and relays signaling between them', async () => {
    const vt = new VirtualTime(testStart());
    const [a, b, c] = await makeNodes(vt, 3);
    connect(vt, a!, b!);
    connect(vt, b!, c!);
    const cKey = bytesToHex(c!.node.identity.publicKey);
    expect(vt.runUntil(() => a!.net.knownNodes().some((n) => n.key === cKey))).toBe(true);
    expect(a!.net.knownNodes()).toEqual([{ id: 'node2', key: cKey, via: 'node1' }]);
    expect(a!.events['mesh-peers']!.at(-1)).toEqual({
      via: 'node1',
      peers: [{ id: 'node2', key: cKey }],
    });

    // A dials C through B: an offer out, an answer back, each stamped by B.
    expect(a!.net.sendSignal('node1', 'node2', Uint8Array.from([1, 2, 3]))).toBe(true);
    expect(vt.runUntil(() => c!.events['relay-signal']!.length > 0)).toBe(true);
    expect(c!.events['relay-signal']![0]).toEqual({
      from: 'node0',
      via: 'node1',
      payload: Uint8Array.from([1, 2, 3]),
    });
    c!.net.sendSignal('node1', 'node0', Uint8Array.from([4]));
    expect(vt.runUntil(() => a!.events['relay-signal']!.length > 0)).toBe(true);
    expect(a!.events['relay-signal']![0]).toMatchObject({ from: 'node2', via: 'node1' });

    // Once connected directly, C is no longer a candidate.
    connect(vt, a!, c!);
    expect(vt.runUntil(() => linked(a!, c!))).toBe(true);
    expect(a!.net.knownNodes()).toEqual([]);
    expect(a!.net.sendSignal('nobody', 'node2', new Uint8Array(1))).toBe(false);
  });

  it('rate-limits relayed signaling and drops signals for unknown nodes', async () => {
    const vt = new VirtualTime(testStart());
    const [a, b, c] = await makeNodes(vt, 3, { limits: { meshBurst: 5, meshPerSecond: 0 } });
    connect(vt, a!, b!);
    connect(vt, b!, c!);
    expect(vt.runUntil(() => linked(a!, b!) && linked(b!, c!))).toBe(true);
    vt.advance(5000); // the peer lists have used up some of the burst
    for (let i = 0; i < 20; i++) a!.net.sendSignal('node1', 'node2', Uint8Array.from([i]));
    a!.net.sendSignal('node1', 'ghost', new Uint8Array(1));
    vt.advance(1000);
    expect(c!.events['relay-signal']!.length).toBeGreaterThan(0);
    expect(c!.events['relay-signal']!.length).toBeLessThanOrEqual(5);
    expect(b!.events['peer-misbehaved']).toEqual([]);
  });
});

describe('backpressure', () => {
  async function server(vt: VirtualTime, limits = {}) {
    const a = await makeNode(vt, 0, { limits: { sendHighWaterBytes: 2048, ...limits } });
    const chain = extend(genesisOf(), 120);
    for (const x of chain) a.node.submitBlock(x.block);
    // A slow link: one byte per millisecond leaves the server's buffer.
    const [mine, theirs] = linkPair({
      timers: vt,
      now: vt.now,
      ids: ['node0', 'reader'],
      bytesPerMs: 1,
    });
    a.net.addLink(mine);
    const raw = new RawPeer(theirs);
    raw.hello();
    expect(vt.runUntil(() => a.net.peers().length === 1)).toBe(true);
    return { a, chain, raw, link: mine };
  }

  it('holds bulk data while the channel is over its high-water mark; pongs go first', async () => {
    const vt = new VirtualTime(testStart());
    const { a, chain, raw, link } = await server(vt);
    const before = link.maxBufferedSeen;
    raw.send({ type: 'getdata', items: chain.map((x) => ({ kind: 'block', hash: x.hash })) });
    raw.send({ type: 'ping', nonce: 9n });
    // The backlog shows in the peer's info (the soak samples it), then drains.
    expect(vt.runUntil(() => a.net.peers()[0]!.queued.messages > 0)).toBe(true);
    expect(vt.runUntil(() => raw.received('block').length === chain.length, 60 * 60_000)).toBe(
      true,
    );
    expect(a.net.peers()[0]!.queued).toEqual({ messages: 0, bytes: 0 });
    const pongAt = raw.inbox.findIndex((m) => m.type === 'pong' && m.nonce === 9n);
    const lastBlockAt =
      raw.inbox.length - 1 - [...raw.inbox].reverse().findIndex((m) => m.type === 'block');
    expect(pongAt).toBeGreaterThan(-1);
    expect(pongAt).toBeLessThan(lastBlockAt);
    expect(link.maxBufferedSeen).toBeGreaterThan(before);
    expect(link.maxBufferedSeen).toBeLessThanOrEqual(2048 + MAX_FRAME_BYTES);
    expect(raw.closedReason).toBeUndefined();
  });

  it('drops a peer whose backlog outgrows the send queue bound', async () => {
    const vt = new VirtualTime(testStart());
    // Block answers beyond 16 would otherwise wait in the getdata budget (serve.ts), not here.
    const limits = { maxQueuedMessages: 50, maxServeOutstanding: 1_000 };
    const { a, chain, raw } = await server(vt, limits);
    raw.send({ type: 'getdata', items: chain.map((x) => ({ kind: 'block', hash: x.hash })) });
    expect(vt.runUntil(() => raw.closedReason !== undefined)).toBe(true);
    expect(a.events['peer-closed']).toMatchObject([{ reason: 'send-overflow' }]);
    expect(a.events['peer-misbehaved']).toEqual([]);
  });
});
