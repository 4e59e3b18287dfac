/**
 * SimplePeerLink, the PeerLink over simple-peer: first over a scripted stand-in for
 * simple-peer on virtual time (the ICE watchdog, close reasons, refusals, latency), then over
 * real WebRTC in Node (@roamhq/wrtc): the largest frame, and backpressure under a burst
 * (threat model 36, 37). Waits are for events, never sleeps.
 */
import { EventEmitter } from 'node:events';
import wrtc from '@roamhq/wrtc';
import SimplePeer from 'simple-peer';
import { describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES } from '../../src/net/wire.js';
import { createPeerFactory, type SimplePeerInstance } from '../../src/net/webrtc/peer-factory.js';
import {
  LINK_DEFAULTS,
  SimplePeerLink,
  fingerprintsOf,
  sdpFingerprint,
  toFrame,
} from '../../src/net/webrtc/peer-link.js';
import { VirtualTime } from '../support/net-harness.js';

const FP_A = 'AB:CD:EF:01';
const sdp = (fp: string) => `v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\na=fingerprint:sha-256 ${fp}\r\n`;

/** A data channel that keeps what it was sent and drains when told. */
class FakeChannel extends EventTarget {
  readyState: RTCDataChannelState = 'open';
  bufferedAmount = 0;
  bufferedAmountLowThreshold: number | undefined = 0;
  readonly sent: Uint8Array[] = [];
  failSends = false;

  send(data: Uint8Array): void {
    if (this.failSends) throw new DOMException('closing', 'InvalidStateError');
    this.sent.push(data);
    this.bufferedAmount += data.byteLength;
  }

  /** `n` bytes reach the network; bufferedamountlow fires as a browser fires it. */
  drain(n: number): void {
    const before = this.bufferedAmount;
    this.bufferedAmount -= n;
    const low = this.bufferedAmountLowThreshold;
    if (low !== undefined && before > low && this.bufferedAmount <= low) {
      this.dispatchEvent(new Event('bufferedamountlow'));
    }
  }
}

/** Enough of simple-peer for the link: events, destroy, and the two privates it reads. */
class FakePeer extends EventEmitter {
  readonly _channel = new FakeChannel();
  readonly _pc = {
    localDescription: { sdp: sdp(FP_A) },
    remoteDescription: { sdp: sdp('12:34') },
    iceConnectionState: 'connected',
  };
  destroyed = 0;

  destroy(): void {
    this.destroyed++;
    queueMicrotask(() => this.emit('close'));
  }
}

function fakeLink(opts: { lowWater?: number } = {}) {
  const vt = new VirtualTime(1_000_000);
  const peer = new FakePeer();
  const link = new SimplePeerLink(peer as unknown as SimplePeerInstance, 'remote-1', {
    timers: vt,
    now: vt.now,
    ...(opts.lowWater !== undefined ? { lowWaterBytes: opts.lowWater } : {}),
  });
  const closes: string[] = [];
  link.onClose((reason) => closes.push(reason));
  return { vt, peer, link, closes, channel: peer._channel };
}

describe('SimplePeerLink over a scripted simple-peer', () => {
  it('reads both DTLS fingerprints from the SDPs, lower-cased, or none at all', () => {
    const { link } = fakeLink();
    expect(link.fingerprints).toEqual({ local: 'sha-256 ab:cd:ef:01', remote: 'sha-256 12:34' });
    expect(sdpFingerprint('v=0\r\n')).toBeUndefined();
    const half = { localDescription: { sdp: sdp(FP_A) }, remoteDescription: null };
    expect(fingerprintsOf(half as unknown as RTCPeerConnection)).toBeUndefined();
  });

  it('hands frames up as plain Uint8Arrays, whatever simple-peer delivered', () => {
    const { peer, link } = fakeLink();
    const got: Uint8Array[] = [];
    link.onFrame((f) => got.push(f));
    peer.emit('data', Buffer.from([1, 2, 3]));
    peer.emit('data', Uint8Array.from([4]).buffer);
    expect(got.map((f) => [...f])).toEqual([[1, 2, 3], [4]]);
    expect(got.every((f) => f.constructor === Uint8Array)).toBe(true);
    expect(toFrame(42)).toBeUndefined();
  });

  it('refuses instead of throwing: oversized, over the buffer cap, or a failing channel', () => {
    const { link, channel } = fakeLink();
    expect(link.send(new Uint8Array(MAX_FRAME_BYTES + 1))).toBe(false);
    expect(link.send(new Uint8Array(MAX_FRAME_BYTES))).toBe(true);
    channel.bufferedAmount = LINK_DEFAULTS.maxBufferedBytes - 10;
    expect(link.send(new Uint8Array(11))).toBe(false);
    expect(link.send(new Uint8Array(10))).toBe(true);
    channel.failSends = true;
    expect(link.send(new Uint8Array(1))).toBe(false);
  });

  it('fires onDrain on bufferedamountlow at its low-water mark', () => {
    const { link, channel } = fakeLink({ lowWater: 1000 });
    let drains = 0;
    link.onDrain(() => drains++);
    expect(channel.bufferedAmountLowThreshold).toBe(1000);
    link.send(new Uint8Array(3000));
    channel.drain(1500);
    expect(drains).toBe(0);
    channel.drain(1000);
    expect(drains).toBe(1);
  });

  it('polls for the drain where the channel has no bufferedamountlow (wrtc)', () => {
    const { vt, link, channel } = fakeLink({ lowWater: 1000 });
    channel.bufferedAmountLowThreshold = undefined;
    let drains = 0;
    link.onDrain(() => drains++);
    link.send(new Uint8Array(3000));
    vt.advance(100);
    expect(drains).toBe(0);
    channel.bufferedAmount = 500;
    expect(vt.runUntil(() => drains === 1, 1_000)).toBe(true);
  });

  it('destroys a connection whose ICE stays disconnected, once (threat model 36)', async () => {
    const { vt, peer, link, closes } = fakeLink();
    peer.emit('iceStateChange', 'disconnected', 'complete');
    vt.advance(LINK_DEFAULTS.iceDisconnectedTimeoutMs - 1);
    peer.emit('iceStateChange', 'connected', 'complete'); // recovered: the timer is off
    vt.advance(LINK_DEFAULTS.iceDisconnectedTimeoutMs * 2);
    expect(closes).toEqual([]);
    peer.emit('iceStateChange', 'disconnected', 'complete');
    vt.advance(LINK_DEFAULTS.iceDisconnectedTimeoutMs);
    expect(closes).toEqual(['ice-disconnected']);
    expect(peer.destroyed).toBe(1);
    await Promise.resolve(); // simple-peer's own close follows: not reported twice
    expect(closes).toEqual(['ice-disconnected']);
    expect(link.send(new Uint8Array(1))).toBe(false);
  });

  it('names why simple-peer closed: its error code, or the remote', () => {
    const a = fakeLink();
    a.peer.emit('error', Object.assign(new Error('x'), { code: 'ERR_ICE_CONNECTION_FAILURE' }));
    a.peer.emit('close');
    a.peer.emit('close');
    expect(a.closes).toEqual(['ice-failed']);
    const b = fakeLink();
    b.peer.emit('close');
    b.link.close('late');
    expect(b.closes).toEqual(['closed-by-peer']);
  });

  it('delays frames by the artificial latency, in order, counting them as buffered', () => {
    const { vt, link, channel } = fakeLink();
    link.latencyMs = 100;
    link.send(Uint8Array.of(1));
    vt.advance(50);
    link.latencyMs = 0; // a later frame must not overtake the delayed one
    link.send(Uint8Array.of(2));
    expect(channel.sent).toEqual([]);
    expect(link.bufferedAmount).toBe(2);
    vt.advance(50);
    expect(channel.sent.map((f) => f[0])).toEqual([1, 2]);
    link.send(Uint8Array.of(3));
    expect(channel.sent.map((f) => f[0])).toEqual([1, 2, 3]);
  });
});

/** Two simple-peers over real WebRTC in this process, wrapped as links once both connect. */
async function wrtcPair(): Promise<[SimplePeerLink, SimplePeerLink]> {
  const make = createPeerFactory(SimplePeer, { wrtc });
  const a = make({ initiator: true });
  const b = make({ initiator: false });
  a.on('signal', (data) => b.signal(data));
  b.on('signal', (data) => a.signal(data));
  const connected = (p: SimplePeerInstance) => new Promise<void>((r) => p.once('connect', r));
  await Promise.all([connected(a), connected(b)]);
  return [new SimplePeerLink(a, 'b'), new SimplePeerLink(b, 'a')];
}

describe('SimplePeerLink over real WebRTC (@roamhq/wrtc)', () => {
  it('carries a frame of exactly the largest size, and agrees on fingerprints', async () => {
    const [a, b] = await wrtcPair();
    expect(a.fingerprints?.local).toMatch(/^sha-256 [0-9a-f:]+$/);
    expect(a.fingerprints?.local).toBe(b.fingerprints?.remote);
    expect(a.fingerprints?.remote).toBe(b.fingerprints?.local);
    const frame = new Uint8Array(MAX_FRAME_BYTES).map((_, i) => i % 251);
    const got = new Promise<Uint8Array>((r) => b.onFrame(r));
    expect(a.send(new Uint8Array(MAX_FRAME_BYTES + 1))).toBe(false);
    expect(a.send(frame)).toBe(true);
    expect(await got).toEqual(frame);
    const closed = new Promise<string>((r) => b.onClose(r));
    a.close('done');
    expect(await closed).toBe('closed-by-peer');
  });

  it('keeps a burst of large frames under the high-water mark plus one frame', async () => {
    const [a, b] = await wrtcPair();
    const HIGH = 1024 * 1024; // the network's sendHighWaterBytes
    const COUNT = 120; // 30 MiB: past the 16 MiB a channel may hold, so only pacing saves it
    const received: number[] = [];
    const allIn = new Promise<void>((resolve) =>
      b.onFrame((f) => {
        received.push(new DataView(f.buffer, f.byteOffset).getUint32(0));
        if (received.length === COUNT) resolve();
      }),
    );
    let drained: () => void = () => {};
    a.onDrain(() => drained());
    let maxSeen = 0;
    for (let i = 0; i < COUNT; i++) {
      if (a.bufferedAmount >= HIGH) await new Promise<void>((r) => (drained = r));
      const frame = new Uint8Array(MAX_FRAME_BYTES);
      new DataView(frame.buffer).setUint32(0, i);
      expect(a.send(frame)).toBe(true);
      maxSeen = Math.max(maxSeen, a.bufferedAmount);
    }
    await allIn;
    expect(received).toEqual([...Array(COUNT).keys()]);
    expect(maxSeen).toBeLessThanOrEqual(HIGH + MAX_FRAME_BYTES);
    a.close('done');
  });
});
