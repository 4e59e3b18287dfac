/** A whole chain as one set of changes, to fill an empty store in a single commit. */
import type { Block } from '../core/block.js';
import type { ChainView } from '../core/chain-view.js';
import type { ChainChanges } from '../core/chain-types.js';
import type { Undo } from '../core/state.js';

/**
 * Everything a chain holds (every entry but genesis, every body, the best chain's undo data,
 * every account) as ChainChanges. Committed to an EMPTY store it yields the chain's snapshot:
 * seeds the in-memory fallback when persistence stops, re-persists a chain after a failure,
 * and bulk-loads benchmarks. On a non-empty store stale records would survive it.
 */
export function wholeChainChanges(chain: ChainView): ChainChanges {
  const entries = [...chain.tree.entries()].filter((e) => e.height > 0);
  const bodies = new Map<string, Block>();
  for (const e of entries) {
    const block = e.hasBody ? chain.getBlock(e.id) : undefined;
    if (block) bodies.set(e.id, block);
  }
  const undo = new Map<string, Undo>();
  for (let h = 1; h <= chain.tip.height; h++) {
    const id = chain.activeAt(h)?.id;
    const u = id === undefined ? undefined : chain.getUndo(id);
    if (id === undefined || !u) throw new Error(`chain lacks undo data at height ${h}`);
    undo.set(id, u);
  }
  return {
    entries,
    bodies,
    undo,
    disconnected: [],
    accounts: new Map(chain.state.entries()),
    tip: chain.tip,
  };
}
