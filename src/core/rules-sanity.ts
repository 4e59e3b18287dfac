/**
 * Sanity rules: what a block proves about itself, before its parent is even known
 * (btcd CheckBlockSanity, Bitcoin Core CheckBlock). Proof of work comes first so that a
 * peer pays for every byte we hash; the merkle check comes before every other body rule so
 * that a body which does not match its header is reported as mutated, never as an invalid
 * header (CVE-2012-2459).
 */
import type { Block } from './block.js';
import { easiestTarget } from './difficulty.js';
import { bytesEqual, bytesToHex } from './bytes.js';
import { RuleError } from './errors.js';
import type { Hash } from './hash.js';
import { merkleRoot } from './merkle.js';
import { isMoneyRange } from './money.js';
import type { RoomParams } from './params.js';
import { checkProofOfWork } from './pow.js';
import { MAX_MEMO_BYTES, type Tx } from './tx.js';

/** The easiest target a room allows: its pow limit, or its difficulty floor if harder. */
export function powLimitOf(params: RoomParams): bigint {
  return easiestTarget(params);
}

/** The hash must meet the target its own bits encode, within the room's limit. */
export function checkHeaderProofOfWork(hash: Hash, bits: number, powLimit: bigint): void {
  if (!checkProofOfWork(hash, bits, powLimit)) throw new RuleError('high-hash');
}

/** The body must hash to the header's merkle root, without duplicated subtrees. */
export function checkMerkleRoot(block: Block, ids: readonly Hash[]): void {
  const { root, mutated } = merkleRoot(ids);
  if (mutated)
    throw new RuleError('bad-txns-duplicate', 'duplicated merkle subtree', { mutated: true });
  if (!bytesEqual(root, block.header.merkleRoot)) {
    throw new RuleError('bad-txnmrklroot', undefined, { mutated: true });
  }
}

/** A block has at least the reward and at most the room's size in bytes. */
export function checkBlockLength(block: Block, encodedBytes: number, params: RoomParams): void {
  if (block.txs.length === 0) throw new RuleError('bad-blk-length', 'no transactions');
  if (encodedBytes > params.maxBlockBytes) {
    throw new RuleError('bad-blk-length', `${encodedBytes} > ${params.maxBlockBytes} bytes`);
  }
}

/** A block has at most the room's number of transactions. */
export function checkTxCount(block: Block, params: RoomParams): void {
  if (block.txs.length > params.maxBlockTxs) throw new RuleError('bad-txns-count');
}

/** The first transaction is the reward. */
export function checkRewardFirst(block: Block): void {
  if (block.txs[0]?.type !== 'reward') throw new RuleError('bad-cb-missing');
}

/** Only the first transaction is a reward. */
export function checkSingleReward(block: Block): void {
  for (let i = 1; i < block.txs.length; i++) {
    if (block.txs[i]?.type === 'reward') throw new RuleError('bad-cb-multiple');
  }
}

/** No transaction appears twice (one id, one place). */
export function checkNoDuplicateTxs(ids: readonly Hash[]): void {
  const seen = new Set<string>();
  for (const id of ids) {
    const k = bytesToHex(id);
    if (seen.has(k)) throw new RuleError('bad-txns-duplicate');
    seen.add(k);
  }
}

/** Amounts in range and their sum too (CVE-2010-5139); memos within their limit. */
export function checkTxSanity(tx: Tx): void {
  if (tx.type === 'reward') {
    if (!isMoneyRange(tx.amount)) throw new RuleError('bad-amount', 'reward amount');
    if (tx.message.length > MAX_MEMO_BYTES) throw new RuleError('bad-memo');
    return;
  }
  if (!isMoneyRange(tx.amount) || !isMoneyRange(tx.fee) || !isMoneyRange(tx.amount + tx.fee)) {
    throw new RuleError('bad-amount');
  }
  if (tx.memo.length > MAX_MEMO_BYTES) throw new RuleError('bad-memo');
}

/** Every sanity rule, in Bitcoin Core's order. Throws the first RuleError. */
export function checkBlockSanity(
  block: Block,
  hash: Hash,
  ids: readonly Hash[],
  encodedBytes: number,
  params: RoomParams,
): void {
  checkHeaderProofOfWork(hash, block.header.bits, powLimitOf(params));
  checkMerkleRoot(block, ids);
  checkBlockLength(block, encodedBytes, params);
  checkTxCount(block, params);
  checkRewardFirst(block);
  checkSingleReward(block);
  checkNoDuplicateTxs(ids);
  for (const tx of block.txs) checkTxSanity(tx);
}
