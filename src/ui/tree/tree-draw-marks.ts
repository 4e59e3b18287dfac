/**
 * What the tree draws over its blocks: the height ruler, peers' tips, the selection and hover
 * rings, the pulse at a reorganisation's fork point.
 */
import { BLOCK_H, BLOCK_W, CELL_H, CELL_W, type TreeCamera } from './tree-camera.svelte.js';
import { rowNow, shapePath, type DrawOptions, type PeerMark, type Placed } from './tree-frame.js';
import { minerLabel } from './tree-miners.js';
import type { TreeState } from './tree-state.svelte.js';
import type { DrawTheme } from './tree-theme.js';

/** Height of the ruler strip, px. */
export const RULER_PX = 20;

/** Peer flags stacked above one block at most (TOP_MARGIN leaves room for them). */
const MAX_FLAGS = 3;

/** Ticks every 1, 2 or 5 x 10^k heights, at least this many px apart. */
const TICK_MIN_PX = 64;

/** The heights along the top: the x axis of the tree. */
export function drawRuler(
  ctx: CanvasRenderingContext2D,
  cam: TreeCamera,
  theme: DrawTheme,
  maxHeight: number,
): void {
  ctx.fillStyle = theme.surface;
  ctx.fillRect(0, 0, cam.width, RULER_PX);
  const perHeight = CELL_W * cam.zoom;
  let step = 1;
  for (let k = 1; step * perHeight < TICK_MIN_PX; k++)
    step = [1, 2, 5][k % 3]! * 10 ** Math.floor(k / 3);
  const { from, to } = cam.visibleHeights();
  ctx.font = `11px ${theme.font}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = theme.muted;
  ctx.strokeStyle = theme.border;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (
    let h = Math.max(0, Math.ceil(from / step) * step);
    h <= Math.min(to, maxHeight);
    h += step
  ) {
    const x = cam.sx(h * CELL_W);
    ctx.moveTo(x, RULER_PX - 4);
    ctx.lineTo(x, RULER_PX);
    ctx.fillText(String(h), x, RULER_PX / 2 - 1);
  }
  ctx.stroke();
}

/** Peers' tips, the selection, the hover ring and the fork pulse. */
export function drawMarks(
  ctx: CanvasRenderingContext2D,
  tree: TreeState,
  cam: TreeCamera,
  theme: DrawTheme,
  placed: readonly Placed[],
  opts: DrawOptions,
): void {
  drawPeers(ctx, tree, cam, theme, opts);
  const pulse = opts.motion ? tree.forkPulse(opts.now) : undefined;
  for (const p of placed) {
    const id = p.b.slot.id;
    if (pulse && pulse.id === id) {
      const r = Math.max(p.w, p.h) * (0.6 + pulse.progress * 1.4);
      ctx.globalAlpha = 1 - pulse.progress;
      ctx.strokeStyle = theme.accent;
      ctx.lineWidth = 3;
      ctx.beginPath();
      ctx.arc(p.x, p.y, r, 0, Math.PI * 2);
      ctx.stroke();
      ctx.globalAlpha = 1;
    }
    if (id === opts.hovered && id !== opts.selected) ring(ctx, p, 3, theme.text, 1.5);
    if (id === opts.selected) ring(ctx, p, 5, theme.focus, 3);
  }
}

function ring(
  ctx: CanvasRenderingContext2D,
  p: Placed,
  pad: number,
  colour: string,
  width: number,
): void {
  ctx.strokeStyle = colour;
  ctx.lineWidth = width;
  ctx.beginPath();
  const w = Math.max(p.w, 4) + pad * 2;
  const h = Math.max(p.h, 4) + pad * 2;
  if (ctx.roundRect) ctx.roundRect(p.x - w / 2, p.y - h / 2, w, h, 6);
  else ctx.rect(p.x - w / 2, p.y - h / 2, w, h);
  ctx.stroke();
}

/** A flag above each block some peer has as its tip: its shape, colour and name. */
function drawPeers(
  ctx: CanvasRenderingContext2D,
  tree: TreeState,
  cam: TreeCamera,
  theme: DrawTheme,
  opts: DrawOptions,
): void {
  if (opts.peers.length === 0) return;
  const byTip = new Map<string, PeerMark[]>();
  for (const p of opts.peers) {
    const list = byTip.get(p.tipId);
    if (list) list.push(p);
    else byTip.set(p.tipId, [p]);
  }
  const z = cam.zoom;
  const full = BLOCK_W * z >= 24;
  ctx.font = `600 11px ${theme.font}`;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  for (const [tipId, peers] of byTip) {
    const b = tree.block(tipId);
    if (!b) continue;
    const x = cam.sx(b.slot.height * CELL_W);
    const top = cam.sy(rowNow(tree, b, opts) * CELL_H) - (BLOCK_H * cam.yZoom) / 2;
    if (x < -100 || x > cam.width + 100) continue;
    // A stem from the flags down to the block.
    ctx.strokeStyle = theme.text;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(x, top - 2);
    ctx.lineTo(x, top - 6);
    ctx.stroke();
    // Three flags fit above a block; more peers on one tip are counted in a fourth.
    const shown = peers.length > MAX_FLAGS ? peers.slice(0, MAX_FLAGS - 1) : peers;
    const more = peers.length - shown.length;
    [...shown, ...(more > 0 ? [{ name: `+${more}`, colour: -1, tipId }] : [])].forEach(
      (peer, i) => {
        const text = full || peer.colour < 0 ? peer.name : minerLabel(peer.name, '');
        const tw = ctx.measureText(text).width;
        const w = tw + 22;
        const y = top - 14 - i * 17;
        ctx.fillStyle = theme.bg;
        ctx.strokeStyle = theme.border;
        ctx.beginPath();
        if (ctx.roundRect) ctx.roundRect(x - w / 2, y - 8, w, 16, 8);
        else ctx.rect(x - w / 2, y - 8, w, 16);
        ctx.fill();
        ctx.stroke();
        ctx.save();
        ctx.translate(x - w / 2 + 3, y - 6);
        ctx.scale(0.6, 0.6);
        ctx.fillStyle = theme.nodes[peer.colour] ?? theme.unknown;
        ctx.fill(shapePath(peer.colour));
        ctx.lineWidth = 1.6;
        ctx.strokeStyle = theme.text;
        ctx.stroke(shapePath(peer.colour));
        ctx.restore();
        ctx.fillStyle = theme.text;
        ctx.fillText(text, x - w / 2 + 17, y + 0.5);
      },
    );
  }
}
