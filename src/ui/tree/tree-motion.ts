/**
 * The slides of a reorganisation: blocks that left the best chain glide down and fade to
 * stale, the new best blocks glide up into the highlighted row, the fork point pulses.
 */
import type { Move } from './tree-layout.js';

/** How long a reorganisation's slide lasts, ms: long enough to follow with the eye. */
export const MOTION_MS = 900;

/** A block's slide between rows after a reorganisation. */
export interface RowMotion {
  readonly fromRow: number;
  readonly start: number;
  /** True for a block that left the best chain (fades to stale), false for one that joined. */
  readonly left: boolean;
}

/** The running slides and the fork pulse. */
export class Motions {
  readonly #rows = new Map<string, RowMotion>();
  #pulse: { id: string; start: number } | undefined;

  /** Starts the slides of a change of best chain; `left` are the blocks that left it. */
  record(moves: readonly Move[], left: ReadonlySet<string>, now: number): void {
    for (const m of moves) {
      this.#rows.set(m.slot.id, { fromRow: m.fromRow, start: now, left: left.has(m.slot.id) });
    }
  }

  /** Starts the pulse at a reorganisation's fork block. */
  pulse(id: string, now: number): void {
    this.#pulse = { id, start: now };
  }

  /** The slide of a block, if still running (finished ones are forgotten here). */
  motion(id: string, now: number): RowMotion | undefined {
    const m = this.#rows.get(id);
    if (m && now - m.start > MOTION_MS) {
      this.#rows.delete(id);
      return undefined;
    }
    return m;
  }

  /** True while any slide or the pulse runs. */
  animating(now: number): boolean {
    for (const m of this.#rows.values()) if (now - m.start <= MOTION_MS) return true;
    return this.#pulse !== undefined && now - this.#pulse.start <= MOTION_MS * 2;
  }

  /** The fork block and how far its pulse has run, 0..1. */
  forkPulse(now: number): { id: string; progress: number } | undefined {
    const p = this.#pulse;
    if (!p || now - p.start > MOTION_MS * 2) return undefined;
    return { id: p.id, progress: (now - p.start) / (MOTION_MS * 2) };
  }
}
