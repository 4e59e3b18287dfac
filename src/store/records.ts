/**
 * The records kept in IndexedDB and their conversion to and from chain values. Everything
 * read back is checked: a record that does not decode is reported by store and key, never
 * skipped, because a silently missing block would leave a chain that cannot be restored.
 */
import { MAX_BLOCK_TXS_LIMIT, decodeBlock, type Block } from '../core/block.js';
import { Reader, Writer } from '../core/codec.js';
import { bytesEqual, bytesToHex, hexToBytes } from '../core/bytes.js';
import type { StoredEntry } from '../core/chain-types.js';
import { RULE_PENALTIES, type RuleCode } from '../core/errors.js';
import { HEADER_BYTES, decodeHeader, encodeHeader } from '../core/header.js';
import { MAX_MONEY } from '../core/money.js';
import type { Account, Undo } from '../core/state.js';
import type { BlockEntry, EntryStatus } from '../core/tree.js';
import { StoreError } from '../node/ports.js';

/**
 * A tree entry as stored in `entries` (keyPath `id`), with its block's body and undo data
 * when it has them (schema version 2: one record per block, so a load reads one per block).
 */
export interface EntryRecord {
  readonly id: string;
  /** The 80 header bytes, as on the wire. */
  readonly header: Uint8Array;
  readonly height: number;
  readonly status: EntryStatus;
  /** Null rather than undefined, so the record says explicitly "no rule failed". */
  readonly invalidCode: RuleCode | null;
  readonly seq: number;
  readonly hasBody: boolean;
  /** encodeBlock bytes; absent until the body is stored. */
  readonly body?: Uint8Array;
  /** encodeUndo bytes; present while the block is on the best chain. */
  readonly undo?: Uint8Array;
}

/** An account as stored in `accounts` (key: address hex); the balance in decimal digits. */
export interface AccountRecord {
  readonly balance: string;
  readonly nonce: number;
}

/** Longest address an undo record may hold, in bytes (addresses are 20; leaves room). */
const MAX_UNDO_ADDRESS_BYTES = 64;

/** Most accounts one block's undo may list: the reward's, then a transfer's two each. */
const MAX_UNDO_ITEMS = 2 * MAX_BLOCK_TXS_LIMIT + 1;

const STATUSES: ReadonlySet<string> = new Set<EntryStatus>(['valid', 'invalid', 'invalid-child']);

/** A block id: display-order hash hex. */
export const HASH_ID = /^[0-9a-f]{64}$/;
const ADDRESS_HEX = /^(?:[0-9a-f]{2})+$/;
const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

/** A record that did not decode: StoreError 'unknown' naming the store and key. */
export function corruptRecord(
  store: string,
  key: unknown,
  reason: string,
  cause?: unknown,
): StoreError {
  return new StoreError('unknown', `corrupt record ${store}/${String(key)}: ${reason}`, { cause });
}

/** The record of a tree entry, copied now (the entry object changes later). */
export function entryRecord(e: BlockEntry): EntryRecord {
  return {
    id: e.id,
    header: encodeHeader(e.header),
    height: e.height,
    status: e.status,
    invalidCode: e.invalidCode ?? null,
    seq: e.seq,
    hasBody: e.hasBody,
  };
}

/** A stored entry from its record; throws StoreError 'unknown' on anything malformed. */
export function storedEntryOf(value: unknown): StoredEntry {
  const r = value as Partial<Record<keyof EntryRecord, unknown>> | null | undefined;
  const id = typeof r?.id === 'string' ? r.id : '?';
  const bad = (reason: string, cause?: unknown): StoreError =>
    corruptRecord('entries', id, reason, cause);
  if (!r || typeof r !== 'object') throw bad('not an object');
  if (!HASH_ID.test(id)) throw bad('id is not 64 lowercase hex digits');
  if (!(r.header instanceof Uint8Array) || r.header.length !== HEADER_BYTES) {
    throw bad(`header is not ${HEADER_BYTES} bytes`);
  }
  if (!isCount(r.height)) throw bad('height is not a non-negative integer');
  if (typeof r.status !== 'string' || !STATUSES.has(r.status)) throw bad('unknown status');
  if (
    r.invalidCode !== null &&
    // Own keys only: `in` also finds the prototype's ('__proto__', 'toString').
    !(typeof r.invalidCode === 'string' && Object.hasOwn(RULE_PENALTIES, r.invalidCode))
  ) {
    throw bad('unknown invalidCode');
  }
  if (!isCount(r.seq)) throw bad('seq is not a non-negative integer');
  if (typeof r.hasBody !== 'boolean') throw bad('hasBody is not a boolean');
  let header;
  try {
    header = decodeHeader(r.header);
  } catch (e) {
    throw bad('header does not decode', e);
  }
  return {
    id,
    header,
    height: r.height,
    status: r.status as EntryStatus,
    invalidCode: (r.invalidCode ?? undefined) as RuleCode | undefined,
    seq: r.seq,
    hasBody: r.hasBody,
  };
}

/** The record of an account. */
export function accountRecord(a: Account): AccountRecord {
  return { balance: a.balance.toString(10), nonce: a.nonce };
}

/** An account from its record; throws StoreError 'unknown' on anything malformed. */
export function accountOf(key: unknown, value: unknown): readonly [string, Account] {
  const r = value as Partial<Record<keyof AccountRecord, unknown>> | null | undefined;
  if (typeof key !== 'string' || !ADDRESS_HEX.test(key)) {
    throw corruptRecord('accounts', key, 'key is not lowercase hex');
  }
  if (!r || typeof r.balance !== 'string' || !DECIMAL.test(r.balance)) {
    throw corruptRecord('accounts', key, 'balance is not a decimal string');
  }
  const balance = BigInt(r.balance);
  if (balance > MAX_MONEY) throw corruptRecord('accounts', key, 'balance over MAX_MONEY');
  if (!isCount(r.nonce))
    throw corruptRecord('accounts', key, 'nonce is not a non-negative integer');
  return [key, { balance, nonce: r.nonce }];
}

/**
 * Compact undo encoding: CompactSize count, then per account its address (CompactSize
 * length + bytes), balance as u64 and nonce as CompactSize. About 30 bytes per account.
 */
export function encodeUndo(undo: Undo): Uint8Array {
  const w = new Writer(1 + undo.length * 32);
  w.varint(undo.length);
  for (const [address, account] of undo) {
    w.varBytes(hexToBytes(address)).u64(account.balance).varint(account.nonce);
  }
  return w.finish();
}

/** Undo data from its encoding; throws StoreError 'unknown' naming the block. */
export function decodeUndo(id: unknown, value: unknown): Undo {
  if (!(value instanceof Uint8Array)) throw corruptRecord('undo', id, 'value is not bytes');
  try {
    const r = new Reader(value);
    const n = r.varint(MAX_UNDO_ITEMS, 'undo count');
    const out: (readonly [string, Account])[] = [];
    for (let i = 0; i < n; i++) {
      const address = bytesToHex(r.varBytes(MAX_UNDO_ADDRESS_BYTES, 'undo address'));
      const balance = r.u64('undo balance');
      const nonce = r.varint(Number.MAX_SAFE_INTEGER, 'undo nonce');
      out.push([address, { balance, nonce }]);
    }
    r.end('undo');
    return out;
  } catch (e) {
    throw corruptRecord('undo', id, e instanceof Error ? e.message : String(e), e);
  }
}

/**
 * A block body from its record. Its header bytes must equal its entry's: a body stored under
 * the wrong id would otherwise restore silently as another block.
 */
export function blockOf(id: string, value: unknown, entryHeader: Uint8Array | undefined): Block {
  if (!(value instanceof Uint8Array)) throw corruptRecord('blocks', id, 'value is not bytes');
  if (entryHeader && !bytesEqual(value.subarray(0, HEADER_BYTES), entryHeader)) {
    throw corruptRecord('blocks', id, 'header differs from its entry');
  }
  try {
    return decodeBlock(value);
  } catch (e) {
    throw corruptRecord('blocks', id, e instanceof Error ? e.message : String(e), e);
  }
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}
