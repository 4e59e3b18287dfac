/**
 * Fuzz targets of what a node reads back from its own storage, where a bug, another tab, an
 * extension or a student with DevTools may have left anything: IndexedDB block records,
 * accounts and undo data (a StoreError naming the record, nothing else), a whole load, the
 * localStorage identity records and heartbeats, BroadcastChannel claim messages, and the
 * database names listed on the origin.
 */
import { encodeBlock } from '../../src/core/block.js';
import { bytesToHex } from '../../src/core/bytes.js';
import { RULE_PENALTIES } from '../../src/core/errors.js';
import { encodeHeader } from '../../src/core/header.js';
import { parseClaimMessage } from '../../src/identity/broadcast.js';
import {
  decodeHeartbeat,
  decodeRecord,
  encodeHeartbeat,
  encodeRecord,
} from '../../src/identity/registry.js';
import { StoreError } from '../../src/node/ports.js';
import { parseNodeDatabaseName } from '../../src/store/databases.js';
import {
  accountOf,
  accountRecord,
  blockOf,
  decodeUndo,
  encodeUndo,
  storedEntryOf,
} from '../../src/store/records.js';
import { snapshotOf, type RawSnapshot } from '../../src/store/snapshot.js';
import { wallet } from '../support/blocks.js';
import {
  assert,
  assertSame,
  bytesTarget,
  decodeOrRefuse,
  jsonTextTarget,
  textTarget,
  valueTarget,
  type FuzzTarget,
  type Outcome,
} from './harness.js';
import { samples } from './samples.js';
import { footprint } from './values.js';

const isStoreError = (e: unknown): boolean => e instanceof StoreError && e.code === 'unknown';

/**
 * What IndexedDB hands back for a stored value: a structured clone (no prototypes but the
 * built-in ones; a record can still hold any mix of objects, arrays, bytes, dates, bigints).
 */
const stored = (value: unknown): unknown => structuredClone(value);

const UNDO = [
  [bytesToHex(wallet(0).address), { balance: 5_000_000_000n, nonce: 0 }],
  [bytesToHex(wallet(1).address), { balance: 0n, nonce: 2 ** 40 }],
] as const;

/** The `entries` records of the sample chain, as the store writes them. */
function entryRecords(): Record<string, unknown>[] {
  return samples().chain.map((b, i) => ({
    id: b.id,
    header: encodeHeader(b.header),
    height: b.height,
    status: i === 3 ? 'invalid' : 'valid',
    invalidCode: i === 3 ? 'high-hash' : null,
    seq: i,
    hasBody: i !== 4,
    ...(i !== 4 ? { body: encodeBlock(b.block) } : {}),
    ...(i < 3 ? { undo: encodeUndo(UNDO.slice(0, i)) } : {}),
  }));
}

const RECORD_DICT = ['id', 'header', 'height', 'status', 'invalidCode', 'seq', 'hasBody', 'body'];

/** One `entries` record: a StoreError, or an entry whose header bytes are the record's. */
const ENTRY_TARGET = valueTarget({
  name: 'store/entry-record',
  dict: [...RECORD_DICT, 'undo', 'valid', 'invalid', 'invalid-child', 'bad-sig'],
  seeds: entryRecords,
  check: (input): Outcome => {
    const value = stored(input);
    const r = decodeOrRefuse(() => storedEntryOf(value), isStoreError, footprint(value));
    if (!r) return 'refused';
    const rec = value as Record<string, unknown>;
    assertSame(encodeHeader(r.value.header), rec.header, 'header bytes');
    assertSame([r.value.id, r.value.height, r.value.seq], [rec.id, rec.height, rec.seq], 'fields');
    const code = r.value.invalidCode;
    assert(code === undefined || Object.hasOwn(RULE_PENALTIES, code), `invalidCode ${code}`);
    return 'accepted';
  },
});

/** A block body record checked against its entry's header bytes. */
const BLOCK_RECORD_TARGET = valueTarget({
  name: 'store/block-record',
  seeds: () =>
    samples().chain.map((b) => ({
      id: b.id,
      body: encodeBlock(b.block),
      header: encodeHeader(b.header),
    })),
  check: (input): Outcome => {
    const value = stored(input);
    const { id, body, header } = (value ?? {}) as Record<string, unknown>;
    // The id and header bytes are the entry's, checked before its body is read.
    const entryId = typeof id === 'string' ? id : '?';
    const entryHeader = header instanceof Uint8Array ? header : undefined;
    const r = decodeOrRefuse(
      () => blockOf(entryId, body, entryHeader),
      isStoreError,
      footprint(value),
    );
    if (!r) return 'refused';
    assertSame(encodeBlock(r.value), body, 're-encoded body');
    return 'accepted';
  },
});

/** Undo bytes: a StoreError, or accounts that encode back to the same bytes. */
const UNDO_TARGET = bytesTarget({
  name: 'store/undo',
  maxBytes: 64 * 1024,
  seeds: () => [encodeUndo([]), encodeUndo(UNDO.slice(0, 1)), encodeUndo(UNDO)],
  check: (bytes): Outcome => {
    const r = decodeOrRefuse(() => decodeUndo('x', bytes), isStoreError, bytes.length);
    if (!r) return 'refused';
    assertSame(encodeUndo(r.value), bytes, 're-encoded undo');
    return 'accepted';
  },
});

/** An `accounts` record with its key. */
const ACCOUNT_TARGET = valueTarget({
  name: 'store/account-record',
  dict: ['key', 'value', 'balance', 'nonce', '2100000000000000', '2100000000000001'],
  seeds: () =>
    UNDO.map(([key, a]) => ({ key, value: accountRecord(a) })).concat([
      { key: 'ff', value: { balance: '0', nonce: 0 } },
    ]),
  check: (input): Outcome => {
    const { key, value } = (stored(input) ?? {}) as Record<string, unknown>;
    const r = decodeOrRefuse(() => accountOf(key, value), isStoreError, footprint(input));
    if (!r) return 'refused';
    const [k, account] = r.value;
    const v = value as Record<string, unknown>;
    assertSame(
      [k, accountRecord(account)],
      [key, { balance: v.balance, nonce: v.nonce }],
      'account',
    );
    return 'accepted';
  },
});

/**
 * Any value in the shape one load transaction has: any tip, arrays of any records, and as
 * many account values as keys (getAll and getAllKeys of one store in one transaction).
 */
function asLoad(value: unknown): RawSnapshot {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
  const accountKeys = list(v.accountKeys) as IDBValidKey[];
  const accounts = accountKeys.map((_, i) => list(v.accounts)[i]);
  return { tip: v.tip, entries: list(v.entries), accountKeys, accounts };
}

/** A whole load, as IndexedDB hands it over: decoded, or a StoreError naming the record. */
const SNAPSHOT_TARGET = valueTarget({
  name: 'store/snapshot',
  dict: [...RECORD_DICT, 'tip', 'entries', 'accountKeys', 'accounts'],
  seeds: () => {
    const entries = entryRecords();
    const keys = UNDO.map(([k]) => k);
    const accounts = UNDO.map(([, a]) => accountRecord(a));
    return [
      { tip: entries[2]!.id, entries, accountKeys: keys, accounts },
      { tip: undefined, entries: [], accountKeys: [], accounts: [] },
    ];
  },
  check: (value): Outcome => {
    const raw = asLoad(stored(value));
    const r = decodeOrRefuse(() => snapshotOf(raw), isStoreError, footprint(value));
    if (!r) return 'refused';
    const snap = r.value;
    if (snap === undefined) return 'accepted';
    assert(snap.entries.length === raw.entries.length, 'an entry was skipped');
    assert([...snap.accounts].length === raw.accountKeys.length, 'an account was skipped');
    return 'accepted';
  },
});

const IDENTITY_SEED = {
  id: '0a1b2c3d',
  name: 'Amber Otter',
  colour: 3,
  seed: new Uint8Array(32).fill(7),
  created: 1_700_000_000_000,
  lastUsed: 1_700_000_100_000,
};

/** A localStorage identity record: a record that writes back as itself, or undefined. */
const IDENTITY_TARGET = jsonTextTarget({
  name: 'identity/record',
  dict: ['v', 'id', 'name', 'colour', 'seed', 'created', 'lastUsed'],
  seeds: () => [encodeRecord(IDENTITY_SEED)],
  check: (text): Outcome => {
    const r = decodeOrRefuse(
      () => decodeRecord(text),
      () => false,
      text.length,
    );
    const rec = r!.value;
    if (rec === undefined) return 'refused';
    // Compared as the stored text (JSON writes -0 as 0).
    const written = encodeRecord(rec);
    assertSame(encodeRecord(decodeRecord(written)!), written, 'record round trip');
    return 'accepted';
  },
});

/** A localStorage heartbeat. */
const HEARTBEAT_TARGET = jsonTextTarget({
  name: 'identity/heartbeat',
  dict: ['at', 'by', 'tab'],
  seeds: () => [encodeHeartbeat({ at: 1_700_000_000_000, by: 'c1', tab: 't1' })],
  check: (text): Outcome => {
    const r = decodeOrRefuse(
      () => decodeHeartbeat(text),
      () => false,
      text.length,
    );
    const h = r!.value;
    if (h === undefined) return 'refused';
    const written = encodeHeartbeat(h);
    assertSame(encodeHeartbeat(decodeHeartbeat(written)!), written, 'heartbeat round trip');
    return 'accepted';
  },
});

/** A message from another tab on the identity BroadcastChannel. */
const CLAIM_TARGET = valueTarget({
  name: 'identity/claim-message',
  dict: ['t', 'ids', 'id', 'tie', 'from', 'query', 'claim', 'held'],
  seeds: () => [
    { t: 'query', ids: ['0a1b2c3d', 'ffffffff'], from: 'tab-1' },
    { t: 'claim', id: '0a1b2c3d', tie: 123456, from: 'tab-2' },
    { t: 'held', id: '0a1b2c3d', from: 'tab-3' },
  ],
  check: (value): Outcome => {
    const r = decodeOrRefuse(
      () => parseClaimMessage(value),
      () => false,
      footprint(value),
    );
    return r?.value === undefined ? 'refused' : 'accepted';
  },
});

/** A database name on the origin: its parts, which join back into it, or undefined. */
const DATABASE_NAME_TARGET = textTarget({
  name: 'store/database-name',
  dict: ['tabchain', ':', '0123456789abcdef'],
  seeds: () => ['tabchain:0a1b2c3d:0123456789abcdef:physics-1', 'tabchain:n_1:fedcba9876543210'],
  check: (name): Outcome => {
    const r = decodeOrRefuse(
      () => parseNodeDatabaseName(name),
      () => false,
      name.length,
    );
    const db = r!.value;
    if (db === undefined) return 'refused';
    const parts = ['tabchain', db.nodeId, db.chain, ...(db.room === undefined ? [] : [db.room])];
    assert(parts.join(':') === name, 'parts do not make the name');
    return 'accepted';
  },
});

/** Every target of this file. */
export const STORE_TARGETS: readonly FuzzTarget[] = [
  ENTRY_TARGET,
  BLOCK_RECORD_TARGET,
  UNDO_TARGET,
  ACCOUNT_TARGET,
  SNAPSHOT_TARGET,
  IDENTITY_TARGET,
  HEARTBEAT_TARGET,
  CLAIM_TARGET,
  DATABASE_NAME_TARGET,
];
