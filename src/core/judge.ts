/**
 * The tier sequence of block validation, in one place (STYLE 3; btcd CheckBlockSanity,
 * CheckBlockHeaderContext, checkConnectBlock): the block alone, then with its parent, then
 * against the state after its parent. The chain judges a received block with it and the
 * inspector judges a tampered copy with it, so both give the same rule code for the same block.
 */
import { blockTxIds, encodeBlock, type Block } from './block.js';
import { RuleError, asRuleError, type RuleCode } from './errors.js';
import type { Hash } from './hash.js';
import { headerHash, type BlockHeader } from './header.js';
import type { RoomParams } from './params.js';
import { connectBlock, type ConnectOptions } from './rules-connect.js';
import { checkHeaderContext, checkRewardHeight } from './rules-context.js';
import { checkBlockSanity } from './rules-sanity.js';
import type { StateAt } from './state-at.js';
import type { BlockEntry } from './tree.js';

/** The tiers in the order they run. */
export const TIERS = ['sanity', 'context', 'connect'] as const;

/** A tier of validation. */
export type Tier = (typeof TIERS)[number];

/** Why a tier did not run. */
export type SkipReason =
  /** An earlier tier failed. */
  | 'earlier'
  /** The parent is unknown (an orphan). */
  | 'no-parent'
  /** Not asked for: a received block's connect tier runs when its branch becomes the best. */
  | 'deferred'
  /** No state after the parent (see state-at.ts). */
  | Extract<StateAt, { ok: false }>['why'];

/** One tier's verdict. */
export type TierCheck =
  | { readonly status: 'pass' }
  | { readonly status: 'fail'; readonly code: RuleCode }
  | { readonly status: 'skip'; readonly why: SkipReason };

/** The connect tier's inputs: the state after the parent, and how signatures are checked. */
export interface ConnectInput {
  readonly chainId: Hash;
  readonly stateAfter: (parent: BlockEntry) => StateAt;
  readonly verified?: ConnectOptions['verified'];
}

/** What judging a block needs besides the block. */
export interface JudgeInput {
  readonly params: RoomParams;
  /** The local clock, seconds. */
  readonly now: number;
  /** The block's parent in the tree, if known. */
  readonly parent: BlockEntry | undefined;
  /** The block's hash, if the caller has it already. */
  readonly hash?: Hash;
  /** The header was accepted before (headers-first): its context rules passed then. */
  readonly knownHeader?: boolean;
  /** Run the connect tier too; left out, it is skipped as 'deferred'. */
  readonly connect?: ConnectInput;
}

/** Each tier's verdict, and the first failure. */
export interface Judgement {
  readonly tiers: Readonly<Record<Tier, TierCheck>>;
  /** The tier that failed, if one did. */
  readonly tier: Tier | undefined;
  /** The failing rule, with its penalty and whether the body was mutated. */
  readonly error: RuleError | undefined;
}

/** A header's rules given its parent: the parent must be valid, then the context rules. */
export function checkHeaderAgainstParent(
  header: BlockHeader,
  parent: BlockEntry,
  now: number,
  params: RoomParams,
): void {
  if (!parent.isValid) throw new RuleError('bad-prevblk');
  checkHeaderContext(header, parent, now, params);
}

/** Runs the tiers in order and stops at the first failure. */
export function judgeBlock(block: Block, input: JudgeInput): Judgement {
  const { params, parent } = input;
  const hash = input.hash ?? headerHash(block.header);
  const skip = (why: SkipReason): TierCheck => ({ status: 'skip', why });
  let error: RuleError | undefined;
  const run = (check: () => unknown): TierCheck => {
    try {
      check();
      return { status: 'pass' };
    } catch (e) {
      error = asRuleError(e);
      return { status: 'fail', code: error.code };
    }
  };
  const sanity = run(() => {
    const ids = blockTxIds(block);
    checkBlockSanity(block, hash, ids, encodeBlock(block).length, params);
  });
  let context = skip('earlier');
  if (sanity.status === 'pass') {
    context = !parent
      ? skip('no-parent')
      : run(() => {
          if (!input.knownHeader) checkHeaderAgainstParent(block.header, parent, input.now, params);
          checkRewardHeight(block, parent.height + 1);
        });
  }
  let connect = skip('earlier');
  if (context.status === 'pass' && parent) {
    const c = input.connect;
    if (!c) connect = skip('deferred');
    else {
      const st = c.stateAfter(parent);
      const opts = { verified: c.verified };
      connect = st.ok
        ? run(() => connectBlock(block, parent.height + 1, st.view, params, c.chainId, opts))
        : skip(st.why);
    }
  }
  const tiers = { sanity, context, connect };
  return { tiers, tier: TIERS.find((t) => tiers[t].status === 'fail'), error };
}
