import { expect, test } from 'vitest';
import { MemoryStore } from '../../src/store/memory-store.js';
import { StoreError } from '../../src/node/ports.js';
import {
  NOW,
  Recorder,
  buildScenario,
  expectSameChain,
  restore,
  storeSuite,
} from '../support/store-suite.js';
import { wholeChainChanges } from '../../src/store/whole-chain.js';
import { makeBlock } from '../support/blocks.js';

storeSuite(
  'MemoryStore',
  () => Promise.resolve(new MemoryStore()),
  (store) => Promise.resolve((store as MemoryStore).reopen()),
);

test('failNextCommits fails exactly that many commits, then commits again', async () => {
  const store = new MemoryStore();
  const r = new Recorder(store);
  store.failNextCommits('quota', 2);
  const b1 = makeBlock(r.chain.tree.genesis);
  const changes = r.chain.processBlock(b1, NOW).changes;
  for (let i = 0; i < 2; i++) {
    await expect(store.commit(changes)).rejects.toSatisfy(
      (e: unknown) => e instanceof StoreError && e.code === 'quota',
    );
  }
  expect(await store.load()).toBeUndefined();
  await store.commit(changes);
  expect((await store.load())?.tipId).toBe(r.entry(b1).id);
});

test('meta values are kept beside the chain and survive a reopen', async () => {
  const store = new MemoryStore();
  await store.setMeta('identity', { id: 'n1', key: new Uint8Array([1, 2]) });
  const again = store.reopen();
  expect(await again.getMeta('identity')).toEqual({ id: 'n1', key: new Uint8Array([1, 2]) });
  await again.setMeta('identity', undefined);
  expect(await again.getMeta('identity')).toBeUndefined();
  await expect(store.getMeta('identity')).rejects.toBeInstanceOf(StoreError);
});

test('wholeChainChanges seeds an empty store with the whole chain in one commit', async () => {
  const s = await buildScenario(new MemoryStore());
  const fallback = new MemoryStore();
  await fallback.commit(wholeChainChanges(s.r.chain));
  expectSameChain(await restore(fallback), s.r.chain);
});
