/**
 * The block tree as the page shows it, fed by the node's events: every entry placed by the
 * incremental layout (the spine, best chain plus the headers beyond its tip, on row 0), who
 * mined each block, the reorganisation to explain, the orphans waiting, the selection. The
 * canvas reads it; nothing here draws, and nothing here decides consensus (STYLE 11).
 *
 * Per-block data lives in plain maps, not runes: 10,000 reactive proxies would cost more than
 * the drawing. One `version` rune, bumped once per burst of events, tells the canvas to redraw.
 */
import { bytesToHex } from '../../core/bytes.js';
import type { ReorgInfo } from '../../core/chain-types.js';
import { hashToHex } from '../../core/hash.js';
import { workFromBits } from '../../core/pow.js';
import { findFork, type BlockEntry } from '../../core/tree.js';
import type { Node } from '../../node/node.js';
import { rewardOf } from '../block-info.js';
import { TreeLayout, SPINE_ROW, type Slot } from './tree-layout.js';
import { MinerBook, type MinerInfo, type MinerLookup } from './tree-miners.js';
import { Motions, type RowMotion } from './tree-motion.js';
import { stepFrom, type NavDirection } from './tree-nav.js';

/** Re-exported for the canvas: the slide's length and shape. */
export { MOTION_MS, type RowMotion } from './tree-motion.js';
/** Re-exported for the shell: where introduced miners' names and colours come from. */
export type { MinerLookup };

/** A block as the tree draws it. */
export interface TreeBlock {
  /** The core's live entry: status, body and work are read from it at draw time. */
  readonly entry: BlockEntry;
  readonly slot: Slot;
  /** Who mined it, once the body is known. */
  miner: MinerInfo | undefined;
  /** Expected hashes of this block alone (from its bits). */
  readonly work: bigint;
}

/** A reorganisation, in the numbers the caption puts into words. */
export interface ReorgNews {
  /** Increases with each reorganisation, so a repeat of the same numbers is still news. */
  readonly seq: number;
  /** The first height where the old and new chains differ. */
  readonly height: number;
  readonly forkId: string;
  /** Blocks that left the best chain (became stale). */
  readonly depth: number;
  /** Blocks that joined it. */
  readonly joined: number;
  /** Transfers that went back to the mempool. */
  readonly returned: number;
  /** Transfers reversed because they conflict with the new chain. */
  readonly dropped: number;
}

/** A block waiting in the orphan pool for its parent. */
export interface OrphanView {
  readonly id: string;
  /** The parent it waits for (display hex). */
  readonly missing: string;
  /** The height its reward claims (unverified until the parent arrives). */
  readonly height: number | undefined;
  readonly miner: MinerInfo | undefined;
}

/** Options of the tree state. */
export interface TreeStateOptions {
  /** Milliseconds for animations; performance.now in the page. */
  readonly now?: () => number;
}

/** The tree's live state. */
export class TreeState {
  #version = $state(0);
  #tipId = $state('');
  #height = $state(0);
  #stale = $state(0);
  #entries = $state(0);
  #orphans = $state.raw<readonly OrphanView[]>([]);
  #miners = $state.raw<readonly MinerInfo[]>([]);
  #reorg = $state.raw<ReorgNews | undefined>(undefined);
  #selected = $state<string | undefined>(undefined);
  #workVaries = $state(false);
  /** Where each block sits; read by the canvas. */
  readonly layout = new TreeLayout();
  readonly #node: Node;
  readonly #now: () => number;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- private bookkeeping: views read the $state.raw snapshot made from it
  readonly #blocks = new Map<string, TreeBlock>();
  readonly #book: MinerBook;
  readonly #motions = new Motions();
  readonly #off: (() => void)[];
  #spineEnd: BlockEntry;
  #firstBits: number;
  #maxWork = 1n;
  #reorgSeq = 0;
  #queued = false;

  constructor(node: Node, options: TreeStateOptions = {}) {
    this.#node = node;
    this.#now = options.now ?? (() => globalThis.performance?.now() ?? Date.now());
    const chain = node.chain;
    const { name, colour } = node.identity;
    this.#book = new MinerBook({ key: bytesToHex(node.address), name, colour });
    this.#firstBits = chain.tree.genesis.header.bits;
    this.#spineEnd = extendSpine(chain.tip);
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a temporary filled here and handed on read-only; no one observes it
    const spine = new Set<string>();
    for (let e: BlockEntry | undefined = this.#spineEnd; e; e = e.parent) spine.add(e.id);
    for (const e of chain.tree.entries()) this.#place(e, spine.has(e.id), spine);
    this.#off = [
      node.on('block-added', ({ entry }) => this.#added(entry)),
      node.on('block-connected', ({ entry }) => this.#bodyArrived(entry)),
      node.on('block-stale', ({ entry }) => this.#bodyArrived(entry)),
      node.on('tip', () => this.#syncSpine(false)),
      node.on('reorg', (r) => this.#reorged(r)),
      node.on('orphan', () => this.#touch()),
      node.on('block-rejected', () => this.#syncSpine(true)),
    ];
    this.sync();
  }

  /** The node this tree shows. */
  get node(): Node {
    return this.#node;
  }

  /** Bumped once per burst of changes: the canvas redraws when it moves. */
  get version(): number {
    return this.#version;
  }

  /** Id of the best tip. */
  get tipId(): string {
    return this.#tipId;
  }

  /** Height of the best tip. */
  get height(): number {
    return this.#height;
  }

  /** Stored blocks off the best chain. */
  get staleCount(): number {
    return this.#stale;
  }

  /** Entries in the tree, header-only ones included. */
  get entryCount(): number {
    return this.#entries;
  }

  /** Blocks waiting for their parent, oldest first. */
  get orphans(): readonly OrphanView[] {
    return this.#orphans;
  }

  /** Miners seen, most blocks first: the legend. */
  get miners(): readonly MinerInfo[] {
    return this.#miners;
  }

  /** The latest reorganisation, for the caption. */
  get reorg(): ReorgNews | undefined {
    return this.#reorg;
  }

  /** The keyboard/click selection. */
  get selected(): string | undefined {
    return this.#selected;
  }

  /** True once blocks of different difficulty are in the tree: most work != most blocks. */
  get workVaries(): boolean {
    return this.#workVaries;
  }

  /** The largest single-block work seen, for sizing blocks by work. */
  get maxBlockWork(): bigint {
    return this.#maxWork;
  }

  /** The spine's last entry: the best tip, or the headers known beyond it. */
  get spineEnd(): BlockEntry {
    return this.#spineEnd;
  }

  /** A block of the tree. */
  block(id: string): TreeBlock | undefined {
    return this.#blocks.get(id);
  }

  /** The block in a cell of the layout. */
  blockAt(height: number, row: number): TreeBlock | undefined {
    const slot = this.layout.at(height, row);
    return slot && this.#blocks.get(slot.id);
  }

  /** True when the block is on the best chain (connected), read live from the chain. */
  isActive(b: TreeBlock): boolean {
    return this.#node.chain.isActive(b.entry);
  }

  /** Who mined a block, resolved from its body on first ask if no event told us yet. */
  minerOf(b: TreeBlock): MinerInfo | undefined {
    if (!b.miner && b.entry.hasBody) this.#resolveMiner(b);
    return b.miner;
  }

  /** The slide of a block that moved rows in the last reorganisation, if still running. */
  motion(id: string, now: number): RowMotion | undefined {
    return this.#motions.motion(id, now);
  }

  /** True while any slide runs (the canvas keeps animating). */
  animating(now: number): boolean {
    return this.#motions.animating(now);
  }

  /** The fork block of the last reorganisation while its pulse runs. */
  forkPulse(now: number): { id: string; progress: number } | undefined {
    return this.#motions.forkPulse(now);
  }

  /** The clock the motions are timed on. */
  now(): number {
    return this.#now();
  }

  /** Names and colours of introduced miners (the network panel's directory); re-run by runes. */
  setMinerLookup(lookup: MinerLookup): void {
    this.#book.setLookup(lookup);
    this.#touch();
  }

  /** Selects a block (or nothing). */
  select(id: string | undefined): void {
    this.#selected = id !== undefined && this.#blocks.has(id) ? id : undefined;
  }

  /** Moves the selection with an arrow key; starts at the tip. Returns the new selection. */
  move(dir: NavDirection): string | undefined {
    const from = this.#selected === undefined ? undefined : this.layout.get(this.#selected);
    if (!from) {
      this.#selected = this.#node.chain.tip.id;
      return this.#selected;
    }
    const to = stepFrom(this.layout, from, dir);
    if (to) this.#selected = to.id;
    return this.#selected;
  }

  /** Applies pending changes to the reactive figures now (the microtask would do it anyway). */
  sync(): void {
    this.#queued = false;
    const chain = this.#node.chain;
    this.#tipId = chain.tip.id;
    this.#height = chain.tip.height;
    this.#stale = Math.max(0, chain.storedBlocks - (chain.tip.height + 1));
    this.#entries = chain.tree.size;
    this.#syncOrphans();
    if (this.#book.dirty) this.#miners = this.#book.legend();
    this.#version++;
  }

  /** Stops listening to the node. */
  dispose(): void {
    for (const off of this.#off) off();
  }

  #touch(): void {
    if (this.#queued) return;
    this.#queued = true;
    queueMicrotask(() => {
      if (this.#queued) this.sync();
    });
  }

  #added(entry: BlockEntry): void {
    const onSpine = entry.isValid && entry.parent === this.#spineEnd;
    const b = this.#place(entry, onSpine);
    // A header seen again (headers-first sync repeats known ones) keeps the lane it had.
    if (onSpine && b.slot.row === SPINE_ROW) this.#spineEnd = entry;
    this.#touch();
  }

  #bodyArrived(entry: BlockEntry): void {
    const b = this.#blocks.get(entry.id) ?? this.#place(entry, false);
    this.#resolveMiner(b);
    this.#touch();
  }

  /**
   * Places an entry, and first any ancestors not placed yet: headers no event told us about
   * (invalid ones), or a restored tree's entries out of order (`spine` then says where).
   */
  #place(entry: BlockEntry, onSpine: boolean, spine?: ReadonlySet<string>): TreeBlock {
    const missing: BlockEntry[] = [];
    for (let p = entry.parent; p && !this.#blocks.has(p.id); p = p.parent) missing.push(p);
    for (let i = missing.length - 1; i >= 0; i--) {
      this.#place1(missing[i]!, spine?.has(missing[i]!.id) ?? false);
    }
    return this.#place1(entry, onSpine);
  }

  #place1(entry: BlockEntry, onSpine: boolean): TreeBlock {
    const known = this.#blocks.get(entry.id);
    if (known) return known;
    const slot = this.layout.add(
      { id: entry.id, parentId: entry.parent?.id, height: entry.height },
      onSpine,
    );
    const work = workFromBits(entry.header.bits);
    const b: TreeBlock = { entry, slot, miner: undefined, work };
    this.#blocks.set(entry.id, b);
    if (work > this.#maxWork) this.#maxWork = work;
    if (entry.header.bits !== this.#firstBits) this.#workVaries = true;
    this.#resolveMiner(b);
    return b;
  }

  #resolveMiner(b: TreeBlock): void {
    if (b.miner || !b.entry.hasBody) return;
    const body = this.#node.chain.getBlock(b.entry.id);
    const reward = body && rewardOf(body);
    if (!reward) return;
    b.miner = this.#book.get(reward.addressHex, reward.message);
    this.#book.count(b.miner);
  }

  #reorged(r: ReorgInfo): void {
    this.#reorg = {
      seq: ++this.#reorgSeq,
      height: r.fork.height + 1,
      forkId: r.fork.id,
      depth: r.disconnected.length,
      joined: r.connected.length,
      returned: r.returnedTxs.length,
      dropped: r.droppedTxs.length,
    };
    this.#motions.pulse(r.fork.id, this.#now());
    this.#touch();
  }

  /**
   * Keeps row 0 on the best chain. `suspect`: a block was rejected, so the headers beyond the
   * tip may have turned invalid and the spine is recomputed from the tip.
   */
  #syncSpine(suspect: boolean): void {
    const tip = this.#node.chain.tip;
    const tipOnSpine = this.layout.get(tip.id)?.row === SPINE_ROW;
    const target = extendSpine(tipOnSpine && !suspect ? this.#spineEnd : tip);
    if (target !== this.#spineEnd) {
      this.#place(target, false);
      const fork = findFork(this.#spineEnd, target);
      const leaving = idsAbove(this.#spineEnd, fork);
      const joining = idsAbove(target, fork).reverse();
      const moves = this.layout.reroute(leaving, joining);
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a temporary filled here and handed on read-only; no one observes it
      this.#motions.record(moves, new Set(leaving), this.#now());
      this.#spineEnd = target;
    }
    this.#touch();
  }

  #syncOrphans(): void {
    const list = this.#node.chain.orphans.list();
    const same =
      list.length === this.#orphans.length && list.every((o, i) => o.id === this.#orphans[i]?.id);
    if (same) return;
    this.#orphans = list.map((o) => {
      const reward = rewardOf(o.block);
      const first = o.block.txs[0];
      return {
        id: o.id,
        missing: hashToHex(o.block.header.prevHash),
        height: first?.type === 'reward' ? first.height : undefined,
        miner: reward && { ...this.#book.get(reward.addressHex, reward.message) },
      };
    });
  }
}

/** The spine beyond an entry: its first valid child, repeatedly (headers ahead of the tip). */
function extendSpine(from: BlockEntry): BlockEntry {
  let end = from;
  for (;;) {
    const next = end.children.find((c) => c.isValid);
    if (!next) return end;
    end = next;
  }
}

/** Ids from `top` down to just above `fork`, top first. */
function idsAbove(top: BlockEntry, fork: BlockEntry): string[] {
  const out: string[] = [];
  for (let e: BlockEntry | undefined = top; e && e !== fork; e = e.parent) out.push(e.id);
  return out;
}
