import { expect, test } from 'vitest';
import type { BlockHeader } from '../../src/core/header.js';
import { genesisHash } from '../../src/core/room.js';
import { StoreError } from '../../src/node/ports.js';
import { nodeDatabaseName, requestPersistentStorage } from '../../src/store/databases.js';
import { IdbStore } from '../../src/store/idb-store.js';
import { TEST_PARAMS, makeBlock } from '../support/blocks.js';
import { freshNodeId, idbStoreSuite } from '../support/store-idb-suite.js';
import {
  NOW,
  buildScenario,
  ctxOf,
  restore,
  storeSuite,
  type Parent,
} from '../support/store-suite.js';

const newName = () => nodeDatabaseName(freshNodeId(), genesisHash(TEST_PARAMS));

storeSuite(
  'IdbStore in Chromium',
  () => IdbStore.open(newName()),
  async (store) => {
    store.close();
    return IdbStore.open((store as IdbStore).name);
  },
);

idbStoreSuite('IdbStore in Chromium');

/** The Storage Buckets API (Chrome 122+), not yet in TypeScript's DOM types. */
interface StorageBuckets {
  open(name: string, options?: { quota?: number }): Promise<{ indexedDB: IDBFactory }>;
  delete(name: string): Promise<void>;
}

test('a real full disk (a Storage Bucket with a small quota) rejects with quota; nothing is lost', async () => {
  const buckets = (navigator as Navigator & { storageBuckets?: StorageBuckets }).storageBuckets;
  expect(buckets, 'Storage Buckets API').toBeDefined();
  const bucketName = `quota-${freshNodeId().toLowerCase()}`;
  // Chromium checks a commit's size against the bucket's quota when it commits, then aborts
  // the transaction with error = QuotaExceededError: the real full-disk path.
  const bucket = await buckets!.open(bucketName, { quota: 512 * 1024 });
  try {
    const name = newName();
    const store = await IdbStore.open(name, { factory: bucket.indexedDB });
    const s = await buildScenario(store);
    const headers: BlockHeader[] = [];
    let parent: Parent = s.r.entry(s.b4);
    for (let i = 0; i < 4000; i++) {
      const b = makeBlock(parent, { tag: 'q' });
      headers.push(b.header);
      parent = ctxOf(b, parent);
    }
    const { changes } = s.r.chain.processHeaders(headers, NOW);
    const error = await store.commit(changes).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('quota');
    store.close();
    const chain = await restore(await IdbStore.open(name, { factory: bucket.indexedDB }));
    expect(chain.tip.id).toBe(s.r.entry(s.b4).id);
    expect(chain.tree.size).toBe(s.r.chain.tree.size - headers.length);
  } finally {
    await buckets!.delete(bucketName);
  }
});

test('asking for persistent storage answers true or false, never throws', async () => {
  expect(typeof (await requestPersistentStorage())).toBe('boolean');
});
