/**
 * Rule failures are values with stable codes (btcd blockchain/error.go, Lodestar blockError.ts).
 * Tests assert the code; the code also carries the penalty a peer earns for sending it
 * (bcoin lib/protocol/errors.js: reason + ban score).
 */

/** Penalty that gets a peer disconnected and refused (Bitcoin Core DISCOURAGEMENT_THRESHOLD). */
export const BAN_THRESHOLD = 100;

/**
 * Every rule code and its penalty. 100 bans at once; 0 is honest disagreement.
 * Codes follow Bitcoin Core's reject reasons where one exists.
 */
export const RULE_PENALTIES = {
  // Sanity: the block or transaction alone.
  'high-hash': 100, // proof of work does not meet its own bits
  'bad-blk-length': 100, // no transactions, or over the room's size limit
  'bad-cb-missing': 100, // first transaction is not the reward
  'bad-cb-multiple': 100, // a reward anywhere but first
  'bad-cb-height': 100, // reward does not carry the block's height
  'bad-txnmrklroot': 100, // body does not match header: mutated, hash NOT marked invalid
  'bad-txns-duplicate': 100, // CVE-2012-2459 duplicate transactions: mutated
  'bad-txns-count': 100, // more transactions than the room allows
  'bad-version': 100, // unknown header version
  // Context: the block with its parent.
  'bad-prevblk': 100, // parent is known invalid
  'bad-diffbits': 100, // bits do not match the retarget
  'time-too-old': 100, // time not above the median of the last 11
  'time-too-new': 0, // too far in the future: not an offence, retried later
  // Connect: the block against state.
  'bad-cb-amount': 100, // reward pays more than subsidy + fees
  'bad-sig': 100, // Ed25519 signature does not verify (strict RFC 8032)
  'bad-nonce': 100, // sender nonce is not the next one
  'insufficient-funds': 100, // sender cannot pay amount + fee
  'bad-amount': 100, // amount or fee out of range (negative, over supply, overflow)
  'bad-memo': 100, // memo or message too long
  'bad-tx-size': 100, // transaction over the size limit
  // Mempool policy: dropped without penalty.
  'mempool-full': 0,
  'min-fee': 0,
  'nonce-gap': 0,
  'nonce-too-low': 0,
  'replacement-underpriced': 0,
  'too-many-pending': 0,
  'already-known': 0,
  'chain-mismatch': 0,
} as const;

/** A stable rule code. */
export type RuleCode = keyof typeof RULE_PENALTIES;

/** A consensus or policy rule failure. */
export class RuleError extends Error {
  /** Penalty for the peer that sent the offending object. */
  readonly penalty: number;
  /** True when the body does not match the header: punish, but never mark the hash invalid. */
  readonly mutated: boolean;

  constructor(
    readonly code: RuleCode,
    detail?: string,
    options: { mutated?: boolean } = {},
  ) {
    super(detail === undefined ? code : `${code}: ${detail}`);
    this.name = 'RuleError';
    this.penalty = RULE_PENALTIES[code];
    this.mutated = options.mutated ?? false;
  }
}

/** Every decode failure; bytes from a peer never throw anything else. */
export type DecodeCode =
  'truncated' | 'trailing-bytes' | 'too-large' | 'non-canonical' | 'out-of-range' | 'unknown-type';

/** A malformed encoding: the bytes could not be read as the expected object. */
export class DecodeError extends Error {
  constructor(
    readonly code: DecodeCode,
    detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'DecodeError';
  }
}

/** The RuleError thrown by a rule; anything else is a bug and is thrown on. */
export function asRuleError(e: unknown): RuleError {
  if (e instanceof RuleError) return e;
  throw e;
}
