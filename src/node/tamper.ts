/**
 * Tamper mode without the page: edit a copy of a block, recompute what the edits change, and
 * judge the copy with the core's judgeBlock, exactly as the chain judges a received block (sanity, then
 * context with the parent from the tree, then connect against the parent's state, see
 * state-at.ts). `tamper()` is what the console and the end-to-end tests call.
 */
import { blockTxIds, type Block } from '../core/block.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { ChainView } from '../core/chain-view.js';
import { bytesEqual } from '../core/bytes.js';
import type { RuleCode } from '../core/errors.js';
import { hashToHex, sha256d } from '../core/hash.js';
import { encodeHeader, headerHash, type BlockHeader } from '../core/header.js';
import { merkleRoot } from '../core/merkle.js';
import { parseCoins } from '../core/money.js';
import { checkProofOfWork } from '../core/pow.js';
import { judgeBlock, type Tier, type TierCheck } from '../core/judge.js';
import { powLimitOf } from '../core/rules-sanity.js';
import type { Tx } from '../core/tx.js';
import { memoVerifier, stateAt, type SigMemo } from '../core/state-at.js';

/** An amount: bigint or number in units, or a string in coins ("12.5"), as the console takes. */
export type Amount = bigint | number | string;

/** Edits of one transfer, by its index in the block (the reward is 0, transfers from 1). */
export interface TransferEdit {
  readonly index: number;
  readonly amount?: Amount;
  readonly fee?: Amount;
  readonly memo?: string;
}

/** A student's edits to a copy of a block. */
export interface TamperEdits {
  readonly version?: number;
  readonly nonce?: number;
  readonly time?: number;
  readonly bits?: number;
  readonly reward?: { readonly amount?: Amount; readonly message?: string };
  readonly transfers?: readonly TransferEdit[];
  /** Writes the transactions' recomputed merkle root into the header. */
  readonly fixMerkle?: boolean;
  /** Grinds nonces upwards until the proof of work passes: true, or at most this many tries. */
  readonly remine?: boolean | number;
}

export { TIERS, type Tier, type TierCheck } from '../core/judge.js';

/** Everything the inspector shows about a copy. */
export interface Validation {
  /** The copy's hash, display order. */
  readonly hash: string;
  /** Merkle root in the header, and of the (edited) transactions, display order. */
  readonly merkle: { readonly header: string; readonly body: string; readonly match: boolean };
  readonly tiers: Readonly<Record<Tier, TierCheck>>;
  /** The first failing rule, or 'valid' when every tier passed. */
  readonly code: RuleCode | 'valid';
  /** The tier that failed, if one did. */
  readonly tier: Tier | undefined;
}

/** What tamper() returns: small and serialisable, for the console and the tests. */
export interface TamperResult {
  readonly hash: string;
  readonly code: RuleCode | 'valid';
  readonly tier: Tier | undefined;
  readonly nonce: number;
  readonly merkleMatches: boolean;
}

/** What tamper reads of a node: its chain, read-only, and its clock in seconds. */
export interface TamperSource {
  readonly chain: ChainView;
  readonly nowSeconds: number;
}

/** Tries a console re-mine makes by default: about 16 M, the classroom difficulty's mean. */
export const DEFAULT_REMINE_TRIES = 1 << 24;

/** Units of an amount; throws RangeError on a malformed coin string. */
export function toUnits(a: Amount): bigint {
  if (typeof a === 'bigint') return a;
  if (typeof a === 'number') return BigInt(Math.trunc(a));
  const units = parseCoins(a);
  if (units === undefined) throw new RangeError(`not an amount of coins: ${a}`);
  return units;
}

/** A copy of the block with the edits applied (header fields, reward, transfers, merkle root). */
export function applyEdits(block: Block, edits: TamperEdits): Block {
  const txs: Tx[] = block.txs.map((tx, i) => {
    if (tx.type === 'reward') {
      if (i !== 0 || !edits.reward) return tx;
      const { amount, message } = edits.reward;
      return {
        ...tx,
        ...(amount !== undefined && { amount: toUnits(amount) }),
        ...(message !== undefined && { message: utf8ToBytes(message) }),
      };
    }
    const e = edits.transfers?.find((t) => t.index === i);
    if (!e) return tx;
    return {
      ...tx,
      ...(e.amount !== undefined && { amount: toUnits(e.amount) }),
      ...(e.fee !== undefined && { fee: toUnits(e.fee) }),
      ...(e.memo !== undefined && { memo: utf8ToBytes(e.memo) }),
    };
  });
  const h = block.header;
  const header: BlockHeader = {
    version: edits.version ?? h.version,
    prevHash: h.prevHash,
    merkleRoot: edits.fixMerkle ? merkleRoot(blockTxIds({ header: h, txs })).root : h.merkleRoot,
    time: edits.time ?? h.time,
    bits: edits.bits ?? h.bits,
    nonce: edits.nonce ?? h.nonce,
  };
  return { header, txs };
}

/**
 * The first nonce from `from` upwards (at most `tries`) whose hash meets the header's bits,
 * by the core's own SHA-256d and proof-of-work check; undefined if none.
 */
export function grind(
  header: BlockHeader,
  powLimit: bigint,
  from: number,
  tries: number,
): number | undefined {
  const bytes = encodeHeader(header);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < tries; i++) {
    const nonce = (from + i) >>> 0;
    view.setUint32(76, nonce, true);
    if (checkProofOfWork(sha256d(bytes), header.bits, powLimit)) return nonce;
  }
  return undefined;
}

/**
 * Judges a block against this chain as the chain judges a received block (the core's
 * judgeBlock), and runs the connect tier too, against the state after the block's parent.
 */
export function validateCopy(
  chain: ChainView,
  now: number,
  block: Block,
  memo: SigMemo = new Map(),
): Validation {
  const hash = headerHash(block.header);
  const body = merkleRoot(blockTxIds(block)).root;
  const judged = judgeBlock(block, {
    params: chain.params,
    now,
    parent: chain.tree.getByHash(block.header.prevHash),
    hash,
    connect: {
      chainId: chain.chainId,
      stateAfter: (parent) => stateAt(chain, parent, memo),
      verified: memoVerifier(chain, memo),
    },
  });
  return {
    hash: hashToHex(hash),
    merkle: {
      header: hashToHex(block.header.merkleRoot),
      body: hashToHex(body),
      match: bytesEqual(body, block.header.merkleRoot),
    },
    tiers: judged.tiers,
    code: judged.error?.code ?? 'valid',
    tier: judged.tier,
  };
}

/** The edited copy of a stored block, re-mined if asked. Throws if the node has no body. */
export function tamperBlock(chain: ChainView, id: string, edits: TamperEdits): Block {
  const original = chain.getBlock(id);
  if (!original) throw new RangeError(`no block body for ${id}`);
  const block = applyEdits(original, edits);
  if (!edits.remine) return block;
  const tries = typeof edits.remine === 'number' ? edits.remine : DEFAULT_REMINE_TRIES;
  const limit = powLimitOf(chain.params);
  const nonce = grind(block.header, limit, (block.header.nonce + 1) >>> 0, tries);
  return nonce === undefined ? block : { ...block, header: { ...block.header, nonce } };
}

/** Edits a copy of block `id`, and says whether the node's rules accept it and, if not, why. */
export function tamper(node: TamperSource, id: string, edits: TamperEdits): TamperResult {
  const block = tamperBlock(node.chain, id, edits);
  const v = validateCopy(node.chain, node.nowSeconds, block);
  return {
    hash: v.hash,
    code: v.code,
    tier: v.tier,
    nonce: block.header.nonce,
    merkleMatches: v.merkle.match,
  };
}
