/**
 * Draws the block tree on a canvas: only the heights on screen (a 10,000-block tree costs what
 * its visible part costs), blocks batched by colour, details (edges, shapes, labels) only at
 * zooms where they can be seen. Reads TreeState and the camera; changes nothing.
 */
import { BLOCK_H, BLOCK_W, CELL_H, CELL_W, type TreeCamera } from './tree-camera.svelte.js';
import { drawMarks, drawRuler } from './tree-draw-marks.js';
import { ease, rowNow, shapePath, type DrawOptions, type Look, type Placed } from './tree-frame.js';
import { darkTextOn } from './tree-miners.js';
import { MOTION_MS } from './tree-motion.js';
import type { TreeBlock, TreeState } from './tree-state.svelte.js';
import type { DrawTheme } from './tree-theme.js';

/** Opacity of a stale block: visibly faded next to the best chain. */
export const STALE_ALPHA = 0.38;

/** How a block looks: invalid beats everything, then no body, then best vs stale. */
export function lookOf(tree: TreeState, b: TreeBlock): Look {
  if (!b.entry.isValid) return 'invalid';
  if (!b.entry.hasBody) return 'header';
  return tree.isActive(b) ? 'best' : 'stale';
}

/** Draws one frame. `ctx` is already scaled for the device pixel ratio. */
export function drawTree(
  ctx: CanvasRenderingContext2D,
  tree: TreeState,
  cam: TreeCamera,
  theme: DrawTheme,
  opts: DrawOptions,
): void {
  ctx.fillStyle = theme.bg;
  ctx.fillRect(0, 0, cam.width, cam.height);
  const placed = place(tree, cam, opts);
  drawBand(ctx, tree, cam, theme);
  drawRuler(ctx, cam, theme, tree.layout.maxHeight);
  const w = BLOCK_W * cam.zoom;
  if (w >= 3) drawEdges(ctx, tree, cam, theme, placed, opts);
  drawBlocks(ctx, theme, placed, w);
  if (w >= 16) drawLabels(ctx, tree, theme, placed);
  drawMarks(ctx, tree, cam, theme, placed, opts);
}

/** The block under a screen point, if any (hit boxes are the blocks plus a few pixels). */
export function hitTest(
  tree: TreeState,
  cam: TreeCamera,
  sx: number,
  sy: number,
): TreeBlock | undefined {
  const p = cam.toWorld(sx, sy);
  const h = Math.round(p.x / CELL_W);
  const row = Math.round(p.y / CELL_H);
  const b = tree.blockAt(h, row);
  if (!b) return undefined;
  const slack = 4 / cam.zoom;
  const inX = Math.abs(p.x - h * CELL_W) <= BLOCK_W / 2 + slack;
  const inY = Math.abs(p.y - row * CELL_H) <= BLOCK_H / 2 + 4 / cam.yZoom;
  // Zoomed far out a block is a pixel: accept the whole cell.
  return (inX && inY) || BLOCK_W * cam.zoom < 8 ? b : undefined;
}

function place(tree: TreeState, cam: TreeCamera, opts: DrawOptions): Placed[] {
  const out: Placed[] = [];
  const layout = tree.layout;
  const { from, to } = cam.visibleHeights();
  const z = cam.zoom;
  const w = BLOCK_W * z;
  const maxWork = tree.maxBlockWork;
  for (let h = Math.max(0, from); h <= Math.min(to, layout.maxHeight); h++) {
    for (const slot of layout.column(h)) {
      if (!slot) continue;
      const b = tree.block(slot.id);
      if (!b) continue;
      const y = cam.sy(rowNow(tree, b, opts) * CELL_H);
      if (y < -BLOCK_H * cam.yZoom || y > cam.height + BLOCK_H * cam.yZoom) continue;
      const look = lookOf(tree, b);
      const scale = opts.byWork ? 0.3 + (0.7 * Number((b.work * 1000n) / maxWork)) / 1000 : 1;
      out.push({
        b,
        x: cam.sx(h * CELL_W),
        y,
        w,
        h: BLOCK_H * cam.yZoom * scale,
        look,
        alpha: alphaOf(tree, b, look, opts),
        colour: tree.minerOf(b)?.colour,
      });
    }
  }
  return out;
}

function alphaOf(tree: TreeState, b: TreeBlock, look: Look, opts: DrawOptions): number {
  const target = look === 'stale' ? STALE_ALPHA : 1;
  const m = opts.motion ? tree.motion(b.slot.id, opts.now) : undefined;
  if (!m) return target;
  const p = ease((opts.now - m.start) / MOTION_MS);
  // A block that left the best chain fades from solid to stale; one that joined, the reverse.
  return m.left ? 1 + (target - 1) * p : STALE_ALPHA + (target - STALE_ALPHA) * p;
}

/** The best chain's highlight: a soft band along row 0 from genesis to the tip. */
function drawBand(
  ctx: CanvasRenderingContext2D,
  tree: TreeState,
  cam: TreeCamera,
  theme: DrawTheme,
): void {
  const x0 = Math.max(-10, cam.sx(-CELL_W / 2));
  const x1 = Math.min(cam.width + 10, cam.sx(tree.height * CELL_W + CELL_W / 2));
  if (x1 <= x0) return;
  const bh = Math.max(3, CELL_H * 0.9 * cam.yZoom);
  ctx.fillStyle = theme.accentSoft;
  ctx.fillRect(x0, cam.sy(0) - bh / 2, x1 - x0, bh);
}

function drawEdges(
  ctx: CanvasRenderingContext2D,
  tree: TreeState,
  cam: TreeCamera,
  theme: DrawTheme,
  placed: readonly Placed[],
  opts: DrawOptions,
): void {
  const best = new Path2D();
  const other = new Path2D();
  for (const p of placed) {
    const parentId = p.b.slot.parentId;
    const parent = parentId === undefined ? undefined : tree.block(parentId);
    if (!parent) continue;
    const px = cam.sx(parent.slot.height * CELL_W) + p.w / 2;
    const py = cam.sy(rowNow(tree, parent, opts) * CELL_H);
    const x = p.x - p.w / 2;
    const path = p.look === 'best' ? best : other;
    path.moveTo(px, py);
    if (Math.abs(py - p.y) < 0.5) path.lineTo(x, p.y);
    else {
      const mid = (px + x) / 2;
      path.bezierCurveTo(mid, py, mid, p.y, x, p.y);
    }
  }
  ctx.lineWidth = Math.max(1, Math.min(2.5, 2 * cam.zoom));
  ctx.strokeStyle = theme.muted;
  ctx.stroke(other);
  ctx.strokeStyle = theme.text;
  ctx.stroke(best);
}

function fillOf(theme: DrawTheme, colour: number | undefined): string {
  return colour === undefined ? theme.unknown : (theme.nodes[colour] ?? theme.unknown);
}

function drawBlocks(
  ctx: CanvasRenderingContext2D,
  theme: DrawTheme,
  placed: readonly Placed[],
  w: number,
): void {
  const detailed = w >= 6;
  // Thinner than a pixel, best blocks would paint over each other's colours: one neutral bar.
  const bar = w < 1.5;
  if (bar) drawBar(ctx, theme, placed);
  // Batched by fill and opacity: a handful of fills per frame however many blocks are visible.
  const batches = new Map<string, Placed[]>();
  for (const p of placed) {
    if (p.look === 'header' || (bar && p.look === 'best')) continue;
    const key = `${p.look === 'invalid' ? theme.unknown : fillOf(theme, p.colour)}|${p.alpha.toFixed(2)}`;
    let list = batches.get(key);
    if (!list) batches.set(key, (list = []));
    list.push(p);
  }
  for (const [key, list] of batches) {
    const [fill, alpha] = key.split('|') as [string, string];
    ctx.globalAlpha = Number(alpha);
    ctx.fillStyle = fill;
    ctx.beginPath();
    for (const p of list) rect(ctx, p, detailed ? 4 : 0);
    ctx.fill();
  }
  ctx.globalAlpha = 1;
  if (!detailed) return;
  ctx.lineWidth = 1.5;
  for (const p of placed) {
    ctx.beginPath();
    rect(ctx, p, 4);
    if (p.look === 'header') {
      // No body yet: hollow, dashed, the miner unknown.
      ctx.setLineDash([4, 3]);
      ctx.strokeStyle = theme.muted;
      ctx.stroke();
      ctx.setLineDash([]);
    } else if (p.look === 'invalid') {
      ctx.strokeStyle = theme.danger;
      ctx.stroke();
      cross(ctx, p, theme.danger);
    } else {
      ctx.globalAlpha = p.look === 'stale' ? Math.max(p.alpha, 0.6) : 1;
      ctx.strokeStyle = p.look === 'best' ? theme.text : theme.muted;
      ctx.stroke();
      ctx.globalAlpha = 1;
    }
  }
}

/** The best chain in the far overview: a bar where its blocks are, in the text colour. */
function drawBar(ctx: CanvasRenderingContext2D, theme: DrawTheme, placed: readonly Placed[]): void {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y = 0;
  let h = 0;
  for (const p of placed) {
    if (p.look !== 'best') continue;
    x0 = Math.min(x0, p.x);
    x1 = Math.max(x1, p.x);
    y = p.y;
    h = p.h;
  }
  if (x1 < x0) return;
  ctx.fillStyle = theme.muted;
  ctx.fillRect(x0 - 1, y - h * 0.3, x1 - x0 + 2, h * 0.6);
}

function rect(ctx: CanvasRenderingContext2D, p: Placed, radius: number): void {
  const x = p.x - p.w / 2;
  const y = p.y - p.h / 2;
  if (radius > 0 && ctx.roundRect) ctx.roundRect(x, y, p.w, p.h, Math.min(radius, p.h / 3));
  else ctx.rect(x, y, Math.max(1, p.w), Math.max(1, p.h));
}

/** An invalid block is crossed out: a shape cue, not only a colour. */
function cross(ctx: CanvasRenderingContext2D, p: Placed, colour: string): void {
  const i = Math.min(p.w, p.h) * 0.22;
  ctx.beginPath();
  ctx.moveTo(p.x - p.w / 2 + i, p.y - p.h / 2 + i);
  ctx.lineTo(p.x + p.w / 2 - i, p.y + p.h / 2 - i);
  ctx.moveTo(p.x + p.w / 2 - i, p.y - p.h / 2 + i);
  ctx.lineTo(p.x - p.w / 2 + i, p.y + p.h / 2 - i);
  ctx.strokeStyle = colour;
  ctx.lineWidth = 2;
  ctx.stroke();
  ctx.lineWidth = 1.5;
}

/** The miner's shape and one- or two-letter label inside each block: colour is never alone. */
function drawLabels(
  ctx: CanvasRenderingContext2D,
  tree: TreeState,
  theme: DrawTheme,
  placed: readonly Placed[],
): void {
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (const p of placed) {
    if (p.look === 'header') continue;
    const miner = tree.minerOf(p.b);
    if (!miner) continue;
    const fill = fillOf(theme, miner.colour);
    const solid = p.look === 'best' && p.alpha > 0.7;
    const ink = solid ? (darkTextOn(fill) ? '#000000' : '#ffffff') : theme.text;
    const withShape = p.w >= 30 && p.h >= 14;
    const fontPx = Math.max(8, Math.min(15, p.h * 0.48));
    ctx.font = `700 ${fontPx.toFixed(1)}px ${theme.font}`;
    ctx.fillStyle = ink;
    const tx = withShape ? p.x + p.w * 0.14 : p.x;
    ctx.fillText(miner.label, tx, p.y + 0.5);
    if (withShape) {
      const s = Math.min(p.h * 0.5, p.w * 0.3);
      ctx.save();
      ctx.translate(p.x - p.w / 2 + 3 + s * 0.1, p.y - s / 2);
      ctx.scale(s / 20, s / 20);
      ctx.fillStyle = solid ? ink : fill;
      ctx.fill(shapePath(miner.colour));
      if (!solid) {
        ctx.lineWidth = 20 / s;
        ctx.strokeStyle = theme.text;
        ctx.stroke(shapePath(miner.colour));
      }
      ctx.restore();
    }
  }
}
