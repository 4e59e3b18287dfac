/**
 * Reorganisations (threat model B22, E34, E35): a reorganisation deeper than 1,000 blocks
 * ends in the state a fresh replay of the winning branch gives, transfers of disconnected
 * blocks return to the mempool, and a double spend across forks resolves to the winner.
 */
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../src/core/bytes.js';
import type { ReorgInfo } from '../../src/core/chain-types.js';
import { Chain, type ProcessResult } from '../../src/core/chain.js';
import type { Hash } from '../../src/core/hash.js';
import { genesisHash } from '../../src/core/room.js';
import { hashId } from '../../src/core/tree.js';
import { txId, type TransferTx } from '../../src/core/tx.js';
import { TEST_PARAMS, mineHeader, transfer, wallet } from '../support/blocks.js';
import { child, extend, genesisOf, pathTo, type Built } from '../support/branch.js';
import { accepted, sideChain, tipIs } from './expect.js';

const NOW = TEST_PARAMS.genesisTime + 1_000_000;
const CHAIN_ID = genesisHash(TEST_PARAMS);
const BOB = wallet(11).address;
const CAROL = wallet(12).address;
const DAVE = wallet(13).address;
const ERIN = wallet(14).address;

/** The reorg reported by a call, or a failure if there was none. */
function reorgOf(result: ProcessResult): ReorgInfo {
  const e = result.events.find((x) => x.type === 'tip-changed');
  if (e?.type !== 'tip-changed' || !e.reorg) throw new Error('expected a reorganisation');
  return e.reorg;
}

function ids(hashes: readonly Hash[]): string[] {
  return hashes.map((h) => bytesToHex(h)).sort();
}

function idsOf(txs: readonly TransferTx[]): string[] {
  return ids(txs.map(txId));
}

/** A fresh chain fed only `blocks`, in order: the state a replay from genesis gives. */
function replay(blocks: readonly Built[]): Chain {
  const chain = new Chain(TEST_PARAMS);
  for (const b of blocks) accepted(chain.processBlock(b.block, NOW));
  return chain;
}

describe('a reorganisation deeper than 1,000 blocks (E35, FB 1,088-block reorg)', () => {
  //   genesis -> b1 -> b2 -> a1 -> a2 -> a3 -> ... -> a1001
  //                      \-> c1 -> c2 -> ... -> c1001 -> c1002
  //   b1 pays w1, b2 pays w2.
  //   a1: w1 pays Dave (n0)   a2: w1 pays Bob (n1)   a3: w2 pays Erin (n0)
  //   c1: the same Dave tx    c2: w1 pays Carol (n1)
  it('ends on the most-work tip with the state of a replay, and sorts the transfers', () => {
    const g = genesisOf();
    const [b1, b2] = extend(g, 2, (i) => ({ miner: wallet(i + 1).address })) as [Built, Built];
    const dave = transfer(CHAIN_ID, 1, DAVE, 1_000n, 0);
    const bob = transfer(CHAIN_ID, 1, BOB, 2_000n, 1);
    const erin = transfer(CHAIN_ID, 2, ERIN, 3_000n, 0);
    const carol = transfer(CHAIN_ID, 1, CAROL, 4_000n, 1);
    const aTxs = [[dave], [bob], [erin]];
    const cTxs = [[dave], [carol]];
    const a = extend(b2, 1001, (i) => ({ transfers: aTxs[i] ?? [], tag: 'a' }));
    const c = extend(b2, 1002, (i) => ({ transfers: cTxs[i] ?? [], tag: 'c' }));

    const chain = new Chain(TEST_PARAMS);
    for (const b of [b1, b2, ...a]) accepted(chain.processBlock(b.block, NOW));
    tipIs(chain, a.at(-1)!);
    for (const b of c.slice(0, -1)) sideChain(chain.processBlock(b.block, NOW), a.at(-1)!);

    const result = chain.processBlock(c.at(-1)!.block, NOW);
    accepted(result);
    tipIs(chain, c.at(-1)!);
    const reorg = reorgOf(result);
    expect(reorg.fork.id).toBe(b2.id);
    expect(reorg.disconnected).toHaveLength(1001);
    expect(reorg.connected).toHaveLength(1002);
    expect(reorg.disconnected[0]?.id).toBe(a.at(-1)!.id);
    expect(reorg.connected[0]?.id).toBe(c[0]!.id);

    // The same state, tip and active chain as a node that only ever saw the winner.
    const fresh = replay([b1, b2, ...c]);
    expect(chain.state.entries()).toEqual(fresh.state.entries());
    expect(chain.tip.id).toBe(fresh.tip.id);
    expect(chain.activeAt(500)?.id).toBe(c[497]!.id);

    // Carol is paid on the winning branch; Bob's conflicting transfer is reversed and gone;
    // Erin's, valid on either branch, waits in the mempool; Dave's is on both branches.
    expect(chain.state.get(CAROL).balance).toBe(4_000n);
    expect(chain.state.get(BOB).balance).toBe(0n);
    expect(chain.state.get(ERIN).balance).toBe(0n);
    expect(ids(reorg.returnedTxs)).toEqual(idsOf([erin]));
    expect(ids(reorg.droppedTxs)).toEqual(idsOf([bob]));
    expect(chain.mempool.has(txId(erin))).toBe(true);
    expect(chain.mempool.has(txId(bob))).toBe(false);
    expect(chain.mempool.has(txId(dave))).toBe(false);
    // Every stale block stays in the tree: the fork tree is the product.
    expect(chain.tree.size).toBe(1 + 2 + 1001 + 1002);
    expect(chain.getBlock(a.at(-1)!.id)).toBeDefined();
  });
});

describe('transfers of disconnected blocks (B22)', () => {
  //   genesis -> b1 -> a2 (t0: w1 pays Bob)
  //                \-> c2 -> c3 -> b4 (mined from the template: carries t0 again)
  it('returns them to the mempool, and the next template mines them', () => {
    const chain = new Chain(TEST_PARAMS);
    const b1 = child(genesisOf(), { miner: wallet(1).address });
    const t0 = transfer(CHAIN_ID, 1, BOB, 5_000n, 0);
    const a2 = child(b1, { transfers: [t0], tag: 'a' });
    const [c2, c3] = extend(b1, 2, () => ({ tag: 'c' })) as [Built, Built];
    for (const b of [b1, a2]) accepted(chain.processBlock(b.block, NOW));
    sideChain(chain.processBlock(c2.block, NOW), a2);
    const result = chain.processBlock(c3.block, NOW);
    accepted(result);
    const reorg = reorgOf(result);
    expect(ids(reorg.returnedTxs)).toEqual(idsOf([t0]));
    expect(reorg.droppedTxs).toEqual([]);
    expect(chain.mempool.has(txId(t0))).toBe(true);
    expect(chain.state.get(BOB).balance).toBe(0n);

    const template = chain.template(wallet(0).address, new Uint8Array(), NOW);
    expect(template.txs.slice(1)).toEqual([t0]);
    const b4 = { ...template, header: mineHeader(template.header) };
    accepted(chain.processBlock(b4, NOW));
    expect(hashId(b4.header.prevHash)).toBe(c3.id);
    expect(chain.state.get(BOB).balance).toBe(5_000n);
    expect(chain.mempool.has(txId(t0))).toBe(false);
  });
});

describe('a double spend across two forks (E34)', () => {
  //   genesis -> b1 -> a2 (w1 pays Bob, nonce 0)
  //                \-> c2 (w1 pays Carol, nonce 0) -> c3
  it('resolves to the winning fork: Carol paid, Bob reversed and dropped', () => {
    const chain = new Chain(TEST_PARAMS);
    const b1 = child(genesisOf(), { miner: wallet(1).address });
    const toBob = transfer(CHAIN_ID, 1, BOB, 7_000n, 0);
    const toCarol = transfer(CHAIN_ID, 1, CAROL, 7_000n, 0);
    const a2 = child(b1, { transfers: [toBob], tag: 'a' });
    const c2 = child(b1, { transfers: [toCarol], tag: 'c' });
    const c3 = child(c2, { tag: 'c' });
    accepted(chain.processBlock(b1.block, NOW));
    accepted(chain.processBlock(a2.block, NOW));
    expect(chain.state.get(BOB).balance).toBe(7_000n);
    sideChain(chain.processBlock(c2.block, NOW), a2);
    expect(chain.state.get(CAROL).balance).toBe(0n);

    const result = chain.processBlock(c3.block, NOW);
    accepted(result);
    const reorg = reorgOf(result);
    expect(chain.state.get(CAROL).balance).toBe(7_000n);
    expect(chain.state.get(BOB).balance).toBe(0n);
    expect(ids(reorg.droppedTxs)).toEqual(idsOf([toBob]));
    expect(reorg.returnedTxs).toEqual([]);
    expect(chain.mempool.has(txId(toBob))).toBe(false);
    const again = chain.addTransaction(toBob);
    expect(again.ok ? 'accepted' : again.error.code).toBe('nonce-too-low');
    expect(chain.state.entries()).toEqual(replay(pathTo(c3)).state.entries());
  });

  //   genesis -> b1 -> a2 (w1 pays Bob, n0) -> a3 -> a4     (back to the first fork)
  //                \-> c2 (w1 pays Carol, n0) -> c3
  it('flips back when the first fork overtakes again', () => {
    const chain = new Chain(TEST_PARAMS);
    const b1 = child(genesisOf(), { miner: wallet(1).address });
    const toBob = transfer(CHAIN_ID, 1, BOB, 7_000n, 0);
    const toCarol = transfer(CHAIN_ID, 1, CAROL, 7_000n, 0);
    const a2 = child(b1, { transfers: [toBob], tag: 'a' });
    const [a3, a4] = extend(a2, 2, () => ({ tag: 'a' })) as [Built, Built];
    const c2 = child(b1, { transfers: [toCarol], tag: 'c' });
    const c3 = child(c2, { tag: 'c' });
    for (const b of [b1, a2, c2, c3]) chain.processBlock(b.block, NOW);
    tipIs(chain, c3);
    sideChain(chain.processBlock(a3.block, NOW), c3);
    const reorg = reorgOf(chain.processBlock(a4.block, NOW));
    tipIs(chain, a4);
    expect(ids(reorg.droppedTxs)).toEqual(idsOf([toCarol]));
    expect(chain.state.get(BOB).balance).toBe(7_000n);
    expect(chain.state.get(CAROL).balance).toBe(0n);
    expect(chain.state.entries()).toEqual(replay(pathTo(a4)).state.entries());
  });
});
