/**
 * The send form's checks, before anything is signed: each failure is a code the interface
 * explains in plain words (messages-codes.ts), per field. The node's mempool checks the rest
 * (nonces, caps) and answers with rule codes explained the same way.
 */
import { parseAddress } from '../../core/address.js';
import { parseCoins } from '../../core/money.js';
import { MAX_MEMO_BYTES, type Address } from '../../core/tx.js';

/** What the user typed. */
export interface SendInput {
  readonly to: string;
  readonly amount: string;
  readonly fee: string;
  readonly memo: string;
}

/** The form's fields; `form` is for failures that belong to no one field. */
export type SendField = 'to' | 'amount' | 'fee' | 'memo' | 'form';

/** A failure code per field. */
export type SendErrors = Partial<Record<SendField, string>>;

/** A checked payment, ready for node.pay. */
export interface CheckedSend {
  readonly to: Address;
  readonly amount: bigint;
  readonly fee: bigint;
  readonly memo: string;
}

/** What the checks need to know about the wallet. */
export interface SendContext {
  /** Balance minus what this wallet's pooled transfers will spend. */
  readonly spendable: bigint;
  /** The mempool's minimum fee, units. */
  readonly minFee: bigint;
}

/** Bytes of a memo as the chain counts them (UTF-8). */
export function memoBytes(memo: string): number {
  return new TextEncoder().encode(memo).length;
}

/** Checks the form; either a payment to sign or the failure of each field. */
export function checkSend(
  input: SendInput,
  ctx: SendContext,
): { ok: true; send: CheckedSend } | { ok: false; errors: SendErrors } {
  const errors: SendErrors = {};
  const to = parseAddress(input.to);
  if (input.to.trim() === '') errors.to = 'ui-required';
  else if (!to) errors.to = 'ui-bad-address';
  const amount = parseCoins(input.amount);
  if (input.amount.trim() === '') errors.amount = 'ui-required';
  else if (amount === undefined) errors.amount = 'ui-bad-number';
  else if (amount === 0n) errors.amount = 'ui-zero-amount';
  const fee = parseCoins(input.fee);
  if (fee === undefined) errors.fee = 'ui-bad-number';
  else if (fee < ctx.minFee) errors.fee = 'min-fee';
  if (memoBytes(input.memo) > MAX_MEMO_BYTES) errors.memo = 'bad-memo';
  if (amount !== undefined && fee !== undefined && !errors.amount && amount + fee > ctx.spendable) {
    errors.amount = 'insufficient-funds';
  }
  if (!to || amount === undefined || fee === undefined || Object.keys(errors).length > 0) {
    return { ok: false, errors };
  }
  return { ok: true, send: { to, amount, fee, memo: input.memo } };
}

/** Which field a mempool rule code belongs to, for showing it in the right place. */
export function fieldOfCode(code: string): SendField {
  switch (code) {
    case 'insufficient-funds':
    case 'bad-amount':
      return 'amount';
    case 'min-fee':
    case 'replacement-underpriced':
      return 'fee';
    case 'bad-memo':
      return 'memo';
    default:
      return 'form';
  }
}
