/**
 * What one frame of the tree drawing shares between its parts: the options, the blocks placed
 * on screen, where a block is mid-slide after a reorganisation, the palette's shapes.
 */
import { SHAPE_PATHS, paletteSlot } from '../palette.js';
import { MOTION_MS } from './tree-motion.js';
import type { TreeBlock, TreeState } from './tree-state.svelte.js';

/** How a block is drawn. */
export type Look = 'best' | 'stale' | 'header' | 'invalid';

/** A peer whose tip the tree marks. */
export interface PeerMark {
  readonly name: string;
  /** Palette index of the peer's identity. */
  readonly colour: number;
  readonly tipId: string;
}

/** What one frame draws besides the tree itself. */
export interface DrawOptions {
  readonly now: number;
  /** Block heights proportional to each block's own work. */
  readonly byWork: boolean;
  readonly selected: string | undefined;
  readonly hovered: string | undefined;
  readonly peers: readonly PeerMark[];
  /** False under prefers-reduced-motion: reorganisations jump instead of sliding. */
  readonly motion: boolean;
}

/** A block placed on screen for this frame. */
export interface Placed {
  readonly b: TreeBlock;
  /** Centre, screen px. */
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly look: Look;
  readonly alpha: number;
  readonly colour: number | undefined;
}

/** Ease in-out (cubic): a slide that starts and lands gently. */
export function ease(t: number): number {
  const x = Math.min(1, Math.max(0, t));
  return x < 0.5 ? 4 * x * x * x : 1 - (-2 * x + 2) ** 3 / 2;
}

/** The row a block is drawn at this frame: its own, or mid-slide after a reorganisation. */
export function rowNow(tree: TreeState, b: TreeBlock, opts: DrawOptions): number {
  const m = opts.motion ? tree.motion(b.slot.id, opts.now) : undefined;
  if (!m) return b.slot.row;
  return m.fromRow + (b.slot.row - m.fromRow) * ease((opts.now - m.start) / MOTION_MS);
}

const shapes = new Map<string, Path2D>();

/** The palette shape of a colour, as a Path2D in its 20 x 20 box (made once per shape). */
export function shapePath(colour: number | undefined): Path2D {
  const name = paletteSlot(colour).shape;
  let p = shapes.get(name);
  if (!p) shapes.set(name, (p = new Path2D(SHAPE_PATHS[name])));
  return p;
}
