/**
 * A ChainSnapshot from the records one load read. Split by object store so the loader can
 * decode each store's records as soon as they arrive, while IndexedDB still reads the next.
 * Keys and values come from getAllKeys/getAll of one transaction, so they pair up by index.
 * Every failure is a StoreError 'unknown' naming the record: nothing is skipped.
 */
import type { Block } from '../core/block.js';
import type { ChainSnapshot, StoredEntry } from '../core/chain-types.js';
import type { Account, Undo } from '../core/state.js';
import {
  HASH_ID,
  accountOf,
  blockIdKey,
  blockOf,
  corruptRecord,
  decodeUndo,
  storedEntryOf,
  type EntryRecord,
} from './records.js';

/** Decoded entries, with each one's stored header bytes to check its body against. */
export interface DecodedEntries {
  readonly entries: readonly StoredEntry[];
  readonly headers: ReadonlyMap<string, Uint8Array>;
}

/** Decodes every entry record. */
export function decodeEntries(values: readonly unknown[]): DecodedEntries {
  const entries: StoredEntry[] = [];
  const headers = new Map<string, Uint8Array>();
  for (const r of values) {
    const e = storedEntryOf(r);
    entries.push(e);
    headers.set(e.id, (r as EntryRecord).header);
  }
  return { entries, headers };
}

/**
 * Decodes every body and checks the links both ways: a body needs its entry (with the same
 * header), and an entry that claims a body needs it. Either break means a commit was not
 * atomic or the data was altered; restoring around it would give a different chain.
 */
export function decodeBodies(
  keys: readonly IDBValidKey[],
  values: readonly unknown[],
  decoded: DecodedEntries,
): Map<string, Block> {
  const bodies = new Map<string, Block>();
  keys.forEach((key, i) => {
    const id = blockIdKey('blocks', key);
    const header = decoded.headers.get(id);
    if (!header) throw corruptRecord('blocks', id, 'no entry for this block');
    bodies.set(id, blockOf(id, values[i], header));
  });
  for (const e of decoded.entries) {
    if (e.hasBody && !bodies.has(e.id))
      throw corruptRecord('entries', e.id, 'hasBody but no block');
  }
  return bodies;
}

/** Decodes every undo record. */
export function decodeUndos(
  keys: readonly IDBValidKey[],
  values: readonly unknown[],
): Map<string, Undo> {
  const undo = new Map<string, Undo>();
  keys.forEach((key, i) => undo.set(blockIdKey('undo', key), decodeUndo(key, values[i])));
  return undo;
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
  readonly entries: DecodedEntries;
  readonly bodies: ReadonlyMap<string, Block>;
  readonly undo: ReadonlyMap<string, Undo>;
  readonly accounts: readonly (readonly [string, Account])[];
}

/** The snapshot, or undefined for a database never committed to (no tip, no records). */
export function assembleSnapshot(p: SnapshotParts): ChainSnapshot | undefined {
  if (p.tip === undefined) {
    const empty = p.entries.entries.length === 0 && p.bodies.size === 0 && p.undo.size === 0;
    if (empty && p.accounts.length === 0) return undefined;
    throw corruptRecord('meta', 'tip', 'missing while other records exist');
  }
  if (typeof p.tip !== 'string' || !HASH_ID.test(p.tip)) {
    throw corruptRecord('meta', 'tip', 'not a block id');
  }
  return {
    entries: p.entries.entries,
    bodies: p.bodies,
    undo: p.undo,
    tipId: p.tip,
    accounts: p.accounts,
  };
}

/** Everything one load transaction read, as IndexedDB returned it. */
export interface RawSnapshot {
  readonly tip: unknown;
  readonly entries: readonly unknown[];
  readonly blockKeys: readonly IDBValidKey[];
  readonly blocks: readonly unknown[];
  readonly undoKeys: readonly IDBValidKey[];
  readonly undo: readonly unknown[];
  readonly accountKeys: readonly IDBValidKey[];
  readonly accounts: readonly unknown[];
}

/** Decodes a whole load at once (the loader pipelines the same steps). */
export function snapshotOf(raw: RawSnapshot): ChainSnapshot | undefined {
  const entries = decodeEntries(raw.entries);
  return assembleSnapshot({
    tip: raw.tip,
    entries,
    bodies: decodeBodies(raw.blockKeys, raw.blocks, entries),
    undo: decodeUndos(raw.undoKeys, raw.undo),
    accounts: decodeAccounts(raw.accountKeys, raw.accounts),
  });
}
