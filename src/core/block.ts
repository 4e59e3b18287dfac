/** A block: the 80-byte header and its transactions, the first one the reward. */
import type { Reader } from './codec.js';
import { Writer, decodeAll } from './codec.js';
import { DecodeError } from './errors.js';
import { HEADER_BYTES, readHeader, writeHeader, type BlockHeader } from './header.js';
import { readTx, writeTx, txId, type Tx } from './tx.js';
import type { Hash } from './hash.js';

/** Largest block any room may have: one block must fit one 256 KiB data-channel message. */
export const MAX_BLOCK_BYTES_LIMIT = 200 * 1024;

/** Most transactions a decoder accepts before the room's own limit is checked. */
export const MAX_BLOCK_TXS_LIMIT = 2000;

/** A full block. */
export interface Block {
  readonly header: BlockHeader;
  readonly txs: readonly Tx[];
}

/** Writes a block. */
export function writeBlock(w: Writer, b: Block): void {
  writeHeader(w, b.header);
  w.varint(b.txs.length);
  for (const tx of b.txs) writeTx(w, tx);
}

/** Reads a block, bounding the transaction count before reading any. */
export function readBlock(r: Reader): Block {
  const header = readHeader(r);
  const n = r.varint(MAX_BLOCK_TXS_LIMIT, 'tx count');
  const txs: Tx[] = [];
  for (let i = 0; i < n; i++) txs.push(readTx(r));
  return { header, txs };
}

/** Encodes a block. */
export function encodeBlock(b: Block): Uint8Array {
  const w = new Writer(HEADER_BYTES + 1 + b.txs.length * 160);
  writeBlock(w, b);
  return w.finish();
}

/** Decodes exactly one block of at most MAX_BLOCK_BYTES_LIMIT bytes. */
export function decodeBlock(bytes: Uint8Array): Block {
  if (bytes.length > MAX_BLOCK_BYTES_LIMIT) {
    throw new DecodeError('too-large', `block of ${bytes.length} bytes`);
  }
  return decodeAll(bytes, readBlock, 'block');
}

/** Ids of a block's transactions, in block order. */
export function blockTxIds(b: Block): Hash[] {
  return b.txs.map(txId);
}
