/**
 * Tamper mode's state for one block: the form's fields as the student types them, the copy
 * they make (applyEdits), the core's verdict on it (validateCopy), recomputed live, the
 * re-mine and the node's answer when the copy is offered. The component only binds and shows.
 */
import type { Block } from '../../core/block.js';
import type { BlockOutcome } from '../../core/chain-types.js';
import type { RuleCode } from '../../core/errors.js';
import { formatCoins, parseCoins } from '../../core/money.js';
import { powLimitOf } from '../../core/rules-sanity.js';
import type { Node } from '../../node/node.js';
import { Remine } from './remine.svelte.js';
import type { SigMemo } from '../../core/state-at.js';
import {
  applyEdits,
  validateCopy,
  type TamperEdits,
  type TransferEdit,
  type Validation,
} from '../../node/tamper.js';

/** A field of the form whose text does not parse (it is left out of the edits). */
export type TamperField = 'nonce' | 'time' | 'bits' | 'rewardAmount' | 'txAmount';

/** The node's answer to an offered copy. */
export interface OfferAnswer {
  readonly status: BlockOutcome['status'];
  readonly code: RuleCode | undefined;
}

/** What the shell may do with an offered copy (send it to peers), and the node's answer. */
export type OfferHandler = (block: Block, outcome: BlockOutcome) => void;

const decoder = new TextDecoder('utf-8', { fatal: false });

/** Tamper mode for one stored block. */
export class TamperState {
  nonce = $state('');
  time = $state('');
  bits = $state('');
  rewardAmount = $state('');
  rewardMessage = $state('');
  /** Index in the block of the transfer being edited (1 = first transfer). */
  txIndex = $state(1);
  txAmounts = $state<string[]>([]);
  txMemos = $state<string[]>([]);
  /** Writes the transactions' recomputed merkle root into the header. */
  fixMerkle = $state(false);
  readonly remine = new Remine();
  readonly original: Block;
  #answer = $state.raw<OfferAnswer | undefined>(undefined);
  readonly #node: Node;
  readonly #revision: () => number;
  /** Each transfer's signature is verified once per block, not once per keystroke. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a cache, not state: nothing should re-run when it fills
  readonly #memo: SigMemo = new Map();

  readonly #parsed = $derived.by(() => this.#parse());
  readonly #copy = $derived.by(() => applyEdits(this.original, this.#parsed.edits));
  readonly #validation = $derived.by(() => {
    void this.#revision(); // the parent's state moves with the chain
    return validateCopy(this.#node.chain, this.#node.nowSeconds, this.#copy, this.#memo);
  });

  /** `revision` is read inside the verdict, so it is judged again when the chain moves. */
  constructor(node: Node, original: Block, revision: () => number) {
    this.#node = node;
    this.original = original;
    this.#revision = revision;
    this.reset();
  }

  /** Fields whose text does not parse. */
  get invalid(): ReadonlySet<TamperField> {
    return this.#parsed.invalid;
  }

  /** The edited copy. */
  get copy(): Block {
    return this.#copy;
  }

  /** The core's verdict on the copy. */
  get validation(): Validation {
    return this.#validation;
  }

  /** The node's answer to the last offer. */
  get answer(): OfferAnswer | undefined {
    return this.#answer;
  }

  /** Transfers of the block as [index in block, transfer]. */
  get transfers(): { index: number; amount: bigint; to: Uint8Array }[] {
    return this.original.txs.flatMap((tx, index) =>
      tx.type === 'transfer' ? [{ index, amount: tx.amount, to: tx.to }] : [],
    );
  }

  /** Back to the original block's values. */
  reset(): void {
    this.remine.cancel();
    const h = this.original.header;
    this.nonce = String(h.nonce);
    this.time = String(h.time);
    this.bits = (h.bits >>> 0).toString(16).padStart(8, '0');
    const reward = this.original.txs[0];
    this.rewardAmount = reward?.type === 'reward' ? formatCoins(reward.amount) : '';
    this.rewardMessage = reward?.type === 'reward' ? decoder.decode(reward.message) : '';
    this.txAmounts = this.original.txs.map((tx) =>
      tx.type === 'transfer' ? formatCoins(tx.amount) : '',
    );
    this.txMemos = this.original.txs.map((tx) =>
      tx.type === 'transfer' ? decoder.decode(tx.memo) : '',
    );
    this.txIndex = this.transfers[0]?.index ?? 1;
    this.fixMerkle = false;
    this.#answer = undefined;
  }

  /** Grinds a nonce for the copy as it is now; the nonce field takes it when found. */
  startRemine(): void {
    const limit = powLimitOf(this.#node.params);
    this.remine.start(this.#copy.header, limit, (nonce) => {
      this.nonce = String(nonce);
    });
  }

  /** Submits the copy to this node (source 'tamper'); the handler may relay it to peers. */
  offer(onoffer?: OfferHandler): void {
    const block = this.#copy;
    const outcome = this.#node.submitBlock(block, 'tamper');
    const code =
      outcome.status === 'rejected' || outcome.status === 'future' ? outcome.error.code : undefined;
    this.#answer = { status: outcome.status, code };
    onoffer?.(block, outcome);
  }

  #parse(): { edits: TamperEdits; invalid: ReadonlySet<TamperField> } {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a temporary filled here and handed on read-only; no one observes it
    const invalid = new Set<TamperField>();
    const u32 = (text: string, field: TamperField, hex = false): number | undefined => {
      const s = text.trim().replace(/^0x/i, '');
      const ok = hex ? /^[0-9a-f]{1,8}$/i.test(s) : /^\d{1,10}$/.test(s);
      const n = ok ? Number.parseInt(s, hex ? 16 : 10) : NaN;
      if (Number.isInteger(n) && n >= 0 && n <= 0xffffffff) return n;
      invalid.add(field);
      return undefined;
    };
    const coins = (text: string, field: TamperField): bigint | undefined => {
      const v = parseCoins(text);
      if (v === undefined) invalid.add(field);
      return v;
    };
    const transfers: TransferEdit[] = [];
    this.original.txs.forEach((tx, index) => {
      if (tx.type !== 'transfer') return;
      const amount = coins(this.txAmounts[index] ?? '', 'txAmount');
      transfers.push({
        index,
        ...(amount !== undefined && { amount }),
        memo: this.txMemos[index] ?? '',
      });
    });
    const rewardAmount = coins(this.rewardAmount, 'rewardAmount');
    const edits: TamperEdits = {
      nonce: u32(this.nonce, 'nonce'),
      time: u32(this.time, 'time'),
      bits: u32(this.bits, 'bits', true),
      reward: {
        ...(rewardAmount !== undefined && { amount: rewardAmount }),
        message: this.rewardMessage,
      },
      transfers,
      fixMerkle: this.fixMerkle,
    };
    return { edits, invalid };
  }
}
