/**
 * The block tree: every header this node accepted, stale branches included, with cumulative
 * work (Bitcoin Core's CBlockIndex map). The fork tree is the product, so nothing valid is
 * ever dropped from it.
 */
import { bytesToHex } from './bytes.js';
import type { RuleCode } from './errors.js';
import type { Hash } from './hash.js';
import type { BlockHeader, HeaderCtx } from './header.js';
import { workFromBits } from './pow.js';

/** Validity of an entry (Bitcoin Core's BLOCK_VALID_* / BLOCK_FAILED_* flags, simplified). */
export type EntryStatus =
  /** Header passed proof of work and context; body maybe not yet seen or connected. */
  | 'valid'
  /** The block itself broke a rule. */
  | 'invalid'
  /** An ancestor broke a rule. */
  | 'invalid-child';

/** One block of the tree. */
export class BlockEntry implements HeaderCtx {
  /** Hash in display order, the key everywhere outside consensus code. */
  readonly id: string;
  readonly chainWork: bigint;
  readonly children: BlockEntry[] = [];
  status: EntryStatus = 'valid';
  /** The rule that made it invalid. */
  invalidCode: RuleCode | undefined;
  /** Order in which bodies arrived: ties in work go to the lower (first seen). */
  seq = Number.MAX_SAFE_INTEGER;
  /** The body is stored. */
  hasBody = false;
  /** This block and all its ancestors have bodies, so it can be connected. */
  linked = false;

  constructor(
    readonly hash: Hash,
    readonly header: BlockHeader,
    readonly height: number,
    readonly parent: BlockEntry | undefined,
  ) {
    this.id = hashId(hash);
    this.chainWork = (parent?.chainWork ?? 0n) + workFromBits(header.bits);
  }

  /** Not invalid itself nor by descent. */
  get isValid(): boolean {
    return this.status === 'valid';
  }
}

/** The display-order hex id of a hash. */
export function hashId(hash: Hash): string {
  return bytesToHex(Uint8Array.from(hash).reverse());
}

/** True when a is a better tip than b: more work, or equal work and seen first. */
export function isBetter(a: BlockEntry, b: BlockEntry): boolean {
  return a.chainWork > b.chainWork || (a.chainWork === b.chainWork && a.seq < b.seq);
}

/** The ancestor of an entry at a height (the entry itself at its own height). */
export function ancestorAt(entry: BlockEntry, height: number): BlockEntry | undefined {
  if (height > entry.height || height < 0) return undefined;
  let e: BlockEntry | undefined = entry;
  while (e && e.height > height) e = e.parent;
  return e;
}

/** The last common ancestor of two entries. */
export function findFork(a: BlockEntry, b: BlockEntry): BlockEntry {
  let x: BlockEntry | undefined = a;
  let y: BlockEntry | undefined = b;
  while (x && y && x !== y) {
    if (x.height > y.height) x = x.parent;
    else if (y.height > x.height) y = y.parent;
    else {
      x = x.parent;
      y = y.parent;
    }
  }
  if (!x || x !== y) throw new Error('entries of different trees');
  return x;
}

/** Every entry, indexed by id. */
export class BlockTree {
  readonly #entries = new Map<string, BlockEntry>();
  readonly genesis: BlockEntry;

  constructor(genesisHash: Hash, genesisHeader: BlockHeader) {
    this.genesis = new BlockEntry(genesisHash, genesisHeader, 0, undefined);
    this.genesis.hasBody = true;
    this.genesis.linked = true;
    this.genesis.seq = 0;
    this.#entries.set(this.genesis.id, this.genesis);
  }

  /** The entry with this id (display hex), if known. */
  get(id: string): BlockEntry | undefined {
    return this.#entries.get(id);
  }

  /** The entry with this hash (internal order), if known. */
  getByHash(hash: Hash): BlockEntry | undefined {
    return this.#entries.get(hashId(hash));
  }

  /** Number of entries, genesis included. */
  get size(): number {
    return this.#entries.size;
  }

  /** Every entry, in insertion order (parents before children). */
  entries(): IterableIterator<BlockEntry> {
    return this.#entries.values();
  }

  /** Adds a header under its known parent. */
  add(hash: Hash, header: BlockHeader, parent: BlockEntry): BlockEntry {
    const entry = new BlockEntry(hash, header, parent.height + 1, parent);
    if (parent.status !== 'valid') entry.status = 'invalid-child';
    parent.children.push(entry);
    this.#entries.set(entry.id, entry);
    return entry;
  }

  /**
   * Marks an entry invalid and all its descendants invalid-child
   * (Bitcoin Core InvalidBlockFound + BLOCK_FAILED_CHILD). Returns every entry changed.
   */
  markInvalid(entry: BlockEntry, code: RuleCode): BlockEntry[] {
    entry.status = 'invalid';
    entry.invalidCode = code;
    const changed = [entry];
    const stack = [...entry.children];
    while (stack.length > 0) {
      const e = stack.pop() as BlockEntry;
      if (e.status === 'valid') {
        e.status = 'invalid-child';
        changed.push(e);
      }
      stack.push(...e.children);
    }
    return changed;
  }
}

/**
 * A block locator: hashes from the tip back, dense for the first 10 then doubling the step,
 * genesis last (Bitcoin Core CChain::GetLocator); at most 101 entries.
 */
export function locatorOf(tip: BlockEntry, maxEntries = 101): Hash[] {
  const out: Hash[] = [];
  let e: BlockEntry | undefined = tip;
  let step = 1;
  while (e && out.length < maxEntries - 1) {
    out.push(e.hash);
    if (e.height === 0) return out;
    if (out.length >= 10) step *= 2;
    e = ancestorAt(e, Math.max(0, e.height - step));
  }
  let g: BlockEntry = tip;
  while (g.parent) g = g.parent;
  out.push(g.hash);
  return out;
}
