/**
 * This node's wallet as the Wallet panel shows it: address, balance, the mempool, and this
 * node's own transfers with what happened to each: pending, confirmed (and how deep), or
 * reversed by a reorganisation, the lesson of a double spend.
 */
import type { Block } from '../../core/block.js';
import { bytesToHex } from '../../core/bytes.js';
import type { ReorgInfo } from '../../core/chain-types.js';
import { hashToHex } from '../../core/hash.js';
import { addressOf, txId, type TransferTx } from '../../core/tx.js';
import type { Node } from '../../node/node.js';
import { coalesce } from '../coalesce.js';
import { checkSend, fieldOfCode, type SendErrors, type SendInput } from './send-form.js';

/** Where one of our transfers stands. */
export type MyTxStatus =
  /** In the mempool, executable: waits for a block. */
  | 'pending'
  /** In the mempool, waiting for an earlier nonce. */
  | 'queued'
  /** In a block of the best chain. */
  | 'confirmed'
  /** Was confirmed, then a reorganisation took it out and the new chain conflicts with it. */
  | 'reversed'
  /** Left the mempool without being confirmed (replaced, evicted, or made invalid). */
  | 'dropped';

/** One transfer sent or received by this node. */
export interface MyTx {
  readonly id: string;
  readonly direction: 'out' | 'in';
  /** The other side's address (hex). */
  readonly counterparty: string;
  readonly amount: bigint;
  readonly fee: bigint;
  readonly memo: string;
  readonly nonce: number;
  readonly status: MyTxStatus;
  /** Height of the block that confirmed it. */
  readonly height: number | undefined;
  readonly blockId: string | undefined;
  /** It was confirmed once: a drop now is a reversal. */
  readonly wasConfirmed: boolean;
  /** When this node first saw it, ms. */
  readonly seen: number;
  /** First-seen order: the list's sort key (many share one millisecond in a history scan). */
  readonly order: number;
}

/** A mempool row. */
export interface PoolRow {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly amount: bigint;
  readonly fee: bigint;
  readonly status: 'pending' | 'queued';
  /** Sent or received by this node. */
  readonly mine: boolean;
}

/** Our transfers kept in the list: a lesson's worth. */
export const MY_TX_LIMIT = 200;
/** Mempool rows shown: the pool holds thousands, a panel shows the oldest first. */
export const POOL_ROWS = 100;
/** Blocks of the best chain scanned at start for our past transfers. */
export const HISTORY_SCAN_BLOCKS = 500;

const decoder = new TextDecoder();

/** The Wallet panel's state. */
export class WalletState {
  #balance = $state(0n);
  #spendable = $state(0n);
  #tipHeight = $state(0);
  #pool = $state.raw<readonly PoolRow[]>([]);
  #poolSize = $state(0);
  #mine = $state.raw<readonly MyTx[]>([]);
  readonly #node: Node;
  readonly #address: string;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- private bookkeeping: views read the $state.raw snapshot made from it
  readonly #txs = new Map<string, MyTx>();
  #order = 0;
  readonly #off: (() => void)[];
  readonly #later = coalesce(() => this.#refresh(), 200);

  constructor(node: Node) {
    this.#node = node;
    this.#address = bytesToHex(node.address);
    this.#scanHistory();
    this.#refresh();
    this.#off = [
      node.on('tx-accepted', ({ id, tx }) => {
        if (this.#involves(tx)) this.#track(id, tx, { status: 'pending' });
        this.#later();
      }),
      node.on('block-connected', ({ entry, block }) =>
        this.#connected(block, entry.height, entry.id),
      ),
      node.on('block-disconnected', ({ block }) => this.#disconnected(block)),
      node.on('reorg', (r) => this.#reorg(r)),
      node.on('tip', () => this.#later()),
    ];
  }

  /** This node's address, hex. */
  get address(): string {
    return this.#address;
  }

  /** Confirmed balance, units. */
  get balance(): bigint {
    return this.#balance;
  }

  /** Balance minus what our pooled transfers will spend. */
  get spendable(): bigint {
    return this.#spendable;
  }

  /** Lowest fee the mempool keeps, units. */
  get minFee(): bigint {
    return this.#node.chain.mempool.limits.minFee;
  }

  /** The oldest pooled transfers. */
  get pool(): readonly PoolRow[] {
    return this.#pool;
  }

  /** Transfers in the mempool. */
  get poolSize(): number {
    return this.#poolSize;
  }

  /** Our transfers, newest first. */
  get transactions(): readonly MyTx[] {
    return this.#mine;
  }

  /** Blocks on top of (and including) the block that confirmed a transfer. */
  depth(tx: MyTx): number {
    return tx.height === undefined ? 0 : this.#tipHeight - tx.height + 1;
  }

  /** Checks the form, signs and submits; the failure of each field otherwise. */
  send(input: SendInput): { ok: true; id: string } | { ok: false; errors: SendErrors } {
    const checked = checkSend(input, { spendable: this.#spendable, minFee: this.minFee });
    if (!checked.ok) return checked;
    const { to, amount, fee, memo } = checked.send;
    const { result } = this.#node.pay(to, amount, fee, memo);
    if (!result.ok)
      return { ok: false, errors: { [fieldOfCode(result.error.code)]: result.error.code } };
    this.#refresh();
    return { ok: true, id: hashToHex(result.id) };
  }

  /** Stops listening. */
  dispose(): void {
    for (const off of this.#off) off();
    this.#later.cancel();
  }

  #involves(tx: TransferTx): boolean {
    return bytesToHex(tx.to) === this.#address || bytesToHex(addressOf(tx.from)) === this.#address;
  }

  #track(id: string, tx: TransferTx, fields: Partial<MyTx>): void {
    const old = this.#txs.get(id);
    const from = bytesToHex(addressOf(tx.from));
    const out = from === this.#address;
    this.#txs.set(id, {
      id,
      direction: out ? 'out' : 'in',
      counterparty: out ? bytesToHex(tx.to) : from,
      amount: tx.amount,
      fee: tx.fee,
      memo: decoder.decode(tx.memo),
      nonce: tx.nonce,
      status: 'pending',
      height: undefined,
      blockId: undefined,
      wasConfirmed: false,
      seen: Date.now(),
      order: this.#order++,
      ...old,
      ...fields,
    });
    this.#publish();
  }

  #connected(block: Block, height: number, blockId: string): void {
    for (const tx of block.txs) {
      if (tx.type !== 'transfer' || !this.#involves(tx)) continue;
      this.#track(hashToHex(txId(tx)), tx, {
        status: 'confirmed',
        height,
        blockId,
        wasConfirmed: true,
      });
    }
  }

  #disconnected(block: Block): void {
    for (const tx of block.txs) {
      if (tx.type !== 'transfer') continue;
      const id = hashToHex(txId(tx));
      const old = this.#txs.get(id);
      // Back to waiting until the reorg says whether it returned to the pool or was reversed.
      if (old)
        this.#txs.set(id, { ...old, status: 'pending', height: undefined, blockId: undefined });
    }
    this.#publish();
  }

  #reorg(r: ReorgInfo): void {
    for (const hash of r.droppedTxs) {
      const id = hashToHex(hash);
      const old = this.#txs.get(id);
      if (old && old.status !== 'confirmed') {
        this.#txs.set(id, { ...old, status: old.wasConfirmed ? 'reversed' : 'dropped' });
      }
    }
    for (const hash of r.returnedTxs) {
      const id = hashToHex(hash);
      const old = this.#txs.get(id);
      if (old && old.status !== 'confirmed') this.#txs.set(id, { ...old, status: 'pending' });
    }
    this.#publish();
  }

  #refresh(): void {
    const chain = this.#node.chain;
    this.#tipHeight = chain.tip.height;
    const balance = chain.state.get(this.#node.address).balance;
    const entries = chain.mempool.entries();
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a temporary filled here and handed on read-only; no one observes it
    const status = new Map<string, 'pending' | 'queued'>();
    let pooledCost = 0n;
    const rows: PoolRow[] = [];
    for (const e of entries) {
      const id = hashToHex(e.id);
      status.set(id, e.status);
      const from = bytesToHex(addressOf(e.tx.from));
      const to = bytesToHex(e.tx.to);
      if (from === this.#address) pooledCost += e.tx.amount + e.tx.fee;
      if (rows.length < POOL_ROWS) {
        const mine = from === this.#address || to === this.#address;
        rows.push({ id, from, to, amount: e.tx.amount, fee: e.fee, status: e.status, mine });
      }
    }
    this.#balance = balance;
    this.#spendable = balance > pooledCost ? balance - pooledCost : 0n;
    this.#pool = rows;
    this.#poolSize = entries.length;
    // Our unconfirmed transfers follow the pool: queued, pending, or gone without a block.
    for (const [id, tx] of this.#txs) {
      if (tx.status !== 'pending' && tx.status !== 'queued') continue;
      const s = status.get(id);
      const next: MyTxStatus = s ?? (tx.wasConfirmed ? 'reversed' : 'dropped');
      if (next !== tx.status) this.#txs.set(id, { ...tx, status: next });
    }
    this.#publish();
  }

  /** Our past transfers on the best chain, so a reload keeps the list. */
  #scanHistory(): void {
    const chain = this.#node.chain;
    const blocks: { block: Block; height: number; id: string }[] = [];
    for (let e = chain.tip; e.parent && blocks.length < HISTORY_SCAN_BLOCKS; e = e.parent) {
      const block = chain.getBlock(e.id);
      if (block) blocks.push({ block, height: e.height, id: e.id });
    }
    for (const b of blocks.reverse()) this.#connected(b.block, b.height, b.id);
    for (const e of chain.mempool.entries()) {
      if (this.#involves(e.tx)) this.#track(hashToHex(e.id), e.tx, { status: e.status });
    }
  }

  #publish(): void {
    const list = [...this.#txs.values()].sort((a, b) => b.order - a.order);
    if (list.length > MY_TX_LIMIT) {
      for (const old of list.slice(MY_TX_LIMIT)) this.#txs.delete(old.id);
    }
    this.#mine = list.slice(0, MY_TX_LIMIT);
  }
}
