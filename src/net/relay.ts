/**
 * Relay of blocks and transactions: announcement (inv), request (getdata), delivery, with
 * per-peer known sets so nothing is announced twice. A block this node mined is pushed whole
 * to every peer (one hop less for the block that matters most); other new best blocks are
 * announced. A transaction is relayed only once the node accepted it (threat model 19), via
 * the node's tx-accepted event. Unrequested blocks are processed only when they could matter
 * (threat model 30) and at a bounded rate.
 */
import { encodeBlock, type Block } from '../core/block.js';
import { hexToHash, type Hash } from '../core/hash.js';
import { headerHash } from '../core/header.js';
import { workFromBits } from '../core/pow.js';
import { findFork, hashId, type BlockEntry } from '../core/tree.js';
import { txId, type TransferTx } from '../core/tx.js';
import { guarded } from '../lib/guarded.js';
import type { NetContext } from './context.js';
import type { BlockDownload } from './download.js';
import type { PeerSession } from './peer-session.js';
import { BoundedSet } from './protocol/bounded.js';
import { GetDataServer } from './serve.js';
import { TxRequests } from './tx-request.js';
import type { HeaderSync } from './sync.js';
import { MAX_INV_ITEMS, encodeMessage, type InvItem } from './wire.js';

/** Where a block would stand in our tree. */
interface Place {
  /** Its body is stored, or it waits in the orphan pool. */
  readonly duplicate: boolean;
  /** Its header is in our tree already. */
  readonly known: boolean;
  /** Undefined when its parent is unknown. */
  readonly height: number | undefined;
  readonly work: bigint;
  /** Storing it would not move our tip (no more work than it): a side block. */
  readonly side: boolean;
}

/** Most blocks announced after one tip change (Core MAX_BLOCKS_TO_ANNOUNCE). */
export const MAX_BLOCKS_TO_ANNOUNCE = 8;

/** Block and transaction relay. */
export class Relay {
  /** Transactions refused since the tip last moved (Core's m_recent_rejects). */
  readonly #recentRejects: BoundedSet;
  readonly #txRequests: TxRequests;
  /** Accepted transactions waiting for the next announcement round. */
  readonly #pendingTxs = new Set<string>();
  readonly #serve: GetDataServer;
  #announced: BlockEntry;
  #armed = false;
  /** Own blocks are neither pushed nor announced (the lab's selfish miner). */
  #withholding = false;

  constructor(
    readonly ctx: NetContext,
    readonly sync: HeaderSync,
    readonly download: BlockDownload,
  ) {
    this.#recentRejects = new BoundedSet(ctx.limits.seenCapacity);
    this.#serve = new GetDataServer(ctx);
    this.#txRequests = new TxRequests(ctx);
    this.#announced = ctx.node.chain.tip;
  }

  /**
   * A new peer: announce our tip (it may have moved since our hello) and our mempool (a late
   * joiner sees the pending payments).
   */
  onReady(peer: PeerSession): void {
    const tip = this.#withholding ? this.#announced : this.ctx.node.chain.tip;
    if (tip.height > 0) this.#announce(peer, 'block', [tip.id]);
    const ids = this.ctx.node.chain.mempool.entries().map((e) => hashId(e.id));
    this.#announce(peer, 'tx', ids);
  }

  /** Announcements: fetch what we lack. */
  onInv(peer: PeerSession, items: readonly InvItem[]): void {
    const chain = this.ctx.node.chain;
    const unknownHashes: Hash[] = [];
    const unknownIds: string[] = [];
    const txs: { id: string; hash: Hash }[] = [];
    const named = new Set<string>();
    for (const item of items) {
      const id = hashId(item.hash);
      // An item named twice is handled once, so our getdata never repeats one (serve.ts).
      if (named.has(id)) continue;
      named.add(id);
      peer.known.add(id);
      if (item.kind === 'block') {
        if (chain.tree.get(id)) this.sync.noteAvailability(peer, id);
        else if (!chain.orphans.has(id)) {
          peer.lastUnknown = id;
          unknownHashes.push(item.hash);
          unknownIds.push(id);
        }
        continue;
      }
      if (chain.mempool.has(item.hash) || this.#recentRejects.has(id)) continue;
      txs.push({ id, hash: item.hash });
    }
    if (txs.length > 0) this.#txRequests.announced(peer, txs);
    // Unknown blocks are asked for directly (one round trip); past the peer's free slots,
    // their headers are fetched instead and the download takes over.
    const rest = this.download.fetchAnnounced(peer, unknownHashes, unknownIds);
    if (rest.length > 0) this.sync.askHeaders(peer);
    this.download.schedule();
  }

  /** Requests: answered within the peer's budget (serve.ts). */
  onGetData(peer: PeerSession, items: readonly InvItem[]): void {
    this.#serve.onGetData(peer, items);
  }

  /** The peer lacks what we asked for: ask elsewhere. */
  onNotFound(peer: PeerSession, items: readonly InvItem[]): void {
    for (const item of items) {
      const id = hashId(item.hash);
      if (item.kind === 'block') this.download.notFound(peer, id);
      else this.#txRequests.notFound(peer, id);
    }
    this.download.schedule();
  }

  /**
   * A block: requested, or worth processing unrequested; never one far below our tip's work,
   * and side blocks only within the peer's caps. The outcome may cost the peer.
   */
  onBlock(peer: PeerSession, block: Block): void {
    const id = hashId(headerHash(block.header));
    peer.known.add(id);
    const requested = this.download.isRequestedFrom(id, peer);
    if (requested) this.download.delivered(peer);
    const place = this.#placeOf(block, id);
    // Along a header chain we chose to download, a block is wanted wherever it stands.
    const vetted = requested && place.known;
    if (!vetted) {
      const want = this.#worth(place, requested);
      // A fast miner's pushes are welcome however many there are; only pushes that could
      // not help (duplicates, low-work side blocks) draw on the flood allowance. Blocks too
      // far ahead are dropped for free: the sender is honest, we are the ones behind.
      if (want === 'no' && !requested && !peer.unrequested.take()) {
        return this.ctx.violation(peer, 'unrequested-flood');
      }
      // A request of ours that is not worth storing after all: stop waiting for it.
      if (want !== 'yes') return requested ? this.download.settled(id) : undefined;
      if (place.side && !this.#takeSide(peer, block)) {
        if (requested) this.download.settled(id);
        return this.ctx.violation(peer, 'side-branch-flood');
      }
    }
    const outcome = this.ctx.node.submitBlock(block, peer.remoteId);
    this.download.settled(id);
    switch (outcome.status) {
      case 'rejected':
        if (outcome.error.penalty > 0)
          this.ctx.punish(peer, outcome.error.code, outcome.error.penalty);
        break;
      case 'orphan':
        this.sync.askAfterOrphan(peer);
        break;
      case 'future':
        break; // the node retries it when the clock catches up: not an offence
      default:
        this.sync.noteAvailability(peer, id);
    }
    this.download.schedule();
  }

  /** Where a block would stand in our tree (unknown parent: an orphan). */
  #placeOf(block: Block, id: string): Place {
    const chain = this.ctx.node.chain;
    const existing = chain.tree.get(id);
    const duplicate = existing?.hasBody === true || chain.orphans.has(id);
    const tip = chain.tip;
    if (existing) {
      const side = existing.chainWork <= tip.chainWork;
      return { duplicate, known: true, height: existing.height, work: existing.chainWork, side };
    }
    const parent = chain.tree.getByHash(block.header.prevHash);
    if (!parent) return { duplicate, known: false, height: undefined, work: 0n, side: false };
    const work = parent.chainWork + workFromBits(block.header.bits);
    return {
      duplicate,
      known: false,
      height: parent.height + 1,
      work,
      side: work <= tip.chainWork,
    };
  }

  /**
   * Whether a block is worth the work (Core AcceptBlock with fRequested false). Never when
   * its work is far below our tip's (the store threshold, sync.ts): cheap branches are not
   * stored. Unrequested, also within 288 blocks of our tip and either more work than it or
   * within one block's work of it, which is what a peer's push of the block it just mined
   * racing ours is; or of unknown parent (the orphan pool is bounded and the parent is
   * fetched). Anything else is dropped unprocessed.
   */
  #worth(place: Place, requested: boolean): 'yes' | 'no' | 'ahead' {
    if (place.duplicate) return 'no';
    if (place.height === undefined) return 'yes';
    if (place.work < this.sync.storeThreshold()) return 'no';
    if (requested) return 'yes';
    const tip = this.ctx.node.chain.tip;
    if (place.height > tip.height + this.ctx.limits.maxUnrequestedAhead) return 'ahead';
    const race = tip.chainWork - workFromBits(tip.header.bits);
    return place.work > tip.chainWork || place.work >= race ? 'yes' : 'no';
  }

  /** Charges a side block to the peer's caps; false when over them (the block is dropped). */
  #takeSide(peer: PeerSession, block: Block): boolean {
    return peer.side.blocks.take() && peer.side.bytes.take(encodeBlock(block).length);
  }

  /** A transaction: verified by the node before anything is relayed. */
  onTx(peer: PeerSession, tx: TransferTx): void {
    const id = hashId(txId(tx));
    peer.known.add(id);
    if (!this.#txRequests.isRequestedFrom(peer, id) && !peer.unrequested.take()) {
      return this.ctx.violation(peer, 'unrequested-flood');
    }
    if (this.#recentRejects.has(id)) return this.#txRequests.forget(id);
    const r = this.ctx.node.submitTransaction(tx, peer.remoteId);
    // Accepted or refused, it is no longer wanted from anyone.
    this.#txRequests.forget(id);
    if (r.ok) return; // relayed from the node's tx-accepted event
    this.#recentRejects.add(id);
    if (r.error.penalty > 0) this.ctx.punish(peer, r.error.code, r.error.penalty);
  }

  /** The node mined a block: push it whole to every peer that does not have it. */
  blockMined(entry: BlockEntry, block: Block): void {
    if (this.#withholding) return;
    const frame = encodeMessage({ type: 'block', block });
    for (const peer of this.ctx.readyPeers()) {
      if (peer.known.has(entry.id)) continue;
      peer.known.add(entry.id);
      peer.sendFrame(frame);
    }
  }

  /** The tip moved: announce soon (after a push of the same block, which comes first). */
  tipChanged(): void {
    // Transactions refused against the old tip may be valid against the new one.
    this.#recentRejects.clear();
    this.#arm();
  }

  /** The node accepted a transaction (from a peer, the wallet or a reorg): announce it. */
  txAccepted(id: string): void {
    this.#pendingTxs.add(id);
    if (this.#pendingTxs.size >= MAX_INV_ITEMS) this.#flush();
    else this.#arm();
  }

  /** Announcements are batched into one round per turn of the event loop. */
  #arm(): void {
    if (this.#armed) return;
    this.#armed = true;
    this.ctx.timers.setTimeout(() => {
      this.#armed = false;
      guarded('announcement', () => this.#flush());
    }, 0);
  }

  /**
   * Withholding keeps this node's new best blocks to itself: no push, no announcement, and
   * new peers hear of the last announced tip. Releasing announces the whole branch at once.
   * A peer that asks (getheaders) is still answered: withholding hides, it does not lie.
   */
  withhold(on: boolean): void {
    this.#withholding = on;
    if (!on) this.#arm();
  }

  /** True while withholding. */
  get withholding(): boolean {
    return this.#withholding;
  }

  #flush(): void {
    const txs = [...this.#pendingTxs];
    this.#pendingTxs.clear();
    const blocks = this.#withholding ? [] : this.#newBlocks();
    for (const peer of this.ctx.readyPeers()) {
      this.#announce(peer, 'block', blocks);
      this.#announce(peer, 'tx', txs);
    }
  }

  /** Ids of the blocks that joined the best chain since the last announcement (up to 8). */
  #newBlocks(): string[] {
    const tip = this.ctx.node.chain.tip;
    const from = this.#announced;
    if (tip === from) return [];
    this.#announced = tip;
    // While far behind the best header we are syncing, not relaying (Core: no inv in IBD).
    if (this.sync.bestHeader.height - tip.height > MAX_BLOCKS_TO_ANNOUNCE) return [];
    const fork = findFork(from, tip);
    const ids: string[] = [];
    for (let e: BlockEntry | undefined = tip; e && e !== fork; e = e.parent) {
      ids.push(e.id);
      if (ids.length >= MAX_BLOCKS_TO_ANNOUNCE) break;
    }
    return ids.reverse();
  }

  #announce(peer: PeerSession, kind: InvItem['kind'], ids: readonly string[]): void {
    const fresh = ids.filter((id) => !peer.known.has(id));
    for (let i = 0; i < fresh.length; i += MAX_INV_ITEMS) {
      const chunk = fresh.slice(i, i + MAX_INV_ITEMS);
      for (const id of chunk) peer.known.add(id);
      peer.send({ type: 'inv', items: chunk.map((id) => ({ kind, hash: hexToHash(id) })) });
    }
  }

  /** Overdue transaction requests go to another announcer. */
  tick(now: number): void {
    this.#txRequests.tick(now);
  }

  /** Forgets a closed peer's requests; what it was asked goes to other announcers. */
  peerClosed(peer: PeerSession): void {
    this.#serve.peerClosed(peer);
    this.#txRequests.peerClosed(peer);
  }
}
