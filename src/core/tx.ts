/**
 * Transactions of the account model: the block reward and the signed transfer.
 * A transfer's signature covers the chain id (the genesis hash) so that nothing replays
 * across rooms (EIP-155), and the sender nonce so that nothing replays within one.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Reader } from './codec.js';
import { Writer, decodeAll } from './codec.js';
import { DecodeError } from './errors.js';
import { sha256d, sha256once, type Hash } from './hash.js';

/** Address: the first 20 bytes of SHA-256 of the Ed25519 public key. */
export type Address = Uint8Array;

/** Bytes in an address. */
export const ADDRESS_BYTES = 20;
/** Bytes in an Ed25519 public key. */
export const PUBKEY_BYTES = 32;
/** Bytes in an Ed25519 signature. */
export const SIGNATURE_BYTES = 64;
/** Longest memo on a transfer or message on a reward, in bytes (Bitcoin's OP_RETURN: 80). */
export const MAX_MEMO_BYTES = 80;
/** Longest encoded transaction: a transfer with a full memo is 1+32+20+8+8+4+1+80+64. */
export const MAX_TX_BYTES = 256;

/** Wire tag of each transaction kind. */
export const TX_REWARD = 0;
/** Wire tag of a transfer. */
export const TX_TRANSFER = 1;

/** The block reward (coinbase): subsidy plus fees to the miner. */
export interface RewardTx {
  readonly type: 'reward';
  /** Height of the block, so that every reward is unique (BIP 34). */
  readonly height: number;
  readonly to: Address;
  readonly amount: bigint;
  /** The miner's message, raw bytes (UTF-8 by convention). */
  readonly message: Uint8Array;
}

/** A signed payment from one account to another. */
export interface TransferTx {
  readonly type: 'transfer';
  /** Sender's Ed25519 public key; the sender's address derives from it. */
  readonly from: Uint8Array;
  readonly to: Address;
  readonly amount: bigint;
  readonly fee: bigint;
  /** The sender's account nonce: 0 for its first transfer, then 1, 2, ... */
  readonly nonce: number;
  readonly memo: Uint8Array;
  readonly signature: Uint8Array;
}

/** Any transaction. */
export type Tx = RewardTx | TransferTx;

/** The unsigned part of a transfer. */
export type UnsignedTransfer = Omit<TransferTx, 'signature' | 'type'>;

/** Address of a public key. */
export function addressOf(publicKey: Uint8Array): Address {
  return sha256once(publicKey).slice(0, ADDRESS_BYTES);
}

/** Writes a transaction. */
export function writeTx(w: Writer, tx: Tx): void {
  if (tx.type === 'reward') {
    w.u8(TX_REWARD).u32(tx.height).bytes(tx.to).u64(tx.amount).varBytes(tx.message);
  } else {
    writeTransferBody(w.u8(TX_TRANSFER), tx);
    w.bytes(tx.signature);
  }
}

function writeTransferBody(w: Writer, tx: UnsignedTransfer): void {
  w.bytes(tx.from).bytes(tx.to).u64(tx.amount).u64(tx.fee).u32(tx.nonce).varBytes(tx.memo);
}

/** Reads a transaction; sizes are bounded before anything is allocated. */
export function readTx(r: Reader): Tx {
  const tag = r.u8('tx type');
  if (tag === TX_REWARD) {
    return {
      type: 'reward',
      height: r.u32('height'),
      to: r.bytes(ADDRESS_BYTES, 'to'),
      amount: r.u64('amount'),
      message: r.varBytes(MAX_MEMO_BYTES, 'message'),
    };
  }
  if (tag === TX_TRANSFER) {
    return {
      type: 'transfer',
      from: r.bytes(PUBKEY_BYTES, 'from'),
      to: r.bytes(ADDRESS_BYTES, 'to'),
      amount: r.u64('amount'),
      fee: r.u64('fee'),
      nonce: r.u32('nonce'),
      memo: r.varBytes(MAX_MEMO_BYTES, 'memo'),
      signature: r.bytes(SIGNATURE_BYTES, 'signature'),
    };
  }
  throw new DecodeError('unknown-type', `tx type ${tag}`);
}

/** Encodes a transaction. */
export function encodeTx(tx: Tx): Uint8Array {
  const w = new Writer(160);
  writeTx(w, tx);
  return w.finish();
}

/** Decodes exactly one transaction. */
export function decodeTx(bytes: Uint8Array): Tx {
  if (bytes.length > MAX_TX_BYTES)
    throw new DecodeError('too-large', `tx of ${bytes.length} bytes`);
  return decodeAll(bytes, readTx, 'tx');
}

/** Transaction id: SHA-256d of the whole encoding, signature included. */
export function txId(tx: Tx): Hash {
  return sha256d(encodeTx(tx));
}

const SIGNING_DOMAIN = utf8ToBytes('tabchain transfer v1');

/** The bytes a transfer's signature covers: a domain tag, the chain id, the unsigned body. */
export function transferSigningBytes(chainId: Hash, tx: UnsignedTransfer): Uint8Array {
  const w = new Writer(200);
  writeTransferBody(w, tx);
  return concatBytes(SIGNING_DOMAIN, chainId, w.finish());
}

/** Signs a transfer for one chain. */
export function signTransfer(
  chainId: Hash,
  tx: UnsignedTransfer,
  secretKey: Uint8Array,
): TransferTx {
  const signature = ed25519.sign(transferSigningBytes(chainId, tx), secretKey);
  return { type: 'transfer', ...tx, signature };
}

/**
 * Strict RFC 8032 verification, one rule for every node: canonical S < L and canonical
 * point encodings (noble's zip215: false). Never throws.
 */
export function verifyEd25519(
  signature: Uint8Array,
  message: Uint8Array,
  publicKey: Uint8Array,
): boolean {
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

/** True when a transfer's signature is valid for this chain. */
export function verifyTransfer(chainId: Hash, tx: TransferTx): boolean {
  return verifyEd25519(tx.signature, transferSigningBytes(chainId, tx), tx.from);
}

/** A fresh key pair from 32 random bytes supplied by the caller (core takes no randomness). */
export function keyPairFromSeed(seed: Uint8Array): {
  secretKey: Uint8Array;
  publicKey: Uint8Array;
} {
  return { secretKey: seed, publicKey: ed25519.getPublicKey(seed) };
}
