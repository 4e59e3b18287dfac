/**
 * The tree state (src/ui/tree/tree-state.svelte.ts) fed by a real node's events: its layout
 * equals the full layout of the chain's entries, a reorganisation swaps the rows and is put
 * into numbers for the caption, headers beyond the tip sit on the spine hollow, invalid blocks
 * leave it, orphans wait apart, miners get stable colours and labels.
 *
 *   g - b1 - b2 - b3 - b4 - b5          the first best chain
 *                   \ - c4 - c5 - c6    a branch from b3 that overtakes: a reorg of depth 2
 */
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../src/core/bytes.js';
import { layoutAll } from '../../src/ui/tree/tree-layout.js';
import { lookOf } from '../../src/ui/tree/tree-draw.js';
import { TreeState } from '../../src/ui/tree/tree-state.svelte.js';
import { colourFromAddress } from '../../src/ui/tree/tree-miners.js';
import { keyPairFromSeed } from '../../src/core/tx.js';
import { Node } from '../../src/node/node.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { TEST_PARAMS, wallet } from '../support/blocks.js';
import { child, extend, genesisOf, type Built } from '../support/branch.js';

/** A node in the test room without a miner; its clock far past every test block's time. */
function openNode(name = 'Amber Otter'): Promise<Node> {
  const { secretKey, publicKey } = keyPairFromSeed(new Uint8Array(32).fill(1));
  return Node.open({
    params: TEST_PARAMS,
    identity: { id: 'node1', name, colour: 3, secretKey, publicKey },
    store: new MemoryStore(),
    clock: { now: () => (TEST_PARAMS.genesisTime + 1_000_000) * 1000 },
  });
}

/** Offers built blocks in order, as a peer would; returns each outcome's status. */
function feed(node: Node, blocks: readonly Built[]): string[] {
  return blocks.map((b) => node.submitBlock(b.block, 'test').status);
}

const NAMES = ['Amber Otter', 'Bold Crane', 'Calm Lynx'];

function miner(i: number) {
  return { miner: wallet(i + 20).address, tag: NAMES[i % NAMES.length] };
}

describe('TreeState', () => {
  it('fed block by block, lays out as the full layout of the chain, stale blocks included', async () => {
    const node = await openNode();
    const tree = new TreeState(node, { now: () => 0 });
    const g = genesisOf();
    const main = extend(g, 60, miner);
    const order: Built[] = [];
    main.forEach((b, i) => {
      order.push(b);
      // Every seventh block a rival sibling arrives late: a stale block.
      if (i > 2 && i % 7 === 0) order.push(child(main[i - 1]!, { tag: `rival ${i}` }));
    });
    expect(new Set(feed(node, order))).toEqual(new Set(['connected', 'side']));
    tree.sync();
    const chain = node.chain;
    const spine = new Set(
      [...chain.tree.entries()].filter((e) => chain.isActive(e)).map((e) => e.id),
    );
    const full = layoutAll(
      [...chain.tree.entries()].map((e) => ({
        id: e.id,
        parentId: e.parent?.id,
        height: e.height,
      })),
      spine,
    );
    for (const s of full.slots()) expect(tree.layout.get(s.id)?.row).toBe(s.row);
    // A tree made later from the same chain (a reload) lays out the same.
    const again = new TreeState(node);
    for (const s of full.slots()) expect(again.layout.get(s.id)?.row).toBe(s.row);
    expect(tree.height).toBe(60);
    expect(tree.staleCount).toBe(8);
    expect(tree.tipId).toBe(main[59]!.id);
    const stale = [...tree.layout.slots()].filter((s) => s.row > 0);
    expect(stale).toHaveLength(8);
    for (const s of stale) expect(lookOf(tree, tree.block(s.id)!)).toBe('stale');
  });

  it('explains a reorganisation in numbers and slides the branches past each other', async () => {
    const node = await openNode();
    let clock = 1_000;
    const tree = new TreeState(node, { now: () => clock });
    const g = genesisOf();
    const b = extend(g, 5);
    const c = extend(b[2]!, 3, () => ({ tag: 'branch' }));
    feed(node, b);
    feed(node, c.slice(0, 2));
    tree.sync();
    expect(tree.reorg).toBeUndefined();
    expect(tree.layout.get(c[0]!.id)!.row).toBe(1);
    expect(feed(node, [c[2]!])).toEqual(['connected']);
    tree.sync();
    expect(tree.reorg).toMatchObject({ height: 4, depth: 2, joined: 3, returned: 0, dropped: 0 });
    expect(tree.reorg!.forkId).toBe(b[2]!.id);
    for (const x of c) expect(tree.layout.get(x.id)!.row).toBe(0);
    for (const x of b.slice(3)) expect(tree.layout.get(x.id)!.row).toBe(1);
    expect(tree.staleCount).toBe(2);
    expect(tree.motion(b[3]!.id, clock)).toMatchObject({ fromRow: 0, left: true });
    expect(tree.motion(c[0]!.id, clock)).toMatchObject({ fromRow: 1, left: false });
    expect(tree.animating(clock)).toBe(true);
    clock += 5_000;
    expect(tree.animating(clock)).toBe(false);
  });

  it('puts headers beyond the tip on the spine, hollow, and fills them in as bodies arrive', async () => {
    const node = await openNode();
    const tree = new TreeState(node);
    const blocks = extend(genesisOf(), 6);
    feed(node, blocks.slice(0, 2));
    node.submitHeaders(blocks.slice(2).map((x) => x.block.header));
    tree.sync();
    expect(tree.spineEnd.id).toBe(blocks[5]!.id);
    for (const x of blocks) expect(tree.layout.get(x.id)!.row).toBe(0);
    expect(lookOf(tree, tree.block(blocks[4]!.id)!)).toBe('header');
    feed(node, blocks.slice(2));
    tree.sync();
    for (const x of blocks) expect(tree.layout.get(x.id)!.row).toBe(0);
    expect(lookOf(tree, tree.block(blocks[4]!.id)!)).toBe('best');
  });

  it('takes a header off the spine when its body turns out invalid', async () => {
    const node = await openNode();
    const tree = new TreeState(node);
    const g = genesisOf();
    const [b1] = extend(g, 1);
    feed(node, [b1!]);
    const bad = child(b1!, { reward: TEST_PARAMS.subsidy + 1n });
    node.submitHeaders([bad.block.header]);
    tree.sync();
    expect(tree.layout.get(bad.id)!.row).toBe(0);
    expect(node.submitBlock(bad.block).status).toBe('rejected');
    tree.sync();
    expect(tree.layout.get(bad.id)!.row).toBeGreaterThan(0);
    expect(tree.spineEnd.id).toBe(b1!.id);
    expect(lookOf(tree, tree.block(bad.id)!)).toBe('invalid');
  });

  it('lists orphans apart, and places them once their parent arrives', async () => {
    const node = await openNode();
    const tree = new TreeState(node);
    const [b1, b2, b3] = extend(genesisOf(), 3) as [Built, Built, Built];
    feed(node, [b1, b3]);
    tree.sync();
    expect(tree.orphans.map((o) => [o.id, o.missing, o.height])).toEqual([[b3.id, b2.id, 3]]);
    expect(tree.block(b3.id)).toBeUndefined();
    feed(node, [b2]);
    tree.sync();
    expect(tree.orphans).toEqual([]);
    expect(tree.layout.get(b3.id)!.row).toBe(0);
  });

  it('gives miners stable colours and labels, this node its own, and a legend by blocks', async () => {
    const node = await openNode('Quiet Heron');
    const tree = new TreeState(node);
    const g = genesisOf();
    const blocks = extend(g, 5, (i) =>
      i < 3 ? miner(0) : { miner: node.address, tag: 'anything' },
    );
    feed(node, blocks);
    tree.sync();
    const amber = bytesToHex(wallet(20).address);
    expect(tree.miners.map((m) => [m.name, m.label, m.blocks])).toEqual([
      ['Amber Otter', 'AO', 3],
      ['Quiet Heron', 'QH', 2],
    ]);
    expect(tree.miners[0]!.colour).toBe(colourFromAddress(amber));
    expect(tree.miners[1]).toMatchObject({ self: true, colour: node.identity.colour });
    tree.setMinerLookup((a) => (a === amber ? { name: 'Brave Finch', colour: 6 } : undefined));
    tree.sync();
    expect(tree.miners[0]).toMatchObject({ name: 'Brave Finch', label: 'BF', colour: 6 });
  });

  it('moves a keyboard selection along the chain and between branches', async () => {
    const node = await openNode();
    const tree = new TreeState(node);
    const b = extend(genesisOf(), 4);
    const side = child(b[1]!, { tag: 'side' });
    feed(node, [...b, side]);
    tree.sync();
    expect(tree.move('left')).toBe(b[3]!.id); // nothing selected: the tip first
    expect(tree.move('left')).toBe(b[2]!.id);
    expect(tree.move('down')).toBe(side.id);
    expect(tree.move('left')).toBe(b[1]!.id);
    expect(tree.move('right')).toBe(b[2]!.id);
    tree.select('nope');
    expect(tree.selected).toBeUndefined();
    tree.dispose();
  });
});
