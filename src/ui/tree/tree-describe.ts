/**
 * A block of the tree in words: its status, miner, and its chain's length and work next to the
 * best chain's, for the details line, the hover tip and the screen-reader announcement.
 */
import type { RuleCode } from '../../core/errors.js';
import { formatCount } from '../format.js';
import { lookOf } from './tree-draw.js';
import type { Look } from './tree-frame.js';
import { t } from './tree-i18n.js';
import type { MinerInfo } from './tree-miners.js';
import type { TreeState } from './tree-state.svelte.js';

/** What the page says about one block. */
export interface BlockSummary {
  readonly id: string;
  readonly height: number;
  readonly look: Look;
  readonly code: RuleCode | undefined;
  readonly miner: MinerInfo | undefined;
  /** Blocks from genesis to this one, inclusive. */
  readonly chainBlocks: number;
  readonly chainWork: bigint;
  readonly bestBlocks: number;
  readonly bestWork: bigint;
}

/** The summary of a block of the tree, if it is in it. */
export function summarise(tree: TreeState, id: string | undefined): BlockSummary | undefined {
  const b = id === undefined ? undefined : tree.block(id);
  if (!b) return undefined;
  const tip = tree.node.chain.tip;
  return {
    id: b.entry.id,
    height: b.entry.height,
    look: lookOf(tree, b),
    code: b.entry.invalidCode,
    miner: tree.minerOf(b),
    chainBlocks: b.entry.height + 1,
    chainWork: b.entry.chainWork,
    bestBlocks: tip.height + 1,
    bestWork: tip.chainWork,
  };
}

/** Expected hashes as a short number: `1.3 M`. */
export function workText(work: bigint): string {
  return formatCount(Number(work));
}

/** The status in words. */
export function statusText(s: BlockSummary): string {
  if (s.look === 'invalid') return t('blocktree.status.invalid', { code: s.code ?? 'bad-prevblk' });
  return t(`blocktree.status.${s.look}`);
}

/** The miner's name, "you" marked, or why there is none. */
export function minerText(s: BlockSummary): string {
  if (s.height === 0) return t('blocktree.miner.genesis');
  if (!s.miner) return t('blocktree.miner.unknown');
  return s.miner.self ? `${s.miner.name} (${t('blocktree.legend.you')})` : s.miner.name;
}

/** One line: "Block 41 · stale · mined by Amber Otter". */
export function describe(s: BlockSummary): string {
  return t('blocktree.sel.block', { height: s.height, status: statusText(s), miner: minerText(s) });
}
