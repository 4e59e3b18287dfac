/**
 * The account state at any block of the tree, not only the tip: revert the best chain down
 * to the fork point with its undo data, then connect the side branch's blocks. Used to build
 * a template on a chosen parent (a private branch in the teaching lab) and to check a
 * tampered block's connect rules. Pure; the chain's own state is not touched.
 */
import type { Chain } from './chain.js';
import { connectBlock } from './rules-connect.js';
import { AccountState } from './state.js';
import { findFork, type BlockEntry } from './tree.js';

/** A copy of the state after `entry`; throws a RuleError if a side block fails to connect. */
export function stateAt(chain: Chain, entry: BlockEntry): AccountState {
  const state = AccountState.fromEntries(chain.state.entries());
  const fork = findFork(chain.tip, entry);
  for (let e = chain.tip; e !== fork; e = e.parent as BlockEntry) {
    state.revert(chain.getUndo(e.id) ?? []);
  }
  const path: BlockEntry[] = [];
  for (let e: BlockEntry = entry; e !== fork; e = e.parent as BlockEntry) path.push(e);
  for (const e of path.reverse()) {
    const block = chain.getBlock(e.id);
    if (!block) throw new RangeError(`no body for ${e.id}`);
    state.apply(connectBlock(block, e.height, state, chain.params, chain.chainId).changes);
  }
  return state;
}
