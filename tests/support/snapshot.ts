/** A chain snapshot taken the way a store would persist it: entries, bodies, undo, accounts. */
import type { Block } from '../../src/core/block.js';
import type { ChainSnapshot, StoredEntry } from '../../src/core/chain-types.js';
import type { Chain } from '../../src/core/chain.js';
import type { Undo } from '../../src/core/state.js';

/** Everything `new Chain(params, { snapshot })` needs to resume where `chain` stands. */
export function snapshotOf(chain: Chain): ChainSnapshot {
  const entries: StoredEntry[] = [];
  const bodies = new Map<string, Block>();
  const undo = new Map<string, Undo>();
  for (const e of chain.tree.entries()) {
    entries.push({
      id: e.id,
      header: e.header,
      height: e.height,
      status: e.status,
      invalidCode: e.invalidCode,
      seq: e.seq,
      hasBody: e.hasBody,
    });
    const body = e.hasBody ? chain.getBlock(e.id) : undefined;
    if (body) bodies.set(e.id, body);
    const u = chain.isActive(e) ? chain.getUndo(e.id) : undefined;
    if (u) undo.set(e.id, u);
  }
  return { entries, bodies, undo, tipId: chain.tip.id, accounts: chain.state.entries() };
}

/**
 * What must survive a restore: per entry its height, status, body, best-chain flag, and for
 * valid entries whether they are connectable (an invalid entry's flag no longer matters).
 */
export function treeView(chain: Chain): string[] {
  return [...chain.tree.entries()]
    .map((e) =>
      [
        e.id,
        e.height,
        e.status,
        e.invalidCode ?? '-',
        e.hasBody,
        e.isValid && e.linked,
        chain.isActive(e),
      ].join(' '),
    )
    .sort();
}
