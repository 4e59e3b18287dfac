/**
 * Mempool policy: the limits, the stateless checks a transfer passes before its signature is
 * even looked at, and the replacement rule. The numbers are geth's txpool defaults
 * (core/txpool/legacypool/legacypool.go DefaultConfig) scaled to a browser tab.
 */
import { RuleError, type RuleCode } from './errors.js';
import type { Hash } from './hash.js';
import { checkTxSanity } from './rules-sanity.js';
import { ADDRESS_BYTES, MAX_TX_BYTES, type TransferTx } from './tx.js';

/** Every bound the mempool keeps, so that no peer can grow it without limit. */
export interface MempoolLimits {
  /** Executable transfers (contiguous from the account nonce) per sender. */
  readonly maxPendingPerSender: number;
  /** Future-nonce transfers per sender, waiting for a gap to fill. */
  readonly maxQueuedPerSender: number;
  /** Transfers in the whole pool. */
  readonly maxTxs: number;
  /** Encoded bytes of every transfer in the pool. */
  readonly maxBytes: number;
  /** Lowest fee relayed and kept, in units. */
  readonly minFee: bigint;
  /** A transfer replacing the same (sender, nonce) pays at least this many percent more. */
  readonly replaceBumpPercent: number;
}

/**
 * geth: AccountSlots 16, AccountQueue 64, GlobalSlots 4096, PriceBump 10 %. The byte cap holds
 * 4,096 transfers of ~256 bytes: about 1 MiB, small for a tab (Bitcoin Core's -maxmempool is
 * 300 MB). The minimum fee is Bitcoin Core's DEFAULT_MIN_RELAY_TX_FEE (1,000 sat per kvB)
 * charged per transfer: a transfer is at most a quarter of a kilobyte, so this is generous.
 */
export const DEFAULT_MEMPOOL_LIMITS: MempoolLimits = {
  maxPendingPerSender: 16,
  maxQueuedPerSender: 64,
  maxTxs: 4096,
  maxBytes: 1024 * 1024,
  minFee: 1000n,
  replaceBumpPercent: 10,
};

/** Outcome of offering a transfer: accepted (and what it pushed out) or a rule failure. */
export type MempoolAddResult =
  | {
      readonly ok: true;
      readonly id: Hash;
      /** The transfer with the same (sender, nonce) that this one replaced. */
      readonly replaced?: Hash;
      /** Transfers removed to make room, or that this one made unpayable. */
      readonly evicted: Hash[];
    }
  | { readonly ok: false; readonly error: RuleError };

/** What the UI shows of a pooled transfer. */
export interface MempoolEntry {
  readonly tx: TransferTx;
  readonly id: Hash;
  readonly fee: bigint;
  /** Encoded size in bytes. */
  readonly bytes: number;
  /** 'pending' is executable now; 'queued' waits for a lower nonce (or for pending room). */
  readonly status: 'pending' | 'queued';
  /** Arrival order, increasing: older transfers win fee ties. */
  readonly seq: number;
}

/**
 * A rule failure the mempool treats as policy: insufficient-funds is a consensus code (100 in
 * a block), but in the mempool it depends on which pending transfers and which tip the
 * receiving node has, so an honest peer racing a block sends it; geth never penalises it.
 */
export class MempoolPolicyError extends RuleError {
  /** Zero: dropped without penalty (threat model 20). */
  override readonly penalty: number = 0;
}

/** A RuleError for a policy failure, with no penalty whatever the code's block penalty. */
export function policyError(code: RuleCode, detail?: string): RuleError {
  return new MempoolPolicyError(code, detail);
}

/** Bytes of Bitcoin's CompactSize for n. */
export function varintSize(n: number): number {
  return n < 0xfd ? 1 : n <= 0xffff ? 3 : n <= 0xffffffff ? 5 : 9;
}

/**
 * Encoded size of a transfer computed from its fields, without encoding it: an in-memory
 * transfer with an out-of-range field must be rejected, not make the encoder throw.
 */
export function transferSize(tx: TransferTx): number {
  const fixed = 1 + 8 + 8 + 4; // type tag, amount, fee, nonce
  const memo = varintSize(tx.memo.length) + tx.memo.length;
  return fixed + tx.from.length + tx.to.length + memo + tx.signature.length;
}

/** What a transfer costs its sender: amount plus fee. */
export function transferCost(tx: TransferTx): bigint {
  return tx.amount + tx.fee;
}

/**
 * The checks that need nothing but the transfer, cheapest first and all before the
 * signature (threat model 19): size, then amounts and memo (the block's checkTxSanity, so
 * one rule for blocks and mempool). Shapes a decoder could never produce are also refused.
 */
export function checkTransferStateless(tx: TransferTx): RuleError | undefined {
  if (transferSize(tx) > MAX_TX_BYTES) return new RuleError('bad-tx-size');
  if (tx.to.length !== ADDRESS_BYTES) return new RuleError('bad-tx-size', 'recipient length');
  if (!Number.isInteger(tx.nonce) || tx.nonce < 0 || tx.nonce > 0xffffffff) {
    return new RuleError('bad-nonce', 'nonce is not a u32');
  }
  try {
    checkTxSanity(tx);
  } catch (e) {
    if (e instanceof RuleError) return e;
    throw e;
  }
  return undefined;
}

/** Lowest fee that may replace oldFee: geth's old * (100 + bump) / 100, rounded down. */
export function replacementFee(oldFee: bigint, bumpPercent: number): bigint {
  return (oldFee * BigInt(100 + bumpPercent)) / 100n;
}
