/**
 * Blocks whose parent is unknown wait here while their ancestors are fetched. Bounded in
 * count and age (bcoin: 20 orphan blocks, 1 hour), so a flood cannot grow memory.
 */
import type { Block } from './block.js';
import type { Hash } from './hash.js';
import { hashId } from './tree.js';

/** Most orphan blocks kept (bcoin's maxOrphans). */
export const MAX_ORPHAN_BLOCKS = 20;
/** Seconds an orphan is kept (bcoin: one hour). */
export const ORPHAN_EXPIRY_SECONDS = 60 * 60;

/** One waiting block. */
export interface Orphan {
  readonly id: string;
  readonly hash: Hash;
  readonly block: Block;
  /** Local clock when it arrived, seconds. */
  readonly addedAt: number;
  /** Who sent it, so its parent can be asked of them. */
  readonly source: string | undefined;
}

/** The bounded orphan pool. */
export class OrphanPool {
  readonly #byId = new Map<string, Orphan>();

  constructor(
    readonly maxOrphans = MAX_ORPHAN_BLOCKS,
    readonly expirySeconds = ORPHAN_EXPIRY_SECONDS,
  ) {}

  /** Number waiting. */
  get size(): number {
    return this.#byId.size;
  }

  /** True if this block waits here. */
  has(id: string): boolean {
    return this.#byId.has(id);
  }

  /** Every orphan, oldest first. */
  list(): Orphan[] {
    return [...this.#byId.values()];
  }

  /** Adds an orphan, evicting expired ones and then the oldest; returns the ids evicted. */
  add(orphan: Orphan, now: number): string[] {
    const evicted = this.expire(now);
    if (this.#byId.has(orphan.id)) return evicted;
    while (this.#byId.size >= this.maxOrphans) {
      const oldest = this.#byId.keys().next().value as string;
      this.#byId.delete(oldest);
      evicted.push(oldest);
    }
    this.#byId.set(orphan.id, orphan);
    return evicted;
  }

  /** Removes and returns the orphans whose parent is this hash. */
  takeChildren(parentHash: Hash): Orphan[] {
    const parent = hashId(parentHash);
    const out: Orphan[] = [];
    for (const o of this.#byId.values()) {
      if (hashId(o.block.header.prevHash) === parent) out.push(o);
    }
    for (const o of out) this.#byId.delete(o.id);
    return out;
  }

  /** Drops orphans older than the expiry; returns their ids. */
  expire(now: number): string[] {
    const out: string[] = [];
    for (const o of this.#byId.values()) {
      if (now - o.addedAt > this.expirySeconds) out.push(o.id);
    }
    for (const id of out) this.#byId.delete(id);
    return out;
  }

  /** The root of an orphan chain: the missing ancestor hash to request. */
  missingAncestor(id: string): Hash | undefined {
    let o = this.#byId.get(id);
    let missing: Hash | undefined;
    const seen = new Set<string>();
    while (o && !seen.has(o.id)) {
      seen.add(o.id);
      missing = o.block.header.prevHash;
      o = this.#byId.get(hashId(missing));
    }
    return missing;
  }
}
