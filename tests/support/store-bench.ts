/**
 * Store timings for the benchmark: per-block commits and startup load. Builds real chains
 * with the core; runs in Node and in the browser (performance.now only).
 */
import { Chain } from '../../src/core/chain.js';
import type { ChainChanges } from '../../src/core/chain-types.js';
import type { BlockStore } from '../../src/node/ports.js';
import { wholeChainChanges } from '../../src/store/whole-chain.js';
import { TEST_PARAMS, makeBlock, wallet } from './blocks.js';
import { NOW } from './store-suite.js';

/** A chain of n reward-only blocks, with each processBlock's changes in order. */
export function buildChain(n: number): { chain: Chain; changes: ChainChanges[] } {
  const chain = new Chain(TEST_PARAMS);
  const changes: ChainChanges[] = [];
  for (let i = 0; i < n; i++) {
    const block = makeBlock(chain.tip, { miner: wallet(i % 8).address });
    const r = chain.processBlock(block, NOW);
    if (r.outcome.status !== 'connected') throw new Error(`block ${i}: ${r.outcome.status}`);
    changes.push(r.changes);
  }
  return { chain, changes };
}

/** Timing of one-commit-per-block writes. */
export interface CommitTiming {
  readonly commits: number;
  readonly totalMs: number;
  readonly perCommitMs: number;
}

/** Commits each change set in turn, awaiting each, as a node does while mining. */
export async function benchCommits(
  store: BlockStore,
  changes: readonly ChainChanges[],
): Promise<CommitTiming> {
  const t0 = performance.now();
  for (const c of changes) await store.commit(c);
  const totalMs = performance.now() - t0;
  return { commits: changes.length, totalMs, perCommitMs: totalMs / changes.length };
}

/** Timing of a startup: reading the snapshot, then rebuilding the chain from it. */
export interface LoadTiming {
  readonly blocks: number;
  /** Writing the whole chain in one commit (how the store was filled). */
  readonly bulkCommitMs: number;
  /** store.load() of a reopened store. */
  readonly loadMs: number;
  /** new Chain(params, { snapshot }). */
  readonly restoreMs: number;
}

/**
 * Fills an empty store with a chain in one commit, reopens it and times load and restore.
 * Checks the restored tip, so a fast but wrong load cannot pass for a result.
 */
export async function benchLoad(
  store: BlockStore,
  reopen: (store: BlockStore) => Promise<BlockStore>,
  chain: Chain,
): Promise<LoadTiming> {
  const t0 = performance.now();
  await store.commit(wholeChainChanges(chain));
  const bulkCommitMs = performance.now() - t0;
  const again = await reopen(store);
  const t1 = performance.now();
  const snapshot = await again.load();
  const loadMs = performance.now() - t1;
  if (!snapshot) throw new Error('nothing loaded');
  const t2 = performance.now();
  const restored = new Chain(TEST_PARAMS, { snapshot });
  const restoreMs = performance.now() - t2;
  if (restored.tip.id !== chain.tip.id) throw new Error('restored a different tip');
  again.close();
  return { blocks: chain.tip.height, bulkCommitMs, loadMs, restoreMs };
}
