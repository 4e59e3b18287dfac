/**
 * Connect rules: what a block must satisfy against the state of its parent chain
 * (btcd checkConnectBlock, Bitcoin Core ConnectBlock). Transfers apply in block order on a
 * copy-on-write overlay, so a failing block leaves the state untouched.
 */
import type { Block } from './block.js';
import { RuleError } from './errors.js';
import type { Hash } from './hash.js';
import { MAX_MONEY } from './money.js';
import type { RoomParams } from './params.js';
import { subsidyAt } from './room.js';
import { StateOverlay, type Account, type AccountView } from './state.js';
import { addressOf, verifyTransfer, type RewardTx, type TransferTx } from './tx.js';

/** What connecting a block changes. */
export interface ConnectResult {
  /** New values of every account touched, keyed by address hex. */
  readonly changes: ReadonlyMap<string, Account>;
  /** Sum of the transfers' fees, paid to the miner. */
  readonly fees: bigint;
}

/** Options for connecting. */
export interface ConnectOptions {
  /** Skips the Ed25519 check for transfers already verified (a signature cache), by txid hex. */
  readonly verified?: (tx: TransferTx) => boolean;
}

/** The signature must verify, over bytes that include this chain's id. */
export function checkTransferSignature(tx: TransferTx, chainId: Hash, opts: ConnectOptions): void {
  if (opts.verified?.(tx)) return;
  if (!verifyTransfer(chainId, tx)) throw new RuleError('bad-sig');
}

/** The nonce must be the sender's next one: no replay, no gap (CVE-2018-17144 analogue). */
export function checkTransferNonce(tx: TransferTx, sender: Account): void {
  if (tx.nonce !== sender.nonce) throw new RuleError('bad-nonce', `${tx.nonce} != ${sender.nonce}`);
}

/** The sender must cover amount plus fee. */
export function checkSenderFunds(tx: TransferTx, sender: Account): void {
  if (sender.balance < tx.amount + tx.fee) throw new RuleError('insufficient-funds');
}

/** No balance may exceed the money supply. */
export function checkBalanceRange(balance: bigint): void {
  if (balance > MAX_MONEY) throw new RuleError('bad-amount', 'balance over MAX_MONEY');
}

/** The reward may pay at most subsidy plus fees; less is allowed, as in Bitcoin. */
export function checkRewardAmount(
  reward: RewardTx,
  height: number,
  fees: bigint,
  params: RoomParams,
): void {
  const max = subsidyAt(height, params) + fees;
  if (reward.amount > max) throw new RuleError('bad-cb-amount', `${reward.amount} > ${max}`);
}

/** Applies one transfer to the overlay. */
function applyTransfer(
  tx: TransferTx,
  overlay: StateOverlay,
  chainId: Hash,
  opts: ConnectOptions,
): void {
  const fromAddr = addressOf(tx.from);
  const sender = overlay.get(fromAddr);
  checkTransferNonce(tx, sender);
  checkSenderFunds(tx, sender);
  checkTransferSignature(tx, chainId, opts);
  overlay.set(fromAddr, { balance: sender.balance - tx.amount - tx.fee, nonce: sender.nonce + 1 });
  const recipient = overlay.get(tx.to);
  const credited = recipient.balance + tx.amount;
  checkBalanceRange(credited);
  overlay.set(tx.to, { balance: credited, nonce: recipient.nonce });
}

/**
 * Checks every connect rule of a sane block at `height` against `state` (its parent's state)
 * and returns the account changes, or throws the first RuleError. State is not modified.
 */
export function connectBlock(
  block: Block,
  height: number,
  state: AccountView,
  params: RoomParams,
  chainId: Hash,
  opts: ConnectOptions = {},
): ConnectResult {
  const overlay = new StateOverlay(state);
  let fees = 0n;
  for (let i = 1; i < block.txs.length; i++) {
    const tx = block.txs[i] as TransferTx;
    applyTransfer(tx, overlay, chainId, opts);
    fees += tx.fee;
  }
  const reward = block.txs[0] as RewardTx;
  checkRewardAmount(reward, height, fees, params);
  const miner = overlay.get(reward.to);
  const paid = miner.balance + reward.amount;
  checkBalanceRange(paid);
  overlay.set(reward.to, { balance: paid, nonce: miner.nonce });
  return { changes: overlay.changes, fees };
}
