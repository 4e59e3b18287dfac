/** What one call into the chain did: events in order, and the changes to persist. */
import type { Block } from './block.js';
import type { ChainChanges, ChainEvent } from './chain-types.js';
import type { RuleError } from './errors.js';
import type { AccountState, Account, Undo } from './state.js';
import type { BlockEntry } from './tree.js';

/** Collects events and persistence changes during one call. */
export class ChainJournal {
  readonly events: ChainEvent[] = [];
  /** Rule failures by block id, so an outcome can report the error that invalidated it. */
  readonly errors = new Map<string, RuleError>();
  readonly #entries = new Set<BlockEntry>();
  readonly #bodies = new Map<string, Block>();
  readonly #undo = new Map<string, Undo>();
  readonly #disconnected: string[] = [];
  readonly #touched = new Set<string>();

  /** An entry was added or its status, body or order changed. */
  entry(e: BlockEntry): void {
    this.#entries.add(e);
  }

  /** A body was stored. */
  body(e: BlockEntry, block: Block): void {
    this.#entries.add(e);
    this.#bodies.set(e.id, block);
  }

  /** Records a connected block's undo data. */
  connected(id: string, undo: Undo): void {
    this.#undo.set(id, undo);
    for (const [k] of undo) this.#touched.add(k);
  }

  /** Records a disconnected block. */
  disconnected(id: string, undo: Undo): void {
    this.#undo.delete(id);
    this.#disconnected.push(id);
    for (const [k] of undo) this.#touched.add(k);
  }

  /** The changes to persist, with final account values read from state. */
  finish(tip: BlockEntry, state: AccountState): ChainChanges {
    const accounts = new Map<string, Account>();
    for (const k of this.#touched) accounts.set(k, state.getHex(k));
    return {
      entries: [...this.#entries],
      bodies: this.#bodies,
      undo: this.#undo,
      // A block disconnected and connected again in one call keeps its (new) undo data.
      disconnected: this.#disconnected.filter((id) => !this.#undo.has(id)),
      accounts,
      tip,
    };
  }
}
