/**
 * Transfers whose signature this node already verified (Bitcoin Core's signature cache), so
 * a block full of mempool transactions connects without checking each signature twice.
 * Keyed by txid, which covers the signature. Bounded: the oldest entries go first.
 */
import { bytesToHex } from './bytes.js';
import { txId, type TransferTx } from './tx.js';

/** Entries kept (a full mempool and then some). */
export const SIGCACHE_ENTRIES = 8192;

/** A bounded set of verified transfer ids. */
export class SignatureCache {
  readonly #ids = new Set<string>();

  constructor(readonly capacity = SIGCACHE_ENTRIES) {}

  /** Remembers a verified transfer. */
  add(tx: TransferTx): void {
    const id = bytesToHex(txId(tx));
    this.#ids.delete(id);
    this.#ids.add(id);
    if (this.#ids.size > this.capacity) this.#ids.delete(this.#ids.values().next().value as string);
  }

  /** True if this exact transfer, signature included, was verified. */
  has(tx: TransferTx): boolean {
    return this.#ids.has(bytesToHex(txId(tx)));
  }
}
