/**
 * Forks (threat model A9, A10, A11, D31): bounded orphans and blocks waiting for their
 * ancestors, fork choice by most work and first seen, invalid forks, and the events a
 * reorganisation emits.
 */
import { describe, expect, it } from 'vitest';
import type { ChainEvent } from '../../src/core/chain-types.js';
import { Chain } from '../../src/core/chain.js';
import { MAX_ORPHAN_BLOCKS, ORPHAN_EXPIRY_SECONDS } from '../../src/core/orphans.js';
import { TEST_PARAMS } from '../support/blocks.js';
import { child, extend, genesisOf, pathTo, type Built } from '../support/branch.js';
import { accepted, orphaned, rejected, sideChain, statusOf, tipIs } from './expect.js';

const NOW = TEST_PARAMS.genesisTime + 1_000_000;

/** Blocks b1..bn of a branch as a tuple-friendly array. */
function branch(parent: Built, n: number, tag: string): Built[] {
  return extend(parent, n, () => ({ tag }));
}

/** A compact trace of events: type and block id (or tip ids). */
function trace(events: readonly ChainEvent[]): string[] {
  return events.map((e) => {
    if (e.type === 'tip-changed') return `tip-changed ${e.previous.id} -> ${e.tip.id}`;
    if (e.type === 'orphan' || e.type === 'block-future') return `${e.type} ${e.id}`;
    return `${e.type} ${e.entry.id}`;
  });
}

describe('orphans (A9)', () => {
  //   genesis -> b1 -> b2 -> b3   (delivered b3, b2, b1)
  it('keeps unknown-parent blocks as orphans and connects them when the parent arrives', () => {
    const chain = new Chain(TEST_PARAMS);
    const [b1, b2, b3] = branch(genesisOf(), 3, '') as [Built, Built, Built];
    orphaned(chain.processBlock(b3.block, NOW), b2);
    orphaned(chain.processBlock(b2.block, NOW), b1);
    orphaned(chain.processBlock(b3.block, NOW), b1);
    expect(chain.orphans.size).toBe(2);
    expect(chain.tree.size).toBe(1);
    const r = accepted(chain.processBlock(b1.block, NOW));
    expect(r.id).toBe(b1.id);
    tipIs(chain, b3);
    expect(chain.orphans.size).toBe(0);
  });

  it('reports the three connections in order', () => {
    const chain = new Chain(TEST_PARAMS);
    const [b1, b2, b3] = branch(genesisOf(), 3, '') as [Built, Built, Built];
    chain.processBlock(b3.block, NOW);
    chain.processBlock(b2.block, NOW);
    const { events } = chain.processBlock(b1.block, NOW);
    const connected = events.filter((e) => e.type === 'block-connected').map((e) => e.entry.id);
    expect(connected).toEqual([b1.id, b2.id, b3.id]);
  });

  //   genesis -> b1x (bad-diffbits) -> b2 (orphan first: rejected once its parent is known bad)
  it('does not keep waiting for a parent that turned out invalid', () => {
    const chain = new Chain(TEST_PARAMS);
    const b1x = child(genesisOf(), { bits: TEST_PARAMS.initialBits - 1 });
    const b2 = child(b1x, { bits: TEST_PARAMS.initialBits });
    orphaned(chain.processBlock(b2.block, NOW), b1x);
    rejected(chain.processBlock(b1x.block, NOW), 'bad-diffbits');
    expect(chain.orphans.has(b2.id)).toBe(false);
    rejected(chain.processBlock(b2.block, NOW), 'bad-prevblk');
  });

  //   genesis -> b1 -> b2   (headers first; the body of b2 before b1's: b2 waits)
  it('stores a body whose ancestors lack theirs as waiting, and connects it after', () => {
    const chain = new Chain(TEST_PARAMS);
    const [b1, b2] = branch(genesisOf(), 2, '') as [Built, Built];
    expect(chain.processHeaders([b1.header, b2.header], NOW).entries).toHaveLength(2);
    expect(chain.processBlock(b2.block, NOW).outcome.status).toBe('waiting');
    tipIs(chain, chain.tree.genesis);
    accepted(chain.processBlock(b1.block, NOW));
    tipIs(chain, b2);
    expect(chain.processBlock(b2.block, NOW).outcome.status).toBe('duplicate');
  });

  //   genesis -> [b1] -> b2 -> ... -> b25   (b1 withheld: 24 orphans offered, 20 kept)
  //          \-> [x1] -> x2                  (an hour later: every earlier orphan expired)
  it('keeps at most MAX_ORPHAN_BLOCKS orphans, oldest out first, for at most an hour (D31)', () => {
    const chain = new Chain(TEST_PARAMS);
    const blocks = branch(genesisOf(), MAX_ORPHAN_BLOCKS + 5, '');
    for (const b of blocks.slice(1)) {
      expect(chain.processBlock(b.block, NOW).outcome.status).toBe('orphan');
      expect(chain.orphans.size).toBeLessThanOrEqual(MAX_ORPHAN_BLOCKS);
    }
    expect(chain.orphans.size).toBe(MAX_ORPHAN_BLOCKS);
    expect(blocks.slice(1, 5).map((b) => chain.orphans.has(b.id))).toEqual(Array(4).fill(false));
    expect(chain.orphans.has(blocks.at(-1)!.id)).toBe(true);
    const x2 = branch(genesisOf(), 2, 'x')[1]!;
    const later = NOW + ORPHAN_EXPIRY_SECONDS + 1;
    expect(chain.processBlock(x2.block, later).outcome.status).toBe('orphan');
    expect(chain.orphans.list().map((o) => o.id)).toEqual([x2.id]);
    expect(chain.tree.size).toBe(1);
  });
});

describe('equal work (A11)', () => {
  //   genesis -> b1 -> b2
  //                \-> b2a -> b3a
  it('keeps the first seen of two equal-work tips, and reorganises on one more block', () => {
    const chain = new Chain(TEST_PARAMS);
    const [b1, b2] = branch(genesisOf(), 2, '') as [Built, Built];
    const [b2a, b3a] = branch(b1, 2, 'a') as [Built, Built];
    accepted(chain.processBlock(b1.block, NOW));
    accepted(chain.processBlock(b2.block, NOW));
    sideChain(chain.processBlock(b2a.block, NOW), b2);
    accepted(chain.processBlock(b3a.block, NOW));
    tipIs(chain, b3a);
    expect(chain.isActive(chain.tree.get(b2.id)!)).toBe(false);
    expect(statusOf(chain, b2)).toBe('valid');
  });

  //   genesis -> b1 -> b2     (delivered after b2a: stays on the side)
  //                \-> b2a
  it('follows arrival order, not hashes', () => {
    const chain = new Chain(TEST_PARAMS);
    const [b1, b2] = branch(genesisOf(), 2, '') as [Built, Built];
    const [b2a] = branch(b1, 1, 'a') as [Built];
    accepted(chain.processBlock(b1.block, NOW));
    accepted(chain.processBlock(b2a.block, NOW));
    sideChain(chain.processBlock(b2.block, NOW), b2a);
  });
});

describe('a longer fork with an invalid block (A10, FB b7/b8, b12-b14)', () => {
  //   genesis -> b1 -> b2 -> b3 -> b4
  //                \-> b2a -> b3a (pays itself too much) -> b4a -> b5a -> b6a
  it('stays on the valid tip and marks the invalid block and its descendants', () => {
    const chain = new Chain(TEST_PARAMS);
    const [b1, b2, b3, b4] = branch(genesisOf(), 4, '') as [Built, Built, Built, Built];
    const b2a = child(b1, { tag: 'a' });
    const b3a = child(b2a, { tag: 'a', reward: TEST_PARAMS.subsidy + 1n });
    const [b4a, b5a, b6a] = branch(b3a, 3, 'a') as [Built, Built, Built];
    for (const b of [b1, b2, b3, b4]) accepted(chain.processBlock(b.block, NOW));
    const state = chain.state.entries();
    // Not yet more work than b4: stored as side blocks without being connected.
    sideChain(chain.processBlock(b2a.block, NOW), b4);
    sideChain(chain.processBlock(b3a.block, NOW), b4);
    sideChain(chain.processBlock(b4a.block, NOW), b4);
    // More work: the reorganisation tries b3a, which fails, and the chain returns to b4.
    const r = chain.processBlock(b5a.block, NOW);
    rejected(r, 'bad-prevblk');
    expect(r.changes.tip.id).toBe(b4.id);
    tipIs(chain, b4);
    expect(chain.state.entries()).toEqual(state);
    expect(statusOf(chain, b3a)).toBe('invalid');
    expect(chain.tree.get(b3a.id)?.invalidCode).toBe('bad-cb-amount');
    expect([b4a, b5a].map((b) => statusOf(chain, b))).toEqual(['invalid-child', 'invalid-child']);
    expect(statusOf(chain, b2a)).toBe('valid');
    rejected(chain.processBlock(b6a.block, NOW), 'bad-prevblk');
    expect(statusOf(chain, b6a)).toBe('invalid-child');
    rejected(chain.processBlock(b3a.block, NOW), 'bad-cb-amount');
    tipIs(chain, b4);
  });

  //   genesis -> b1 -> b2 -> b3
  //          \-> b1a (pays itself too much) -> b2a -> b3a -> b4a   (b4a, b3a, b2a first: orphans)
  it('finds the invalid root of an orphan chain once the chain has more work', () => {
    const chain = new Chain(TEST_PARAMS);
    const [, , b3] = branch(genesisOf(), 3, '') as [Built, Built, Built];
    for (const b of pathTo(b3)) accepted(chain.processBlock(b.block, NOW));
    const b1a = child(genesisOf(), { tag: 'a', reward: TEST_PARAMS.subsidy + 1n });
    const rest = branch(b1a, 3, 'a');
    for (const b of rest.slice().reverse()) chain.processBlock(b.block, NOW);
    const result = chain.processBlock(b1a.block, NOW);
    // b1a alone is a valid-looking side block; the reorg its orphans trigger finds it invalid,
    // and the sender of b1a is the one to blame.
    rejected(result, 'bad-cb-amount');
    expect(trace(result.events)).toContain(`block-invalid ${b1a.id}`);
    tipIs(chain, b3);
    expect(statusOf(chain, b1a)).toBe('invalid');
    expect(rest.map((b) => statusOf(chain, b))).toEqual([
      'invalid-child',
      'invalid-child',
      'invalid-child',
    ]);
    rejected(chain.processBlock(b1a.block, NOW), 'bad-cb-amount');
  });
});

describe('events of a reorganisation', () => {
  //   genesis -> b1 -> b2 -> b3
  //                \-> b2a -> b3a -> b4a
  it('lists disconnections tip first, connections lowest first, and the previous tip', () => {
    const chain = new Chain(TEST_PARAMS);
    const [b1, b2, b3] = branch(genesisOf(), 3, '') as [Built, Built, Built];
    const [b2a, b3a, b4a] = branch(b1, 3, 'a') as [Built, Built, Built];
    for (const b of [b1, b2, b3, b2a, b3a]) chain.processBlock(b.block, NOW);
    const { events } = chain.processBlock(b4a.block, NOW);
    expect(trace(events)).toEqual([
      `block-added ${b4a.id}`,
      `block-disconnected ${b3.id}`,
      `block-disconnected ${b2.id}`,
      `block-connected ${b2a.id}`,
      `block-connected ${b3a.id}`,
      `block-connected ${b4a.id}`,
      `tip-changed ${b3.id} -> ${b4a.id}`,
    ]);
    const tip = events.at(-1);
    if (tip?.type !== 'tip-changed' || !tip.reorg) throw new Error('expected a reorg');
    expect(tip.reorg.fork.id).toBe(b1.id);
    expect(tip.reorg.disconnected.map((e) => e.id)).toEqual([b3.id, b2.id]);
    expect(tip.reorg.connected.map((e) => e.id)).toEqual([b2a.id, b3a.id, b4a.id]);
  });

  //   genesis -> b1 -> b2 (a plain extension: no reorg)
  it('reports a plain extension without reorg info', () => {
    const chain = new Chain(TEST_PARAMS);
    const [b1, b2] = branch(genesisOf(), 2, '') as [Built, Built];
    chain.processBlock(b1.block, NOW);
    const { events } = chain.processBlock(b2.block, NOW);
    expect(trace(events)).toEqual([
      `block-added ${b2.id}`,
      `block-connected ${b2.id}`,
      `tip-changed ${b1.id} -> ${b2.id}`,
    ]);
    const tip = events.at(-1);
    expect(tip?.type === 'tip-changed' && tip.reorg).toBe(undefined);
  });
});
