/**
 * Templates for a private branch: mining on a chosen block rather than the tip, as a
 * selfish miner or a double spender does (the teaching lab).
 */
import type { Block } from '../core/block.js';
import type { ChainView } from '../core/chain-view.js';
import { Mempool } from '../core/mempool.js';
import { stateAt } from '../core/state-at.js';
import { buildTemplate } from '../core/template.js';
import type { Address, TransferTx } from '../core/tx.js';

/** Where a private branch stands and what its next block must carry. */
export interface PrivateBranch {
  readonly parentId: string;
  /** Transfers for the next block only (e.g. the conflicting payment of a double spend). */
  readonly extra: readonly TransferTx[];
}

/** Who mines the template, with what message, at what time (seconds). */
export interface TemplateFor {
  readonly minerAddress: Address;
  readonly message: Uint8Array;
  readonly now: number;
}

/** A template on the branch's parent, with the state after that parent. */
export function privateTemplate(
  chain: ChainView,
  branch: PrivateBranch,
  miner: TemplateFor,
): Block {
  const parent = chain.tree.get(branch.parentId);
  if (!parent) throw new RangeError(`unknown block ${branch.parentId}`);
  const at = stateAt(chain, parent);
  if (!at.ok) throw new RangeError(`no state at ${branch.parentId}: ${at.why}`);
  const view = at.view;
  const pool = new Mempool(chain.chainId);
  for (const tx of branch.extra) pool.add(tx, view);
  return buildTemplate({
    parent,
    params: chain.params,
    view,
    mempool: pool,
    ...miner,
  });
}
