/**
 * One connection: the handshake, the frame pipeline (size check, decode, limits, dispatch),
 * liveness pings and the send queue, plus the per-peer state relay, sync and download keep.
 * Until the peer has proven its key nothing is scored (an impostor could otherwise get an
 * honest key banned): violations before that just close the link.
 */
import { bytesEqual, bytesToHex } from '../core/bytes.js';
import { DecodeError } from '../core/errors.js';
import type { Hash } from '../core/hash.js';
import type { BlockEntry } from '../core/tree.js';
import type { NodeIdentity } from '../node/types.js';
import { guarded } from '../lib/guarded.js';
import type { Timers } from '../lib/timers.js';
import type { PeerLink } from './link.js';
import type { HeadersPresync } from './presync.js';
import { BoundedSet, TokenBucket } from './protocol/bounded.js';
import { signAuth, verifyAuth } from './protocol/handshake.js';
import type { NetLimits } from './protocol/limits.js';
import type { ViolationCode } from './scoring.js';
import { SendQueue } from './send-queue.js';
import {
  CHALLENGE_BYTES,
  MAX_FRAME_BYTES,
  WIRE_VERSION,
  decodeFrame,
  encodeMessage,
  messageViolation,
  type HelloMessage,
  type MeshPeer,
  type Message,
  type TipInfo,
} from './wire.js';

/** The keys and face a node shows its peers. */
export type NetIdentity = Pick<NodeIdentity, 'secretKey' | 'publicKey' | 'name' | 'colour'>;

/** What a session needs from the network that owns it. */
export interface SessionHost {
  readonly limits: NetLimits;
  readonly clock: { now(): number };
  readonly timers: Timers;
  readonly random: (n: number) => Uint8Array;
  readonly identity: NetIdentity;
  readonly genesis: Hash;
  /** Our tip, for the hello. */
  tip(): TipInfo;
  isBanned(key: string): boolean;
  /** The handshake completed; returns a reason to refuse the peer, or undefined to admit it. */
  ready(session: PeerSession): string | undefined;
  /** A message other than the handshake and liveness ones, from an admitted peer. */
  message(session: PeerSession, msg: Message): void;
  violation(session: PeerSession, code: ViolationCode): void;
  closed(session: PeerSession, reason: string): void;
}

/** Where a session is in its life. */
export type SessionState = 'handshake' | 'ready' | 'closed';

/** One peer connection and what we know about the peer. */
export class PeerSession {
  state: SessionState = 'handshake';
  /** Node key (hex) once the peer proved it. */
  key: string | undefined;
  /** The peer's hello. */
  hello: HelloMessage | undefined;
  closeReason: string | undefined;
  /** Round trip of the last answered ping, ms. */
  pingMs: number | undefined;
  readonly openedAt: number;

  /** Ids the peer has or was sent: nothing is announced to it twice. */
  readonly known: BoundedSet;
  /** Its best block that is in our tree (Core's pindexBestKnownBlock). */
  best: BlockEntry | undefined;
  /** The tip it claimed in its hello, until its headers arrive (Core's hashLastUnknownBlock). */
  claimed: { readonly id: string; readonly chainWork: bigint } | undefined;
  /** The last block id it announced that is not in our tree. */
  lastUnknown: string | undefined;
  /** Block ids requested from it. */
  readonly inFlight = new Set<string>();
  /** Requests it let time out since its last delivery. */
  stalls = 0;
  /** When our getheaders to it was sent, while unanswered. */
  headersAskedAt: number | undefined;
  /** The low-work branch it is presyncing with us, headers checked but not stored (presync.ts). */
  presync: HeadersPresync | undefined;
  /** When we last sent it a getheaders for an orphan or unconnecting headers. */
  lastUnconnectingAsk = -Infinity;
  /** Rate of unrequested blocks, transactions and headers. */
  readonly unrequested: TokenBucket;
  /** Rate of mesh messages (peers, relay-signal). */
  readonly mesh: TokenBucket;
  /** What it may have us store off our best chain: header-only entries, bodies, bytes. */
  readonly side: {
    readonly headers: TokenBucket;
    readonly blocks: TokenBucket;
    readonly bytes: TokenBucket;
  };
  /** Who it says it is connected to. */
  meshPeers: readonly MeshPeer[] = [];

  readonly #host: SessionHost;
  readonly #queue: SendQueue;
  readonly #challenge: Uint8Array;
  #ping: { readonly nonce: bigint; readonly sentAt: number } | undefined;
  #lastPingAt: number;

  constructor(
    readonly link: PeerLink,
    host: SessionHost,
  ) {
    this.#host = host;
    const now = () => host.clock.now();
    this.openedAt = now();
    this.#lastPingAt = this.openedAt;
    this.known = new BoundedSet(host.limits.knownPerPeer);
    this.unrequested = new TokenBucket(
      host.limits.unrequestedBurst,
      host.limits.unrequestedPerSecond,
      now,
    );
    this.mesh = new TokenBucket(host.limits.meshBurst, host.limits.meshPerSecond, now);
    const l = host.limits;
    this.side = {
      headers: new TokenBucket(l.sideHeadersBurst, l.sideHeadersPerSecond, now),
      blocks: new TokenBucket(l.sideBlocksBurst, l.sideBlocksPerSecond, now),
      bytes: new TokenBucket(l.sideBytesBurst, l.sideBytesPerSecond, now),
    };
    this.#queue = new SendQueue(link, host.limits, host.timers, (reason) => this.close(reason));
    this.#challenge = host.random(CHALLENGE_BYTES);
  }

  /** The transport's id of the remote. */
  get remoteId(): string {
    return this.link.remoteId;
  }

  /** Messages waiting in the send queue. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Encoded bytes waiting in the send queue. */
  get queuedBytes(): number {
    return this.#queue.bytes;
  }

  /** Listens to the link and sends our hello. */
  start(): void {
    this.link.onFrame((frame) => guarded('receiving a frame', () => this.receive(frame)));
    this.link.onClose((reason) => this.#closed(reason));
    const { identity, genesis } = this.#host;
    this.#control({
      type: 'hello',
      version: WIRE_VERSION,
      genesis,
      tip: this.#host.tip(),
      publicKey: identity.publicKey,
      name: identity.name,
      colour: identity.colour,
      challenge: this.#challenge,
    });
  }

  /** One frame from the link: size check, decode, count limits, dispatch. */
  receive(frame: Uint8Array): void {
    if (this.state === 'closed') return;
    if (frame.length > MAX_FRAME_BYTES) return this.#host.violation(this, 'oversized-frame');
    // A peer of another protocol version is not misbehaving: part without a penalty.
    if (this.state === 'handshake' && frame[0] !== WIRE_VERSION) {
      return this.close('incompatible-version');
    }
    let msg: Message;
    try {
      msg = decodeFrame(frame);
    } catch (e) {
      if (!(e instanceof DecodeError)) console.error('decoder threw a non-DecodeError', e);
      return this.#host.violation(this, 'malformed');
    }
    const limit = messageViolation(msg);
    if (limit) return this.#host.violation(this, limit);
    try {
      this.#dispatch(msg);
    } catch (e) {
      // Our bug, not the peer's offence: log it and keep the node (and the peer) running.
      console.error(`handling ${msg.type} from ${this.remoteId} failed`, e);
    }
  }

  #dispatch(msg: Message): void {
    switch (msg.type) {
      case 'hello':
        if (!this.hello) this.#onHello(msg); // a duplicate hello is ignored (threat model 27)
        return;
      case 'auth':
        if (this.state === 'handshake') this.#onAuth(msg.signature);
        return;
    }
    if (this.state !== 'ready') return this.close('protocol-violation');
    if (msg.type === 'ping') this.#control({ type: 'pong', nonce: msg.nonce });
    else if (msg.type === 'pong') this.#onPong(msg.nonce);
    else this.#host.message(this, msg);
  }

  #onHello(msg: HelloMessage): void {
    const host = this.#host;
    if (msg.version !== WIRE_VERSION) return this.close('incompatible-version');
    if (!bytesEqual(msg.genesis, host.genesis)) return this.close('wrong-genesis');
    const key = bytesToHex(msg.publicKey);
    if (bytesEqual(msg.publicKey, host.identity.publicKey)) return this.close('self-connection');
    if (host.isBanned(key)) return this.close('banned');
    this.hello = msg;
    const { secretKey, publicKey } = host.identity;
    const fps = this.link.fingerprints;
    this.#control({
      type: 'auth',
      signature: signAuth(secretKey, publicKey, msg.challenge, host.genesis, fps),
    });
  }

  #onAuth(signature: Uint8Array): void {
    const hello = this.hello;
    if (!hello) return this.close('protocol-violation');
    const fps = this.link.fingerprints;
    if (!verifyAuth(signature, hello.publicKey, this.#challenge, this.#host.genesis, fps)) {
      return this.close('bad-auth');
    }
    const key = bytesToHex(hello.publicKey);
    if (this.#host.isBanned(key)) return this.close('banned');
    this.key = key;
    this.state = 'ready';
    this.#lastPingAt = this.#host.clock.now();
    const refusal = this.#host.ready(this);
    if (refusal !== undefined) this.close(refusal);
  }

  #onPong(nonce: bigint): void {
    if (this.#ping?.nonce !== nonce) return; // late or unsolicited: harmless
    this.pingMs = this.#host.clock.now() - this.#ping.sentAt;
    this.#ping = undefined;
  }

  /** Timeouts: the handshake, the pong; sends the next ping when it is due. */
  tick(now: number): void {
    const limits = this.#host.limits;
    if (this.state === 'handshake') {
      if (now - this.openedAt >= limits.handshakeTimeoutMs) this.close('handshake-timeout');
      return;
    }
    if (this.state !== 'ready') return;
    if (this.#ping) {
      if (now - this.#ping.sentAt >= limits.pingTimeoutMs) this.close('ping-timeout');
    } else if (now - this.#lastPingAt >= limits.pingIntervalMs) {
      const b = this.#host.random(8);
      const nonce = new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, true);
      this.#ping = { nonce, sentAt: now };
      this.#lastPingAt = now;
      this.#control({ type: 'ping', nonce });
    }
  }

  /** Sends a bulk message (in order, behind what waits for the channel to drain). */
  send(msg: Message): void {
    if (this.state !== 'closed') this.#queue.push(encodeMessage(msg));
  }

  /** Sends an already encoded frame as bulk (one encoding shared by every peer). */
  sendFrame(frame: Uint8Array): void {
    if (this.state !== 'closed') this.#queue.push(frame);
  }

  /** Queues a message made only when the channel has room (answers with blocks). */
  sendLazy(make: () => Uint8Array | undefined): void {
    if (this.state !== 'closed') this.#queue.push(make);
  }

  /** Sends a small request at once (getheaders, getdata). */
  request(msg: Message): void {
    this.#control(msg);
  }

  #control(msg: Message): void {
    if (this.state !== 'closed') this.#queue.control(encodeMessage(msg));
  }

  /** Closes the connection; the network is told once. */
  close(reason: string): void {
    if (this.state === 'closed') return;
    this.#closed(reason);
    this.link.close(reason);
  }

  #closed(reason: string): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.closeReason = reason;
    this.#queue.close();
    guarded('closing a peer', () => this.#host.closed(this, reason));
  }
}
