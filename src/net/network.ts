/**
 * The network: every peer link of one node, above the transport. It runs the handshake and
 * liveness (peer-session.ts), relay (relay.ts), headers-first sync (sync.ts), parallel block
 * download (download.ts), misbehaviour scoring by node key (scoring.ts) and the mesh helpers
 * (mesh.ts), driving the node through submitBlock / submitHeaders / submitTransaction and
 * reacting to its events. Time, randomness and timers are injected so tests run on virtual time.
 */
import type { Block } from '../core/block.js';
import { bytesToHex } from '../core/bytes.js';
import { hashId } from '../core/tree.js';
import type { Node } from '../node/node.js';
import { Emitter } from '../lib/emitter.js';
import { REAL_TIMERS, type Timers } from '../lib/timers.js';
import { guarded } from '../lib/guarded.js';
import type { NetContext } from './context.js';
import { BlockDownload } from './download.js';
import type { NetworkEvents, PeerTip } from './events.js';
import type { PeerLink } from './link.js';
import { Mesh, type KnownNode } from './mesh.js';
import { PeerSession, type NetIdentity, type SessionHost } from './peer-session.js';
import { DEFAULT_NET_LIMITS, type NetLimits } from './protocol/limits.js';
import { Relay } from './relay.js';
import { PeerScores, VIOLATIONS, type MisbehaviourCode } from './scoring.js';
import { HeaderSync } from './sync.js';
import { encodeMessage, type Message } from './wire.js';

/** What a network is built from. */
export interface NetworkOptions {
  readonly node: Node;
  /** The node key the handshake proves; the node's own identity by default. */
  readonly identity?: NetIdentity;
  /** Milliseconds since the epoch; Date by default. */
  readonly clock?: { now(): number };
  /** Random bytes (challenges, ping nonces); crypto.getRandomValues by default. */
  readonly random?: (n: number) => Uint8Array;
  readonly timers?: Timers;
  readonly limits?: Partial<NetLimits>;
}

/** What the interface shows of a connected peer. */
export interface PeerInfo {
  readonly remoteId: string;
  readonly key: string;
  readonly name: string;
  readonly colour: number;
  /** Its best block known to us, or the tip it claimed if not in our tree yet. */
  readonly tip: PeerTip | undefined;
  readonly pingMs: number | undefined;
  readonly blocksInFlight: number;
  readonly score: number;
  /** Messages and encoded bytes waiting in its send queue (bounded: maxQueuedMessages, maxQueuedBytes). */
  readonly queued: { readonly messages: number; readonly bytes: number };
}

/** All peers of one node. */
export class Network extends Emitter<NetworkEvents> {
  readonly node: Node;
  readonly limits: NetLimits;
  readonly scores: PeerScores;
  readonly identity: NetIdentity;
  readonly #clock: { now(): number };
  readonly #timers: Timers;
  readonly #sessions = new Map<string, PeerSession>();
  readonly #host: SessionHost;
  readonly #ctx: NetContext;
  readonly #download: BlockDownload;
  readonly #sync: HeaderSync;
  readonly #relay: Relay;
  readonly #mesh: Mesh;
  readonly #unsubscribe: (() => void)[];
  #tickTimer: unknown;
  #closed = false;

  constructor(opts: NetworkOptions) {
    super();
    this.node = opts.node;
    this.identity = opts.identity ?? opts.node.identity;
    this.limits = { ...DEFAULT_NET_LIMITS, ...opts.limits };
    this.#clock = opts.clock ?? { now: () => Date.now() };
    this.#timers = opts.timers ?? REAL_TIMERS;
    const random = opts.random ?? ((n: number) => crypto.getRandomValues(new Uint8Array(n)));
    this.scores = new PeerScores({ clock: this.#clock, banDurationMs: this.limits.banDurationMs });
    this.#ctx = {
      node: this.node,
      limits: this.limits,
      clock: this.#clock,
      timers: this.#timers,
      random,
      readyPeers: () => this.#ready(),
      punish: (peer, code, penalty, disconnect) => this.#punish(peer, code, penalty, disconnect),
      violation: (peer, code) =>
        this.#punish(peer, code, VIOLATIONS[code].penalty, VIOLATIONS[code].disconnect),
      emit: (name, payload) => this.emit(name, payload),
    };
    this.#download = new BlockDownload(this.#ctx);
    this.#sync = new HeaderSync(this.#ctx, this.#download);
    this.#relay = new Relay(this.#ctx, this.#sync, this.#download);
    const selfKey = bytesToHex(this.identity.publicKey);
    this.#mesh = new Mesh(this.#ctx, selfKey, (key) => this.scores.isBanned(key));
    this.#host = this.#makeHost(random);
    this.#unsubscribe = this.#listen();
    this.#armTick();
  }

  #makeHost(random: (n: number) => Uint8Array): SessionHost {
    const chain = this.node.chain;
    return {
      limits: this.limits,
      clock: this.#clock,
      timers: this.#timers,
      random,
      identity: this.identity,
      genesis: chain.chainId,
      tip: () => ({
        hash: chain.tip.hash,
        height: chain.tip.height,
        chainWork: chain.tip.chainWork,
      }),
      isBanned: (key) => this.scores.isBanned(key),
      ready: (s) => this.#onReady(s),
      message: (s, msg) => this.#onMessage(s, msg),
      violation: (s, code) => this.#ctx.violation(s, code),
      closed: (s, reason) => this.#onClosed(s, reason),
    };
  }

  #listen(): (() => void)[] {
    const n = this.node;
    return [
      n.on('block-added', ({ entry }) => this.#sync.noteEntry(entry)),
      n.on('block-mined', ({ entry, block }) => this.#relay.blockMined(entry, block)),
      n.on('tx-accepted', ({ id }) => this.#relay.txAccepted(id)),
      n.on('tip', () => {
        this.#relay.tipChanged();
        this.#sync.emitProgress();
      }),
    ];
  }

  /** Takes a new connection (initiator and responder alike) and starts its handshake. */
  addLink(link: PeerLink): void {
    if (this.#closed) return link.close('shutdown');
    // A new link from the same transport id replaces the old one (a reconnect).
    this.#sessions.get(link.remoteId)?.close('replaced');
    if (this.#sessions.size >= this.limits.maxPeers) return link.close('too-many-peers');
    const session = new PeerSession(link, this.#host);
    this.#sessions.set(link.remoteId, session);
    session.start();
  }

  /** Peers whose handshake completed. */
  peers(): PeerInfo[] {
    return this.#ready().map((s) => ({
      remoteId: s.remoteId,
      key: s.key as string,
      name: s.hello?.name ?? '',
      colour: s.hello?.colour ?? 0,
      tip: s.best
        ? { id: s.best.id, height: s.best.height, chainWork: s.best.chainWork }
        : s.hello && {
            id: hashId(s.hello.tip.hash),
            height: s.hello.tip.height,
            chainWork: s.hello.tip.chainWork,
          },
      pingMs: s.pingMs,
      blocksInFlight: s.inFlight.size,
      score: this.scores.score(s.key as string),
      queued: { messages: s.queued, bytes: s.queuedBytes },
    }));
  }

  /** Our tip height and the best header's height (equal when caught up). */
  syncProgress(): { have: number; target: number } {
    return this.#sync.progress();
  }

  /** Nodes our peers know that we are not connected to: candidates to dial through the mesh. */
  knownNodes(): KnownNode[] {
    return this.#mesh.knownNodes();
  }

  /** Sends an opaque signaling payload to node `to` through our peer `via`. */
  sendSignal(via: string, to: string, payload: Uint8Array): boolean {
    return this.#mesh.sendSignal(via, to, payload);
  }

  /** Closes the connection to a peer (no penalty). */
  disconnect(remoteId: string, reason = 'disconnected'): void {
    this.#sessions.get(remoteId)?.close(reason);
  }

  /** Withholds this node's own new blocks from peers, or releases them (the teaching lab). */
  withhold(on: boolean): void {
    this.#relay.withhold(on);
  }

  /** True while withholding blocks. */
  get withholding(): boolean {
    return this.#relay.withholding;
  }

  /**
   * Sends a block to every peer as is, without validating it first: the inspector's "offer a
   * tampered block to peers", so a class can watch its neighbours refuse it.
   */
  offerBlock(block: Block): number {
    const frame = encodeMessage({ type: 'block', block });
    const peers = this.#ready();
    for (const s of peers) s.sendFrame(frame);
    return peers.length;
  }

  /** Sends raw bytes to one peer: for tests of misbehaviour and for curious students. */
  sendRawFrame(remoteId: string, frame: Uint8Array): boolean {
    const s = this.#sessions.get(remoteId);
    if (!s) return false;
    s.sendFrame(frame);
    return true;
  }

  /** Bans a node key now (a teacher's kick) and disconnects it. */
  ban(key: string): void {
    this.scores.ban(key);
    for (const s of [...this.#sessions.values()]) if (s.key === key) s.close('banned');
  }

  /** Closes every connection and stops; the node itself stays open. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const off of this.#unsubscribe) off();
    if (this.#tickTimer !== undefined) this.#timers.clearTimeout(this.#tickTimer);
    for (const s of [...this.#sessions.values()]) s.close('shutdown');
  }

  #ready(): PeerSession[] {
    const out: PeerSession[] = [];
    for (const s of this.#sessions.values()) if (s.state === 'ready') out.push(s);
    return out;
  }

  #onReady(s: PeerSession): string | undefined {
    for (const other of this.#sessions.values()) {
      if (other !== s && other.state === 'ready' && other.key === s.key) return 'duplicate-peer';
    }
    const hello = s.hello;
    if (!hello || !s.key) return 'protocol-violation';
    const { hash, height, chainWork } = hello.tip;
    const tip = { id: hashId(hash), height, chainWork };
    this.emit('peer-ready', {
      remoteId: s.remoteId,
      key: s.key,
      name: hello.name,
      colour: hello.colour,
      tip,
    });
    this.emit('peer-tip', { remoteId: s.remoteId, key: s.key, tip });
    this.#relay.onReady(s);
    this.#sync.onReady(s);
    this.#mesh.onReady(s);
    return undefined;
  }

  #onMessage(s: PeerSession, msg: Message): void {
    switch (msg.type) {
      case 'inv':
        return this.#relay.onInv(s, msg.items);
      case 'getdata':
        return this.#relay.onGetData(s, msg.items);
      case 'notfound':
        return this.#relay.onNotFound(s, msg.items);
      case 'block':
        return this.#relay.onBlock(s, msg.block);
      case 'tx':
        return this.#relay.onTx(s, msg.tx);
      case 'getheaders':
        return this.#sync.onGetHeaders(s, msg.locator, msg.stop);
      case 'headers':
        return this.#sync.onHeaders(s, msg.headers);
      case 'peers':
        return this.#mesh.onPeers(s, msg);
      case 'relay-signal':
        return this.#mesh.onRelaySignal(s, msg);
      default:
        return; // handshake and liveness messages stay in the session
    }
  }

  #onClosed(s: PeerSession, reason: string): void {
    if (this.#sessions.get(s.remoteId) === s) this.#sessions.delete(s.remoteId);
    this.emit('peer-closed', { remoteId: s.remoteId, key: s.key, reason });
    if (this.#closed || s.key === undefined) return;
    this.#download.peerClosed(s);
    this.#relay.peerClosed(s);
    this.#sync.peerClosed(s);
    this.#mesh.peersChanged();
  }

  /**
   * Scores a peer. Before its key is proven there is nobody to score (an impostor could
   * otherwise get an honest key banned): the connection is just closed.
   */
  #punish(s: PeerSession, code: MisbehaviourCode, penalty: number, disconnect = false): void {
    const key = s.key;
    if (s.state !== 'ready' || key === undefined) return s.close('protocol-violation');
    const r = this.scores.add(key, code, penalty);
    this.emit('peer-misbehaved', { remoteId: s.remoteId, key, code, penalty, score: r.score });
    if (r.bannedUntil !== undefined) {
      this.emit('peer-banned', { remoteId: s.remoteId, key, code, until: r.bannedUntil });
      for (const other of [...this.#sessions.values()])
        if (other.key === key) other.close('banned');
    } else if (disconnect) s.close(code);
  }

  #armTick(): void {
    this.#tickTimer = this.#timers.setTimeout(() => {
      this.#tickTimer = undefined;
      if (this.#closed) return;
      guarded('network tick', () => {
        const now = this.#clock.now();
        for (const s of [...this.#sessions.values()]) s.tick(now);
        this.#download.tick(now);
        this.#sync.tick(now);
        this.#relay.tick(now);
      });
      this.#armTick();
    }, this.limits.tickMs);
  }
}
