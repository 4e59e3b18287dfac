/**
 * The BlockStore compliance suite (libp2p interface-compliance-tests): one set of tests run
 * against the memory store, IndexedDB under fake-indexeddb in Node and real IndexedDB in
 * Chromium. Builds real chains with the core and commits every call's changes, as the node
 * does. Imports nothing Node-only, so it runs in the browser.
 */
import { describe, expect, test } from 'vitest';
import type { Block } from '../../src/core/block.js';
import { Chain } from '../../src/core/chain.js';
import type { ChainChanges } from '../../src/core/chain-types.js';
import { bytesToHex } from '../../src/core/bytes.js';
import { COIN } from '../../src/core/money.js';
import { headerHash, type HeaderCtx } from '../../src/core/header.js';
import type { Hash } from '../../src/core/hash.js';
import type { BlockEntry } from '../../src/core/tree.js';
import { StoreError, type BlockStore, type StoreErrorCode } from '../../src/node/ports.js';
import { TEST_PARAMS, makeBlock, transfer, wallet, type MakeBlockOptions } from './blocks.js';

/** A store the suite can make fail: the next commits reject with a code, writing nothing. */
export type SuiteStore = BlockStore & {
  failNextCommits(code?: StoreErrorCode, count?: number): void;
};

/** The local clock of every scenario, in seconds: long after every block's time. */
export const NOW = TEST_PARAMS.genesisTime + 10_000_000;

/** A header context for a block that is not (or not yet) in a tree. */
export type Parent = HeaderCtx & { readonly hash: Hash };

/** The context makeBlock needs to build on top of `block`. */
export function ctxOf(block: Block, parent: Parent): Parent {
  return {
    hash: headerHash(block.header),
    header: block.header,
    height: parent.height + 1,
    parent,
  };
}

/** A chain whose every call's changes go to a store, as the node does. */
export class Recorder {
  readonly chain: Chain;

  constructor(
    readonly store: BlockStore,
    chain?: Chain,
  ) {
    this.chain = chain ?? new Chain(TEST_PARAMS);
  }

  /** Mines a block on `parent`, processes it and commits the changes. */
  async mine(parent: Parent, opts: MakeBlockOptions = {}): Promise<Block> {
    const block = makeBlock(parent, opts);
    await this.add(block);
    return block;
  }

  /** Processes a block and commits the changes. */
  async add(block: Block): Promise<ChainChanges> {
    const { changes } = this.chain.processBlock(block, NOW);
    await this.store.commit(changes);
    return changes;
  }

  /** The tree entry of a block. */
  entry(block: Block): BlockEntry {
    const e = this.chain.tree.getByHash(headerHash(block.header));
    if (!e) throw new Error('block not in the tree');
    return e;
  }
}

/**
 * The scenario every test restores:
 *
 *   genesis - a1 - a2 - a3                   a2: w1 pays w2; a2 mined by w4 (only there)
 *               \
 *                b2 - b3 - b4 - x5 - x6      b2: w1 pays w3; b4 reorganises a2, a3 away
 *                          \                 x5: reward too high (invalid), x6 invalid-child
 *                           h5 - h6          headers only
 */
export async function buildScenario(store: BlockStore): Promise<Scenario> {
  const r = new Recorder(store);
  const { chainId } = r.chain;
  const [w1, w2, w3, w4] = [wallet(1), wallet(2), wallet(3), wallet(4)];
  const g = r.chain.tree.genesis;
  const a1 = await r.mine(g, { miner: w1.address });
  const a2 = await r.mine(r.entry(a1), {
    miner: w4.address,
    transfers: [transfer(chainId, 1, w2.address, 10n * COIN, 0)],
  });
  const a3 = await r.mine(r.entry(a2), { miner: w1.address });
  const b2 = await r.mine(r.entry(a1), {
    miner: w3.address,
    tag: 'b',
    transfers: [transfer(chainId, 1, w3.address, 7n * COIN, 0)],
  });
  const b3 = await r.mine(r.entry(b2), { miner: w3.address, tag: 'b' });
  const b4 = await r.mine(r.entry(b3), { miner: w3.address, tag: 'b' });
  const x5 = await r.mine(r.entry(b4), { reward: TEST_PARAMS.subsidy + 1n, tag: 'x' });
  const x6 = await r.mine(ctxOf(x5, r.entry(b4)), { tag: 'x' });
  const h5 = makeBlock(r.entry(b4), { tag: 'h' });
  const h6 = makeBlock(ctxOf(h5, r.entry(b4)), { tag: 'h' });
  const headers = r.chain.processHeaders([h5.header, h6.header], NOW);
  await store.commit(headers.changes);
  return { r, a1, a2, a3, b2, b3, b4, x5, x6, h5, h6, w4 };
}

/** The blocks of the scenario, by name. */
export interface Scenario {
  readonly r: Recorder;
  readonly a1: Block;
  readonly a2: Block;
  readonly a3: Block;
  readonly b2: Block;
  readonly b3: Block;
  readonly b4: Block;
  readonly x5: Block;
  readonly x6: Block;
  readonly h5: Block;
  readonly h6: Block;
  readonly w4: ReturnType<typeof wallet>;
}

/** The chain a store's snapshot restores; fails the test when there is none. */
export async function restore(store: BlockStore): Promise<Chain> {
  const snapshot = await store.load();
  expect(snapshot).toBeDefined();
  return new Chain(TEST_PARAMS, { snapshot: snapshot! });
}

/** Asserts two chains agree on tip, state, every tree entry, bodies and undo data. */
export function expectSameChain(restored: Chain, original: Chain): void {
  expect(restored.tip.id).toBe(original.tip.id);
  expect(restored.tip.height).toBe(original.tip.height);
  expect(restored.state.entries()).toEqual(original.state.entries());
  expect(restored.tree.size).toBe(original.tree.size);
  for (const e of original.tree.entries()) {
    const got = restored.tree.get(e.id);
    expect(got, `entry ${e.id}`).toBeDefined();
    expect(entryView(restored, got!)).toEqual(entryView(original, e));
    if (e.hasBody) expect(restored.getBlock(e.id)).toEqual(original.getBlock(e.id));
  }
  for (let h = 1; h <= original.tip.height; h++) {
    const id = original.activeAt(h)!.id;
    expect(restored.getUndo(id)).toEqual(original.getUndo(id));
  }
}

function entryView(chain: Chain, e: BlockEntry): Record<string, unknown> {
  const { height, status, invalidCode, hasBody, seq, chainWork } = e;
  return { height, status, invalidCode, hasBody, seq, chainWork, active: chain.isActive(e) };
}

/** Runs the BlockStore compliance tests against one implementation. */
export function storeSuite(
  name: string,
  makeStore: () => Promise<SuiteStore>,
  reopen: (store: SuiteStore) => Promise<SuiteStore>,
): void {
  describe(`${name}: BlockStore compliance`, () => {
    test('a new store loads nothing', async () => {
      const store = await makeStore();
      expect(await store.load()).toBeUndefined();
      store.close();
    });

    test('restores fork, reorg and transfers: tip, height, accounts and the whole tree', async () => {
      const store = await makeStore();
      const s = await buildScenario(store);
      expect(s.r.chain.tip.id).toBe(s.r.entry(s.b4).id);
      const again = await reopen(store);
      expectSameChain(await restore(again), s.r.chain);
      again.close();
    });

    test('a reorg removes the undo data of the blocks it disconnected', async () => {
      const store = await makeStore();
      const s = await buildScenario(store);
      const snap = await store.load();
      const undoIds = [...(snap?.undo.keys() ?? [])].sort();
      const active = [s.a1, s.b2, s.b3, s.b4].map((b) => s.r.entry(b).id).sort();
      expect(undoIds).toEqual(active);
      store.close();
    });

    test('accounts a reorg emptied are deleted, not stored as zero', async () => {
      const store = await makeStore();
      const s = await buildScenario(store);
      const accounts = new Map((await store.load())?.accounts ?? []);
      // w4 mined a2 only: the reorg took its reward away, so its record must be gone.
      expect(accounts.has(bytesToHex(s.w4.address))).toBe(false);
      expect([...accounts.keys()].sort()).toEqual(s.r.chain.state.entries().map(([k]) => k));
      for (const a of accounts.values()) expect(a.balance > 0n || a.nonce > 0).toBe(true);
      store.close();
    });

    test('invalid entries survive with their status and code', async () => {
      const store = await makeStore();
      const s = await buildScenario(store);
      const chain = await restore(await reopen(store));
      const x5 = chain.tree.get(s.r.entry(s.x5).id);
      const x6 = chain.tree.get(s.r.entry(s.x6).id);
      expect([x5?.status, x5?.invalidCode, x5?.hasBody]).toEqual([
        'invalid',
        'bad-cb-amount',
        true,
      ]);
      expect([x6?.status, x6?.hasBody]).toEqual(['invalid-child', false]);
      // Known invalid after a restart: the block is refused without being validated again.
      expect(chain.processBlock(s.x5, NOW).outcome.status).toBe('rejected');
    });

    test('header-only entries survive without bodies and connect when the bodies come', async () => {
      const store = await makeStore();
      const s = await buildScenario(store);
      const again = await reopen(store);
      const r = new Recorder(again, await restore(again));
      const h5 = r.entry(s.h5);
      expect([h5.hasBody, h5.height, r.chain.getBlock(h5.id)]).toEqual([false, 5, undefined]);
      await r.add(s.h5);
      await r.add(s.h6);
      expect(r.chain.tip.id).toBe(r.entry(s.h6).id);
      expectSameChain(await restore(await reopen(again)), r.chain);
    });

    test('a failed commit changes nothing: the previous state loads intact', async () => {
      const store = await makeStore();
      const s = await buildScenario(store);
      const before = await store.load();
      store.failNextCommits('quota');
      const err = await s.r.add(s.h5).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreError);
      expect((err as StoreError).code).toBe('quota');
      const after = await store.load();
      expect(after?.tipId).toBe(before?.tipId);
      expect(after?.bodies.has(s.r.entry(s.h5).id)).toBe(false);
      const chain = await restore(await reopen(store));
      expect(chain.tip.id).toBe(s.r.entry(s.b4).id);
      expect(chain.tree.get(s.r.entry(s.h5).id)?.hasBody).toBe(false);
    });

    test('commits apply in call order without awaiting each other', async () => {
      const store = await makeStore();
      const r = new Recorder(store);
      let parent: Parent = r.chain.tree.genesis;
      const pending: Promise<void>[] = [];
      for (let i = 0; i < 20; i++) {
        const block = makeBlock(parent, { miner: wallet(i % 3).address });
        pending.push(store.commit(r.chain.processBlock(block, NOW).changes));
        parent = r.entry(block);
      }
      await Promise.all(pending);
      expectSameChain(await restore(await reopen(store)), r.chain);
    });

    test('a genesis-only commit (headers, no block) restores', async () => {
      const store = await makeStore();
      const r = new Recorder(store);
      const h1 = makeBlock(r.chain.tree.genesis);
      await store.commit(r.chain.processHeaders([h1.header], NOW).changes);
      const chain = await restore(await reopen(store));
      expect(chain.tip.height).toBe(0);
      expect(chain.tree.get(r.entry(h1).id)?.hasBody).toBe(false);
    });

    test('a closed store rejects commits with closed', async () => {
      const store = await makeStore();
      const r = new Recorder(store);
      store.close();
      const block = makeBlock(r.chain.tree.genesis);
      const err = await store
        .commit(r.chain.processBlock(block, NOW).changes)
        .catch((e: unknown) => e);
      expect((err as StoreError).code).toBe('closed');
    });
  });
}
