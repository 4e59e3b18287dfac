/**
 * Moving a keyboard selection around the laid-out tree: left and right along a chain (parent,
 * child), up and down between branches (the nearest block in the row above or below).
 */
import type { Slot, TreeLayout } from './tree-layout.js';

/** A direction of the arrow keys. */
export type NavDirection = 'left' | 'right' | 'up' | 'down';

/** How far left and right up/down looks for a block when its own height has none. */
const NEAR_HEIGHTS = 6;

/** The block an arrow key moves to from `from`, or undefined when there is none that way. */
export function stepFrom(layout: TreeLayout, from: Slot, dir: NavDirection): Slot | undefined {
  switch (dir) {
    case 'left':
      return from.parentId === undefined ? undefined : layout.get(from.parentId);
    case 'right':
      return childOf(layout, from);
    case 'up':
      return nearestRow(layout, from, -1);
    case 'down':
      return nearestRow(layout, from, 1);
  }
}

/** The child in the same row (the chain goes on), else the child in the lowest row. */
function childOf(layout: TreeLayout, from: Slot): Slot | undefined {
  let best: Slot | undefined;
  for (const s of layout.column(from.height + 1)) {
    if (!s || s.parentId !== from.id) continue;
    if (s.row === from.row) return s;
    if (!best || s.row < best.row) best = s;
  }
  return best;
}

/** The nearest block in rows strictly above (-1) or below (+1), same height first. */
function nearestRow(layout: TreeLayout, from: Slot, sign: -1 | 1): Slot | undefined {
  for (let d = 0; d <= NEAR_HEIGHTS; d++) {
    let best: Slot | undefined;
    for (const h of d === 0 ? [from.height] : [from.height - d, from.height + d]) {
      if (h < 0) continue;
      const col = layout.column(h);
      for (let row = 0; row < col.length; row++) {
        const s = col[row];
        if (!s || Math.sign(row - from.row) !== sign) continue;
        if (!best || Math.abs(row - from.row) < Math.abs(best.row - from.row)) best = s;
      }
    }
    if (best) return best;
  }
  return undefined;
}
