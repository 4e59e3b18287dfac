/**
 * Compact targets, proof of work and chain work, as Bitcoin Core computes them
 * (arith_uint256::SetCompact / GetCompact, GetBlockProof, CheckProofOfWork).
 */
import { bytesToBigIntLE } from './bytes.js';
import type { Hash } from './hash.js';

/** Result of decoding compact bits. */
export interface CompactTarget {
  readonly target: bigint;
  /** The sign bit was set on a non-zero mantissa. */
  readonly negative: boolean;
  /** The target does not fit in 256 bits. */
  readonly overflow: boolean;
}

/** Decodes compact bits exactly as Bitcoin Core's SetCompact. */
export function decodeCompact(bits: number): CompactTarget {
  const size = bits >>> 24;
  let word = bits & 0x007fffff;
  let target: bigint;
  if (size <= 3) {
    word >>>= 8 * (3 - size);
    target = BigInt(word);
  } else {
    target = BigInt(word) << BigInt(8 * (size - 3));
  }
  const negative = word !== 0 && (bits & 0x00800000) !== 0;
  const overflow =
    word !== 0 && (size > 34 || (word > 0xff && size > 33) || (word > 0xffff && size > 32));
  return { target, negative, overflow };
}

/** Encodes a target as compact bits with Bitcoin Core's rounding (GetCompact). */
export function encodeCompact(target: bigint): number {
  if (target < 0n) throw new RangeError('negative target');
  let size = (target.toString(16).length + 1) >> 1;
  if (target === 0n) size = 0;
  let compact: number;
  if (size <= 3) {
    compact = Number(target << BigInt(8 * (3 - size)));
  } else {
    compact = Number(target >> BigInt(8 * (size - 3)));
  }
  // The 0x00800000 bit is the sign: shift the mantissa down a byte to keep it clear.
  if (compact & 0x00800000) {
    compact >>>= 8;
    size++;
  }
  return (compact | (size << 24)) >>> 0;
}

/** The target for bits, or undefined when Bitcoin would reject them (negative, zero, overflow). */
export function targetFromBits(bits: number): bigint | undefined {
  const { target, negative, overflow } = decodeCompact(bits);
  if (negative || overflow || target === 0n) return undefined;
  return target;
}

/** The hash read as a number the way Bitcoin compares it with a target (little-endian). */
export function hashToNumber(hash: Hash): bigint {
  return bytesToBigIntLE(hash);
}

/** True when the hash meets the target its bits encode and the bits are within the limit. */
export function checkProofOfWork(hash: Hash, bits: number, powLimit: bigint): boolean {
  const target = targetFromBits(bits);
  if (target === undefined || target > powLimit) return false;
  return hashToNumber(hash) <= target;
}

const TWO_256 = 1n << 256n;

/** Expected hashes to find a block at this target: 2^256 / (target + 1) (GetBlockProof). */
export function workFromTarget(target: bigint): bigint {
  return TWO_256 / (target + 1n);
}

/** Work of a block with these bits; zero for invalid bits. */
export function workFromBits(bits: number): bigint {
  const target = targetFromBits(bits);
  return target === undefined ? 0n : workFromTarget(target);
}
