/**
 * A block decoded for the inspector: the header's 80 bytes split by field, the hash computed
 * step by step with the core's SHA-256 (once, twice, reversed), the target from the bits and
 * the comparison, the block's status in the node's tree. Pure: the components only present.
 */
import type { Block } from '../../core/block.js';
import { bytesToHex } from '../../core/bytes.js';
import type { RuleCode } from '../../core/errors.js';
import { hashToHex, sha256once } from '../../core/hash.js';
import { encodeHeader, type BlockHeader } from '../../core/header.js';
import { hashToNumber, targetFromBits, workFromBits } from '../../core/pow.js';
import type { BlockEntry } from '../../core/tree.js';
import type { Node } from '../../node/node.js';

/** The header's fields in wire order. */
export const HEADER_FIELDS = [
  'version',
  'prevHash',
  'merkleRoot',
  'time',
  'bits',
  'nonce',
] as const;

/** A header field. */
export type HeaderField = (typeof HEADER_FIELDS)[number];

/** Bytes of each field (Bitcoin's layout: 4 + 32 + 32 + 4 + 4 + 4 = 80). */
const FIELD_BYTES: Readonly<Record<HeaderField, number>> = {
  version: 4,
  prevHash: 32,
  merkleRoot: 32,
  time: 4,
  bits: 4,
  nonce: 4,
};

/** One field's bytes as they go into the hash. */
export interface FieldBytes {
  readonly field: HeaderField;
  /** Offset in the 80 bytes. */
  readonly offset: number;
  readonly hex: string;
}

/** The hash, step by step. */
export interface HashSteps {
  readonly fields: readonly FieldBytes[];
  /** SHA-256 of the 80 bytes, hex in the order the function outputs. */
  readonly first: string;
  /** SHA-256 of that: the hash in internal (wire) order. */
  readonly second: string;
  /** Reversed: the display order every explorer shows, the block's id. */
  readonly display: string;
  /** The target from the bits, 64 hex digits (leading zeros kept), or undefined if invalid. */
  readonly target: string | undefined;
  /** Hash as a number <= target: the proof of work. */
  readonly ok: boolean;
  /** Leading zero bits of the hash and of the target. */
  readonly zeros: number;
  readonly targetZeros: number;
}

/** Splits the header's 80 bytes by field and hashes them the way the node does. */
export function hashSteps(header: BlockHeader): HashSteps {
  const bytes = encodeHeader(header);
  const fields: FieldBytes[] = [];
  let offset = 0;
  for (const field of HEADER_FIELDS) {
    const n = FIELD_BYTES[field];
    fields.push({ field, offset, hex: bytesToHex(bytes.subarray(offset, offset + n)) });
    offset += n;
  }
  const first = sha256once(bytes);
  const second = sha256once(first);
  const target = targetFromBits(header.bits);
  const value = hashToNumber(second);
  return {
    fields,
    first: bytesToHex(first),
    second: bytesToHex(second),
    display: hashToHex(second),
    target: target === undefined ? undefined : hex256(target),
    ok: target !== undefined && value <= target,
    zeros: leadingZeroBits(value),
    targetZeros: target === undefined ? 0 : leadingZeroBits(target),
  };
}

/** A 256-bit number as 64 hex digits. */
export function hex256(n: bigint): string {
  return n.toString(16).padStart(64, '0');
}

/** How many of the 256 bits lead with zero. */
export function leadingZeroBits(n: bigint): number {
  return n === 0n ? 256 : 256 - n.toString(2).length;
}

/** Compact bits as Bitcoin writes them: 0x207fffff. */
export function bitsHex(bits: number): string {
  return `0x${(bits >>> 0).toString(16).padStart(8, '0')}`;
}

/** Expected hashes of one block at these bits. */
export function blockWork(bits: number): bigint {
  return workFromBits(bits);
}

/** Where a block stands in this node's view. */
export type BlockStatus =
  | { readonly kind: 'best'; readonly confirmations: number }
  | { readonly kind: 'stale' }
  | { readonly kind: 'header' }
  | { readonly kind: 'invalid'; readonly code: RuleCode | undefined }
  | { readonly kind: 'invalid-child' }
  | { readonly kind: 'orphan'; readonly missing: string };

/** What the inspector shows of one id. */
export interface Inspected {
  readonly id: string;
  readonly header: BlockHeader;
  /** Undefined for an orphan (its height is only claimed by its reward). */
  readonly entry: BlockEntry | undefined;
  readonly block: Block | undefined;
  readonly height: number | undefined;
  readonly status: BlockStatus;
}

/** Looks a block up in the tree, then in the orphan pool. */
export function inspect(node: Node, id: string): Inspected | undefined {
  const chain = node.chain;
  const entry = chain.tree.get(id);
  if (entry) {
    return {
      id,
      header: entry.header,
      entry,
      block: chain.getBlock(id),
      height: entry.height,
      status: statusOf(node, entry),
    };
  }
  const orphan = chain.orphans.list().find((o) => o.id === id);
  if (!orphan) return undefined;
  const reward = orphan.block.txs[0];
  return {
    id,
    header: orphan.block.header,
    entry: undefined,
    block: orphan.block,
    height: reward?.type === 'reward' ? reward.height : undefined,
    status: { kind: 'orphan', missing: hashToHex(orphan.block.header.prevHash) },
  };
}

function statusOf(node: Node, entry: BlockEntry): BlockStatus {
  if (entry.status === 'invalid') return { kind: 'invalid', code: entry.invalidCode };
  if (entry.status === 'invalid-child') return { kind: 'invalid-child' };
  if (!entry.hasBody) return { kind: 'header' };
  const chain = node.chain;
  if (!chain.isActive(entry)) return { kind: 'stale' };
  return { kind: 'best', confirmations: chain.tip.height - entry.height + 1 };
}
