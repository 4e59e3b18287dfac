/** Hashing: Bitcoin's SHA-256d and the display order in which Bitcoin shows hashes. */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, reversed } from './bytes.js';

/** A 32-byte hash in internal (wire) byte order. */
export type Hash = Uint8Array;

/** Thirty-two zero bytes: the genesis block's prevHash. */
export const ZERO_HASH: Hash = new Uint8Array(32);

/** SHA-256 of SHA-256, as Bitcoin hashes headers and transactions. */
export function sha256d(data: Uint8Array): Hash {
  return sha256(sha256(data));
}

/** Single SHA-256 (addresses, domain-separated digests). */
export function sha256once(data: Uint8Array): Hash {
  return sha256(data);
}

/** A hash as Bitcoin shows it: byte-reversed hex. */
export function hashToHex(hash: Hash): string {
  return bytesToHex(reversed(hash));
}

/** Parses a display-order hex hash back to internal order. */
export function hexToHash(hex: string): Hash {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new RangeError('a hash is 64 hex digits');
  return reversed(hexToBytes(hex));
}
