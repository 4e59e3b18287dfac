/**
 * Where each block of the tree sits: its column is its height (the chain grows to the right),
 * its row is its branch's lane, and the spine (the best chain and the headers beyond its tip)
 * is always row 0. Pure and incremental: adding a block probes a handful of cells, so a tree
 * of n blocks lays out in O(n); a change of best chain moves only the blocks that left the
 * spine and those that joined it (Bitcoin Core's reorg cost, not the tree's size).
 *
 * The layout depends on history only through reorganisations: built block by block while the
 * spine only grows, it equals `layoutAll` of the same blocks in the same order.
 */

/** A block to place: what the layout needs of a tree entry. */
export interface LayoutNode {
  readonly id: string;
  readonly parentId: string | undefined;
  readonly height: number;
}

/** One placed block; `row` changes when the best chain moves. */
export interface Slot extends LayoutNode {
  row: number;
}

/** A block moved by a change of best chain, with the row it left (for the animation). */
export interface Move {
  readonly slot: Slot;
  readonly fromRow: number;
}

/** The spine's row. */
export const SPINE_ROW = 0;

/** Incremental row assignment for the block tree. */
export class TreeLayout {
  readonly #slots = new Map<string, Slot>();
  /** columns[height][row]: the occupant of each cell. */
  readonly #columns: (Slot | undefined)[][] = [];
  #rows = 1;
  #probes = 0;

  /** Number of blocks placed. */
  get size(): number {
    return this.#slots.size;
  }

  /** Rows in use so far (row 0 included); holes left by moves are not reclaimed. */
  get rowCount(): number {
    return this.#rows;
  }

  /** Highest height with a block, -1 when empty. */
  get maxHeight(): number {
    return this.#columns.length - 1;
  }

  /** Cells examined so far: the cost model the O(n) test asserts on (no timing thresholds). */
  get probes(): number {
    return this.#probes;
  }

  /** The slot of a block. */
  get(id: string): Slot | undefined {
    return this.#slots.get(id);
  }

  /** The block in a cell. */
  at(height: number, row: number): Slot | undefined {
    return this.#columns[height]?.[row];
  }

  /** Every cell of a height, indexed by row (sparse). */
  column(height: number): readonly (Slot | undefined)[] {
    return this.#columns[height] ?? [];
  }

  /** Every slot, in insertion order. */
  slots(): IterableIterator<Slot> {
    return this.#slots.values();
  }

  /** Places a block; on the spine it takes row 0, otherwise it continues or opens a lane. */
  add(node: LayoutNode, onSpine: boolean): Slot {
    const known = this.#slots.get(node.id);
    if (known) return known;
    const slot: Slot = { id: node.id, parentId: node.parentId, height: node.height, row: 0 };
    slot.row = onSpine && this.#free(SPINE_ROW, node.height) ? SPINE_ROW : this.#laneFor(slot);
    this.#slots.set(slot.id, slot);
    this.#put(slot);
    return slot;
  }

  /**
   * Moves the spine: `leaving` (blocks now off the best chain, all on row 0) move together to
   * one free lane, and `joining` (the new best blocks) move to row 0. Returns every move.
   */
  reroute(leaving: readonly string[], joining: readonly string[]): Move[] {
    const moves: Move[] = [];
    const join = this.#known(joining);
    // Free the joiners' cells first, so the displaced branch can take their lane (a swap).
    for (const s of join) this.#clear(s);
    const leave = this.#known(leaving).sort((a, b) => a.height - b.height);
    for (const s of leave) this.#clear(s);
    if (leave.length > 0) {
      const row = this.#freeLane(leave[0]!.height - 1, leave[leave.length - 1]!.height + 1);
      for (const s of leave) {
        moves.push({ slot: s, fromRow: s.row });
        s.row = row;
        this.#put(s);
      }
    }
    for (const s of join) {
      const fromRow = s.row;
      s.row = this.#free(SPINE_ROW, s.height) ? SPINE_ROW : this.#laneFor(s);
      this.#put(s);
      if (s.row !== fromRow) moves.push({ slot: s, fromRow });
    }
    return moves;
  }

  #known(ids: readonly string[]): Slot[] {
    const out: Slot[] = [];
    for (const id of ids) {
      const s = this.#slots.get(id);
      if (s) out.push(s);
    }
    return out;
  }

  /** Continues the parent's lane when the cell and the one after it are free, else a new lane. */
  #laneFor(slot: Slot): number {
    const parent = slot.parentId === undefined ? undefined : this.#slots.get(slot.parentId);
    const h = slot.height;
    if (parent && parent.row !== SPINE_ROW && this.#free(parent.row, h)) {
      if (this.#free(parent.row, h + 1)) return parent.row;
    }
    // A new lane keeps a free cell on each side, so no unrelated block looks like a neighbour.
    return this.#freeLane(h - 1, h + 1);
  }

  /** The lowest row above the spine whose cells lo..hi are all free. */
  #freeLane(lo: number, hi: number): number {
    for (let row = 1; ; row++) {
      let ok = true;
      for (let h = Math.max(0, lo); h <= hi && ok; h++) ok = this.#free(row, h);
      if (ok) return row;
    }
  }

  #free(row: number, height: number): boolean {
    this.#probes++;
    return this.#columns[height]?.[row] === undefined;
  }

  #put(slot: Slot): void {
    while (this.#columns.length <= slot.height) this.#columns.push([]);
    this.#columns[slot.height]![slot.row] = slot;
    if (slot.row >= this.#rows) this.#rows = slot.row + 1;
  }

  #clear(slot: Slot): void {
    const col = this.#columns[slot.height];
    if (col && col[slot.row] === slot) col[slot.row] = undefined;
  }
}

/** The layout of a whole tree at once: blocks in arrival order, `spine` the best chain's ids. */
export function layoutAll(nodes: Iterable<LayoutNode>, spine: ReadonlySet<string>): TreeLayout {
  const layout = new TreeLayout();
  for (const n of nodes) layout.add(n, spine.has(n.id));
  return layout;
}
