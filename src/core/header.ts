/** The 80-byte block header, Bitcoin's layout field for field and byte order for byte order. */
import type { Reader } from './codec.js';
import { Writer, decodeAll } from './codec.js';
import { sha256d, type Hash } from './hash.js';

/** Size of an encoded header (Bitcoin's). */
export const HEADER_BYTES = 80;

/** A block header. */
export interface BlockHeader {
  readonly version: number;
  readonly prevHash: Hash;
  readonly merkleRoot: Hash;
  /** Seconds since the Unix epoch. */
  readonly time: number;
  /** Compact target. */
  readonly bits: number;
  readonly nonce: number;
}

/** Writes a header's 80 bytes. */
export function writeHeader(w: Writer, h: BlockHeader): void {
  w.u32(h.version).bytes(h.prevHash).bytes(h.merkleRoot).u32(h.time).u32(h.bits).u32(h.nonce);
}

/** Reads a header's 80 bytes. */
export function readHeader(r: Reader): BlockHeader {
  return {
    version: r.u32('version'),
    prevHash: r.bytes(32, 'prevHash'),
    merkleRoot: r.bytes(32, 'merkleRoot'),
    time: r.u32('time'),
    bits: r.u32('bits'),
    nonce: r.u32('nonce'),
  };
}

/** Encodes a header to its 80 wire bytes. */
export function encodeHeader(h: BlockHeader): Uint8Array {
  const w = new Writer(HEADER_BYTES);
  writeHeader(w, h);
  return w.finish();
}

/** Decodes exactly 80 bytes into a header. */
export function decodeHeader(bytes: Uint8Array): BlockHeader {
  return decodeAll(bytes, readHeader, 'header');
}

/** The block hash: SHA-256d of the 80 header bytes, in internal order. */
export function headerHash(h: BlockHeader): Hash {
  return sha256d(encodeHeader(h));
}

/**
 * The narrow view of a chain that context rules and the retarget need: a header, its height
 * and its parent (btcd blockchain/interfaces.go HeaderCtx). Block tree entries provide it.
 */
export interface HeaderCtx {
  readonly header: BlockHeader;
  readonly height: number;
  readonly parent: HeaderCtx | undefined;
}
