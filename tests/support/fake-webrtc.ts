/**
 * WebRTC without WebRTC, on virtual time: a stand-in for simple-peer whose offer and answer
 * name the two ends, so answering an offer pairs them and the data channel is an in-memory
 * queue with a per-pair latency. The mesh manager, its dials, SimplePeerLink and the Network
 * all run unchanged above it (STYLE 7), so a test can put dozens of nodes in one room and
 * assert on the mesh they build, deterministically.
 */
import type { Timers } from '../../src/lib/timers.js';
import type { PeerFactory, SimplePeerInstance } from '../../src/net/webrtc/peer-factory.js';

type Listener = (...args: unknown[]) => void;

/** Options of a fake WebRTC world. */
export interface FakeWebRtcOptions {
  readonly timers: Timers;
  /** One-way delay between the peers made by factories `a` and `b`, ms. */
  readonly latencyMs?: (a: string, b: string) => number;
}

/** Every fake peer of one test; each node gets its own factory, named for the node. */
export class FakeWebRtc {
  readonly timers: Timers;
  readonly latency: (a: string, b: string) => number;
  readonly #peers = new Map<number, FakePeer>();
  #next = 0;

  constructor(opts: FakeWebRtcOptions) {
    this.timers = opts.timers;
    this.latency = opts.latencyMs ?? (() => 1);
  }

  /** The peer factory of the node named `owner`. */
  factory(owner: string): PeerFactory {
    return ({ initiator }) => new FakePeer(this, owner, initiator) as unknown as SimplePeerInstance;
  }

  /** Registers a peer; returns its number, which its offer or answer carries. */
  register(peer: FakePeer): number {
    const n = this.#next++;
    this.#peers.set(n, peer);
    return n;
  }

  /** The live peer numbered in an SDP, if any. */
  lookup(sdp: string): FakePeer | undefined {
    const m = /^fake (\d+)$/.exec(sdp);
    return m ? this.#peers.get(Number(m[1])) : undefined;
  }

  /** Forgets a destroyed peer. */
  unregister(n: number): void {
    this.#peers.delete(n);
  }
}

/** One fake simple-peer: the members Dial and SimplePeerLink use, and nothing else. */
class FakePeer {
  readonly #world: FakeWebRtc;
  readonly #n: number;
  readonly #listeners = new Map<string, Set<Listener>>();
  #remote: FakePeer | undefined;
  #destroyed = false;
  #connected = false;
  /** The data channel SimplePeerLink writes to. */
  readonly _channel = {
    readyState: 'connecting' as RTCDataChannelState,
    bufferedAmount: 0,
    send: (data: Uint8Array): void => this.#send(data),
  };
  readonly _pc = null;

  constructor(
    world: FakeWebRtc,
    readonly owner: string,
    initiator: boolean,
  ) {
    this.#world = world;
    this.#n = world.register(this);
    if (initiator) this.#later(0, () => this.#emit('signal', { type: 'offer', sdp: this.#sdp }));
  }

  get #sdp(): string {
    return `fake ${this.#n}`;
  }

  on(event: string, fn: Listener): this {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(fn);
    return this;
  }

  removeListener(event: string, fn: Listener): this {
    this.#listeners.get(event)?.delete(fn);
    return this;
  }

  signal(data: { type: string; sdp?: string }): void {
    if (this.#destroyed) throw new Error('cannot signal after peer is destroyed');
    const other = this.#world.lookup(data.sdp ?? '');
    if (data.type === 'offer') {
      this.#remote = other;
      this.#later(0, () => this.#emit('signal', { type: 'answer', sdp: this.#sdp }));
    } else if (data.type === 'answer' && other && other.#remote === this) {
      this.#remote = other;
      const delay = this.#world.latency(this.owner, other.owner);
      // Both ends open after one round trip of ICE and DTLS.
      this.#later(2 * delay, () => {
        if (this.#destroyed || other.#destroyed) return;
        this.#open();
        other.#open();
      });
    }
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this._channel.readyState = 'closed';
    this.#world.unregister(this.#n);
    this.#later(0, () => this.#emit('close'));
    const remote = this.#remote;
    if (this.#connected && remote && !remote.#destroyed) {
      this.#later(this.#world.latency(this.owner, remote.owner), () => remote.destroy());
    }
  }

  #open(): void {
    this.#connected = true;
    this._channel.readyState = 'open';
    this.#emit('connect');
  }

  #send(data: Uint8Array): void {
    const remote = this.#remote;
    if (!this.#connected || !remote || this.#destroyed) return;
    const copy = data.slice();
    this.#later(this.#world.latency(this.owner, remote.owner), () => {
      if (!remote.#destroyed) remote.#emit('data', copy);
    });
  }

  #later(ms: number, fn: () => void): void {
    this.#world.timers.setTimeout(fn, ms);
  }

  #emit(event: string, ...args: unknown[]): void {
    for (const fn of [...(this.#listeners.get(event) ?? [])]) fn(...args);
  }
}
