/**
 * A ChainSnapshot from the records one load read. Schema version 2 keeps a block's entry,
 * body and undo data in one `entries` record, so one getAll brings every block; accounts
 * come from getAllKeys/getAll of the same transaction and pair up by index. Every failure is
 * a StoreError 'unknown' naming the record: nothing is skipped.
 */
import type { Block } from '../core/block.js';
import type { ChainSnapshot, StoredEntry } from '../core/chain-types.js';
import type { Account, Undo } from '../core/state.js';
import {
  HASH_ID,
  accountOf,
  blockOf,
  corruptRecord,
  decodeUndo,
  storedEntryOf,
  type EntryRecord,
} from './records.js';

/** Decoded block records: the entries, and the bodies and undo data they carry. */
export interface DecodedBlocks {
  readonly entries: readonly StoredEntry[];
  readonly bodies: ReadonlyMap<string, Block>;
  readonly undo: ReadonlyMap<string, Undo>;
}

/**
 * Decodes every block record. An entry that claims a body needs it, and the body's header
 * must be the entry's: either break means a commit was not atomic or the data was altered.
 */
export function decodeBlockRecords(values: readonly unknown[]): DecodedBlocks {
  const entries: StoredEntry[] = [];
  const bodies = new Map<string, Block>();
  const undo = new Map<string, Undo>();
  for (const value of values) {
    const e = storedEntryOf(value);
    entries.push(e);
    const r = value as EntryRecord;
    if (r.body !== undefined) bodies.set(e.id, blockOf(e.id, r.body, r.header));
    else if (e.hasBody) throw corruptRecord('entries', e.id, 'hasBody but no block');
    if (r.undo !== undefined) undo.set(e.id, decodeUndo(e.id, r.undo));
  }
  return { entries, bodies, undo };
}

/** Decodes every account record. */
export function decodeAccounts(
  keys: readonly IDBValidKey[],
  values: readonly unknown[],
): (readonly [string, Account])[] {
  return keys.map((key, i) => accountOf(key, values[i]));
}

/** The decoded parts of a load. */
export interface SnapshotParts {
  readonly tip: unknown;
  readonly blocks: DecodedBlocks;
  readonly accounts: readonly (readonly [string, Account])[];
}

/** The snapshot, or undefined for a database never committed to (no tip, no records). */
export function assembleSnapshot(p: SnapshotParts): ChainSnapshot | undefined {
  if (p.tip === undefined) {
    if (p.blocks.entries.length === 0 && p.accounts.length === 0) return undefined;
    throw corruptRecord('meta', 'tip', 'missing while other records exist');
  }
  if (typeof p.tip !== 'string' || !HASH_ID.test(p.tip)) {
    throw corruptRecord('meta', 'tip', 'not a block id');
  }
  return {
    entries: p.blocks.entries,
    bodies: p.blocks.bodies,
    undo: p.blocks.undo,
    tipId: p.tip,
    accounts: p.accounts,
  };
}

/** Everything one load transaction read, as IndexedDB returned it. */
export interface RawSnapshot {
  readonly tip: unknown;
  readonly entries: readonly unknown[];
  readonly accountKeys: readonly IDBValidKey[];
  readonly accounts: readonly unknown[];
}

/** Decodes a whole load at once (the loader pipelines the same steps). */
export function snapshotOf(raw: RawSnapshot): ChainSnapshot | undefined {
  return assembleSnapshot({
    tip: raw.tip,
    blocks: decodeBlockRecords(raw.entries),
    accounts: decodeAccounts(raw.accountKeys, raw.accounts),
  });
}
