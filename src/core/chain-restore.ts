/** Rebuilding the block tree from a stored snapshot, without re-validating anything. */
import type { Block } from './block.js';
import type { ChainSnapshot } from './chain-types.js';
import { hexToHash } from './hash.js';
import type { Undo } from './state.js';
import type { BlockEntry, BlockTree } from './tree.js';

/** What restoring gives the chain besides the tree itself. */
export interface RestoredParts {
  readonly bodies: Map<string, Block>;
  readonly undo: Map<string, Undo>;
  /** The best chain above genesis, lowest first. */
  readonly active: BlockEntry[];
  /** Highest arrival order of a stored body, so new bodies continue after it. */
  readonly maxSeq: number;
}

/** Adds a snapshot's entries to a tree holding only genesis; throws on an inconsistent one. */
export function restoreTree(tree: BlockTree, snap: ChainSnapshot): RestoredParts {
  const bodies = new Map<string, Block>();
  const undo = new Map<string, Undo>();
  let maxSeq = 0;
  const sorted = [...snap.entries].sort((a, b) => a.height - b.height);
  for (const s of sorted) {
    if (s.height === 0) continue;
    const parent = tree.getByHash(s.header.prevHash);
    if (!parent) throw new Error(`snapshot entry ${s.id} has no parent`);
    const e = tree.add(hexToHash(s.id), s.header, parent);
    e.status = s.status;
    e.invalidCode = s.invalidCode;
    e.seq = s.seq;
    const body = snap.bodies.get(s.id);
    if (s.hasBody && body) {
      e.hasBody = true;
      bodies.set(s.id, body);
      // Header-only entries keep seq MAX_SAFE_INTEGER; only stored bodies have an order.
      maxSeq = Math.max(maxSeq, s.seq);
    }
  }
  const tip = tree.get(snap.tipId);
  if (!tip) throw new Error(`snapshot tip ${snap.tipId} unknown`);
  const active: BlockEntry[] = [];
  for (let e: BlockEntry | undefined = tip; e && e.height > 0; e = e.parent) active.push(e);
  active.reverse();
  for (const e of active) {
    const u = snap.undo.get(e.id);
    if (!u) throw new Error(`snapshot lacks undo data of ${e.id}`);
    undo.set(e.id, u);
  }
  return { bodies, undo, active, maxSeq };
}
