/**
 * The node on its ports: an inline miner, the memory store and a fake clock. The same node
 * runs in the tab with workers and IndexedDB (tests/e2e).
 */
import { describe, expect, test } from 'vitest';
import { Chain } from '../../src/core/chain.js';
import { keyPairFromSeed } from '../../src/core/tx.js';
import { Node } from '../../src/node/node.js';
import type { NodeIdentity } from '../../src/node/types.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { TEST_PARAMS, wallet } from '../support/blocks.js';
import { InlineMiner } from '../support/inline-miner.js';

function identity(n: number): NodeIdentity {
  const seed = new Uint8Array(32).fill(n);
  const { secretKey, publicKey } = keyPairFromSeed(seed);
  return { id: `node${n}`, name: `Node ${n}`, colour: n % 8, secretKey, publicKey };
}

/** A clock that moves ten seconds a read, so each block's time is above the last. */
function steppingClock(): { now(): number } {
  let t = TEST_PARAMS.genesisTime * 1000;
  return { now: () => (t += 10_000) };
}

async function openNode(store = new MemoryStore(), miner = new InlineMiner()) {
  const node = await Node.open({
    params: TEST_PARAMS,
    identity: identity(1),
    store,
    clock: steppingClock(),
    miner,
  });
  return { node, store, miner };
}

describe('Node', () => {
  test('hands out a read-only view of its chain: no mutating call is reachable', async () => {
    const { node, miner } = await openNode();
    const view = node.chain;
    expect(view).not.toBeInstanceOf(Chain);
    // @ts-expect-error the view has no processBlock: only the node mutates its chain
    expect(view.processBlock).toBeUndefined();
    // @ts-expect-error nor addTransaction
    expect(view.addTransaction).toBeUndefined();
    // @ts-expect-error the tree it shows cannot grow
    expect(view.tree.add).toBeUndefined();
    // @ts-expect-error the state it shows cannot change
    expect(view.state.apply).toBeUndefined();
    // @ts-expect-error the mempool it shows takes nothing
    expect(view.mempool.add).toBeUndefined();
    // @ts-expect-error the orphan pool it shows takes nothing
    expect(view.orphans.add).toBeUndefined();
    // The view is live: it follows the chain as the node mines.
    node.startMining();
    expect(miner.step()).toBe(true);
    expect(view.tip.height).toBe(1);
    expect(view.tree.size).toBe(2);
    expect(view.storedBlocks).toBe(2);
    expect(view.state.get(node.address).balance).toBe(TEST_PARAMS.subsidy);
  });

  test('mines 20 blocks that a fresh chain validates, and reports each', async () => {
    const { node, miner } = await openNode();
    const mined: string[] = [];
    node.on('block-mined', ({ entry }) => mined.push(entry.id));
    node.startMining();
    for (let i = 0; i < 20; i++) expect(miner.step()).toBe(true);
    expect(node.chain.tip.height).toBe(20);
    expect(mined).toHaveLength(20);
    const fresh = new Chain(TEST_PARAMS);
    for (let h = 1; h <= 20; h++) {
      const block = node.chain.getBlock(node.chain.activeAt(h)!.id)!;
      expect(fresh.processBlock(block, 4e9).outcome.status).toBe('connected');
    }
    expect(node.chain.state.get(node.address).balance).toBe(20n * TEST_PARAMS.subsidy);
  });

  test('mineBlocks mines exactly n blocks, then stops; stopping early resolves with fewer', async () => {
    const { node, miner } = await openNode();
    const two = node.mineBlocks(2);
    expect(node.mining).toBe(true);
    expect(miner.step()).toBe(true);
    expect(miner.step()).toBe(true);
    // The miner has no job left: a third block cannot appear.
    expect(miner.step()).toBe(false);
    expect(node.mining).toBe(false);
    expect((await two).map((e) => e.height)).toEqual([1, 2]);
    expect(node.chain.tip.height).toBe(2);

    const five = node.mineBlocks(5);
    expect(miner.step()).toBe(true);
    node.stopMining();
    expect((await five).map((e) => e.height)).toEqual([3]);
    expect(miner.step()).toBe(false);

    await expect(node.mineBlocks(0)).rejects.toThrow(RangeError);
    await expect(node.mineBlocks(1.5)).rejects.toThrow(RangeError);
    expect(node.mining).toBe(false);
  });

  test('reopening the store resumes the same chain without replaying it', async () => {
    const { node, store, miner } = await openNode();
    node.startMining();
    for (let i = 0; i < 5; i++) miner.step();
    await node.close();
    const { node: again } = await openNode(store.reopen());
    expect(again.chain.tip.id).toBe(node.chain.tip.id);
    expect(again.chain.state.entries()).toEqual(node.chain.state.entries());
  });

  test('a full disk stops persistence, says so, and the node keeps mining in memory', async () => {
    const { node, store, miner } = await openNode();
    const states: string[] = [];
    node.on('persistence', (p) => states.push(p.state === 'stopped' ? p.code : 'ok'));
    node.startMining();
    miner.step();
    await node.flush();
    store.failNextCommits('quota');
    miner.step();
    await node.flush();
    expect(states).toEqual(['quota']);
    expect(node.persistence.state).toBe('stopped');
    miner.step();
    expect(node.chain.tip.height).toBe(3);
    const { node: reopened } = await openNode(store.reopen());
    expect(reopened.chain.tip.height).toBe(1);
  });

  test('a payment from the wallet is mined into the next block', async () => {
    const { node, miner } = await openNode();
    const accepted: string[] = [];
    node.on('tx-accepted', ({ id }) => accepted.push(id));
    node.startMining();
    miner.step();
    const { result } = node.pay(wallet(7).address, 1234n, 1000n, 'lunch');
    expect(result.ok).toBe(true);
    expect(accepted).toHaveLength(1);
    miner.step();
    expect(node.chain.state.get(wallet(7).address).balance).toBe(1234n);
    expect(node.chain.mempool.size).toBe(0);
  });

  test('a second payment takes the next nonce while the first is pending', async () => {
    const { node, miner } = await openNode();
    node.startMining();
    miner.step();
    expect(node.pay(wallet(7).address, 1n, 1000n).tx.nonce).toBe(0);
    expect(node.pay(wallet(7).address, 1n, 1000n).tx.nonce).toBe(1);
    miner.step();
    expect(node.chain.state.get(node.address).nonce).toBe(2);
  });
});

describe('Node private branch (the lab double spend)', () => {
  //   b1 -> b2 (pays Victor) -> b3
  //     \-> p2 (pays itself with the same nonce) -> p3 -> p4   (mined privately)
  test('a private branch with a conflicting payment overtakes and reverses the payment', async () => {
    const { node, miner } = await openNode();
    const reorgs: { dropped: number; returned: number }[] = [];
    node.on('reorg', (r) =>
      reorgs.push({ dropped: r.droppedTxs.length, returned: r.returnedTxs.length }),
    );
    node.startMining();
    miner.step();
    const fork = node.chain.tip.id;
    const victor = wallet(7).address;
    const { tx: payment } = node.pay(victor, 5n * 100_000_000n, 1000n, 'bike');
    miner.step();
    miner.step();
    expect(node.chain.state.get(victor).balance).toBe(5n * 100_000_000n);
    const conflict = node.signPayment(
      node.address,
      5n * 100_000_000n,
      1000n,
      payment.nonce,
      'mine',
    );
    node.mineOn(fork, [conflict]);
    miner.step();
    miner.step();
    expect(node.chain.state.get(victor).balance).toBe(5n * 100_000_000n);
    miner.step();
    expect(node.chain.state.get(victor).balance).toBe(0n);
    expect(reorgs).toEqual([{ dropped: 1, returned: 0 }]);
    expect(node.chain.tip.id).toBe(node.privateParent);
  });
});
