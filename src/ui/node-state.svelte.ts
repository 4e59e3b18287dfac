/**
 * What the page shows of the node, as Svelte 5 state fed by node events. Components read it;
 * they hold no chain logic (STYLE 11).
 */
import { bytesToHex } from '../core/bytes.js';
import type { Node } from '../node/node.js';
import type { PersistenceState } from '../node/types.js';
import { rewardOf } from './block-info.js';

/** A change of the best chain worth saying out loud (aria-live) and showing briefly. */
export type ChainNews =
  | {
      readonly kind: 'block';
      readonly seq: number;
      readonly height: number;
      readonly id: string;
      /** The miner's message (its name by default), or '' if unreadable. */
      readonly miner: string;
      readonly mine: boolean;
    }
  | {
      readonly kind: 'reorg';
      readonly seq: number;
      readonly height: number;
      /** Blocks that left the best chain. */
      readonly depth: number;
    };

/** The node's live figures. */
export class NodeState {
  #height = $state(0);
  #tipId = $state('');
  #blocks = $state(1);
  #mining = $state(false);
  #persistence = $state.raw<PersistenceState>({ state: 'ok' });
  #news = $state.raw<ChainNews | undefined>(undefined);
  /** Bumped on every change of the tree or the tip, so derived views know to recompute. */
  #revision = $state(0);
  #seq = 0;
  readonly #node: Node;
  readonly #off: (() => void)[];

  constructor(node: Node) {
    this.#node = node;
    this.#refresh();
    this.#mining = node.mining;
    this.#persistence = node.persistence;
    this.#off = [
      node.on('tip', ({ tip }) => {
        this.#refresh();
        this.#announceTip(tip.id, tip.height);
      }),
      node.on('block-added', () => this.#refresh()),
      node.on('block-stale', () => this.#refresh()),
      node.on('reorg', (r) => {
        const height = r.connected[r.connected.length - 1]?.height ?? this.#height;
        this.#news = { kind: 'reorg', seq: ++this.#seq, height, depth: r.disconnected.length };
      }),
      node.on('mining', ({ active }) => (this.#mining = active)),
      node.on('persistence', (p) => (this.#persistence = p)),
    ];
  }

  /** The node itself, for the panels' own state classes. */
  get node(): Node {
    return this.#node;
  }

  /** Height of the best tip. */
  get height(): number {
    return this.#height;
  }

  /** Id of the best tip. */
  get tipId(): string {
    return this.#tipId;
  }

  /** Stored bodies, genesis included. */
  get blocks(): number {
    return this.#blocks;
  }

  /** Valid blocks off the best chain. */
  get stale(): number {
    return Math.max(0, this.#blocks - (this.#height + 1));
  }

  /** True while this node mines. */
  get mining(): boolean {
    return this.#mining;
  }

  /** Whether blocks are being saved. */
  get persistence(): PersistenceState {
    return this.#persistence;
  }

  /** The latest change of the best chain, for the live region. */
  get news(): ChainNews | undefined {
    return this.#news;
  }

  /** Increases with every change of the tree or tip. */
  get revision(): number {
    return this.#revision;
  }

  /** The room's genesis id (display order). */
  get genesisId(): string {
    return this.#node.chain.tree.genesis.id;
  }

  /** The node's address in hex. */
  get address(): string {
    return bytesToHex(this.#node.address);
  }

  /** Stops listening to the node. */
  dispose(): void {
    for (const off of this.#off) off();
  }

  #refresh(): void {
    const chain = this.#node.chain;
    this.#height = chain.tip.height;
    this.#tipId = chain.tip.id;
    this.#blocks = chain.storedBlocks;
    this.#revision++;
  }

  #announceTip(id: string, height: number): void {
    // A reorg's own news is more useful than "new block" for the same tip change.
    if (this.#news?.kind === 'reorg' && this.#news.height === height) return;
    const block = this.#node.chain.getBlock(id);
    const reward = block && rewardOf(block);
    const mine = reward?.addressHex === this.address;
    this.#news = {
      kind: 'block',
      seq: ++this.#seq,
      height,
      id,
      miner: reward?.message ?? '',
      mine,
    };
  }
}
