/**
 * Assertions for scenario tests, after btcd's fullblocktests: each names the outcome a block
 * must have and checks the rule code and its penalty, never a message.
 */
import { expect } from 'vitest';
import type { BlockOutcome } from '../../src/core/chain-types.js';
import type { Chain, ProcessResult } from '../../src/core/chain.js';
import { RULE_PENALTIES, type RuleCode, type RuleError } from '../../src/core/errors.js';
import type { Hash } from '../../src/core/hash.js';
import type { BlockEntry } from '../../src/core/tree.js';
import { hashId } from '../../src/core/tree.js';
import type { Built } from '../support/branch.js';

/** Anything with a display id: a built block, an entry, or the id itself. */
export type Named = string | { readonly id: string };

function idOf(x: Named): string {
  return typeof x === 'string' ? x : x.id;
}

/** Status and code only: entries link the whole tree and make unreadable diffs. */
function summary(o: BlockOutcome): { status: string; code: string | undefined } {
  return { status: o.status, code: 'error' in o ? o.error.code : undefined };
}

/** The block is on the best chain. */
export function accepted(result: ProcessResult): BlockEntry {
  expect(summary(result.outcome)).toEqual({ status: 'connected', code: undefined });
  return (result.outcome as { entry: BlockEntry }).entry;
}

/** The block is stored on a side branch and the tip is still `expectedTip`. */
export function sideChain(result: ProcessResult, expectedTip: Named): BlockEntry {
  expect(summary(result.outcome)).toEqual({ status: 'side', code: undefined });
  expect(result.changes.tip.id).toBe(idOf(expectedTip));
  return (result.outcome as { entry: BlockEntry }).entry;
}

/** The block broke rule `code` and the sender earns that rule's penalty. */
export function rejected(result: ProcessResult, code: RuleCode): RuleError {
  expect(summary(result.outcome)).toEqual({ status: 'rejected', code });
  const error = (result.outcome as { error: RuleError }).error;
  expect(error.penalty).toBe(RULE_PENALTIES[code]);
  return error;
}

/** The block waits in the orphan pool for `missing`. */
export function orphaned(result: ProcessResult, missing: Hash | Built): void {
  expect(summary(result.outcome)).toEqual({ status: 'orphan', code: undefined });
  const want = missing instanceof Uint8Array ? missing : missing.hash;
  expect(hashId((result.outcome as { missing: Hash }).missing)).toBe(hashId(want));
}

/** The block is from beyond the future-time limit: not an offence, not stored. */
export function future(result: ProcessResult): RuleError {
  expect(summary(result.outcome)).toEqual({ status: 'future', code: 'time-too-new' });
  const error = (result.outcome as { error: RuleError }).error;
  expect(error.penalty).toBe(0);
  return error;
}

/** The chain's best tip is `expected`. */
export function tipIs(chain: Chain, expected: Named): void {
  expect(chain.tip.id).toBe(idOf(expected));
}

/** Tree status of a block, or 'absent' when the tree never stored it. */
export function statusOf(chain: Chain, block: Named): BlockEntry['status'] | 'absent' {
  return chain.tree.get(idOf(block))?.status ?? 'absent';
}
