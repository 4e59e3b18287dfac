/**
 * Headers-first sync (Bitcoin Core since 0.10): a node that is behind asks one peer at a time
 * for headers after its locator, 2,000 a message, validates that they chain and hands them to
 * the node; the block download (download.ts) then fetches bodies along the best header chain
 * from every peer that has them. A branch far below our tip's work is presynced in memory
 * first and stored only once it proved its work (presync.ts, Core's headers presync). Also
 * serves getheaders, and tracks each peer's best known block and our best header, for the
 * download and for progress reports.
 */
import { bytesEqual } from '../core/bytes.js';
import type { Hash } from '../core/hash.js';
import { ZERO_HASH } from '../core/hash.js';
import { RULE_PENALTIES } from '../core/errors.js';
import { headerHash, type BlockHeader } from '../core/header.js';
import { workFromBits } from '../core/pow.js';
import { powLimitOf } from '../core/rules-sanity.js';
import { MAX_HEADERS_PER_MESSAGE, locatorFork } from '../core/sync.js';
import { hashId, locatorOf, type BlockEntry } from '../core/tree.js';
import type { NetContext } from './context.js';
import type { BlockDownload } from './download.js';
import type { PeerSession } from './peer-session.js';
import { HeadersPresync, type PresyncStep } from './presync.js';

/** Bytes of a presync's secret salt. */
const SALT_BYTES = 16;

/** Headers sync and each peer's known chain. */
export class HeaderSync {
  #best: BlockEntry;
  /** The peer we are syncing headers from, while it has more to give. */
  #syncPeer: PeerSession | undefined;
  #progress = { have: -1, target: -1 };

  constructor(
    readonly ctx: NetContext,
    readonly download: BlockDownload,
  ) {
    this.#best = this.#scanBest();
  }

  /** The most-work valid entry of our tree, body or not (Core's m_best_header). */
  get bestHeader(): BlockEntry {
    if (!this.#best.isValid) this.#best = this.#scanBest();
    return this.#best;
  }

  #scanBest(): BlockEntry {
    let best = this.ctx.node.chain.tip;
    for (const e of this.ctx.node.chain.tree.entries()) {
      if (e.isValid && e.chainWork > best.chainWork) best = e;
    }
    return best;
  }

  /** A new entry in the tree (header or block). */
  noteEntry(entry: BlockEntry): void {
    if (entry.isValid && entry.chainWork > this.bestHeader.chainWork) this.#best = entry;
  }

  /** The peer has the block `id` (and its ancestors): update its best known block. */
  noteAvailability(peer: PeerSession, id: string): void {
    const e = this.ctx.node.chain.tree.get(id);
    if (!e) {
      peer.lastUnknown = id;
      return;
    }
    if (peer.lastUnknown === id) peer.lastUnknown = undefined;
    const best = peer.best;
    if (!e.isValid || (best?.isValid && e.chainWork <= best.chainWork)) return;
    peer.best = e;
    if (peer.key) {
      const tip = { id: e.id, height: e.height, chainWork: e.chainWork };
      this.ctx.emit('peer-tip', { remoteId: peer.remoteId, key: peer.key, tip });
    }
  }

  /** A peer completed its handshake: sync from it if it claims more work than we know. */
  onReady(peer: PeerSession): void {
    const hello = peer.hello;
    if (!hello) return;
    const id = hashId(hello.tip.hash);
    this.noteAvailability(peer, id);
    if (!this.ctx.node.chain.tree.get(id)) peer.claimed = { id, chainWork: hello.tip.chainWork };
    this.#maybeStartSync();
  }

  /** Asks a peer for headers after `from` (our best header by default), one request at a time. */
  askHeaders(peer: PeerSession, from: BlockEntry = this.bestHeader): void {
    this.#ask(peer, locatorOf(from));
  }

  #ask(peer: PeerSession, locator: Hash[]): void {
    if (peer.headersAskedAt !== undefined || peer.state !== 'ready') return;
    peer.headersAskedAt = this.ctx.clock.now();
    peer.request({ type: 'getheaders', locator, stop: ZERO_HASH });
  }

  /**
   * An orphan block or unconnecting headers from a peer: fetch what links them, at most once
   * per unconnectingRetryMs per peer and without a penalty (threat model 29).
   */
  askAfterOrphan(peer: PeerSession): void {
    const now = this.ctx.clock.now();
    if (now - peer.lastUnconnectingAsk < this.ctx.limits.unconnectingRetryMs) return;
    peer.lastUnconnectingAsk = now;
    this.askHeaders(peer);
  }

  /**
   * A headers message: check it chains, then store it, or presync it when its branch is far
   * below our tip's work; ask for more, download. Unrequested headers draw on the flood
   * allowance one token per header, not per message.
   */
  onHeaders(peer: PeerSession, headers: readonly BlockHeader[]): void {
    const asked = peer.headersAskedAt !== undefined;
    peer.headersAskedAt = undefined;
    if (!asked && !peer.unrequested.take(Math.max(1, headers.length))) {
      return this.ctx.violation(peer, 'unrequested-flood');
    }
    for (let i = 1; i < headers.length; i++) {
      const prev = headers[i - 1] as BlockHeader;
      if (!bytesEqual((headers[i] as BlockHeader).prevHash, headerHash(prev))) {
        peer.presync = undefined;
        return this.ctx.violation(peer, 'headers-not-chaining');
      }
    }
    if (peer.presync) return this.#presyncStep(peer, peer.presync.feed(headers));
    if (headers.length === 0) {
      this.#checkClaim(peer, peer.best?.chainWork ?? 0n); // "nothing more" ends its chain
      return this.#finished(peer);
    }
    const branch = this.#branchOf(headers);
    if (branch && branch.work < this.storeThreshold()) {
      peer.presync = new HeadersPresync({
        fork: branch.fork,
        forkLocator: locatorOf(branch.fork),
        threshold: this.storeThreshold(),
        powLimit: powLimitOf(this.ctx.node.params),
        salt: this.ctx.random(SALT_BYTES),
        maxHeaders: this.ctx.limits.maxPresyncHeaders,
      });
      return this.#presyncStep(peer, peer.presync.feed(headers.slice(branch.known)));
    }
    // A side branch (no more work than our tip): its new entries count against the peer's cap.
    const side = branch && branch.work <= this.ctx.node.chain.tip.chainWork;
    if (side && !peer.side.headers.take(headers.length - branch.known)) {
      this.#finished(peer);
      return this.ctx.violation(peer, 'side-branch-flood');
    }
    this.#store(peer, headers, headers.length >= MAX_HEADERS_PER_MESSAGE);
  }

  /**
   * The work a branch must reach to be stored: our tip's minus lowWorkMarginBlocks blocks at
   * the tip's difficulty, so near-tip forks (the fork tree is the product) are kept at once.
   * Headers below it are presynced; blocks below it are dropped (relay.ts).
   */
  storeThreshold(): bigint {
    const tip = this.ctx.node.chain.tip;
    const margin = workFromBits(tip.header.bits) * BigInt(this.ctx.limits.lowWorkMarginBlocks);
    return tip.chainWork - margin;
  }

  /**
   * Where headers that extend a known valid entry lead: the fork, how many leading headers
   * we already know, and the work of the last one (as its bits claim). Undefined when there
   * is nothing new, or for the chain to judge (unconnecting, known invalid).
   */
  #branchOf(
    headers: readonly BlockHeader[],
  ): { fork: BlockEntry; known: number; work: bigint } | undefined {
    const tree = this.ctx.node.chain.tree;
    let known = 0;
    let fork: BlockEntry | undefined;
    for (const h of headers) {
      const e = tree.getByHash(headerHash(h));
      if (!e) break;
      fork = e;
      known++;
    }
    if (known === headers.length) return undefined;
    fork ??= tree.getByHash((headers[0] as BlockHeader).prevHash);
    if (!fork?.isValid) return undefined;
    let work = fork.chainWork;
    for (let i = known; i < headers.length; i++) work += workFromBits(headers[i]!.bits);
    return { fork, known, work };
  }

  /** Acts on a presync's verdict: store what it released, ask for more, or give up. */
  #presyncStep(peer: PeerSession, step: PresyncStep): void {
    if (step.status === 'failed') {
      peer.presync = undefined;
      if (step.reason === 'high-hash') {
        this.ctx.punish(peer, 'high-hash', RULE_PENALTIES['high-hash']);
      } else if (step.reason === 'low-work' || step.reason === 'too-long') {
        this.#checkClaim(peer, step.work); // its chain ended, or is longer than we hold
      }
      return this.#finished(peer);
    }
    if (step.status === 'done') {
      peer.presync = undefined;
      return this.#store(peer, step.release, step.full);
    }
    // Ask first: storing the release must not start another sync with this peer meanwhile.
    this.#ask(peer, step.locator);
    if (step.release.length > 0) this.#store(peer, step.release, false, false);
  }

  /**
   * Hands headers to the node; asks for more after a full message (`full`), and otherwise
   * (when `finish`) the peer is done.
   */
  #store(peer: PeerSession, headers: readonly BlockHeader[], full: boolean, finish = true): void {
    const r = this.ctx.node.submitHeaders(headers);
    if (r.error && r.error.penalty > 0) {
      this.ctx.punish(peer, r.error.code, r.error.penalty);
      if (peer.state !== 'ready') return;
    }
    const last = r.entries[r.entries.length - 1];
    if (last) this.noteAvailability(peer, last.id);
    if (r.error && peer.presync) {
      peer.presync = undefined; // a released header broke a rule: the branch is done with
      this.#finished(peer);
    } else if (!finish) {
      // presync: more headers are on their way
    } else if (r.unconnecting) {
      this.askAfterOrphan(peer);
    } else if (last && !r.error && full) {
      this.askHeaders(peer, last); // a full message: there may be more
    } else {
      if (!r.error) this.#checkClaim(peer, peer.best?.chainWork ?? 0n);
      this.#finished(peer);
    }
    // Headers from one peer may reveal the blocks other peers announced (Core's
    // ProcessBlockAvailability): those peers can now serve them too.
    for (const p of this.ctx.readyPeers()) {
      if (p.lastUnknown) this.noteAvailability(p, p.lastUnknown);
    }
    this.download.schedule();
    this.emitProgress();
    this.#maybeStartSync();
  }

  /**
   * The peer's headers ended with a chain of `work`: if its hello claimed a tip we still do
   * not know with more work than that, the claim was a lie (issue 13: a claim of huge work
   * made us ask it for headers, and nothing held it to account). Honest peers only gain work
   * between their hello and their answer; a reply cut short by a rule or a timeout is not
   * an end and is not checked.
   */
  #checkClaim(peer: PeerSession, work: bigint): void {
    const claim = peer.claimed;
    if (!claim || this.ctx.node.chain.tree.get(claim.id)?.isValid) return;
    if (work < claim.chainWork) this.ctx.violation(peer, 'claimed-work-unmet');
  }

  /** The peer has given all the headers it has for us. */
  #finished(peer: PeerSession): void {
    peer.presync = undefined;
    // Whatever it claimed and did not deliver, it no longer gets asked about.
    peer.claimed = undefined;
    if (this.#syncPeer === peer) this.#syncPeer = undefined;
    this.#maybeStartSync();
  }

  /** Starts a headers sync with the peer claiming the most work we do not know, if none runs. */
  #maybeStartSync(): void {
    const current = this.#syncPeer;
    if (current?.state === 'ready' && current.headersAskedAt !== undefined) return;
    this.#syncPeer = undefined;
    const tree = this.ctx.node.chain.tree;
    let pick: PeerSession | undefined;
    for (const p of this.ctx.readyPeers()) {
      const c = p.claimed;
      if (!c || tree.get(c.id)) continue;
      if (c.chainWork <= this.bestHeader.chainWork || p.headersAskedAt !== undefined) continue;
      if (!pick || c.chainWork > (pick.claimed?.chainWork ?? 0n)) pick = p;
    }
    if (!pick) return;
    this.#syncPeer = pick;
    this.askHeaders(pick);
  }

  /** Answers getheaders from our best chain, after the locator's fork point, up to `stop`. */
  onGetHeaders(peer: PeerSession, locator: readonly Hash[], stop: Hash): void {
    const chain = this.ctx.node.chain;
    const fork = locatorFork(chain, locator);
    const headers: BlockHeader[] = [];
    for (let h = fork.height + 1; h <= chain.tip.height; h++) {
      const e = chain.activeAt(h) as BlockEntry;
      headers.push(e.header);
      if (headers.length >= MAX_HEADERS_PER_MESSAGE || bytesEqual(e.hash, stop)) break;
    }
    // Sent even when empty: it tells the peer it has everything we have.
    peer.send({ type: 'headers', headers });
  }

  /** Gives up on unanswered getheaders (and moves the sync to another peer). */
  tick(now: number): void {
    for (const p of this.ctx.readyPeers()) {
      const at = p.headersAskedAt;
      if (at === undefined || now - at < this.ctx.limits.headersTimeoutMs) continue;
      p.headersAskedAt = undefined;
      this.#finished(p); // a presync that stops answering is dropped with it
    }
  }

  /** A peer left: sync from another if it was the one. */
  peerClosed(peer: PeerSession): void {
    if (this.#syncPeer === peer) this.#syncPeer = undefined;
    this.#maybeStartSync();
  }

  /** Reports progress while catching up, and once when caught up. */
  emitProgress(): void {
    const have = this.ctx.node.chain.tip.height;
    const target = Math.max(this.bestHeader.height, have);
    const last = this.#progress;
    if (have === last.have && target === last.target) return;
    const wasSyncing = last.target > last.have;
    this.#progress = { have, target };
    if (target <= have && !wasSyncing) return;
    const tipWork = this.ctx.node.chain.tip.chainWork;
    const peers = this.ctx.readyPeers().filter((p) => p.best && p.best.chainWork > tipWork).length;
    this.ctx.emit('sync-progress', { have, target, peers });
  }

  /** The current progress: our tip height and the best header's height. */
  progress(): { have: number; target: number } {
    const have = this.ctx.node.chain.tip.height;
    return { have, target: Math.max(this.bestHeader.height, have) };
  }
}
