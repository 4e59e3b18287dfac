/**
 * Account state: balance and next nonce per address, with apply and undo. A block's changes
 * are recorded as the previous values of every account it touched, so disconnecting a block
 * restores the state exactly (bcoin's undo coins, in account form).
 */
import { bytesToHex } from './bytes.js';
import type { Address } from './tx.js';

/** One account. */
export interface Account {
  readonly balance: bigint;
  /** The nonce its next transfer must carry. */
  readonly nonce: number;
}

/** The empty account every address starts as. */
export const EMPTY_ACCOUNT: Account = { balance: 0n, nonce: 0 };

/** Read access to accounts: what rules and the mempool need. */
export interface AccountView {
  /** The account at an address, EMPTY_ACCOUNT if never touched. */
  get(address: Address): Account;
}

/** The previous value of every account a block changed, in the order first touched. */
export type Undo = readonly (readonly [addressHex: string, previous: Account])[];

/** Mutable account state of the connected chain. */
export class AccountState implements AccountView {
  readonly #accounts = new Map<string, Account>();

  /** State from a list of (address hex, account), as stored in a snapshot. */
  static fromEntries(entries: Iterable<readonly [string, Account]>): AccountState {
    const s = new AccountState();
    s.load(entries);
    return s;
  }

  /** Replaces every account with a snapshot's. */
  load(entries: Iterable<readonly [string, Account]>): void {
    this.#accounts.clear();
    for (const [k, v] of entries) this.#set(k, v);
  }

  /** The account at an address. */
  get(address: Address): Account {
    return this.#accounts.get(bytesToHex(address)) ?? EMPTY_ACCOUNT;
  }

  /** The account at a hex address. */
  getHex(addressHex: string): Account {
    return this.#accounts.get(addressHex) ?? EMPTY_ACCOUNT;
  }

  /** Every non-empty account, sorted by address for a deterministic snapshot. */
  entries(): [string, Account][] {
    return [...this.#accounts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** Number of non-empty accounts. */
  get size(): number {
    return this.#accounts.size;
  }

  /** Applies a set of new account values; returns the undo that reverts it. */
  apply(changes: ReadonlyMap<string, Account>): Undo {
    const undo: [string, Account][] = [];
    for (const [k, v] of changes) {
      undo.push([k, this.getHex(k)]);
      this.#set(k, v);
    }
    return undo;
  }

  /** Reverts a block's changes. */
  revert(undo: Undo): void {
    for (let i = undo.length - 1; i >= 0; i--) {
      const [k, v] = undo[i] as readonly [string, Account];
      this.#set(k, v);
    }
  }

  #set(k: string, v: Account): void {
    if (v.balance === 0n && v.nonce === 0) this.#accounts.delete(k);
    else this.#accounts.set(k, v);
  }
}

/**
 * A copy-on-write view over state: a block's transfers are checked and applied here, and
 * only committed when every one of them passed.
 */
export class StateOverlay implements AccountView {
  readonly changes = new Map<string, Account>();

  constructor(readonly base: AccountView) {}

  /** The account as changed so far. */
  get(address: Address): Account {
    return this.changes.get(bytesToHex(address)) ?? this.base.get(address);
  }

  /** Records a new value. */
  set(address: Address, account: Account): void {
    this.changes.set(bytesToHex(address), account);
  }
}
