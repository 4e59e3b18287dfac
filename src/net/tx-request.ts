/**
 * Which transactions to ask of whom (Bitcoin Core's TxRequestTracker, txrequest.cpp, simplified):
 * every peer that announces a transaction we lack is a candidate to fetch it from; one of them
 * at a time is asked, and when it answers notfound, times out or leaves, the next candidate is
 * asked. Limits are per peer, so one peer's announcements can never hold up another's: each
 * peer has at most maxTxInFlightPerPeer requests outstanding (Core
 * MAX_PEER_TX_REQUEST_IN_FLIGHT) and maxTxAnnouncementsPerPeer announcements tracked (Core
 * MAX_PEER_TX_ANNOUNCEMENTS); what is past them waits or is dropped, for that peer alone.
 */
import type { Hash } from '../core/hash.js';
import type { NetContext } from './context.js';
import type { PeerSession } from './peer-session.js';

/** One transaction we lack and who could give it to us. */
interface Wanted {
  readonly hash: Hash;
  /** Peers that announced it and have not failed it, in announcement order. */
  readonly announcers: Set<PeerSession>;
  requested: { readonly peer: PeerSession; readonly deadline: number } | undefined;
}

/** One peer's share of the tracker. */
interface PeerTxs {
  /** Ids it announced that were not asked of it yet, oldest first. */
  readonly waiting: Set<string>;
  /** Ids asked of it and not yet answered. */
  readonly inFlight: Set<string>;
}

/** Transaction announcements and requests, per peer. */
export class TxRequests {
  readonly #wanted = new Map<string, Wanted>();
  /** The wanted transactions asked of someone (at most maxTxInFlightPerPeer per peer). */
  readonly #requested = new Map<string, Wanted>();
  readonly #peers = new Map<PeerSession, PeerTxs>();
  /** Requests to send at the end of the current operation, by peer. */
  readonly #outbox = new Map<PeerSession, Hash[]>();

  constructor(readonly ctx: NetContext) {}

  /** Transactions being tracked (for tests and bounds). */
  get size(): number {
    return this.#wanted.size;
  }

  /** Requests outstanding to a peer. */
  inFlight(peer: PeerSession): number {
    return this.#peers.get(peer)?.inFlight.size ?? 0;
  }

  /** A peer announced transactions we lack: ask it, or keep it as a candidate. */
  announced(peer: PeerSession, txs: readonly { id: string; hash: Hash }[]): void {
    const p = this.#peer(peer);
    for (const { id, hash } of txs) {
      let w = this.#wanted.get(id);
      if (w?.announcers.has(peer) || p.inFlight.has(id)) continue;
      // Past its allowance the peer's announcements are not tracked: only it loses by that.
      if (p.waiting.size + p.inFlight.size >= this.ctx.limits.maxTxAnnouncementsPerPeer) break;
      if (!w) {
        w = { hash, announcers: new Set(), requested: undefined };
        this.#wanted.set(id, w);
      }
      w.announcers.add(peer);
      p.waiting.add(id);
    }
    this.#fill(peer, p);
    this.#send();
  }

  /** True when the transaction is being asked of this peer. */
  isRequestedFrom(peer: PeerSession, id: string): boolean {
    return this.#wanted.get(id)?.requested?.peer === peer;
  }

  /** Stops tracking a transaction (the node accepted or refused it). */
  forget(id: string): void {
    const w = this.#wanted.get(id);
    if (!w) return;
    this.#wanted.delete(id);
    this.#requested.delete(id);
    for (const peer of w.announcers) this.#peers.get(peer)?.waiting.delete(id);
    const asked = w.requested?.peer;
    const p = asked && this.#peers.get(asked);
    if (asked && p) {
      p.inFlight.delete(id);
      this.#fill(asked, p);
    }
    this.#send();
  }

  /** The peer does not have it: ask the next announcer. */
  notFound(peer: PeerSession, id: string): void {
    const w = this.#wanted.get(id);
    if (w?.requested?.peer !== peer) return;
    this.#failed(id, w);
    this.#send();
  }

  /** Requests past their deadline go to the next announcer. */
  tick(now: number): void {
    for (const [id, w] of this.#requested) {
      if (w.requested && w.requested.deadline <= now) this.#failed(id, w);
    }
    this.#send();
  }

  /** A peer left: its announcements are dropped, its requests go to other announcers. */
  peerClosed(peer: PeerSession): void {
    const p = this.#peers.get(peer);
    if (!p) return;
    this.#peers.delete(peer);
    for (const id of p.waiting) this.#dropAnnouncer(id, peer);
    for (const id of p.inFlight) {
      const w = this.#wanted.get(id);
      if (w) this.#failed(id, w);
    }
    this.#send();
  }

  #peer(peer: PeerSession): PeerTxs {
    let p = this.#peers.get(peer);
    if (!p) {
      p = { waiting: new Set(), inFlight: new Set() };
      this.#peers.set(peer, p);
    }
    return p;
  }

  /** The request to `w.requested` failed: that peer is no longer a candidate. */
  #failed(id: string, w: Wanted): void {
    const peer = w.requested?.peer;
    w.requested = undefined;
    this.#requested.delete(id);
    if (peer) {
      const p = this.#peers.get(peer);
      p?.inFlight.delete(id);
      this.#dropAnnouncer(id, peer);
      if (p) this.#fill(peer, p);
    }
    if (!this.#wanted.has(id)) return;
    // The next announcer with room is asked now; the others keep it waiting for a free slot.
    const cap = this.ctx.limits.maxTxInFlightPerPeer;
    for (const next of w.announcers) {
      const p = this.#peers.get(next);
      if (p && p.inFlight.size < cap) return this.#ask(next, p, id, w);
    }
  }

  #dropAnnouncer(id: string, peer: PeerSession): void {
    this.#peers.get(peer)?.waiting.delete(id);
    const w = this.#wanted.get(id);
    if (!w) return;
    w.announcers.delete(peer);
    if (w.announcers.size === 0 && !w.requested) this.#wanted.delete(id);
  }

  /** Asks a peer for what it announced, as far as its free slots allow. */
  #fill(peer: PeerSession, p: PeerTxs): void {
    const cap = this.ctx.limits.maxTxInFlightPerPeer;
    for (const id of p.waiting) {
      if (p.inFlight.size >= cap) return;
      const w = this.#wanted.get(id);
      if (!w) p.waiting.delete(id);
      else if (!w.requested) this.#ask(peer, p, id, w);
      // else: asked of another peer; this one stays a candidate should that one fail.
    }
  }

  #ask(peer: PeerSession, p: PeerTxs, id: string, w: Wanted): void {
    p.waiting.delete(id);
    p.inFlight.add(id);
    w.requested = { peer, deadline: this.ctx.clock.now() + this.ctx.limits.txRequestTimeoutMs };
    this.#requested.set(id, w);
    const out = this.#outbox.get(peer);
    if (out) out.push(w.hash);
    else this.#outbox.set(peer, [w.hash]);
  }

  #send(): void {
    for (const [peer, hashes] of this.#outbox) {
      if (peer.state === 'ready') {
        peer.request({ type: 'getdata', items: hashes.map((hash) => ({ kind: 'tx', hash })) });
      }
    }
    this.#outbox.clear();
  }
}
