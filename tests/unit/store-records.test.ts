import { describe, expect, test } from 'vitest';
import { encodeBlock } from '../../src/core/block.js';
import { Chain } from '../../src/core/chain.js';
import { MAX_MONEY } from '../../src/core/money.js';
import { genesisHash } from '../../src/core/room.js';
import type { Undo } from '../../src/core/state.js';
import { StoreError } from '../../src/node/ports.js';
import {
  nodeDatabaseName,
  parseNodeDatabaseName,
  shortChainId,
} from '../../src/store/databases.js';
import { toStoreError } from '../../src/store/idb-errors.js';
import {
  accountOf,
  accountRecord,
  decodeUndo,
  encodeUndo,
  entryRecord,
  storedEntryOf,
} from '../../src/store/records.js';
import { snapshotOf, type RawSnapshot } from '../../src/store/snapshot.js';
import { TEST_PARAMS, makeBlock } from '../support/blocks.js';
import { NOW } from '../support/store-suite.js';

const ID = 'ab'.repeat(32);

/** The StoreError a function throws. */
function thrown(f: () => unknown): StoreError {
  try {
    f();
  } catch (e) {
    if (e instanceof StoreError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('undo records', () => {
  test('round-trip, from empty to extreme values', () => {
    const undo: Undo = [
      ['11'.repeat(20), { balance: MAX_MONEY, nonce: Number.MAX_SAFE_INTEGER }],
      ['22'.repeat(20), { balance: 0n, nonce: 0 }],
    ];
    expect(decodeUndo(ID, encodeUndo(undo))).toEqual(undo);
    expect(decodeUndo(ID, encodeUndo([]))).toEqual([]);
    // 1 count + 2 x (1 length + 20 address + 8 balance + nonce)
    expect(encodeUndo(undo).length).toBe(1 + (1 + 20 + 8 + 9) + (1 + 20 + 8 + 1));
  });

  test('trailing or missing bytes fail, naming the record', () => {
    const bytes = encodeUndo([['11'.repeat(20), { balance: 5n, nonce: 1 }]]);
    for (const bad of [bytes.subarray(0, bytes.length - 1), new Uint8Array([...bytes, 0])]) {
      const e = thrown(() => decodeUndo(ID, bad));
      expect([e.code, e.message.includes(`undo/${ID}`)]).toEqual(['unknown', true]);
    }
    expect(thrown(() => decodeUndo(ID, 'x')).code).toBe('unknown');
  });
});

describe('entry and account records', () => {
  const chain = new Chain(TEST_PARAMS);
  const block = makeBlock(chain.tree.genesis);
  chain.processBlock(block, NOW);
  const entry = chain.tip;

  test('an entry round-trips to a StoredEntry', () => {
    const { id, header, height, status, invalidCode, seq, hasBody } = entry;
    expect(storedEntryOf(entryRecord(entry))).toEqual({
      ...{ id, header, height, status, invalidCode, seq, hasBody },
    });
    expect(entryRecord(entry).invalidCode).toBeNull();
  });

  test.each([
    ['a short header', { header: new Uint8Array(79) }],
    ['an unknown status', { status: 'fine' }],
    ['an unknown invalidCode', { invalidCode: 'bad-luck' }],
    // Found by the fuzz target store/entry-record: `in` accepted the prototype's keys.
    ['an invalidCode of the prototype', { invalidCode: '__proto__' }],
    ['an invalidCode of the prototype (toString)', { invalidCode: 'toString' }],
    ['a fractional height', { height: 1.5 }],
    ['a missing hasBody', { hasBody: undefined }],
  ])('%s fails, naming the entry', (_, patch) => {
    const e = thrown(() => storedEntryOf({ ...entryRecord(entry), ...patch }));
    expect(e.message).toContain(`entries/${entry.id}`);
  });

  test('accounts round-trip; malformed ones fail', () => {
    const account = { balance: 123n, nonce: 4 };
    expect(accountOf('aa'.repeat(20), accountRecord(account))).toEqual(['aa'.repeat(20), account]);
    for (const bad of [
      { balance: '-1', nonce: 0 },
      { balance: '1e3', nonce: 0 },
      { balance: '1' },
    ]) {
      expect(thrown(() => accountOf('aa', bad)).message).toContain('accounts/aa');
    }
    expect(thrown(() => accountOf(7, accountRecord(account))).code).toBe('unknown');
  });

  test('snapshots: empty is undefined, broken links fail', () => {
    const none: RawSnapshot = { tip: undefined, entries: [], accountKeys: [], accounts: [] };
    expect(snapshotOf(none)).toBeUndefined();
    const rec = entryRecord(entry);
    const full = { ...none, tip: entry.id, entries: [rec] };
    expect(thrown(() => snapshotOf(full)).message).toContain('hasBody but no block');
    const body = encodeBlock(block);
    const noTip = { ...full, tip: undefined, entries: [{ ...rec, body }] };
    expect(thrown(() => snapshotOf(noTip)).message).toContain('meta/tip');
    const ok = snapshotOf({ ...full, entries: [{ ...rec, body }] });
    expect(ok?.bodies.get(entry.id)).toEqual(block);
    const other = encodeBlock(makeBlock(chain.tree.genesis, { tag: 'other' }));
    const wrong = { ...full, entries: [{ ...rec, body: other }] };
    expect(thrown(() => snapshotOf(wrong)).message).toContain('header differs');
  });
});

describe('IndexedDB errors', () => {
  const dom = (name: string) => new DOMException('x', name);
  test.each([
    ['QuotaExceededError', undefined, 'quota'],
    ['AbortError', 'QuotaExceededError', 'quota'],
    ['AbortError', undefined, 'unknown'],
    ['InvalidStateError', undefined, 'closed'],
    ['VersionError', undefined, 'version'],
    ['UnknownError', undefined, 'unknown'],
  ])('%s (transaction error %s) maps to %s', (name, txError, code) => {
    const tx = { error: txError ? dom(txError) : null } as unknown as IDBTransaction;
    expect(toStoreError(dom(name), 'commit', tx).code).toBe(code);
  });

  test('a StoreError passes through unchanged', () => {
    const e = new StoreError('closed', 'gone');
    expect(toStoreError(e, 'commit')).toBe(e);
  });
});

describe('database names', () => {
  const chainId = genesisHash(TEST_PARAMS);
  test('name and parse round-trip', () => {
    const name = nodeDatabaseName('node_1-x', chainId, 'room-a');
    expect(name).toBe(`tabchain:node_1-x:${shortChainId(chainId)}:room-a`);
    expect(parseNodeDatabaseName(name, 1)).toEqual({
      ...{ name, nodeId: 'node_1-x', chain: shortChainId(chainId), room: 'room-a', version: 1 },
    });
    expect(parseNodeDatabaseName(nodeDatabaseName('n', chainId))?.room).toBeUndefined();
  });

  test('foreign names do not parse; unfit ids are refused', () => {
    const short = shortChainId(chainId);
    for (const n of ['other', `tabchain:n:${short}:r:x`, 'tabchain:n:xyz', `tabchain::${short}`]) {
      expect(parseNodeDatabaseName(n)).toBeUndefined();
    }
    expect(() => nodeDatabaseName('a:b', chainId)).toThrow(RangeError);
    expect(() => nodeDatabaseName('a', chainId, 'r o o m')).toThrow(RangeError);
  });
});
