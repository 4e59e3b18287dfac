/**
 * Read-only views of a chain: what the network, the app and the page may ask of it. The node
 * hands out these, never the Chain, so only the node mutates its chain (STYLE 13; btcd's
 * BlockChain answers through methods and never hands out its block index).
 */
import type { Block } from './block.js';
import type { Hash } from './hash.js';
import type { MempoolEntry, MempoolLimits } from './mempool.js';
import type { Orphan } from './orphans.js';
import type { RoomParams } from './params.js';
import type { Account, AccountView, Undo } from './state.js';
import type { BlockEntry } from './tree.js';
import type { TransferTx } from './tx.js';

/** The block tree, read-only: every known header, stale and invalid ones included. */
export interface TreeView {
  readonly genesis: BlockEntry;
  /** Number of entries, genesis included. */
  readonly size: number;
  get(id: string): BlockEntry | undefined;
  getByHash(hash: Hash): BlockEntry | undefined;
  /** Every entry, in insertion order (parents before children). */
  entries(): IterableIterator<BlockEntry>;
}

/** The best chain's account state, read-only. */
export interface StateView extends AccountView {
  /** Every non-empty account, sorted by address hex. */
  entries(): [string, Account][];
}

/** The mempool, read-only. */
export interface MempoolView {
  readonly size: number;
  readonly limits: MempoolLimits;
  get(id: Hash): TransferTx | undefined;
  has(id: Hash): boolean;
  /** Every pooled transfer with its status, in arrival order. */
  entries(): MempoolEntry[];
}

/** The orphan pool, read-only. */
export interface OrphanView {
  has(id: string): boolean;
  list(): Orphan[];
}

/** One chain, read-only: tip, lookups, bodies, undo, best-chain membership, state, pools. */
export interface ChainView {
  readonly params: RoomParams;
  /** The genesis hash: signed into every transfer, so nothing replays across rooms. */
  readonly chainId: Hash;
  readonly genesis: Block;
  /** The best chain's last block. */
  readonly tip: BlockEntry;
  /** Number of stored bodies, genesis included: best chain plus stale blocks. */
  readonly storedBlocks: number;
  readonly tree: TreeView;
  readonly state: StateView;
  readonly mempool: MempoolView;
  readonly orphans: OrphanView;
  /** The best chain's block at a height. */
  activeAt(height: number): BlockEntry | undefined;
  /** True when the entry is on the best chain. */
  isActive(entry: BlockEntry): boolean;
  /** A stored body. */
  getBlock(id: string): Block | undefined;
  /** Undo data of a block on the best chain. */
  getUndo(id: string): Undo | undefined;
}
