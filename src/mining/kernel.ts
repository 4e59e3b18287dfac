/** Names of the hashing kernels, one per implementation strategy. */
export type KernelName = 'js' | 'wasm-scalar' | 'wasm-simd';

/** Result of scanning a nonce range. */
export interface ScanResult {
  /** The first nonce in the range whose header hash meets the target, if any. */
  readonly nonce: number | undefined;
  /** Nonces examined: up to and including the hit, or the whole range when there is none. */
  readonly hashes: number;
}

/** A hashing kernel: scans nonces [start, start+count) of one 80-byte header for a hash <= target. */
export interface MiningKernel {
  readonly name: KernelName;
  /**
   * header: 80 bytes (nonce field ignored); target: 32-byte big-endian target.
   * start and count are u32 with start + count <= 2^32.
   */
  scan(header: Uint8Array, target: Uint8Array, start: number, count: number): ScanResult;
}

/** Bytes in a Bitcoin-layout block header. */
export const HEADER_BYTES = 80;

/** Bytes in a SHA-256 digest and in a target. */
export const TARGET_BYTES = 32;

/** Nonces are u32, so a range never runs past 2^32. */
export const NONCE_LIMIT = 2 ** 32;

/**
 * Splits a 32-byte big-endian target into eight u32 words, most significant first: the order in
 * which a kernel compares, so the usual miss is decided by the first word alone.
 */
export function targetWords(target: Uint8Array): Uint32Array {
  if (target.length !== TARGET_BYTES) throw new RangeError('target must be 32 bytes');
  const view = new DataView(target.buffer, target.byteOffset, TARGET_BYTES);
  const words = new Uint32Array(8);
  for (let i = 0; i < 8; i++) words[i] = view.getUint32(i * 4, false);
  return words;
}

/** Throws a RangeError unless the arguments form a valid scan request. */
export function checkScanArgs(
  header: Uint8Array,
  target: Uint8Array,
  start: number,
  count: number,
): void {
  if (header.length !== HEADER_BYTES) throw new RangeError('header must be 80 bytes');
  if (target.length !== TARGET_BYTES) throw new RangeError('target must be 32 bytes');
  if (!Number.isInteger(start) || start < 0 || start >= NONCE_LIMIT) {
    throw new RangeError('start must be a u32');
  }
  if (!Number.isInteger(count) || count < 0 || start + count > NONCE_LIMIT) {
    throw new RangeError('count must be >= 0 with start + count <= 2^32');
  }
}
