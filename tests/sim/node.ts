/**
 * One simulated node: a real `Chain` behind the simplified protocol of messages.ts. It pushes
 * the blocks it mines whole, announces every new best block to its neighbours (inv), requests
 * unknown ids once per timeout (the seen-set), fetches the missing ancestor of an orphan from
 * its sender, and exchanges tips periodically so a node that lost messages catches up
 * headers-first (getheaders with a locator, then the missing bodies).
 */
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { Block } from '../../src/core/block.js';
import { Chain } from '../../src/core/chain.js';
import type { ProcessResult } from '../../src/core/chain.js';
import { headerHash } from '../../src/core/header.js';
import type { BlockHeader } from '../../src/core/header.js';
import type { RoomParams } from '../../src/core/params.js';
import { headersAfter, MAX_HEADERS_PER_MESSAGE } from '../../src/core/sync.js';
import type { BlockEntry } from '../../src/core/tree.js';
import { findFork, hashId, locatorOf } from '../../src/core/tree.js';
import type { Address } from '../../src/core/tx.js';
import { mineHeader } from '../support/blocks.js';
import type { Message } from './messages.js';
import type { Network } from './network.js';

/** Most ids announced in one inv after a reorganisation (Bitcoin announces up to 8 headers). */
export const MAX_INV_PER_TIP = 8;

/** Behaviour knobs of a node. */
export interface NodeOptions {
  readonly params: RoomParams;
  readonly address: Address;
  /** A request not answered within this time may be sent again, ms. */
  readonly requestTimeoutMs: number;
  /** Relay new best blocks whole instead of announcing them (the finder always pushes). */
  readonly pushRelay: boolean;
}

/** Counters of one node. */
export interface NodeStats {
  blocksMined: number;
  reorgs: number;
  maxReorgDepth: number;
  /** Blocks or headers the chain rejected: an honest network must have none. */
  rejected: number;
  orphans: number;
  rejectedCodes: string[];
}

/** A node of the simulation. */
export class SimNode {
  readonly chain: Chain;
  readonly stats: NodeStats = {
    blocksMined: 0,
    reorgs: 0,
    maxReorgDepth: 0,
    rejected: 0,
    orphans: 0,
    rejectedCodes: [],
  };
  /** Simulated time at which each block body was first stored here, ms. */
  readonly arrivals = new Map<string, number>();
  /** Ids each neighbour has shown it has (it sent them to us). */
  readonly #theyHave = new Map<number, Set<string>>();
  /** Ids already announced or pushed to each neighbour. */
  readonly #sentTo = new Map<number, Set<string>>();
  /** Block requests in flight: id → time after which it may be asked again. */
  readonly #inFlight = new Map<string, number>();
  /** Header requests in flight per neighbour: expiry time. */
  readonly #headersAsked = new Map<number, number>();

  constructor(
    readonly index: number,
    readonly net: Network,
    readonly options: NodeOptions,
  ) {
    this.chain = new Chain(options.params);
    for (const p of net.peers(index)) {
      this.#theyHave.set(p, new Set());
      this.#sentTo.set(p, new Set());
    }
  }

  /** Simulated time, ms. */
  get nowMs(): number {
    return this.net.queue.now;
  }

  /** The chain's clock: the room's genesis time plus whole simulated seconds. */
  get chainNow(): number {
    return this.options.params.genesisTime + Math.floor(this.nowMs / 1000);
  }

  /** Finds a block on the current tip (the real template and proof of work) and pushes it. */
  mine(): Block {
    const n = ++this.stats.blocksMined;
    const message = utf8ToBytes(`node ${this.index} block ${n}`);
    const template = this.chain.template(this.options.address, message, this.chainNow);
    const block = {
      header: mineHeader(template.header, this.options.params.powLimitBits),
      txs: template.txs,
    };
    this.#accept(block, hashId(headerHash(block.header)), undefined);
    return block;
  }

  /** Sends the current tip to every neighbour not known to have it (the periodic exchange). */
  sendTips(): void {
    const tip = this.chain.tip;
    for (const p of this.net.peers(this.index)) {
      if (!this.#theyHave.get(p)?.has(tip.id)) {
        this.net.send(this.index, p, { type: 'tip', id: tip.id, work: tip.chainWork });
      }
    }
  }

  /** Handles one message from a neighbour. */
  receive(from: number, m: Message): void {
    switch (m.type) {
      case 'block':
        this.#theyHave.get(from)?.add(m.id);
        this.#inFlight.delete(m.id);
        // A body already stored is dropped by id before hashing, as a seen-set would.
        if (this.chain.tree.get(m.id)?.hasBody !== true) this.#accept(m.block, m.id, from);
        return;
      case 'inv':
        for (const id of m.ids) this.#theyHave.get(from)?.add(id);
        this.#request(
          from,
          m.ids.filter((id) => !this.#hasBodyOrOrphan(id)),
        );
        return;
      case 'getdata':
        for (const id of m.ids) {
          const block = this.chain.getBlock(id);
          if (block) {
            this.#sentTo.get(from)?.add(id);
            this.net.send(this.index, from, { type: 'block', id, block });
          }
        }
        return;
      case 'tip':
        this.#theyHave.get(from)?.add(m.id);
        this.#onTip(from, m.id, m.work);
        return;
      case 'getheaders': {
        const headers = headersAfter(this.chain, m.locator);
        if (headers.length > 0) this.net.send(this.index, from, { type: 'headers', headers });
        return;
      }
      case 'headers':
        this.#onHeaders(from, m.headers);
        return;
    }
  }

  #hasBodyOrOrphan(id: string): boolean {
    return this.chain.tree.get(id)?.hasBody === true || this.chain.orphans.has(id);
  }

  /** Asks a neighbour for blocks not already requested from anyone within the timeout. */
  #request(from: number, ids: readonly string[]): void {
    const now = this.nowMs;
    const ask = ids.filter((id) => (this.#inFlight.get(id) ?? -1) < now);
    if (ask.length === 0) return;
    for (const id of ask) this.#inFlight.set(id, now + this.options.requestTimeoutMs);
    this.net.send(this.index, from, { type: 'getdata', ids: ask });
  }

  /** A neighbour's tip with more work than ours: fetch what we lack of its chain. */
  #onTip(from: number, id: string, work: bigint): void {
    if (work <= this.chain.tip.chainWork) return;
    const entry = this.chain.tree.get(id);
    if (entry) this.#requestMissingBodies(from, entry);
    else this.#askHeaders(from, this.chain.tip);
  }

  #askHeaders(from: number, after: BlockEntry): void {
    const now = this.nowMs;
    if ((this.#headersAsked.get(from) ?? -1) >= now) return;
    this.#headersAsked.set(from, now + this.options.requestTimeoutMs);
    this.net.send(this.index, from, { type: 'getheaders', locator: locatorOf(after) });
  }

  #onHeaders(from: number, headers: readonly BlockHeader[]): void {
    this.#headersAsked.delete(from);
    const r = this.chain.processHeaders(headers, this.chainNow);
    if (r.error) this.#reject(r.error.code);
    const last = r.entries[r.entries.length - 1];
    if (r.unconnecting) this.#askHeaders(from, this.chain.tip);
    else if (last && headers.length >= MAX_HEADERS_PER_MESSAGE) this.#askHeaders(from, last);
    if (last) {
      this.#theyHave.get(from)?.add(last.id);
      this.#requestMissingBodies(from, last);
    }
  }

  /** Requests, lowest first, every body missing on the way from an entry back to linked blocks. */
  #requestMissingBodies(from: number, entry: BlockEntry): void {
    const ids: string[] = [];
    for (let e: BlockEntry | undefined = entry; e && !e.linked; e = e.parent) {
      if (!e.hasBody && !this.chain.orphans.has(e.id)) ids.push(e.id);
    }
    this.#request(from, ids.reverse());
  }

  #reject(code: string): void {
    this.stats.rejected++;
    this.stats.rejectedCodes.push(code);
  }

  /** Hands a block to the chain and acts on the outcome (`from` undefined: mined here). */
  #accept(block: Block, id: string, from: number | undefined): void {
    const previous = this.chain.tip;
    const r = this.chain.processBlock(
      block,
      this.chainNow,
      from === undefined ? 'self' : `${from}`,
    );
    for (const stored of r.changes.bodies.keys()) {
      if (!this.arrivals.has(stored)) this.arrivals.set(stored, this.nowMs);
    }
    this.#noteReorgs(r);
    const o = r.outcome;
    if (o.status === 'rejected') this.#reject(o.error.code);
    else if (o.status === 'future') this.net.queue.after(1000, () => this.#accept(block, id, from));
    else if (o.status === 'orphan' && from !== undefined) {
      this.stats.orphans++;
      this.#request(from, [hashId(o.missing)]);
    } else if (o.status === 'waiting' && from !== undefined) {
      this.#requestMissingBodies(from, o.entry);
    }
    if (this.chain.tip !== previous)
      this.#announce(previous, from === undefined ? block : undefined);
  }

  #noteReorgs(r: ProcessResult): void {
    for (const ev of r.events) {
      if (ev.type === 'tip-changed' && ev.reorg) {
        this.stats.reorgs++;
        this.stats.maxReorgDepth = Math.max(this.stats.maxReorgDepth, ev.reorg.disconnected.length);
      }
    }
  }

  /** Tells neighbours about the new best chain: a mined block whole, relayed blocks by inv. */
  #announce(previous: BlockEntry, mined: Block | undefined): void {
    const tip = this.chain.tip;
    const fork = findFork(previous, tip);
    const path: BlockEntry[] = [];
    for (let e: BlockEntry | undefined = tip; e && e !== fork; e = e.parent) path.push(e);
    const fresh = path.reverse().slice(-MAX_INV_PER_TIP);
    for (const p of this.net.peers(this.index)) {
      const sent = this.#sentTo.get(p) as Set<string>;
      const have = this.#theyHave.get(p) as Set<string>;
      const ids = fresh.map((e) => e.id).filter((id) => !sent.has(id) && !have.has(id));
      if (ids.length === 0) continue;
      for (const id of ids) sent.add(id);
      if (mined || this.options.pushRelay) {
        for (const id of ids) {
          const block = this.chain.getBlock(id) as Block;
          this.net.send(this.index, p, { type: 'block', id, block });
        }
      } else {
        this.net.send(this.index, p, { type: 'inv', ids });
      }
    }
  }
}
