/** The values the chain reports: outcomes of processing, reorganisations, persistence deltas. */
import type { Block } from './block.js';
import type { RuleError } from './errors.js';
import type { Hash } from './hash.js';
import type { BlockHeader } from './header.js';
import type { Account, Undo } from './state.js';
import type { BlockEntry } from './tree.js';

/** What happened to one block handed to the chain. */
export type BlockOutcome =
  /** Stored and now on the best chain (possibly after a reorganisation). */
  | { readonly status: 'connected'; readonly entry: BlockEntry }
  /** Stored on a side branch: valid so far, but not the most work (a stale block). */
  | { readonly status: 'side'; readonly entry: BlockEntry }
  /** Stored without its ancestors' bodies yet; connects when they arrive. */
  | { readonly status: 'waiting'; readonly entry: BlockEntry }
  /** Parent unknown: kept in the orphan pool; the missing ancestor should be fetched. */
  | { readonly status: 'orphan'; readonly id: string; readonly missing: Hash }
  /** Already known with its body. */
  | { readonly status: 'duplicate'; readonly entry: BlockEntry }
  /** Too far in the future: not stored, not an offence; offer it again later. */
  | { readonly status: 'future'; readonly id: string; readonly error: RuleError }
  /** Broke a rule. `error.mutated`: the body did not match the header, whose hash stays unmarked. */
  | { readonly status: 'rejected'; readonly id: string; readonly error: RuleError };

/** A change of best chain. */
export interface ReorgInfo {
  readonly fork: BlockEntry;
  /** Blocks that left the best chain, old tip first. */
  readonly disconnected: readonly BlockEntry[];
  /** Blocks that joined it, lowest first. */
  readonly connected: readonly BlockEntry[];
  /** Transfers of disconnected blocks that went back to the mempool. */
  readonly returnedTxs: readonly Hash[];
  /** Transfers of disconnected blocks that conflict with the new chain: reversed. */
  readonly droppedTxs: readonly Hash[];
}

/** Everything the chain reports while processing, in order. */
export type ChainEvent =
  | { readonly type: 'block-added'; readonly entry: BlockEntry }
  | { readonly type: 'block-connected'; readonly entry: BlockEntry; readonly block: Block }
  | { readonly type: 'block-disconnected'; readonly entry: BlockEntry; readonly block: Block }
  | { readonly type: 'block-invalid'; readonly entry: BlockEntry; readonly error: RuleError }
  | { readonly type: 'orphan'; readonly id: string; readonly missing: Hash }
  /** A waiting orphan turned out to be from the near future: offer it again later. */
  | {
      readonly type: 'block-future';
      readonly id: string;
      readonly block: Block;
      readonly source: string | undefined;
    }
  | {
      readonly type: 'tip-changed';
      readonly tip: BlockEntry;
      readonly previous: BlockEntry;
      /** Set when blocks left the best chain (a true reorganisation, not a plain extension). */
      readonly reorg: ReorgInfo | undefined;
    };

/** What must be persisted after a call, all in one storage transaction. */
export interface ChainChanges {
  /** Entries to write: new ones, and those whose status or body changed. */
  readonly entries: readonly BlockEntry[];
  /** Bodies stored in this call. */
  readonly bodies: ReadonlyMap<string, Block>;
  /** Undo data of blocks connected in this call. */
  readonly undo: ReadonlyMap<string, Undo>;
  /** Ids of blocks disconnected (their undo data may be kept or dropped). */
  readonly disconnected: readonly string[];
  /** Final value of every account touched. */
  readonly accounts: ReadonlyMap<string, Account>;
  /** The tip after the call. */
  readonly tip: BlockEntry;
}

/** An entry as stored, enough to rebuild the tree without re-validating. */
export interface StoredEntry {
  readonly id: string;
  readonly header: BlockHeader;
  readonly height: number;
  readonly status: BlockEntry['status'];
  readonly invalidCode: BlockEntry['invalidCode'];
  readonly seq: number;
  readonly hasBody: boolean;
}

/** Snapshot of everything the chain needs to restart without replaying. */
export interface ChainSnapshot {
  readonly entries: readonly StoredEntry[];
  readonly bodies: ReadonlyMap<string, Block>;
  readonly undo: ReadonlyMap<string, Undo>;
  readonly tipId: string;
  readonly accounts: Iterable<readonly [string, Account]>;
}

/** Result of handing the chain a block. */
export interface ProcessResult {
  readonly outcome: BlockOutcome;
  readonly events: readonly ChainEvent[];
  readonly changes: ChainChanges;
}

/** Result of handing the chain a run of headers. */
export interface HeadersResult {
  /** Entries for every header accepted or already known, in order. */
  readonly entries: readonly BlockEntry[];
  /** The first header's rule failure, if any; processing stopped there. */
  readonly error: RuleError | undefined;
  /** A header's parent was unknown: ask for the headers before it. Not an offence. */
  readonly unconnecting: boolean;
  readonly changes: ChainChanges;
}
