/**
 * IndexedDB-only store tests: storage faults (threat model 38-42) and database management.
 * Run on fake-indexeddb in Node and on real IndexedDB in Chromium; imports nothing Node-only.
 */
import { openDB } from 'idb';
import { afterAll, describe, expect, test } from 'vitest';
import { genesisHash } from '../../src/core/room.js';
import { StoreError } from '../../src/node/ports.js';
import {
  deleteNodeDatabase,
  listNodeDatabases,
  nodeDatabaseName,
  shortChainId,
} from '../../src/store/databases.js';
import { nodeDatabaseStats } from '../../src/store/database-stats.js';
import { IdbStore, type CloseReason, type IdbStoreOptions } from '../../src/store/idb-store.js';
import type { EntryRecord } from '../../src/store/records.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { SCHEMA_VERSION } from '../../src/store/schema.js';
import { wholeChainChanges } from '../../src/store/whole-chain.js';
import { TEST_PARAMS, makeBlock } from './blocks.js';
import { NOW, Recorder, buildScenario, expectSameChain, restore } from './store-suite.js';
import { writeV1Database } from './store-v1.js';

const CHAIN_ID = genesisHash(TEST_PARAMS);

/** A fresh node id, so runs and tests never share a database. */
export function freshNodeId(): string {
  return `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

/** Resolves to the StoreError code a promise rejects with; fails on anything else. */
async function codeOf(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof StoreError)) throw new Error(`expected a StoreError, got ${String(e)}`);
  return e.code;
}

/** Runs the IndexedDB fault tests on the global indexedDB. */
export function idbStoreSuite(label: string): void {
  const names: string[] = [];
  const newName = (): string => {
    const name = nodeDatabaseName(freshNodeId(), CHAIN_ID, 'test');
    names.push(name);
    return name;
  };
  const open = (name: string, options?: IdbStoreOptions) => IdbStore.open(name, options);

  afterAll(async () => {
    for (const name of names) await deleteNodeDatabase(name, indexedDB, 2000).catch(() => {});
  });

  describe(`${label}: IndexedDB faults`, () => {
    test('a put over quota rejects with quota and the previous state still loads', async () => {
      const name = newName();
      const store = await open(name);
      const s = await buildScenario(store);
      // Patch the engine's own put: the store's write path runs unchanged up to the throw.
      const proto = IDBObjectStore.prototype;
      const put = Object.getOwnPropertyDescriptor(proto, 'put')?.value as IDBObjectStore['put'];
      proto.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
        if (this.name === 'entries') throw new DOMException('disk full', 'QuotaExceededError');
        return put.apply(this, args);
      };
      try {
        expect(await codeOf(s.r.add(s.h5))).toBe('quota');
      } finally {
        proto.put = put;
      }
      store.close();
      const chain = await restore(await open(name));
      expect(chain.tip.id).toBe(s.r.entry(s.b4).id);
      expect(chain.tree.get(s.r.entry(s.h5).id)?.hasBody).toBe(false);
    });

    test('a tab closed between the block writes and the tip move leaves neither', async () => {
      const name = newName();
      let crash = false;
      const hooks = { beforeTip: (tx: IDBTransaction) => crash && tx.abort() };
      const store = await open(name, { testHooks: hooks });
      const s = await buildScenario(store);
      crash = true;
      await expect(s.r.add(s.h5)).rejects.toBeInstanceOf(StoreError);
      store.close();
      const again = await open(name);
      const snap = await again.load();
      expect(snap?.tipId).toBe(s.r.entry(s.b4).id);
      expect(snap?.bodies.has(s.r.entry(s.h5).id)).toBe(false);
      expect(snap?.entries.find((e) => e.id === s.r.entry(s.h5).id)?.hasBody).toBe(false);
      again.close();
    });

    test('another tab upgrading the database closes this store; commits reject closed', async () => {
      const name = newName();
      const reasons: CloseReason[] = [];
      const store = await open(name, { onClose: (r) => reasons.push(r) });
      const r = new Recorder(store);
      await r.mine(r.chain.tree.genesis);
      const other = await openDB(name, SCHEMA_VERSION + 1);
      expect([store.closed, reasons]).toEqual([true, ['versionchange']]);
      const late = r.chain.processBlock(makeBlock(r.chain.tip), NOW);
      expect(await codeOf(store.commit(late.changes))).toBe('closed');
      expect(await codeOf(store.load())).toBe('closed');
      other.close();
      // The other tab's version is newer than this code's: reopening must refuse, not downgrade.
      expect(await codeOf(open(name))).toBe('version');
    });

    test('deleting the database closes the open store and goes through', async () => {
      const name = newName();
      const reasons: CloseReason[] = [];
      const store = await open(name, { onClose: (r) => reasons.push(r) });
      await buildScenario(store);
      await deleteNodeDatabase(name);
      expect([store.closed, reasons]).toEqual([true, ['versionchange']]);
      const fresh = await open(name);
      expect(await fresh.load()).toBeUndefined();
      fresh.close();
    });

    test('an upgrade blocked by a tab that keeps the old version open fails with blocked', async () => {
      const name = newName();
      (await open(name)).close();
      // A connection with no versionchange handler: an old tab that never lets go.
      const stubborn = await openDB(name, SCHEMA_VERSION);
      let blocked = 0;
      const version = SCHEMA_VERSION + 1;
      const opening = open(name, { version, blockedTimeoutMs: 100, onBlocked: () => blocked++ });
      expect(await codeOf(opening)).toBe('blocked');
      expect(blocked).toBe(1);
      stubborn.close();
    });

    // A block's body and undo live in its entry record (schema 2); errors name them by part.
    test.each([
      ['blocks', (r: EntryRecord): unknown => ({ ...r, body: new Uint8Array([1, 2, 3]) })],
      ['undo', (r: EntryRecord): unknown => ({ ...r, undo: new Uint8Array([0xff]) })],
      ['entries', (r: EntryRecord): unknown => ({ id: r.id, status: 'weird' })],
    ])('a corrupt %s record fails the load with unknown, naming the record', async (which, bad) => {
      const name = newName();
      const store = await open(name);
      const r = new Recorder(store);
      const id = r.entry(await r.mine(r.chain.tree.genesis)).id;
      store.close();
      const db = await openDB(name);
      await db.put('entries', bad((await db.get('entries', id)) as EntryRecord));
      db.close();
      const err = await (await open(name)).load().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreError);
      expect((err as StoreError).code).toBe('unknown');
      expect((err as StoreError).message).toContain(`${which}/${id}`);
    });

    test('a version 1 database migrates to one record per block, same chain', async () => {
      const name = newName();
      const s = await buildScenario(new MemoryStore());
      await writeV1Database(name, wholeChainChanges(s.r.chain));
      const store = await open(name);
      expect(await store.getMeta('schema')).toBe(SCHEMA_VERSION);
      expectSameChain(await restore(store), s.r.chain);
      // The migrated store goes on committing in the new layout.
      await new Recorder(store, s.r.chain).mine(s.r.chain.tip);
      store.close();
      const db = await openDB(name);
      expect([...db.objectStoreNames].sort()).toEqual(['accounts', 'entries', 'meta']);
      db.close();
      expectSameChain(await restore(await open(name)), s.r.chain);
    });

    test('a version 1 body without an entry fails the migration; v1 stays', async () => {
      const name = newName();
      const s = await buildScenario(new MemoryStore());
      const orphanBodies = new Map([['cd'.repeat(32), new Uint8Array([1, 2, 3])]]);
      await writeV1Database(name, wholeChainChanges(s.r.chain), { orphanBodies });
      expect(await codeOf(open(name))).toBe('unknown');
      const db = await openDB(name);
      expect([db.version, [...db.objectStoreNames].length]).toEqual([1, 5]);
      db.close();
    });

    test('meta values survive a reopen; the store keeps its own keys', async () => {
      const name = newName();
      const store = await open(name);
      const identity = { id: 'n1', secretKey: new Uint8Array([7, 8, 9]) };
      await store.setMeta('identity', identity);
      await expect(store.setMeta('tip', 'x')).rejects.toBeInstanceOf(RangeError);
      store.close();
      const again = await open(name);
      expect(await again.getMeta('identity')).toEqual(identity);
      expect(await again.getMeta('schema')).toBe(SCHEMA_VERSION);
      await again.deleteMeta('identity');
      expect(await again.getMeta('identity')).toBeUndefined();
      again.close();
    });

    test("reads a database's block count and tip height without creating or holding it", async () => {
      const name = newName();
      const store = await open(name);
      const s = await buildScenario(store);
      // Read while the node's own connection is open, as the list does for this tab's chain.
      expect(await nodeDatabaseStats(name)).toEqual({
        entries: s.r.chain.tree.size - 1, // the genesis is derived, not stored
        height: s.r.chain.tip.height,
      });
      store.close();
      const missing = newName();
      expect(await nodeDatabaseStats(missing)).toBeUndefined();
      expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(missing);
      expect(await nodeDatabaseStats('not-a-node-database')).toBeUndefined();
      // The reader has let go: a delete goes through at once.
      await deleteNodeDatabase(name, indexedDB, 500);
    });

    test('lists node databases, parsed, and deletes one', async () => {
      const nodeId = freshNodeId();
      const n1 = nodeDatabaseName(nodeId, CHAIN_ID, 'test');
      const n2 = nodeDatabaseName(`${nodeId}-b`, CHAIN_ID);
      names.push(n1, n2);
      const foreign = `not-ours-${nodeId}`;
      const s1 = await open(n1);
      (await open(n2)).close();
      (await openDB(foreign, 1)).close();
      const ours = async () =>
        (await listNodeDatabases()).filter((d) => d.nodeId.startsWith(nodeId));
      const chain = shortChainId(CHAIN_ID);
      expect(await ours()).toEqual(
        [
          { name: n1, nodeId, chain, room: 'test', version: SCHEMA_VERSION },
          { name: n2, nodeId: `${nodeId}-b`, chain, room: undefined, version: SCHEMA_VERSION },
        ].sort((a, b) => (a.name < b.name ? -1 : 1)),
      );
      await deleteNodeDatabase(n1);
      expect(s1.closed).toBe(true);
      expect((await ours()).map((d) => d.name)).toEqual([n2]);
      await expect(deleteNodeDatabase(foreign)).rejects.toBeInstanceOf(RangeError);
      indexedDB.deleteDatabase(foreign);
    });
  });
}
