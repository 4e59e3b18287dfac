/**
 * The account state at any block with a body, for checking a tampered child's connect rules:
 * on the best chain, the tip's state with undo data reverted down to the block; on a side
 * branch, that state at the fork point with the branch's blocks connected on top, each through
 * the core's own connectBlock. Nothing of the chain is modified.
 */
import { bytesToHex } from './bytes.js';
import type { ChainView } from './chain-view.js';
import { connectBlock } from './rules-connect.js';
import type { Account, AccountView } from './state.js';
import { findFork, type BlockEntry } from './tree.js';
import { asRuleError } from './errors.js';
import { txId, verifyTransfer, type Address, type TransferTx } from './tx.js';

/** The state at a block, or why it cannot be had. */
export type StateAt =
  | { readonly ok: true; readonly view: AccountView }
  | {
      readonly ok: false;
      /** A branch block has no body, is invalid, fails its connect rules, or undo is missing. */
      readonly why: 'no-body' | 'invalid-branch' | 'branch-fails' | 'no-undo';
    };

/** A state view of overrides over a base view: reverted or replayed accounts win. */
class Layered implements AccountView {
  readonly overrides = new Map<string, Account>();

  constructor(readonly base: AccountView) {}

  get(address: Address): Account {
    return this.overrides.get(bytesToHex(address)) ?? this.base.get(address);
  }
}

/** Signature results by txid hex: each transfer is verified once per inspector. */
export type SigMemo = Map<string, boolean>;

/** A `verified` callback for connectBlock that verifies each transfer once, then remembers. */
export function memoVerifier(chain: ChainView, memo: SigMemo): (tx: TransferTx) => boolean {
  return (tx) => {
    const key = bytesToHex(txId(tx));
    let ok = memo.get(key);
    if (ok === undefined) memo.set(key, (ok = verifyTransfer(chain.chainId, tx)));
    return ok;
  };
}

/** The state after `entry` was connected, as if it were the tip. */
export function stateAt(chain: ChainView, entry: BlockEntry, memo: SigMemo = new Map()): StateAt {
  const fork = chain.isActive(entry) ? entry : findFork(chain.tip, entry);
  const view = revertedTo(chain, fork);
  if (!view) return { ok: false, why: 'no-undo' };
  const path: BlockEntry[] = [];
  for (let e: BlockEntry | undefined = entry; e && e !== fork; e = e.parent) path.push(e);
  path.reverse();
  const verified = memoVerifier(chain, memo);
  for (const e of path) {
    if (!e.isValid) return { ok: false, why: 'invalid-branch' };
    const block = chain.getBlock(e.id);
    if (!block) return { ok: false, why: 'no-body' };
    try {
      // Side blocks were only checked without state: their connect rules run here first.
      const r = connectBlock(block, e.height, view, chain.params, chain.chainId, { verified });
      for (const [k, v] of r.changes) view.overrides.set(k, v);
    } catch (err) {
      asRuleError(err);
      return { ok: false, why: 'branch-fails' };
    }
  }
  return { ok: true, view };
}

/** The best chain's state rolled back to an ancestor of the tip through undo data. */
function revertedTo(chain: ChainView, ancestor: BlockEntry): Layered | undefined {
  const view = new Layered(chain.state);
  // Tip first, so a lower block's undo (the older value) overwrites a higher one's.
  for (let h = chain.tip.height; h > ancestor.height; h--) {
    const e = chain.activeAt(h);
    const undo = e && chain.getUndo(e.id);
    if (!undo) return undefined;
    for (const [k, prev] of undo) view.overrides.set(k, prev);
  }
  return view;
}
