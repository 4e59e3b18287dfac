/**
 * Restore (threat model 35, 38): a chain rebuilt from what a store persisted (entries,
 * bodies, undo data, accounts) is the same chain, stale branches included, and keeps working:
 * it can reorganise below the restored tip and keeps the first-seen rule.
 */
import { describe, expect, it } from 'vitest';
import type { Block } from '../../src/core/block.js';
import { bytesToHex } from '../../src/core/bytes.js';
import type { ChainChanges, ChainSnapshot, StoredEntry } from '../../src/core/chain-types.js';
import { Chain } from '../../src/core/chain.js';
import { genesisHash } from '../../src/core/room.js';
import type { Account, Undo } from '../../src/core/state.js';
import { txId } from '../../src/core/tx.js';
import { TEST_PARAMS, transfer, wallet } from '../support/blocks.js';
import { child, extend, genesisOf, pathTo, type Built } from '../support/branch.js';
import { snapshotOf, treeView } from '../support/snapshot.js';
import { accepted, rejected, sideChain, tipIs } from './expect.js';

const NOW = TEST_PARAMS.genesisTime + 1_000_000;
const CHAIN_ID = genesisHash(TEST_PARAMS);
const BOB = wallet(11).address;
const CAROL = wallet(12).address;

function restored(chain: Chain): Chain {
  return new Chain(TEST_PARAMS, { snapshot: snapshotOf(chain) });
}

describe('restore from a snapshot', () => {
  //   genesis -> b1 -> b2 -> b3 -> b4 -> [b5]           b2: w1 pays Bob (n0); [b5]: header only
  //                \-> b2a -> b3a -> b4a -> b5a         b2a: w1 pays Carol (n0); b4a, b5a later
  //                       \-> b3x (bad-diffbits)
  const g = genesisOf();
  const b1 = child(g, { miner: wallet(1).address });
  const toBob = transfer(CHAIN_ID, 1, BOB, 7_000n, 0);
  const toCarol = transfer(CHAIN_ID, 1, CAROL, 7_000n, 0);
  const b2 = child(b1, { transfers: [toBob] });
  const [b3, b4, b5] = extend(b2, 3) as [Built, Built, Built];
  const b2a = child(b1, { transfers: [toCarol], tag: 'a' });
  const [b3a, b4a, b5a] = extend(b2a, 3, () => ({ tag: 'a' })) as [Built, Built, Built];
  const b3x = child(b2a, { bits: TEST_PARAMS.initialBits - 1 });

  function original(): Chain {
    const chain = new Chain(TEST_PARAMS);
    for (const b of [b1, b2, b3, b4]) accepted(chain.processBlock(b.block, NOW));
    sideChain(chain.processBlock(b2a.block, NOW), b4);
    sideChain(chain.processBlock(b3a.block, NOW), b4);
    rejected(chain.processBlock(b3x.block, NOW), 'bad-diffbits');
    expect(chain.processHeaders([b5.header], NOW).error).toBeUndefined();
    return chain;
  }

  it('has the same tip, state, tree and best chain', () => {
    const chain = original();
    const copy = restored(chain);
    tipIs(copy, b4);
    expect(copy.state.entries()).toEqual(chain.state.entries());
    expect(treeView(copy)).toEqual(treeView(chain));
    expect(copy.tree.size).toBe(chain.tree.size);
    for (let h = 0; h <= 4; h++) expect(copy.activeAt(h)?.id).toBe(chain.activeAt(h)?.id);
    expect(copy.getBlock(b3a.id)).toBeDefined();
    rejected(copy.processBlock(b3x.block, NOW), 'bad-diffbits');
    expect(copy.processBlock(b2a.block, NOW).outcome.status).toBe('duplicate');
  });

  it('reorganises below the restored tip exactly as the original does', () => {
    const chain = original();
    const copy = restored(chain);
    for (const c of [chain, copy]) {
      sideChain(c.processBlock(b4a.block, NOW), b4);
      const r = accepted(c.processBlock(b5a.block, NOW));
      expect(r.id).toBe(b5a.id);
    }
    const fresh = new Chain(TEST_PARAMS);
    for (const b of pathTo(b5a)) accepted(fresh.processBlock(b.block, NOW));
    expect(copy.state.entries()).toEqual(fresh.state.entries());
    expect(copy.state.entries()).toEqual(chain.state.entries());
    expect(treeView(copy)).toEqual(treeView(chain));
    expect(copy.state.get(CAROL).balance).toBe(7_000n);
    expect(copy.state.get(BOB).balance).toBe(0n);
    expect(copy.mempool.has(txId(toBob))).toBe(false);
    // The header-only b5 gets its body: equal work with b5a, which was seen first.
    sideChain(copy.processBlock(b5.block, NOW), b5a);
  });

  it('reports the reorg after restore with the conflicting transfer dropped', () => {
    const copy = restored(original());
    copy.processBlock(b4a.block, NOW);
    const { events } = copy.processBlock(b5a.block, NOW);
    const tip = events.find((e) => e.type === 'tip-changed');
    if (tip?.type !== 'tip-changed' || !tip.reorg) throw new Error('expected a reorg');
    expect(tip.previous.id).toBe(b4.id);
    expect(tip.reorg.disconnected.map((e) => e.id)).toEqual([b4.id, b3.id, b2.id]);
    expect(tip.reorg.droppedTxs.map((h) => bytesToHex(h))).toEqual([bytesToHex(txId(toBob))]);
  });
});

describe('first seen after restore', () => {
  //   genesis -> b1 -> b2 -> [b3h]            (b3h: a header without body when the snapshot is taken)
  //   then, after restore:
  //                      b2 -> a3             (first seen at height 3: the tip)
  //                         \-> c3            (equal work, seen second)
  //                         \-> d3 -> d4x     (d4x pays itself too much: the reorg to it fails)
  // The failed reorg leaves the chain on d3, equal in work to a3 and c3: it must go back to a3.
  function scenario(chain: Chain, restore: boolean): Chain {
    const [b1, b2, b3h] = extend(genesisOf(), 3) as [Built, Built, Built];
    for (const b of [b1, b2]) accepted(chain.processBlock(b.block, NOW));
    chain.processHeaders([b3h.header], NOW);
    const c = restore ? restored(chain) : chain;
    const a3 = child(b2, { tag: 'a' });
    const c3 = child(b2, { tag: 'c' });
    const d3 = child(b2, { tag: 'd' });
    const d4x = child(d3, { tag: 'd', reward: TEST_PARAMS.subsidy + 1n });
    accepted(c.processBlock(a3.block, NOW));
    sideChain(c.processBlock(c3.block, NOW), a3);
    sideChain(c.processBlock(d3.block, NOW), a3);
    rejected(c.processBlock(d4x.block, NOW), 'bad-cb-amount');
    tipIs(c, a3);
    return c;
  }

  it('falls back to the first-seen tip after a failed reorg (no restore)', () => {
    scenario(new Chain(TEST_PARAMS), false);
  });

  it('falls back to the first-seen tip after a failed reorg (restored with a header-only entry)', () => {
    scenario(new Chain(TEST_PARAMS), true);
  });

  it('gives blocks received after a restore increasing arrival numbers', () => {
    const chain = new Chain(TEST_PARAMS);
    const [b1, b2] = extend(genesisOf(), 2) as [Built, Built];
    accepted(chain.processBlock(b1.block, NOW));
    chain.processHeaders([b2.header], NOW);
    const copy = restored(chain);
    const x2 = child(b1, { tag: 'x' });
    const y2 = child(b1, { tag: 'y' });
    copy.processBlock(x2.block, NOW);
    copy.processBlock(y2.block, NOW);
    const seq = (b: Built): number => copy.tree.get(b.id)!.seq;
    expect(seq(y2)).toBeGreaterThan(seq(x2));
  });
});

/** A store that keeps only what each call's ChainChanges say, deletes before puts. */
class ChangesStore {
  readonly entries = new Map<string, StoredEntry>();
  readonly bodies = new Map<string, Block>();
  readonly undo = new Map<string, Undo>();
  readonly accounts = new Map<string, Account>();
  tipId = '';

  commit(changes: ChainChanges): void {
    for (const e of changes.entries) {
      const { id, header, height, status, invalidCode, seq, hasBody } = e;
      this.entries.set(id, { id, header, height, status, invalidCode, seq, hasBody });
    }
    for (const [id, b] of changes.bodies) this.bodies.set(id, b);
    for (const id of changes.disconnected) this.undo.delete(id);
    for (const [id, u] of changes.undo) this.undo.set(id, u);
    for (const [k, a] of changes.accounts) this.accounts.set(k, a);
    this.tipId = changes.tip.id;
  }

  snapshot(chain: Chain): ChainSnapshot {
    const genesis = chain.tree.genesis;
    const entries = [...this.entries.values()];
    entries.push({ ...genesis, invalidCode: undefined, hasBody: true });
    return {
      entries,
      bodies: this.bodies,
      undo: this.undo,
      tipId: this.tipId,
      accounts: this.accounts,
    };
  }
}

describe('restore from persisted changes', () => {
  //   genesis -> b1 -> b2 -> a3 -> [a4h]        (w1 pays Bob in b2; a4h header only)
  //                     \-> c3                  (equal work, seen second)
  //                     \-> d3 -> d4x           (the reorg to d4x fails and returns to a3)
  //          \-> o1 <- o2                       (o2 arrives first as an orphan)
  it('rebuilds, from the changes of every call alone, the chain that made them', () => {
    const chain = new Chain(TEST_PARAMS);
    const store = new ChangesStore();
    const g = genesisOf();
    const b1 = child(g, { miner: wallet(1).address });
    const b2 = child(b1, { transfers: [transfer(CHAIN_ID, 1, BOB, 7_000n, 0)] });
    const a3 = child(b2, { tag: 'a' });
    const a4h = child(a3, { tag: 'a' });
    const c3 = child(b2, { tag: 'c' });
    const d3 = child(b2, { tag: 'd' });
    const d4x = child(d3, { tag: 'd', reward: TEST_PARAMS.subsidy + 1n });
    const o1 = child(g, { tag: 'o' });
    const o2 = child(o1, { tag: 'o' });
    for (const b of [b1, b2, a3, c3, d3, d4x, o2, o1]) {
      store.commit(chain.processBlock(b.block, NOW).changes);
    }
    store.commit(chain.processHeaders([a4h.header], NOW).changes);
    tipIs(chain, a3);

    const copy = new Chain(TEST_PARAMS, { snapshot: store.snapshot(chain) });
    expect(treeView(copy)).toEqual(treeView(chain));
    expect(copy.state.entries()).toEqual(chain.state.entries());
    tipIs(copy, a3);
    // And it goes on like the original: a4h's body, then the c branch overtaking.
    const [c4, c5] = extend(c3, 2, () => ({ tag: 'c' })) as [Built, Built];
    for (const c of [chain, copy]) {
      accepted(c.processBlock(a4h.block, NOW));
      sideChain(c.processBlock(c4.block, NOW), a4h);
      accepted(c.processBlock(c5.block, NOW));
    }
    expect(treeView(copy)).toEqual(treeView(chain));
    expect(copy.state.entries()).toEqual(chain.state.entries());
  });
});
