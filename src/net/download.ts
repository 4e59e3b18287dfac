/**
 * Block download along the best known header chains, in parallel from every peer that has the
 * blocks (Bitcoin Core's FindNextBlocksToDownload): each peer is asked for the lowest missing
 * bodies on the way to its best known block, at most 16 at a time, within a window above our
 * last connectable block. A request not delivered in time is taken from the peer and given
 * to another; a peer that keeps stalling is disconnected (threat model 32).
 */
import type { Hash } from '../core/hash.js';
import type { BlockEntry } from '../core/tree.js';
import type { NetContext } from './context.js';
import type { PeerSession } from './peer-session.js';

/** One block request. */
interface Request {
  readonly peer: PeerSession;
  readonly deadline: number;
}

/** Stalled (id, peer) pairs remembered, so a re-request goes elsewhere. */
const MAX_AVOID = 10_000;

/** Which block bodies are being fetched from whom. */
export class BlockDownload {
  readonly #inFlight = new Map<string, Request>();
  /** Block id → the peer that stalled on it or said notfound: ask someone else first. */
  readonly #avoid = new Map<string, PeerSession>();

  constructor(readonly ctx: NetContext) {}

  /** Blocks requested and not yet delivered, all peers together. */
  get size(): number {
    return this.#inFlight.size;
  }

  /** True when we asked this peer for this block. */
  isRequestedFrom(id: string, peer: PeerSession): boolean {
    return this.#inFlight.get(id)?.peer === peer;
  }

  /** True when anyone is being asked for this block. */
  isRequested(id: string): boolean {
    return this.#inFlight.has(id);
  }

  /**
   * Asks a peer for announced blocks not yet in our tree, as far as its free slots allow.
   * Returns those it could not ask for (the caller fetches their headers instead).
   */
  fetchAnnounced(peer: PeerSession, hashes: readonly Hash[], ids: readonly string[]): Hash[] {
    const free = this.ctx.limits.maxBlocksInFlightPerPeer - peer.inFlight.size;
    const ask: { id: string; hash: Hash }[] = [];
    const rest: Hash[] = [];
    ids.forEach((id, i) => {
      const hash = hashes[i] as Hash;
      if (this.#inFlight.has(id)) return;
      if (ask.length < free) ask.push({ id, hash });
      else rest.push(hash);
    });
    this.#send(peer, ask);
    return rest;
  }

  /** The block arrived (from anyone), or failed: stop waiting for it. */
  settled(id: string): void {
    const r = this.#inFlight.get(id);
    if (!r) return;
    this.#inFlight.delete(id);
    r.peer.inFlight.delete(id);
    this.#avoid.delete(id);
  }

  /** The peer does not have a block we asked it for: ask another. */
  notFound(peer: PeerSession, id: string): void {
    if (!this.isRequestedFrom(id, peer)) return;
    this.settled(id);
    this.#remember(id, peer);
  }

  /** The peer delivered something it was asked for: it is not stalling. */
  delivered(peer: PeerSession): void {
    peer.stalls = 0;
  }

  /** Requests more blocks from every peer with free slots. */
  schedule(): void {
    for (const peer of this.ctx.readyPeers()) {
      const free = this.ctx.limits.maxBlocksInFlightPerPeer - peer.inFlight.size;
      if (free <= 0) continue;
      const target = peer.best;
      const tip = this.ctx.node.chain.tip;
      // Only chains at least as good as ours are worth downloading (Core: nChainWork < tip).
      if (!target || !target.isValid || target.chainWork < tip.chainWork) continue;
      this.#send(peer, this.#missing(target, peer, free));
    }
  }

  /** The lowest bodies missing below `target`, skipping those asked of anyone already. */
  #missing(target: BlockEntry, peer: PeerSession, free: number): { id: string; hash: Hash }[] {
    const chain = this.ctx.node.chain;
    const path: BlockEntry[] = [];
    for (let e: BlockEntry | undefined = target; e && !e.linked; e = e.parent) path.push(e);
    const last = path[path.length - 1];
    if (!last) return [];
    const windowEnd = last.height - 1 + this.ctx.limits.blockDownloadWindow;
    const out: { id: string; hash: Hash }[] = [];
    for (let i = path.length - 1; i >= 0 && out.length < free; i--) {
      const e = path[i] as BlockEntry;
      if (e.height > windowEnd || !e.isValid) break;
      if (e.hasBody || this.#inFlight.has(e.id) || chain.orphans.has(e.id)) continue;
      if (this.#avoid.get(e.id) === peer) continue;
      out.push({ id: e.id, hash: e.hash });
    }
    return out;
  }

  #send(peer: PeerSession, blocks: readonly { id: string; hash: Hash }[]): void {
    if (blocks.length === 0) return;
    const deadline = this.ctx.clock.now() + this.ctx.limits.blockStallTimeoutMs;
    for (const b of blocks) {
      this.#inFlight.set(b.id, { peer, deadline });
      peer.inFlight.add(b.id);
    }
    peer.request({ type: 'getdata', items: blocks.map((b) => ({ kind: 'block', hash: b.hash })) });
  }

  /**
   * Takes overdue requests from their peers and gives them to others. A peer stalls once per
   * round however many of its requests timed out; at maxStalls rounds it is disconnected.
   */
  tick(now: number): void {
    const stalled = new Set<PeerSession>();
    for (const [id, r] of this.#inFlight) {
      if (r.deadline > now) continue;
      this.settled(id);
      this.#remember(id, r.peer);
      stalled.add(r.peer);
    }
    for (const peer of stalled) {
      // Core disconnects a staller without discouraging it: slowness is not malice.
      if (++peer.stalls >= this.ctx.limits.maxStalls) peer.close('stalling');
    }
    if (stalled.size > 0) this.schedule();
  }

  /** Forgets a closed peer's requests (and hands them to others). */
  peerClosed(peer: PeerSession): void {
    for (const id of peer.inFlight) this.#inFlight.delete(id);
    peer.inFlight.clear();
    for (const [id, p] of this.#avoid) if (p === peer) this.#avoid.delete(id);
    this.schedule();
  }

  #remember(id: string, peer: PeerSession): void {
    if (this.#avoid.size >= MAX_AVOID) this.#avoid.clear();
    this.#avoid.set(id, peer);
  }
}
