/**
 * Byte mutations for the fuzz targets, in the spirit of libFuzzer's and AFL's havoc stage:
 * bit flips, interesting values, truncation, extension, inserted, deleted and repeated runs,
 * length fields at their extremes (CompactSize in every width, canonical or not), splices of
 * two valid inputs, and plain random bytes. Every choice comes from the seeded generator, so a
 * seed and an iteration number replay an input exactly.
 */
import type { Rng } from '../sim/rng.js';

/** Bytes that sit on a boundary of some field: CompactSize markers, sign bits, all ones. */
const INTERESTING_BYTES = [0x00, 0x01, 0x02, 0x7f, 0x80, 0xfc, 0xfd, 0xfe, 0xff];

/** 32-bit values on a boundary: zero, one, 2^16, sign bit, all ones, CompactSize edges. */
const INTERESTING_U32 = [0, 1, 0xfc, 0xfd, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff];

/**
 * CompactSize lengths at the extremes: the largest of each width, the smallest of each width
 * (the canonical boundary), non-shortest spellings of small values, and u64s beyond 2^53.
 */
const EXTREME_LENGTHS: readonly (readonly number[])[] = [
  [0x00],
  [0xfc],
  [0xfd, 0xfd, 0x00],
  [0xfd, 0xff, 0xff],
  [0xfd, 0x01, 0x00], // non-canonical 1
  [0xfe, 0x00, 0x00, 0x01, 0x00],
  [0xfe, 0xff, 0xff, 0xff, 0xff],
  [0xfe, 0xfc, 0x00, 0x00, 0x00], // non-canonical 252
  [0xff, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00],
  [0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20, 0x00], // 2^53
  [0xff, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20, 0x00], // 2^53 + 1
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
  [0xff, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00], // non-canonical 5
];

/** What a byte mutation may know about its target. */
export interface ByteLimits {
  /** Largest input the target's own size check accepts (an input one past it is tried). */
  readonly maxBytes: number;
}

/** One mutation of a byte string. */
type ByteOp = (
  b: Uint8Array,
  rng: Rng,
  others: readonly Uint8Array[],
  lim: ByteLimits,
) => Uint8Array;

/** A position, half the time among the first 16 bytes, where version, type and counts live. */
function position(rng: Rng, length: number): number {
  if (length === 0) return 0;
  return rng.chance(0.5) ? rng.int(Math.min(length, 16)) : rng.int(length);
}

function randomBytes(rng: Rng, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.int(256);
  return out;
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)] as T;
}

function splice(b: Uint8Array, at: number, remove: number, insert: ArrayLike<number>): Uint8Array {
  const end = Math.min(b.length, at + remove);
  const out = new Uint8Array(at + insert.length + (b.length - end));
  out.set(b.subarray(0, at));
  out.set(insert, at);
  out.set(b.subarray(end), at + insert.length);
  return out;
}

/** A short length, mostly under 16, sometimes up to 1,024. */
function runLength(rng: Rng): number {
  return rng.chance(0.8) ? 1 + rng.int(16) : 1 + rng.int(1024);
}

const OPS: readonly ByteOp[] = [
  // Flip one bit.
  (b, rng) => {
    if (b.length === 0) return b;
    const out = b.slice();
    const i = position(rng, b.length);
    out[i] = (out[i] as number) ^ (1 << rng.int(8));
    return out;
  },
  // One byte to a boundary value, or to anything.
  (b, rng) => {
    if (b.length === 0) return b;
    const out = b.slice();
    out[position(rng, b.length)] = rng.chance(0.5) ? pick(rng, INTERESTING_BYTES) : rng.int(256);
    return out;
  },
  // A 32-bit little-endian word to a boundary value.
  (b, rng) => {
    if (b.length < 4) return b;
    const out = b.slice();
    new DataView(out.buffer).setUint32(rng.int(b.length - 3), pick(rng, INTERESTING_U32), true);
    return out;
  },
  // Truncate.
  (b, rng) => b.slice(0, rng.int(b.length + 1)),
  // Append random bytes.
  (b, rng) => splice(b, b.length, 0, randomBytes(rng, runLength(rng))),
  // Insert random bytes.
  (b, rng) => splice(b, position(rng, b.length + 1), 0, randomBytes(rng, runLength(rng))),
  // Delete a run.
  (b, rng) => splice(b, position(rng, b.length), runLength(rng), []),
  // Repeat a run of the input somewhere else in it.
  (b, rng) => {
    if (b.length === 0) return b;
    const from = rng.int(b.length);
    const run = b.slice(from, from + runLength(rng));
    return splice(b, position(rng, b.length + 1), 0, run);
  },
  // A length field at its extreme, written over or inserted.
  (b, rng) => {
    const at = position(rng, b.length + 1);
    const field = pick(rng, EXTREME_LENGTHS);
    return splice(b, at, rng.chance(0.5) ? field.length : rng.int(10), field);
  },
  // Splice: the head of this input and the tail of another.
  (b, rng, others) => {
    const other = others.length > 0 ? pick(rng, others) : b;
    const head = b.subarray(0, rng.int(b.length + 1));
    return splice(head, head.length, 0, other.subarray(rng.int(other.length + 1)));
  },
  // The size check's edge: one byte under, at, or over the target's limit.
  (b, rng, _o, lim) => {
    const n = lim.maxBytes + rng.int(3) - 1;
    const out = new Uint8Array(Math.max(0, n));
    out.set(b.subarray(0, out.length));
    return out;
  },
  // Nothing of the input: random bytes, mostly short.
  (_b, rng) => randomBytes(rng, rng.chance(0.9) ? rng.int(256) : rng.int(8192)),
];

/**
 * One to eight stacked mutations of `input` (most often one or two), each drawn from `rng`.
 * `others` are the target's other valid inputs, for splicing.
 */
export function mutateBytes(
  input: Uint8Array,
  rng: Rng,
  others: readonly Uint8Array[],
  limits: ByteLimits,
): Uint8Array {
  let b = input;
  const rounds = 1 + Math.min(7, Math.floor(rng.exp(1)));
  for (let i = 0; i < rounds; i++) b = pick(rng, OPS)(b, rng, others, limits);
  // Never more than a frame's worth past the limit: a larger input is only refused faster.
  return b.length > limits.maxBytes + 1024 ? b.slice(0, limits.maxBytes + 1024) : b;
}
