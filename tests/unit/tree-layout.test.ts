/**
 * The block tree's layout (src/ui/tree/tree-layout.ts): the best chain on one row, no two
 * blocks in one cell, siblings on distinct rows, an incremental build equal to a full one, a
 * change of best chain that moves only the blocks that left and joined, and O(n) cost measured
 * in cells probed (never in milliseconds: no timing thresholds in tests).
 *
 *   0 - 1 - 2 - 3 - 4 - 5            spine (row 0) before the switch
 *               \ - 4'- 5'- 6'       a branch from 3 that overtakes
 */
import { describe, expect, it } from 'vitest';
import { TreeLayout, layoutAll, type LayoutNode } from '../../src/ui/tree/tree-layout.js';
import { stepFrom } from '../../src/ui/tree/tree-nav.js';

/** A deterministic pseudo-random source (mulberry32), so every run draws the same trees. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface RandomTree {
  /** Blocks in arrival order, parents first. */
  readonly nodes: LayoutNode[];
  /** The main chain's ids: it only ever grows, side branches never overtake it. */
  readonly spine: Set<string>;
}

/**
 * A main chain of `n` blocks with side branches (1-4 blocks) forking off every so often,
 * their blocks arriving interleaved with the main chain's, as stale blocks do in a room.
 */
function randomTree(n: number, seed: number, forkRate = 0.15): RandomTree {
  const rand = rng(seed);
  const nodes: LayoutNode[] = [{ id: 'm0', parentId: undefined, height: 0 }];
  const spine = new Set(['m0']);
  const growing: { id: string; height: number; left: number }[] = [];
  let side = 0;
  for (let h = 1; h < n; h++) {
    nodes.push({ id: `m${h}`, parentId: `m${h - 1}`, height: h });
    spine.add(`m${h}`);
    if (h > 2 && rand() < forkRate) {
      const from = h - 1 - Math.floor(rand() * 2);
      growing.push({ id: `m${from}`, height: from, left: 1 + Math.floor(rand() * 4) });
    }
    for (const g of growing) {
      // A side branch stays behind the main tip: it never becomes the best chain here.
      if (g.left === 0 || g.height + 1 >= h || rand() < 0.4) continue;
      const id = `s${side++}`;
      nodes.push({ id, parentId: g.id, height: g.height + 1 });
      Object.assign(g, { id, height: g.height + 1, left: g.left - 1 });
    }
  }
  return { nodes, spine };
}

/** Every invariant a drawable layout must keep. */
function expectDrawable(layout: TreeLayout, spine: ReadonlySet<string>): void {
  const cells = new Set<string>();
  for (const s of layout.slots()) {
    const cell = `${s.height}:${s.row}`;
    expect(cells.has(cell), `two blocks in cell ${cell}`).toBe(false);
    cells.add(cell);
    expect(layout.at(s.height, s.row)).toBe(s);
    // The spine is row 0, and row 0 is only the spine.
    expect(s.row === 0, `${s.id} on row ${s.row}`).toBe(spine.has(s.id));
  }
}

function rowsOf(layout: TreeLayout): Map<string, number> {
  return new Map([...layout.slots()].map((s) => [s.id, s.row]));
}

describe('tree layout', () => {
  it('puts the best chain on one row and every other block in a row of its own cell', () => {
    const { nodes, spine } = randomTree(2_000, 1);
    const layout = layoutAll(nodes, spine);
    expectDrawable(layout, spine);
    expect(layout.size).toBe(nodes.length);
    expect(layout.maxHeight).toBe(1_999);
  });

  it('puts siblings on distinct rows', () => {
    const { nodes, spine } = randomTree(1_000, 2, 0.5);
    const layout = layoutAll(nodes, spine);
    const byParent = new Map<string, number[]>();
    for (const n of nodes) {
      if (n.parentId === undefined) continue;
      const rows = byParent.get(n.parentId) ?? [];
      rows.push(layout.get(n.id)!.row);
      byParent.set(n.parentId, rows);
    }
    const families = [...byParent.values()].filter((rows) => rows.length > 1);
    expect(families.length).toBeGreaterThan(20);
    for (const rows of families) expect(new Set(rows).size).toBe(rows.length);
  });

  it('built block by block, equals the full layout of the same blocks', () => {
    const { nodes, spine } = randomTree(3_000, 3);
    const incremental = new TreeLayout();
    const snapshots: Map<string, number>[] = [];
    nodes.forEach((n, i) => {
      incremental.add(n, spine.has(n.id));
      if (i % 500 === 0) snapshots.push(rowsOf(incremental));
    });
    expect(rowsOf(incremental)).toEqual(rowsOf(layoutAll(nodes, spine)));
    // Adding never moves a block already placed.
    for (const snap of snapshots) {
      for (const [id, row] of snap) expect(incremental.get(id)!.row).toBe(row);
    }
  });

  it('keeps stale branches compact: a few rows, not one per branch', () => {
    const { nodes, spine } = randomTree(5_000, 4);
    const layout = layoutAll(nodes, spine);
    const branches = nodes.filter((n) => !spine.has(n.id) && spine.has(n.parentId ?? '')).length;
    expect(branches).toBeGreaterThan(300);
    expect(layout.rowCount).toBeLessThanOrEqual(6);
  });

  it('lays out 10,000 blocks in O(n): cells probed per block stay constant as n doubles', () => {
    const perBlock = (n: number): number => {
      const { nodes, spine } = randomTree(n, 5);
      return layoutAll(nodes, spine).probes / nodes.length;
    };
    const at10k = perBlock(10_000);
    const at20k = perBlock(20_000);
    expect(at10k).toBeLessThan(12);
    expect(at20k / at10k).toBeLessThan(1.15);
  });

  describe('a change of best chain (the picture above)', () => {
    const main = ['0', '1', '2', '3', '4', '5'].map((id, h): LayoutNode => ({
      id,
      parentId: h === 0 ? undefined : String(h - 1),
      height: h,
    }));
    const branch: LayoutNode[] = [
      { id: "4'", parentId: '3', height: 4 },
      { id: "5'", parentId: "4'", height: 5 },
      { id: "6'", parentId: "5'", height: 6 },
    ];

    function before(): TreeLayout {
      const layout = new TreeLayout();
      for (const n of main) layout.add(n, true);
      for (const n of branch) layout.add(n, false);
      return layout;
    }

    it('moves the new best blocks to row 0 and the old ones to a free row, nothing else', () => {
      const layout = before();
      expect(branch.map((n) => layout.get(n.id)!.row)).toEqual([1, 1, 1]);
      const moves = layout.reroute(['5', '4'], ["4'", "5'", "6'"]);
      expect(moves.map((m) => m.slot.id).sort()).toEqual(["4'", "5'", "6'", '4', '5'].sort());
      const spine = new Set(['0', '1', '2', '3', "4'", "5'", "6'"]);
      expectDrawable(layout, spine);
      // The displaced blocks take the lane the winners left: the two branches swap rows.
      expect(layout.get('4')!.row).toBe(1);
      expect(layout.get('5')!.row).toBe(1);
      expect(moves.find((m) => m.slot.id === '4')!.fromRow).toBe(0);
    });

    it('switching back restores a drawable layout, and new blocks keep landing correctly', () => {
      const layout = before();
      layout.reroute(['5', '4'], ["4'", "5'", "6'"]);
      layout.add({ id: '6', parentId: '5', height: 6 }, false);
      layout.add({ id: '7', parentId: '6', height: 7 }, false);
      layout.reroute(["6'", "5'", "4'"], ['4', '5', '6', '7']);
      expectDrawable(layout, new Set(['0', '1', '2', '3', '4', '5', '6', '7']));
    });
  });

  describe('keyboard steps', () => {
    const layout = layoutAll(
      [
        { id: 'a', parentId: undefined, height: 0 },
        { id: 'b', parentId: 'a', height: 1 },
        { id: 'c', parentId: 'b', height: 2 },
        { id: "c'", parentId: 'b', height: 2 },
        { id: 'd', parentId: 'c', height: 3 },
      ],
      new Set(['a', 'b', 'c', 'd']),
    );
    const at = (id: string) => layout.get(id)!;

    it('left is the parent, right the child on the same row first', () => {
      expect(stepFrom(layout, at('c'), 'left')?.id).toBe('b');
      expect(stepFrom(layout, at('b'), 'right')?.id).toBe('c');
      expect(stepFrom(layout, at("c'"), 'left')?.id).toBe('b');
      expect(stepFrom(layout, at('d'), 'right')).toBeUndefined();
      expect(stepFrom(layout, at('a'), 'left')).toBeUndefined();
    });

    it('up and down move between branches, to a nearby height when the own one is empty', () => {
      expect(stepFrom(layout, at('c'), 'down')?.id).toBe("c'");
      expect(stepFrom(layout, at("c'"), 'up')?.id).toBe('c');
      expect(stepFrom(layout, at('c'), 'up')).toBeUndefined();
      expect(stepFrom(layout, at('d'), 'down')?.id).toBe("c'");
    });
  });
});
