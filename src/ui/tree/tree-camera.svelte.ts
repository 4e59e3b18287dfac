/**
 * The tree's viewport: which part of the world the canvas shows and how large. World units:
 * a block at height h and row r is centred at (h * CELL_W, r * CELL_H). The camera follows
 * the tip until the user pans away, then stays put until asked to follow again.
 */

/** World units between two heights. */
export const CELL_W = 56;
/** World units between two rows. */
export const CELL_H = 46;
/** A block's size in world units. */
export const BLOCK_W = 38;
/** A block's height in world units. */
export const BLOCK_H = 30;
/** Closest zoom: a block about 150 px wide. */
export const MAX_ZOOM = 4;
/** Farthest zoom: 25,000 blocks across about 550 px. */
export const MIN_ZOOM = 0.0004;
/** Rows never squeeze below this scale, so stale branches stay visible in the overview. */
export const MIN_Y_ZOOM = 0.32;
/** Screen px kept above row 0 for the height ruler and three peer flags. */
export const TOP_MARGIN = 92;
/** Where the followed tip sits, as a fraction of the canvas width. */
const TIP_AT = 0.82;
/** Time constant of the follow glide, ms: quick, but the eye can still track the jump. */
const GLIDE_MS = 140;

/** The tree's viewport. */
export class TreeCamera {
  #x = $state(0);
  #y = $state(-TOP_MARGIN);
  #zoom = $state(1);
  #follow = $state(true);
  /** Canvas size in CSS pixels (not runes: the resize observer sets them before a draw). */
  width = 0;
  height = 0;
  /** The tree's extent, so the view cannot wander off into emptiness. */
  #maxHeight = 0;
  #rows = 1;

  /** World x at the canvas's left edge. */
  get x(): number {
    return this.#x;
  }

  /** World y at the canvas's top edge. */
  get y(): number {
    return this.#y;
  }

  /** Screen pixels per world unit, along the heights. */
  get zoom(): number {
    return this.#zoom;
  }

  /** Screen pixels per world unit between rows: the zoom, but never below MIN_Y_ZOOM. */
  get yZoom(): number {
    return Math.max(this.#zoom, MIN_Y_ZOOM);
  }

  /** True while the camera keeps the tip in view. */
  get follow(): boolean {
    return this.#follow;
  }

  /** Screen x of a world x. */
  sx(wx: number): number {
    return (wx - this.#x) * this.#zoom;
  }

  /** Screen y of a world y. */
  sy(wy: number): number {
    return (wy - this.#y) * this.yZoom;
  }

  /** World coordinates under a screen point. */
  toWorld(sx: number, sy: number): { x: number; y: number } {
    return { x: this.#x + sx / this.#zoom, y: this.#y + sy / this.yZoom };
  }

  /** Tells the camera how far the tree extends (the canvas does, every frame). */
  setBounds(maxHeight: number, rows: number): void {
    this.#maxHeight = Math.max(0, maxHeight);
    this.#rows = Math.max(1, rows);
  }

  /** Heights whose blocks may be on screen (one extra each side for half-visible blocks). */
  visibleHeights(): { from: number; to: number } {
    return {
      from: Math.floor(this.#x / CELL_W) - 1,
      to: Math.ceil((this.#x + this.width / this.#zoom) / CELL_W) + 1,
    };
  }

  /** Moves the view by a screen distance (a drag): the user looks elsewhere, so stop following. */
  panBy(dx: number, dy: number): void {
    this.#x -= dx / this.#zoom;
    this.#y -= dy / this.yZoom;
    this.#follow = false;
    this.#clamp();
  }

  /** Zooms by a factor keeping the world point under (sx, sy) where it is. */
  zoomAt(factor: number, sx: number, sy: number): void {
    const before = this.toWorld(sx, sy);
    this.#zoom = clamp(this.#zoom * factor, MIN_ZOOM, MAX_ZOOM);
    this.#x = before.x - sx / this.#zoom;
    this.#y = before.y - sy / this.yZoom;
    this.#clamp();
  }

  /** Zooms around the followed tip, else the centre; vertically around the best chain's row. */
  zoomBy(factor: number, tipX?: number): void {
    const sx = this.#follow && tipX !== undefined ? this.sx(tipX) : this.width / 2;
    this.zoomAt(factor, sx, clamp(this.sy(0), TOP_MARGIN, Math.max(TOP_MARGIN, this.height)));
  }

  /** Keeps some of the tree on screen: no panning into the void past either end. */
  #clamp(): void {
    const w = this.width || 1;
    const h = this.height || 1;
    const minX = (-w * 0.9) / this.#zoom;
    const maxX = (this.#maxHeight + 1) * CELL_W - (w * 0.1) / this.#zoom;
    this.#x = clamp(this.#x, minX, Math.max(minX, maxX));
    const minY = -(h - 40) / this.yZoom;
    this.#y = clamp(this.#y, minY, Math.max(minY, this.#rows * CELL_H));
  }

  /** Starts or stops following the tip. */
  setFollow(on: boolean): void {
    this.#follow = on;
  }

  /** Shows every height from 0 to maxHeight across the canvas (the whole history). */
  fit(maxHeight: number, rows: number): void {
    const w = Math.max(1, this.width - 40);
    const h = Math.max(1, this.height - TOP_MARGIN - 20);
    const zx = w / ((maxHeight + 1) * CELL_W);
    // Rows have a floor of their own (yZoom): only above it can they limit the zoom.
    const zy = h / (rows * CELL_H);
    this.#zoom = clamp(Math.min(zy >= MIN_Y_ZOOM ? Math.min(zx, zy) : zx, 1.4), MIN_ZOOM, MAX_ZOOM);
    this.#x = -20 / this.#zoom - CELL_W / 2;
    this.#y = -TOP_MARGIN / this.yZoom;
    this.#follow = false;
  }

  /** Pans, if needed, so a world point is on screen with a margin; true if it moved. */
  reveal(wx: number, wy: number): boolean {
    const m = 48;
    const sx = this.sx(wx);
    const sy = this.sy(wy);
    let dx = 0;
    let dy = 0;
    if (sx < m) dx = m - sx;
    else if (sx > this.width - m) dx = this.width - m - sx;
    if (sy < TOP_MARGIN) dy = TOP_MARGIN - sy;
    else if (sy > this.height - m) dy = this.height - m - sy;
    if (dx === 0 && dy === 0) return false;
    this.#x -= dx / this.#zoom;
    this.#y -= dy / this.yZoom;
    return true;
  }

  /**
   * One frame of the follow glide towards the tip at world x `tipX`; returns true while the
   * camera still moves (the canvas schedules another frame).
   */
  glide(tipX: number, dtMs: number): boolean {
    if (!this.#follow) return false;
    const tx = tipX - (this.width * TIP_AT) / this.#zoom;
    const ty = -TOP_MARGIN / this.yZoom;
    const k = 1 - Math.exp(-Math.max(0, dtMs) / GLIDE_MS);
    const dx = tx - this.#x;
    const dy = ty - this.#y;
    if (Math.abs(dx * this.#zoom) < 0.5 && Math.abs(dy * this.yZoom) < 0.5) {
      if (dx !== 0 || dy !== 0) [this.#x, this.#y] = [tx, ty];
      return false;
    }
    this.#x += dx * k;
    this.#y += dy * k;
    return true;
  }

  /** Jumps straight to the followed position (first draw, reduced motion). */
  snap(tipX: number): void {
    if (!this.#follow) return;
    this.#x = tipX - (this.width * TIP_AT) / this.#zoom;
    this.#y = -TOP_MARGIN / this.yZoom;
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
