/**
 * The dialing policy of one node: whom to connect to, over which route, and when to try
 * again. A bounded number of peers, chosen for diversity rather than a full mesh (DESIGN,
 * "Mesh"): the newcomer dials the peers the server offers (only the newcomer dials, so the
 * server never causes glare), then nodes its peers know, through those peers (relay-signal),
 * so the mesh grows and heals without the server; a newcomer below its target tries the
 * server's introductions again with backoff. A full node makes room for a node with few links
 * (admission.ts). Each open data channel becomes a SimplePeerLink handed to the Network, which
 * runs the handshake and everything above.
 *
 * Who dials whom when both could: the lower node key. It decides glare (two offers crossing)
 * and reconnection after a drop, identically on both sides.
 */
import { bytesToHex } from '../../core/bytes.js';
import { Emitter } from '../../lib/emitter.js';
import { REAL_TIMERS, type Timers } from '../../lib/timers.js';
import { guarded } from '../../lib/guarded.js';
import type { SignalingPort } from '../signaling-client.js';
import { Admission } from './admission.js';
import { Connections } from './connections.js';
import { Dial, type DialHost, type Route } from './dial.js';
import {
  ENVELOPE_VERSION,
  envelopeFromBytes,
  envelopeToBytes,
  newAttemptId,
  parseEnvelope,
  type SignalEnvelope,
} from './envelope.js';
import { Introductions } from './introductions.js';
import {
  afterFailure,
  dialInfo,
  diverse,
  entryInfo,
  isTransient,
  resolveMeshOptions,
  sameRoute,
  shuffle,
  type LinkEntry as Entry,
  type LinkInfo,
  type MeshManagerEvents,
  type MeshManagerOptions,
  type MeshNetwork,
  type ResolvedMeshOptions,
} from './mesh-options.js';
import type { PeerFactory, SimplePeerInstance } from './peer-factory.js';
import { SimplePeerLink, type SimplePeerLinkOptions } from './peer-link.js';
import { Partitions } from './partitions.js';
import { Redials } from './redials.js';

export type { Route } from './dial.js';
export * from './mesh-options.js';

/** Keeps one node connected to a bounded, diverse set of peers over WebRTC. */
export class MeshManager extends Emitter<MeshManagerEvents> {
  /** Our node key, hex: stamped on our envelopes, compared to settle who dials. */
  readonly selfKey: string;
  readonly #net: MeshNetwork;
  readonly #signaling: SignalingPort | undefined;
  readonly #createPeer: PeerFactory;
  readonly #opts: ResolvedMeshOptions;
  readonly #randomBytes: (n: number) => Uint8Array;
  readonly #linkOpts: SimplePeerLinkOptions;
  readonly #timers: Timers;
  readonly #random: () => number;
  readonly #conns = new Connections();
  readonly #dials = this.#conns.dials;
  readonly #links = this.#conns.links;
  readonly #partitions = new Partitions();
  readonly #redials: Redials;
  /** The members the server offered, retried with backoff while we are below target. */
  readonly #introductions: Introductions;
  readonly #admission: Admission;
  readonly #now: () => number;
  readonly #dialHost: DialHost;
  readonly #off: (() => void)[];
  #latencyMs = 0;
  #topUpArmed = false;
  #tickTimer: unknown;
  #closed = false;

  constructor(opts: MeshManagerOptions) {
    super();
    this.#net = opts.network;
    this.#signaling = opts.signaling;
    this.#createPeer = opts.createPeer;
    this.#timers = opts.timers ?? REAL_TIMERS;
    this.#random = opts.random ?? Math.random;
    this.#randomBytes = opts.randomBytes ?? ((n) => crypto.getRandomValues(new Uint8Array(n)));
    this.#opts = resolveMeshOptions(opts);
    this.#linkOpts = { ...opts.link, timers: this.#timers, ...(opts.now ? { now: opts.now } : {}) };
    this.selfKey = bytesToHex(this.#net.identity.publicKey);
    const { backoff, maxRedials } = this.#opts;
    this.#redials = new Redials(this.#timers, backoff, this.#random, maxRedials);
    this.#introductions = new Introductions(backoff, this.#random);
    const { maxPeers } = this.#opts;
    this.#admission = new Admission(this.#conns, this.#partitions, this.#net, maxPeers);
    this.#now = opts.now ?? (() => Date.now());
    this.#dialHost = {
      timers: this.#timers,
      selfKey: this.selfKey,
      links: () => this.#links.size,
      connectTimeoutMs: this.#opts.connectTimeoutMs,
      send: (dial, envelope) => this.#send(dial.remoteId, dial.route, envelope),
      connected: (dial, peer) => this.#connected(dial, peer),
      failed: (dial, reason) => this.#failed(dial, reason),
    };
    this.#off = this.#listen();
    this.#tick();
  }

  /** Every connection, attempts included. */
  links(): LinkInfo[] {
    return this.#conns.infos();
  }

  /** The artificial delay on outgoing frames, ms. */
  get latencyMs(): number {
    return this.#latencyMs;
  }

  /** Delays every outgoing frame by `ms` on all links, now and later (the teaching lab). */
  setLatency(ms: number): void {
    this.#latencyMs = Math.max(0, ms);
    for (const e of this.#links.values()) e.link.latencyMs = this.#latencyMs;
  }

  /**
   * Cuts the connections to the given transport ids or node keys (64 hex) and refuses them
   * until healed, in both directions: no dial to them, no answer to their offers.
   */
  partition(targets: Iterable<string>): void {
    this.#partitions.block(targets);
    for (const [remoteId, e] of [...this.#links]) {
      if (!this.#isBlocked(remoteId, e.key)) continue;
      this.#partitions.cut(remoteId, e.key);
      this.#net.disconnect(remoteId, 'partitioned');
      e.link.close('partitioned'); // if the network never took it
    }
    for (const d of [...this.#dials.values()]) {
      if (this.#isBlocked(d.remoteId, d.key)) d.abort('partitioned');
    }
  }

  /** Lifts the partition of the given targets (all when omitted) and redials whom it cut. */
  heal(targets?: Iterable<string>): void {
    // Whatever the key order: the other side may not know the partition is over.
    for (const { remoteId, key } of this.#partitions.heal(targets)) {
      if (key !== undefined) this.#redials.restart(key, remoteId, () => this.#redial(key));
    }
    this.#scheduleTopUp();
  }

  /** Stops dialing and answering, and closes every connection; the network stays open. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const off of this.#off) off();
    this.#timers.clearTimeout(this.#tickTimer);
    this.#redials.clear();
    for (const d of [...this.#dials.values()]) d.abort('shutdown', true);
    this.#dials.clear();
    for (const e of [...this.#links.values()]) e.link.close('shutdown');
  }

  #listen(): (() => void)[] {
    const net = this.#net;
    const offs = [
      net.on('relay-signal', ({ from, via, payload }) => {
        const envelope = envelopeFromBytes(payload);
        if (envelope) this.#incoming(from, envelope, { kind: 'relay', via });
      }),
      net.on('mesh-peers', ({ via, peers }) => {
        this.#admission.lists.note(via, peers);
        this.#scheduleTopUp();
      }),
      net.on('peer-ready', ({ remoteId, key }) => this.#ready(remoteId, key)),
    ];
    const s = this.#signaling;
    if (!s) return offs;
    return offs.concat([
      s.on('welcome', ({ peers }) => this.#welcome(peers)),
      s.on('signal', ({ from, data }) => {
        const envelope = parseEnvelope(data);
        if (envelope) this.#incoming(from, envelope, { kind: 'server' });
      }),
      // Half-done attempts through the server to a peer it no longer knows will never finish.
      s.on('peer-left', ({ id }) => {
        this.#introductions.delete(id);
        this.#conns.abortServerDial(id, 'peer-left');
      }),
      s.on('error', ({ code, peer }) => {
        if (code === 'unknown-peer' && peer !== undefined) this.#conns.abortServerDial(peer, code);
      }),
    ]);
  }

  #welcome(peers: readonly string[]): void {
    this.#introductions.reset(peers);
    for (const id of shuffle([...peers], this.#random)) {
      if (this.#conns.count() >= this.#opts.targetPeers) break;
      if (!this.#isBlocked(id, undefined)) this.#dial(id, { kind: 'server' }, undefined);
    }
    this.#scheduleTopUp();
  }

  /** Dials the nodes our peers know until the target is reached, spread over our peers. */
  #topUp(): void {
    if (this.#closed) return;
    const room = this.#opts.targetPeers - this.#conns.count();
    if (room <= 0) return;
    const candidates = this.#net
      .knownNodes()
      .filter(
        (n) =>
          !this.#conns.inUse(n.id) &&
          !this.#conns.hasKey(n.key) &&
          !this.#isBlocked(n.id, n.key) &&
          !this.#redials.has(n.key) &&
          !this.#net.scores.isBanned(n.key),
      );
    let dialed = 0;
    for (const n of diverse(candidates, room, this.#random)) {
      if (this.#dial(n.id, { kind: 'relay', via: n.via }, n.key)) dialed++;
    }
    // Still short (a newcomer whom every offered member refused): the server's introductions
    // again, each after its own backoff, for as long as we stay below target.
    if (this.#signaling?.id === undefined) return;
    const due = this.#introductions.due(this.#now());
    for (const id of shuffle(due, this.#random)) {
      if (dialed >= room) break;
      if (!this.#isBlocked(id, undefined) && this.#dial(id, { kind: 'server' }, undefined))
        dialed++;
    }
  }

  #dial(remoteId: string, route: Route, key: string | undefined): boolean {
    if (this.#closed || this.#conns.inUse(remoteId)) return false;
    return this.#start(remoteId, newAttemptId(this.#randomBytes), true, route, key) !== undefined;
  }

  /** Starts an attempt and reports it as connecting. */
  #start(id: string, attempt: string, initiator: boolean, route: Route, key: string | undefined) {
    let dial: Dial;
    try {
      dial = new Dial(this.#dialHost, this.#createPeer, id, attempt, initiator, route, key);
    } catch (e) {
      console.error('cannot create a WebRTC peer', e); // no WebRTC here: nothing to retry
      return undefined;
    }
    this.#dials.set(id, dial);
    this.emit('link-state', dialInfo(dial, 'connecting'));
    return dial;
  }

  #incoming(from: string, envelope: SignalEnvelope, route: Route): void {
    if (this.#closed || envelope.key === this.selfKey) return;
    const signal = envelope.signal;
    if (signal?.type === 'offer') return this.#offer(from, envelope, route);
    const dial = this.#dials.get(from);
    // Only the attempt's own route may continue it: nobody else learns the attempt id.
    if (!dial || dial.attempt !== envelope.attempt || !sameRoute(dial.route, route)) return;
    if (envelope.refuse !== undefined) dial.abort(`refused-${envelope.refuse}`);
    else if (signal) dial.signal(signal);
  }

  #offer(from: string, envelope: SignalEnvelope, route: Route): void {
    const existing = this.#dials.get(from);
    if (existing?.attempt === envelope.attempt) return; // the same offer again
    const refusal = this.#admission.refusal(from, envelope.key, existing, envelope.links ?? 0);
    if (refusal !== undefined) {
      this.#send(from, route, {
        v: ENVELOPE_VERSION,
        key: this.selfKey,
        attempt: envelope.attempt,
        refuse: refusal,
      });
      return;
    }
    if (existing?.initiator && this.selfKey < envelope.key) return; // glare: ours stands
    existing?.abort('glare', true); // glare lost, or a newer offer replacing an older one
    if (existing) this.#dials.delete(from);
    const dial = this.#start(from, envelope.attempt, false, route, envelope.key);
    if (dial && envelope.signal) dial.signal(envelope.signal);
  }

  #send(to: string, route: Route, envelope: SignalEnvelope): boolean {
    if (route.kind === 'server') return this.#signaling?.sendSignal(to, envelope) ?? false;
    const bytes = envelopeToBytes(envelope);
    return bytes !== undefined && this.#net.sendSignal(route.via, to, bytes);
  }

  #connected(dial: Dial, peer: SimplePeerInstance): void {
    this.#conns.endDial(dial);
    if (this.#closed) return void peer.destroy();
    const link = new SimplePeerLink(peer, dial.remoteId, {
      ...this.#linkOpts,
      latencyMs: this.#latencyMs,
    });
    const entry: Entry = {
      link,
      initiator: dial.initiator,
      route: dial.route,
      key: dial.key,
      ready: false,
      since: this.#now(),
    };
    this.#introductions.delete(dial.remoteId);
    this.#links.set(dial.remoteId, entry);
    link.onClose((reason) => this.#linkClosed(dial.remoteId, entry, reason));
    this.emit('link-state', entryInfo(dial.remoteId, entry));
    this.#net.addLink(link);
  }

  #failed(dial: Dial, reason: string): void {
    this.#conns.endDial(dial);
    this.emit('link-state', { ...dialInfo(dial, 'closed'), reason });
    if (dial.initiator && dial.route.kind === 'server') {
      // An introduction is tried again after its backoff, unless it never will work.
      const next = afterFailure(reason);
      const wait = this.#introductions.failed(dial.remoteId, this.#now(), next);
      if (wait !== undefined) this.#timers.setTimeout(() => this.#scheduleTopUp(), wait);
    }
    const key = dial.key;
    if (dial.initiator && key !== undefined && !this.#closed && !this.#conns.hasKey(key)) {
      // A failed candidate waits out a backoff before it is tried again, at most maxRedials.
      const next = afterFailure(reason);
      if (next === 'retry') this.#redials.schedule(key, dial.remoteId, () => this.#redial(key));
      else if (next === 'give-up') this.#redials.giveUp(key, dial.remoteId);
      else this.#redials.delete(key);
    }
    this.#scheduleTopUp();
  }

  #ready(remoteId: string, key: string): void {
    const entry = this.#links.get(remoteId);
    if (!entry) return;
    entry.key = key;
    entry.ready = true;
    this.#redials.delete(key);
    this.emit('link-state', entryInfo(remoteId, entry));
    if (this.#isBlocked(remoteId, key)) this.#net.disconnect(remoteId, 'partitioned');
  }

  #linkClosed(remoteId: string, entry: Entry, reason: string): void {
    if (this.#links.get(remoteId) === entry) this.#links.delete(remoteId);
    this.#admission.lists.forget(remoteId);
    this.emit('link-state', { ...entryInfo(remoteId, entry), state: 'closed', reason });
    if (this.#closed) return;
    const key = entry.key;
    if (entry.ready && key !== undefined && isTransient(reason) && this.selfKey < key) {
      this.#redials.schedule(key, remoteId, () => this.#redial(key));
    }
    this.#scheduleTopUp();
  }

  /** One redial of a key: through a peer that knows it, else through the server. */
  #redial(key: string): void {
    const last = this.#redials.remoteId(key) ?? '';
    const gone = this.#closed || this.#conns.hasKey(key) || this.#net.scores.isBanned(key);
    // Connected meanwhile, banned, or partitioned (heal() starts afresh): nothing to redial.
    if (gone || this.#isBlocked(last, key)) return this.#redials.delete(key);
    const known = this.#net
      .knownNodes()
      .find((n) => n.key === key && !this.#isBlocked(n.id, undefined));
    let dialed = false;
    if (known !== undefined) dialed = this.#dial(known.id, { kind: 'relay', via: known.via }, key);
    else if (last !== '' && this.#signaling?.id !== undefined) {
      dialed = this.#dial(last, { kind: 'server' }, key);
    }
    // No route now: counts as a failed try, so the schedule stays bounded.
    if (!dialed) this.#redials.schedule(key, last, () => this.#redial(key));
  }

  #scheduleTopUp(): void {
    if (this.#topUpArmed || this.#closed) return;
    this.#topUpArmed = true;
    // Deferred: link events arrive from inside the network's own calls.
    this.#timers.setTimeout(() => {
      this.#topUpArmed = false;
      guarded('mesh top-up', () => this.#topUp());
    }, 0);
  }

  #tick(): void {
    this.#tickTimer = this.#timers.setTimeout(() => {
      if (this.#closed) return;
      guarded('mesh top-up', () => this.#topUp());
      this.#tick();
    }, this.#opts.topUpIntervalMs);
  }

  #isBlocked(remoteId: string, key: string | undefined): boolean {
    return this.#partitions.isBlocked(remoteId, key);
  }
}
