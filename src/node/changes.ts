/**
 * Merging chain changes, so commits that queue up behind a slow disk are written as one
 * transaction (still atomic: the merged changes move from one consistent state to another).
 */
import type { Block } from '../core/block.js';
import type { ChainChanges } from '../core/chain-types.js';
import type { Account, Undo } from '../core/state.js';
import type { BlockEntry } from '../core/tree.js';

/** Changes a then b, as one. */
export function mergeChanges(a: ChainChanges, b: ChainChanges): ChainChanges {
  const entries = new Map<string, BlockEntry>();
  for (const e of a.entries) entries.set(e.id, e);
  for (const e of b.entries) entries.set(e.id, e);
  const bodies = new Map<string, Block>([...a.bodies, ...b.bodies]);
  const undo = new Map<string, Undo>(a.undo);
  const disconnected = [...a.disconnected];
  for (const id of b.disconnected) {
    undo.delete(id);
    disconnected.push(id);
  }
  for (const [id, u] of b.undo) undo.set(id, u);
  const accounts = new Map<string, Account>([...a.accounts, ...b.accounts]);
  return {
    entries: [...entries.values()],
    bodies,
    undo,
    disconnected: [...new Set(disconnected)].filter((id) => !undo.has(id)),
    accounts,
    tip: b.tip,
  };
}
