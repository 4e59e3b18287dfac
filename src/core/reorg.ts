/**
 * A reorganisation as a pure plan (bcoin chain.js findFork/reorganize, btcd
 * getReorganizeNodes): which blocks leave the best chain and which join it. Applying it is
 * the chain's job.
 */
import { blockTxIds, type Block } from './block.js';
import { bytesToHex } from './bytes.js';
import type { ReorgInfo } from './chain-types.js';
import type { Mempool } from './mempool.js';
import type { AccountView } from './state.js';
import { findFork, type BlockEntry } from './tree.js';
import { txId, type TransferTx } from './tx.js';

/** The blocks to disconnect (tip first) and to connect (lowest first) to move between tips. */
export interface ReorgPlan {
  readonly fork: BlockEntry;
  readonly disconnect: readonly BlockEntry[];
  readonly connect: readonly BlockEntry[];
}

/** Plans the move from the current tip to a new tip. */
export function planReorg(from: BlockEntry, to: BlockEntry): ReorgPlan {
  const fork = findFork(from, to);
  const disconnect: BlockEntry[] = [];
  for (let e: BlockEntry | undefined = from; e && e !== fork; e = e.parent) disconnect.push(e);
  const connect: BlockEntry[] = [];
  for (let e: BlockEntry | undefined = to; e && e !== fork; e = e.parent) connect.push(e);
  connect.reverse();
  return { fork, disconnect, connect };
}

/**
 * After a reorganisation, the transfers of blocks that left the best chain go back to the
 * mempool, except those the new chain also confirmed and those that now conflict with it
 * (Bitcoin Core MaybeUpdateMempoolForReorg). `state` is the state on the new chain.
 */
export function reorgInfo(
  plan: ReorgPlan,
  bodyOf: (id: string) => Block,
  mempool: Mempool,
  state: AccountView,
): ReorgInfo {
  const confirmed = new Set<string>();
  for (const e of plan.connect) {
    for (const id of blockTxIds(bodyOf(e.id))) confirmed.add(bytesToHex(id));
  }
  const back: TransferTx[] = [];
  for (const e of [...plan.disconnect].reverse()) {
    for (const tx of bodyOf(e.id).txs) {
      if (tx.type === 'transfer' && !confirmed.has(bytesToHex(txId(tx)))) back.push(tx);
    }
  }
  const { returned, dropped } = mempool.reinject(back, state);
  return {
    fork: plan.fork,
    disconnected: plan.disconnect,
    connected: plan.connect,
    returnedTxs: returned,
    droppedTxs: dropped,
  };
}
