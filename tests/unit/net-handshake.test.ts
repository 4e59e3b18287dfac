/** The handshake (hello, auth bound to DTLS fingerprints) and liveness, on virtual time. */
import { describe, expect, it } from 'vitest';
import { WIRE_VERSION, encodeMessage } from '../../src/net/wire.js';
import {
  VirtualTime,
  connect,
  identityOf,
  linked,
  makeNode,
  makeNodes,
  testStart,
} from '../support/net-harness.js';
import { attachRaw } from '../support/net-peer.js';

describe('handshake', () => {
  it('binds the proof to matching DTLS fingerprints', async () => {
    const vt = new VirtualTime(testStart());
    const [a, b] = await makeNodes(vt, 2);
    connect(vt, a!, b!, { fingerprints: true });
    expect(vt.runUntil(() => linked(a!, b!))).toBe(true);
  });

  it('detects a man in the middle that swapped the SDPs (threat model 48)', async () => {
    const vt = new VirtualTime(testStart());
    const [a, b] = await makeNodes(vt, 2);
    connect(vt, a!, b!, { fingerprints: 'mitm' });
    vt.advance(1000);
    const reasons = [...a!.events['peer-closed']!, ...b!.events['peer-closed']!].map(
      (e) => e.reason,
    );
    expect(reasons).toContain('bad-auth');
    expect(a!.events['peer-ready']).toEqual([]);
    expect(b!.events['peer-ready']).toEqual([]);
    expect(a!.events['peer-misbehaved']).toEqual([]);
  });

  it('refuses a signature over the wrong challenge', async () => {
    const vt = new VirtualTime(testStart());
    const a = await makeNode(vt, 0);
    const raw = attachRaw(vt, a, 'forger', {
      autoAuth: false,
      respond: (m, peer) => {
        if (m.type === 'hello') peer.send({ type: 'auth', signature: new Uint8Array(64).fill(3) });
      },
    });
    expect(vt.runUntil(() => raw.closedReason !== undefined)).toBe(true);
    expect(a.events['peer-closed']).toMatchObject([
      { remoteId: 'forger', key: undefined, reason: 'bad-auth' },
    ]);
  });

  it('ignores a duplicate hello (threat model 27)', async () => {
    const vt = new VirtualTime(testStart());
    const a = await makeNode(vt, 0);
    const raw = attachRaw(vt, a, 'twice');
    expect(vt.runUntil(() => a.net.peers().length === 1)).toBe(true);
    raw.hello({ name: 'again' });
    raw.send({ type: 'ping', nonce: 5n });
    expect(vt.runUntil(() => raw.received('pong').length > 0)).toBe(true);
    expect(a.net.peers()[0]).toMatchObject({ remoteId: 'twice', name: 'raw' });
    expect(a.events['peer-ready']).toHaveLength(1);
    expect(a.events['peer-misbehaved']).toEqual([]);
  });

  it('closes a handshake that never completes', async () => {
    const vt = new VirtualTime(testStart());
    const a = await makeNode(vt, 0);
    const raw = attachRaw(vt, a, 'mute', { autoAuth: false });
    expect(vt.runUntil(() => raw.closedReason !== undefined, 5 * 60_000)).toBe(true);
    expect(a.events['peer-closed']).toMatchObject([
      { remoteId: 'mute', reason: 'handshake-timeout' },
    ]);
  });

  it('parts without a penalty from a peer of another protocol version', async () => {
    const vt = new VirtualTime(testStart());
    const a = await makeNode(vt, 0);
    const raw = attachRaw(vt, a, 'future', { autoAuth: false });
    const frame = encodeMessage({ type: 'ping', nonce: 1n });
    frame[0] = WIRE_VERSION + 1;
    raw.sendFrame(frame);
    expect(vt.runUntil(() => raw.closedReason !== undefined)).toBe(true);
    expect(a.events['peer-closed']).toMatchObject([{ reason: 'incompatible-version' }]);
  });

  it('refuses a connection to itself and a second connection of the same key', async () => {
    const vt = new VirtualTime(testStart());
    const a = await makeNode(vt, 0);
    const self = identityOf(0);
    const mirror = attachRaw(vt, a, 'mirror', { hello: { publicKey: self.publicKey } });
    const first = attachRaw(vt, a, 'first', { keyIndex: 3 });
    expect(vt.runUntil(() => a.net.peers().length === 1 && mirror.closedReason !== undefined)).toBe(
      true,
    );
    const second = attachRaw(vt, a, 'second', { keyIndex: 3 });
    expect(vt.runUntil(() => second.closedReason !== undefined)).toBe(true);
    const reasons = a.events['peer-closed']!.map((e) => [e.remoteId, e.reason]);
    expect(reasons).toContainEqual(['mirror', 'self-connection']);
    expect(reasons).toContainEqual(['second', 'duplicate-peer']);
    expect(first.closedReason).toBeUndefined();
  });

  it('refuses links beyond maxPeers', async () => {
    const vt = new VirtualTime(testStart());
    const a = await makeNode(vt, 0, { limits: { maxPeers: 2 } });
    attachRaw(vt, a, 'p1', { keyIndex: 1 });
    attachRaw(vt, a, 'p2', { keyIndex: 2 });
    const third = attachRaw(vt, a, 'p3', { keyIndex: 3 });
    expect(vt.runUntil(() => third.closedReason !== undefined && a.net.peers().length === 2)).toBe(
      true,
    );
    expect(a.events['peer-closed']).toMatchObject([]);
    expect(a.net.peers()).toHaveLength(2);
  });
});

describe('liveness', () => {
  it('closes a peer that vanished without closing (threat model 36)', async () => {
    const vt = new VirtualTime(testStart());
    const [a, b] = await makeNodes(vt, 2);
    const [link] = connect(vt, a!, b!);
    expect(vt.runUntil(() => linked(a!, b!))).toBe(true);
    link.cut();
    expect(
      vt.runUntil(() => a!.net.peers().length === 0 && b!.net.peers().length === 0, 5 * 60_000),
    ).toBe(true);
    expect(a!.events['peer-closed']).toMatchObject([{ reason: 'ping-timeout' }]);
  });

  it('keeps a slow peer (a throttled background tab) whose pongs come late but come', async () => {
    const vt = new VirtualTime(testStart());
    const a = await makeNode(vt, 0);
    const raw = attachRaw(vt, a, 'sleepy');
    expect(vt.runUntil(() => a.net.peers().length === 1)).toBe(true);
    raw.link.conditions.latencyMs = 20_000; // a 40 s round trip, under the 60 s pong timeout
    vt.advance(10 * 60_000);
    expect(raw.received('ping').length).toBeGreaterThan(5);
    expect(a.net.peers()).toHaveLength(1);
    expect(a.net.peers()[0]!.pingMs).toBe(40_000);
  });
});
