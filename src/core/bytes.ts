/** Byte helpers shared by the consensus core. */
import { bytesToHex, hexToBytes, concatBytes } from '@noble/hashes/utils.js';

export { bytesToHex, hexToBytes, concatBytes };

/** True when both arrays hold the same bytes. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A reversed copy: Bitcoin shows hashes byte-reversed ("display order"). */
export function reversed(bytes: Uint8Array): Uint8Array {
  return Uint8Array.from(bytes).reverse();
}

/** Big-endian unsigned integer from bytes. */
export function bytesToBigIntBE(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt('0x' + bytesToHex(bytes));
}

/** Little-endian unsigned integer from bytes (how Bitcoin reads a hash as a number). */
export function bytesToBigIntLE(bytes: Uint8Array): bigint {
  return bytesToBigIntBE(reversed(bytes));
}

/** Fixed-width big-endian bytes of a non-negative integer below 2^(8*length). */
export function bigIntToBytesBE(value: bigint, length: number): Uint8Array {
  if (value < 0n || value >= 1n << BigInt(8 * length)) throw new RangeError('integer out of range');
  return hexToBytes(value.toString(16).padStart(length * 2, '0'));
}
