/**
 * The read-only face of the node's chain. Every member delegates to the chain, live; none
 * returns the Chain or one of its mutable parts (tree, state, mempool, orphan pool), so
 * outside the node a mutating call is a type error and, cast or not, has nothing to call.
 */
import type { Chain } from '../core/chain.js';
import type {
  ChainView,
  MempoolView,
  OrphanView,
  StateView,
  TreeView,
} from '../core/chain-view.js';

/** A live read-only view of `chain`. */
export function readOnlyChain(chain: Chain): ChainView {
  const tree: TreeView = Object.freeze({
    genesis: chain.tree.genesis,
    get size() {
      return chain.tree.size;
    },
    get: (id: string) => chain.tree.get(id),
    getByHash: (hash: Uint8Array) => chain.tree.getByHash(hash),
    entries: () => chain.tree.entries(),
  });
  const state: StateView = Object.freeze({
    get: (address: Uint8Array) => chain.state.get(address),
    entries: () => chain.state.entries(),
  });
  const mempool: MempoolView = Object.freeze({
    get size() {
      return chain.mempool.size;
    },
    limits: chain.mempool.limits,
    get: (id: Uint8Array) => chain.mempool.get(id),
    has: (id: Uint8Array) => chain.mempool.has(id),
    entries: () => chain.mempool.entries(),
  });
  const orphans: OrphanView = Object.freeze({
    has: (id: string) => chain.orphans.has(id),
    list: () => chain.orphans.list(),
  });
  return Object.freeze({
    params: chain.params,
    chainId: chain.chainId,
    genesis: chain.genesis,
    get tip() {
      return chain.tip;
    },
    get storedBlocks() {
      return chain.storedBlocks;
    },
    tree,
    state,
    mempool,
    orphans,
    activeAt: (height: number) => chain.activeAt(height),
    isActive: (entry) => chain.isActive(entry),
    getBlock: (id: string) => chain.getBlock(id),
    getUndo: (id: string) => chain.getUndo(id),
  } satisfies ChainView);
}
