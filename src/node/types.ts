/** Types the node shares with the interface and the network. */
import type { Block } from '../core/block.js';
import type { ReorgInfo } from '../core/chain-types.js';
import type { RuleCode } from '../core/errors.js';
import type { BlockEntry } from '../core/tree.js';
import type { Address, TransferTx } from '../core/tx.js';

/** Who this node is: its key, its name and colour in the classroom, its database. */
export interface NodeIdentity {
  /** Short random id; names the database and the identity lock. */
  readonly id: string;
  /** A friendly name, e.g. "Amber Otter". */
  readonly name: string;
  /** Index into the colour-blind-safe palette. */
  readonly colour: number;
  readonly secretKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** Whether blocks are being written to disk. */
export type PersistenceState =
  | { readonly state: 'ok' }
  /** Persistence stopped (disk full, database closed); the node goes on in memory. */
  | { readonly state: 'stopped'; readonly code: string; readonly message: string };

/** Everything the node reports, by event name. */
export interface NodeEvents {
  /** A block joined the best chain. */
  'block-connected': { readonly entry: BlockEntry; readonly block: Block };
  /** A block left the best chain. */
  'block-disconnected': { readonly entry: BlockEntry; readonly block: Block };
  /** A valid block was stored on a side branch: a stale block. */
  'block-stale': { readonly entry: BlockEntry };
  /** Any new entry in the tree (header or block). */
  'block-added': { readonly entry: BlockEntry };
  /** The best chain switched branches. */
  reorg: ReorgInfo;
  /** The tip moved. */
  tip: { readonly tip: BlockEntry; readonly previous: BlockEntry };
  /** A block waits for its parent. */
  orphan: { readonly id: string; readonly missing: string; readonly source: string | undefined };
  /** This node mined a block. */
  'block-mined': { readonly entry: BlockEntry; readonly block: Block };
  /** A block broke a rule. */
  'block-rejected': {
    readonly id: string;
    readonly code: RuleCode;
    readonly penalty: number;
    readonly mutated: boolean;
    readonly source: string | undefined;
  };
  /** A block from the near future waits for the clock. */
  'block-future': { readonly id: string; readonly source: string | undefined };
  /** A transfer entered the mempool. */
  'tx-accepted': {
    readonly id: string;
    readonly tx: TransferTx;
    readonly source: string | undefined;
  };
  /** A transfer was refused. */
  'tx-rejected': {
    readonly id: string;
    readonly code: RuleCode;
    readonly penalty: number;
    readonly source: string | undefined;
  };
  /** Persistence changed state. */
  persistence: PersistenceState;
  /** Mining started or stopped. */
  mining: { readonly active: boolean };
}

/** Where a block or transaction came from: a peer id, or 'self'. */
export type Source = string | undefined;

/** This node's payout address. */
export type { Address };
