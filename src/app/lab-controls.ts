/**
 * The teaching scenarios' controls: the app's commands and state that the Lab panel (src/ui)
 * presents. src/app/lab.ts implements them on the node and the network. Every action resolves
 * with a LabResult rather than throwing, so a refused step reads as a plain message.
 */

/** Outcome of a lab action: done, or refused with a code the panel explains. */
export type LabResult = { readonly ok: true } | { readonly ok: false; readonly code: string };

/** Where the guided double spend stands. */
export type DoubleSpendStep =
  /** Nothing started. */
  | 'idle'
  /** The payment to the merchant is public and waits for confirmations. */
  | 'paid'
  /** Mining a secret branch from before the payment, with a conflicting transfer. */
  | 'forking'
  /** The secret branch was published; `outcome` says what the room did. */
  | 'released';

/** Everything the Lab panel shows; a fresh object after each change. */
export interface LabStatus {
  readonly partition: {
    readonly active: boolean;
    /** Remote ids of the peers on the other side. */
    readonly peers: readonly string[];
  };
  /** Added delay per message, ms. */
  readonly latencyMs: number;
  readonly withholding: {
    readonly active: boolean;
    /** Blocks mined and kept private, waiting for release. */
    readonly withheld: number;
  };
  /** Target share of the room's hash rate, percent, or undefined for no limit. */
  readonly hashShare: number | undefined;
  readonly doubleSpend: {
    readonly step: DoubleSpendStep;
    /** The public payment's tx id, once paid. */
    readonly paymentId: string | undefined;
    /** Blocks on top of (and including) the payment's block on the public chain. */
    readonly confirmations: number;
    /** Blocks of the secret branch. */
    readonly privateBlocks: number;
    /** Blocks of the public chain since the fork point. */
    readonly publicBlocks: number;
    /** After release: the payment was reversed, or the public chain kept it. */
    readonly outcome: 'reversed' | 'kept' | undefined;
  };
}

/** The guided double spend: pay, let it confirm, fork in secret, release. */
export interface DoubleSpendControls {
  /**
   * Step 1: pays `amountCoins` (a decimal string) to the merchant's address (hex) in public.
   * Refused with a rule code (e.g. `insufficient-funds`) like any payment.
   */
  pay(toAddress: string, amountCoins: string): Promise<LabResult>;
  /**
   * Step 2: starts mining in secret from the parent of the block holding the payment, with a
   * transfer of the same nonce paying the coins back to this node: the conflicting branch.
   */
  fork(): Promise<LabResult>;
  /** Step 3: publishes the secret branch; with more work it wins and reverses the payment. */
  release(): Promise<LabResult>;
  /** Abandons the attack: the secret branch is dropped, mining goes back to normal. */
  reset(): Promise<LabResult>;
}

/** Partition, latency, withholding, hash share and the double spend, on this node. */
export interface LabControls {
  /** The scenarios' current state. */
  status(): LabStatus;
  /** Calls `listener` after every change of status(); returns the function that unsubscribes. */
  onChange(listener: () => void): () => void;
  /** Cuts this node off from these peers (remote ids) and refuses them until heal(). */
  partition(peerIds: readonly string[]): Promise<LabResult>;
  /** Ends the partition: the groups reconnect, and the one with less work reorganises. */
  heal(): Promise<LabResult>;
  /** Delays every message this node sends by `ms` (0 removes the delay). */
  setLatency(ms: number): Promise<LabResult>;
  /** While on, blocks this node mines are kept private instead of announced. */
  withhold(on: boolean): Promise<LabResult>;
  /** Publishes every withheld block at once. */
  release(): Promise<LabResult>;
  /** Throttles mining to about `percent` of the room's hash rate; undefined lifts the limit. */
  setHashShare(percent: number | undefined): Promise<LabResult>;
  /** The guided double spend. */
  readonly doubleSpend: DoubleSpendControls;
  /** Ends every scenario: heal, no latency, release, no hash limit, double spend reset. */
  resetAll(): Promise<LabResult>;
}
