/**
 * Blocks a little ahead of the clock wait and are offered again when it catches up (threat
 * model 4), on injected timers: virtual time here, nothing waits for the wall clock.
 */
import { describe, expect, it } from 'vitest';
import type { Block } from '../../src/core/block.js';
import { keyPairFromSeed } from '../../src/core/tx.js';
import {
  FutureBlocks,
  MAX_FUTURE_BLOCKS,
  MAX_FUTURE_WAIT_SECONDS,
} from '../../src/node/future-blocks.js';
import { Node } from '../../src/node/node.js';
import type { Source } from '../../src/node/types.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { TEST_PARAMS } from '../support/blocks.js';
import { child, genesisOf } from '../support/branch.js';
import { VirtualTime } from '../support/net-harness.js';

const NOW = TEST_PARAMS.genesisTime + 1_000_000; // seconds
const LIMIT = TEST_PARAMS.futureTimeLimit;

/** Distinct blocks at heights 1.. on genesis. */
function blocks(n: number): Block[] {
  const g = genesisOf();
  return Array.from({ length: n }, (_, i) => child(g, { tag: `b${i}` }).block);
}

function waiting(vt: VirtualTime) {
  const retried: Block[] = [];
  const future = new FutureBlocks((b: Block, _s: Source) => retried.push(b), vt);
  return { future, retried };
}

describe('FutureBlocks', () => {
  it('offers a block again one second after its time, on the injected timers', () => {
    const vt = new VirtualTime(NOW * 1000);
    const { future, retried } = waiting(vt);
    const [b] = blocks(1);
    expect(future.add(b!, undefined, NOW + 5, NOW)).toBe(true);
    expect(future.size).toBe(1);
    vt.advance(5_999);
    expect(retried).toEqual([]);
    vt.advance(1);
    expect(retried).toEqual([b]);
    expect(future.size).toBe(0);
  });

  it('keeps at most MAX_FUTURE_BLOCKS and nothing past MAX_FUTURE_WAIT_SECONDS', () => {
    const vt = new VirtualTime(NOW * 1000);
    const { future } = waiting(vt);
    const all = blocks(MAX_FUTURE_BLOCKS + 1);
    expect(future.add(all[0]!, undefined, NOW + MAX_FUTURE_WAIT_SECONDS + 1, NOW)).toBe(false);
    expect(future.add(all[0]!, undefined, NOW + MAX_FUTURE_WAIT_SECONDS, NOW)).toBe(true);
    for (const b of all.slice(1, MAX_FUTURE_BLOCKS))
      expect(future.add(b, undefined, NOW + 1, NOW)).toBe(true);
    expect(future.size).toBe(MAX_FUTURE_BLOCKS);
    expect(future.add(all[MAX_FUTURE_BLOCKS]!, undefined, NOW + 1, NOW)).toBe(false);
    expect(future.size).toBe(MAX_FUTURE_BLOCKS);
  });

  it('clear cancels every timer: nothing is offered afterwards', () => {
    const vt = new VirtualTime(NOW * 1000);
    const { future, retried } = waiting(vt);
    for (const b of blocks(3)) future.add(b, undefined, NOW + 2, NOW);
    future.clear();
    expect(future.size).toBe(0);
    vt.advance(60_000);
    expect(retried).toEqual([]);
  });
});

describe('Node with injected timers', () => {
  it('connects a block from a few seconds ahead once virtual time catches up', async () => {
    const vt = new VirtualTime(NOW * 1000);
    const { secretKey, publicKey } = keyPairFromSeed(new Uint8Array(32).fill(7));
    const node = await Node.open({
      params: TEST_PARAMS,
      identity: { id: 'node7', name: 'Node 7', colour: 0, secretKey, publicKey },
      store: new MemoryStore(),
      clock: { now: vt.now },
      timers: vt,
    });
    const b1 = child(genesisOf(), { time: NOW + LIMIT + 5 });
    expect(node.submitBlock(b1.block, 'peer').status).toBe('future');
    expect(node.chain.tip.height).toBe(0);
    vt.advance(5_999);
    expect(node.chain.tip.height).toBe(0);
    vt.advance(1);
    expect(node.chain.tip.height).toBe(1);
    await node.close();
  });
});
