/**
 * Context rules (threat model A2, A3, A4, A9): what a header must satisfy given its parent and
 * the local clock, and what the chain remembers of a failure.
 */
import { describe, expect, it } from 'vitest';
import { Chain } from '../../src/core/chain.js';
import { medianTimePast, nextBits } from '../../src/core/difficulty.js';
import type { RoomParams } from '../../src/core/params.js';
import { TEST_PARAMS } from '../support/blocks.js';
import { child, childWithTxs, extend, genesisOf, rewardTx } from '../support/branch.js';
import { accepted, future, orphaned, rejected, statusOf, tipIs } from './expect.js';

const NOW = TEST_PARAMS.genesisTime + 1_000_000;
const LIMIT = TEST_PARAMS.futureTimeLimit;

describe('bad-diffbits (A2, FB b50)', () => {
  //   genesis -> b1
  //          \-> b1x (bits one below the fixed bits)
  it('rejects bits one off the fixed difficulty and marks the header invalid', () => {
    const chain = new Chain(TEST_PARAMS);
    const g = genesisOf();
    const b1x = child(g, { bits: TEST_PARAMS.initialBits - 1 });
    rejected(chain.processBlock(b1x.block, NOW), 'bad-diffbits');
    expect(statusOf(chain, b1x)).toBe('invalid');
    const b1 = child(g);
    accepted(chain.processBlock(b1.block, NOW));
    tipIs(chain, b1);
  });

  /** A room that retargets every block over 5 blocks, starting at half the pow limit. */
  const WINDOW: RoomParams = {
    ...TEST_PARAMS,
    name: 'window',
    initialBits: 0x203fffff,
    retarget: { mode: 'window', window: 5, maxStep: 4 },
  };

  //   genesis -> b1 -> b2 (40 s late: the retarget eases) -> b3
  //                                                      \-> b3x  (the starting bits)
  //                                                      \-> b3y  (the retarget's bits - 1)
  it('requires the window retarget, not the starting bits nor one off', () => {
    const chain = new Chain(WINDOW);
    const [b1, b2] = extend(genesisOf(WINDOW), 2, (i) => ({
      params: WINDOW,
      time: WINDOW.genesisTime + 10 + 40 * i,
    })) as [ReturnType<typeof child>, ReturnType<typeof child>];
    accepted(chain.processBlock(b1.block, NOW));
    accepted(chain.processBlock(b2.block, NOW));
    const expected = nextBits(b2, WINDOW);
    expect(expected).not.toBe(WINDOW.initialBits);
    const b3x = child(b2, { params: WINDOW, bits: WINDOW.initialBits, tag: 'x' });
    rejected(chain.processBlock(b3x.block, NOW), 'bad-diffbits');
    const b3y = child(b2, { params: WINDOW, bits: expected - 1, tag: 'y' });
    rejected(chain.processBlock(b3y.block, NOW), 'bad-diffbits');
    const b3 = child(b2, { params: WINDOW });
    expect(b3.header.bits).toBe(expected);
    accepted(chain.processBlock(b3.block, NOW));
    tipIs(chain, b3);
  });
});

describe('time-too-old (A3, FB b54)', () => {
  //   genesis -> b1 -> ... -> b11 -> b12   (time = median of b1..b11 + 1: accepted)
  //                              \-> b12x  (time = median of b1..b11: time-too-old)
  it('rejects a time equal to the median of the last 11 and accepts one second more', () => {
    const chain = new Chain(TEST_PARAMS);
    const blocks = extend(genesisOf(), 11);
    for (const b of blocks) accepted(chain.processBlock(b.block, NOW));
    const b11 = blocks[10]!;
    const median = medianTimePast(b11);
    expect(median).toBe(blocks[5]!.header.time);
    const b12x = child(b11, { time: median });
    rejected(chain.processBlock(b12x.block, NOW), 'time-too-old');
    expect(statusOf(chain, b12x)).toBe('invalid');
    const b12 = child(b11, { time: median + 1 });
    expect(b12.header.time).toBeLessThan(b11.header.time);
    accepted(chain.processBlock(b12.block, NOW));
    tipIs(chain, b12);
  });
});

describe('time-too-new (A4, FB b48)', () => {
  //   genesis -> b1 (now + futureTimeLimit + 1: future; accepted once the clock moved on)
  it('neither stores nor punishes a block from the future, and accepts it later', () => {
    const chain = new Chain(TEST_PARAMS);
    const b1 = child(genesisOf(), { time: NOW + LIMIT + 1 });
    future(chain.processBlock(b1.block, NOW));
    expect(chain.tree.size).toBe(1);
    expect(statusOf(chain, b1)).toBe('absent');
    expect(chain.orphans.size).toBe(0);
    const headers = chain.processHeaders([b1.header], NOW);
    expect(headers.error?.code).toBe('time-too-new');
    expect(chain.tree.size).toBe(1);
    accepted(chain.processBlock(b1.block, NOW + 1));
    tipIs(chain, b1);
  });

  //   genesis -> b1 (exactly now + futureTimeLimit: accepted)
  it('accepts a block exactly at the future-time limit', () => {
    const chain = new Chain(TEST_PARAMS);
    const b1 = child(genesisOf(), { time: NOW + LIMIT });
    accepted(chain.processBlock(b1.block, NOW));
  });

  //   genesis -> b1 (future) -> b2 (orphan meanwhile): both connect when b1 is offered again
  it('lets the children of a future block wait and connect with it', () => {
    const chain = new Chain(TEST_PARAMS);
    const b1 = child(genesisOf(), { time: NOW + LIMIT + 1 });
    const b2 = child(b1);
    future(chain.processBlock(b1.block, NOW));
    orphaned(chain.processBlock(b2.block, NOW), b1);
    accepted(chain.processBlock(b1.block, NOW + 100));
    tipIs(chain, b2);
  });
});

describe('bad-cb-height (A7, BIP 34)', () => {
  //   genesis -> b1  (reward height 1: accepted)
  //          \-> b1x (reward height 2)
  it('rejects a reward that does not carry the block height', () => {
    const chain = new Chain(TEST_PARAMS);
    const g = genesisOf();
    const b1x = childWithTxs(g, [rewardTx(2)]);
    rejected(chain.processBlock(b1x.block, NOW), 'bad-cb-height');
    expect(statusOf(chain, b1x)).toBe('invalid');
    accepted(chain.processBlock(childWithTxs(g, [rewardTx(1)]).block, NOW));
  });
});

describe('bad-version', () => {
  //   genesis -> b1x (header version 0)
  it('rejects a header version below 1', () => {
    const chain = new Chain(TEST_PARAMS);
    const b1x = childWithTxs(genesisOf(), [rewardTx(1)], { version: 0 });
    rejected(chain.processBlock(b1x.block, NOW), 'bad-version');
  });
});

describe('bad-prevblk (A9)', () => {
  //   genesis -> b1
  //          \-> b1x (bad-diffbits) -> b2x (bad-prevblk) -> b3x (bad-prevblk)
  it('rejects every descendant of a known-invalid block and remembers why', () => {
    const chain = new Chain(TEST_PARAMS);
    const g = genesisOf();
    const b1 = child(g);
    accepted(chain.processBlock(b1.block, NOW));
    const b1x = child(g, { bits: TEST_PARAMS.initialBits - 1 });
    const b2x = child(b1x, { bits: TEST_PARAMS.initialBits });
    const b3x = child(b2x);
    rejected(chain.processBlock(b1x.block, NOW), 'bad-diffbits');
    rejected(chain.processBlock(b2x.block, NOW), 'bad-prevblk');
    expect(statusOf(chain, b2x)).toBe('invalid-child');
    rejected(chain.processBlock(b3x.block, NOW), 'bad-prevblk');
    expect(statusOf(chain, b3x)).toBe('invalid-child');
    // Offered again: answered from the tree, with the same codes and penalties.
    rejected(chain.processBlock(b1x.block, NOW), 'bad-diffbits');
    rejected(chain.processBlock(b2x.block, NOW), 'bad-prevblk');
    expect(chain.processHeaders([b2x.header], NOW).error?.code).toBe('bad-prevblk');
    tipIs(chain, b1);
  });
});
