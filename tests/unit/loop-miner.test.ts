/**
 * The headless peer's LoopMiner shares one thread with the node's network: it must give the
 * event loop back after every batch, also when the batch found a block (issue 14: an easy room
 * made every batch a find, and one peer mined 3,000 blocks before its first timer ran).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LoopMiner } from '../../src/mining/loop-miner.js';
import { Node } from '../../src/node/node.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { TEST_PARAMS } from '../support/blocks.js';
import { identityOf } from '../support/net-harness.js';

/** Blocks mined at most in one test: stops the loop even if it never yields. */
const QUOTA = 40;

const open: Node[] = [];
afterEach(async () => {
  for (const n of open.splice(0)) await n.close();
});

async function miningNode(): Promise<{ node: Node; mined: () => number }> {
  const node = await Node.open({
    params: TEST_PARAMS, // about two hashes a block: every batch finds one
    identity: identityOf(0),
    store: new MemoryStore(),
    clock: { now: () => Date.now() },
    miner: new LoopMiner(),
  });
  open.push(node);
  let mined = 0;
  node.on('block-mined', () => {
    if (++mined >= QUOTA) node.stopMining();
  });
  return { node, mined: () => mined };
}

describe('LoopMiner', () => {
  it('lets a timer set before mining run after at most one batch, though every batch finds a block', async () => {
    const { node, mined } = await miningNode();
    const seen = new Promise<number>((resolve) => setTimeout(() => resolve(mined()), 0));
    node.startMining();
    // One batch ends at the first block found; the timer then runs before the next batch.
    expect(await seen).toBeLessThanOrEqual(1);
    await new Promise<void>((resolve) => {
      const poll = (): void => (mined() >= QUOTA ? resolve() : void setTimeout(poll, 0));
      poll();
    });
    expect(node.chain.tip.height).toBe(QUOTA);
  });

  it('lets a message posted while mining run before another batch of blocks', async () => {
    const { node, mined } = await miningNode();
    node.startMining();
    const first = mined();
    // A MessageChannel message is how a data channel frame reaches a Node.js peer's loop.
    const { port1, port2 } = new MessageChannel();
    const seen = new Promise<number>((resolve) => {
      port2.onmessage = () => resolve(mined());
    });
    port1.postMessage('frame');
    const at = await seen;
    port1.close();
    port2.close();
    node.stopMining();
    expect(at - first).toBeLessThanOrEqual(2);
    expect(at).toBeLessThan(QUOTA);
  });
});
