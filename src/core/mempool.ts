/**
 * The mempool of an account-model chain, in geth's txpool style: transfers keyed by
 * (sender, nonce), 'pending' when executable (contiguous from the account nonce) and
 * 'queued' when waiting for a lower nonce, bounded per sender and in total, replaced only by
 * a fee bump, evicted lowest fee first. It holds no clock: nothing expires by time here.
 *
 * Invariants after every call, against the view the call was given: every sender's
 * transfers, paid in nonce order from its account nonce, fit its balance; at most
 * maxPendingPerSender are pending and maxQueuedPerSender queued; the whole pool fits
 * maxTxs and maxBytes.
 */
import type { Block } from './block.js';
import { bytesToHex } from './bytes.js';
import { RuleError } from './errors.js';
import type { Hash } from './hash.js';
import { Heap } from './mempool-heap.js';
import {
  DEFAULT_MEMPOOL_LIMITS,
  checkTransferStateless,
  policyError,
  replacementFee,
  transferCost,
  type MempoolAddResult,
  type MempoolEntry,
  type MempoolLimits,
} from './mempool-policy.js';
import type { Account, AccountView } from './state.js';
import { addressOf, encodeTx, txId, verifyTransfer, type Address, type TransferTx } from './tx.js';

/** The policy types and defaults, re-exported so callers import the mempool from one place. */
export { DEFAULT_MEMPOOL_LIMITS, type MempoolAddResult, type MempoolEntry, type MempoolLimits };

/** One pooled transfer and what the pool needs to know about it without recomputing. */
interface Entry {
  readonly tx: TransferTx;
  readonly id: Hash;
  readonly idHex: string;
  /** Sender address hex: the key of its SenderTxs. */
  readonly sender: string;
  readonly bytes: number;
  readonly cost: bigint;
  readonly seq: number;
}

/** One sender's transfers by nonce, and the account nonce last seen for it. */
interface SenderTxs {
  readonly address: Address;
  readonly byNonce: Map<number, Entry>;
  /** The keys of byNonce, ascending: tails and runs without sorting each time. */
  readonly nonces: number[];
  base: number;
}

/** Number of nonces present contiguously from `from` in an ascending list. */
function runFrom(nonces: readonly number[], from: number): number {
  let i = nonces.findIndex((n) => n >= from);
  if (i < 0) return 0;
  let run = 0;
  while (i < nonces.length && nonces[i] === from + run) {
    run++;
    i++;
  }
  return run;
}

/** A pool of signed transfers waiting for a block, for one chain. */
export class Mempool {
  readonly #byId = new Map<string, Entry>();
  readonly #senders = new Map<string, SenderTxs>();
  #bytes = 0;
  #seq = 0;

  constructor(
    readonly chainId: Hash,
    readonly limits: MempoolLimits = DEFAULT_MEMPOOL_LIMITS,
  ) {}

  /** Transfers held. */
  get size(): number {
    return this.#byId.size;
  }

  /** Encoded bytes of every transfer held. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The pooled transfer with this id. */
  get(id: Hash): TransferTx | undefined {
    return this.#byId.get(bytesToHex(id))?.tx;
  }

  /** True when a transfer with this id is pooled. */
  has(id: Hash): boolean {
    return this.#byId.has(bytesToHex(id));
  }

  /** Every pooled transfer with its status, in arrival order (for the UI). */
  entries(): MempoolEntry[] {
    const out: MempoolEntry[] = [];
    for (const s of this.#senders.values()) {
      const pending = Math.min(runFrom(s.nonces, s.base), this.limits.maxPendingPerSender);
      const firstQueued = s.base + pending;
      for (const n of s.nonces) {
        const e = s.byNonce.get(n) as Entry;
        const status = n >= s.base && n < firstQueued ? 'pending' : 'queued';
        out.push({ tx: e.tx, id: e.id, fee: e.tx.fee, bytes: e.bytes, status, seq: e.seq });
      }
    }
    return out.sort((a, b) => a.seq - b.seq);
  }

  /** Drops everything. */
  clear(): void {
    this.#byId.clear();
    this.#senders.clear();
    this.#bytes = 0;
  }

  /** The nonce a sender's next transfer should carry: after its executable pooled ones. */
  nextNonce(address: Address, view: AccountView): number {
    const account = view.get(address);
    const s = this.#senders.get(bytesToHex(address));
    return account.nonce + (s ? runFrom(s.nonces, account.nonce) : 0);
  }

  /**
   * Offers a transfer from a peer or the wallet. Every check runs before anything is kept
   * or relayed, cheapest first; the Ed25519 check comes after the stateless ones so that
   * junk costs no signature work. The id check comes before the signature too: an identical
   * id is identical bytes, already verified (geth and Bitcoin Core check it first).
   */
  add(tx: TransferTx, view: AccountView): MempoolAddResult {
    const invalid = checkTransferStateless(tx);
    if (invalid) return { ok: false, error: invalid };
    const id = txId(tx);
    if (this.#byId.has(bytesToHex(id))) return { ok: false, error: new RuleError('already-known') };
    if (!verifyTransfer(this.chainId, tx)) return { ok: false, error: new RuleError('bad-sig') };
    return this.#admit(tx, id, view);
  }

  /**
   * After a block connects (view = state after it): drops its transfers and any that it made
   * invalid (nonce now used, balance no longer enough). Returns the ids removed.
   */
  removeForBlock(block: Block, view: AccountView): Hash[] {
    const removed: Hash[] = [];
    for (const tx of block.txs) {
      if (tx.type !== 'transfer') continue;
      const e = this.#byId.get(bytesToHex(txId(tx)));
      if (e) removed.push(this.#remove(e));
    }
    // Every sender, not only the block's: the caller may skip blocks, and it costs one lookup.
    for (const s of [...this.#senders.values()]) removed.push(...this.#normalize(s, view));
    return removed;
  }

  /**
   * After a reorg (view = state of the new chain): transfers of the disconnected blocks come
   * back unless the new chain used their nonce or they can no longer be paid, and pooled
   * transfers the new chain invalidated go. Their signatures are not checked again: they were
   * verified when their block connected. `returned` are the given transfers now pooled;
   * `dropped` every other id that is no longer pooled because of the reorg.
   */
  reinject(txs: readonly TransferTx[], view: AccountView): { returned: Hash[]; dropped: Hash[] } {
    const dropped: Hash[] = [];
    for (const s of [...this.#senders.values()]) dropped.push(...this.#normalize(s, view));
    const ids: Hash[] = [];
    // Lower nonces first, so that each sender's chain of transfers refills in order.
    for (const tx of [...txs].sort((a, b) => a.nonce - b.nonce)) {
      const id = txId(tx);
      ids.push(id);
      if (this.#byId.has(bytesToHex(id))) continue;
      const r = checkTransferStateless(tx) ?? this.#admit(tx, id, view);
      if (r instanceof RuleError || !r.ok) continue;
      dropped.push(...r.evicted, ...(r.replaced ? [r.replaced] : []));
    }
    const returned = ids.filter((id) => this.has(id));
    const gone = new Map<string, Hash>();
    for (const id of [...ids, ...dropped]) {
      if (!this.has(id)) gone.set(bytesToHex(id), id);
    }
    return { returned, dropped: [...gone.values()] };
  }

  /**
   * Transfers for a block template: repeatedly the highest-fee transfer among every
   * sender's next executable one (ties to the older), so each sender's nonces stay in
   * order and its balance pays them all, within maxTxs and maxBytes.
   */
  select(view: AccountView, maxTxs: number, maxBytes: number): TransferTx[] {
    interface Head {
      readonly e: Entry;
      readonly s: SenderTxs;
      readonly left: bigint;
    }
    const heap = new Heap<Head>((a, b) =>
      a.e.tx.fee !== b.e.tx.fee ? a.e.tx.fee > b.e.tx.fee : a.e.seq < b.e.seq,
    );
    for (const s of this.#senders.values()) {
      const account = view.get(s.address);
      const e = s.byNonce.get(account.nonce);
      if (e && e.cost <= account.balance) heap.push({ e, s, left: account.balance - e.cost });
    }
    const out: TransferTx[] = [];
    let used = 0;
    while (out.length < maxTxs) {
      const head = heap.pop();
      if (!head) break;
      // Too big: this sender's later transfers cannot go without it; smaller ones may fit.
      if (used + head.e.bytes > maxBytes) continue;
      out.push(head.e.tx);
      used += head.e.bytes;
      const next = head.s.byNonce.get(head.e.tx.nonce + 1);
      if (next && next.cost <= head.left) {
        heap.push({ e: next, s: head.s, left: head.left - next.cost });
      }
    }
    return out;
  }

  /** The checks that need state or the pool (nonce, funds, fee, caps), then the insertion. */
  #admit(tx: TransferTx, id: Hash, view: AccountView): MempoolAddResult {
    const L = this.limits;
    const address = addressOf(tx.from);
    const sender = bytesToHex(address);
    const account = view.get(address);
    if (tx.nonce < account.nonce) {
      return { ok: false, error: new RuleError('nonce-too-low', `${tx.nonce} < ${account.nonce}`) };
    }
    const s = this.#senders.get(sender);
    // Transfers below the account nonce are stale (a block used the nonce): they count for
    // nothing here and go when this sender is normalised.
    const live = s ? s.nonces.filter((n) => n >= account.nonce) : [];
    const cost = transferCost(tx);
    let before = 0n;
    for (const n of live) if (n < tx.nonce) before += (s?.byNonce.get(n) as Entry).cost;
    // threat model 18: the balance must pay every earlier pooled transfer and this one.
    if (before + cost > account.balance) return fail(policyError('insufficient-funds'));
    if (tx.fee < L.minFee) return fail(new RuleError('min-fee', `${tx.fee} < ${L.minFee}`));
    const old = s?.byNonce.get(tx.nonce);
    if (old) {
      const need = replacementFee(old.tx.fee, L.replaceBumpPercent);
      if (tx.fee < need) {
        return fail(new RuleError('replacement-underpriced', `${tx.fee} < ${need}`));
      }
    } else {
      const run = runFrom(live, account.nonce);
      const next = account.nonce + run;
      const queued = live.length - Math.min(run, L.maxPendingPerSender);
      // tx.nonce >= next here: a nonce inside the run would have found `old`.
      if (tx.nonce === next ? run >= L.maxPendingPerSender : queued >= L.maxQueuedPerSender) {
        return fail(new RuleError('too-many-pending'));
      }
      if (tx.nonce - next > L.maxQueuedPerSender) {
        return fail(new RuleError('nonce-gap', `${tx.nonce - next} nonces missing`));
      }
    }
    const bytes = encodeTx(tx).length;
    const victims = this.#victimsFor(tx, sender, bytes, old);
    if (!victims) return fail(new RuleError('mempool-full'));
    if (old) this.#remove(old);
    const evicted = victims.map((v) => this.#remove(v));
    const entry: Entry = { tx, id, idHex: bytesToHex(id), sender, bytes, cost, seq: this.#seq++ };
    this.#insert(entry, address);
    evicted.push(...this.#normalize(this.#senders.get(sender) as SenderTxs, view));
    return old ? { ok: true, id, replaced: old.id, evicted } : { ok: true, id, evicted };
  }

  /**
   * What to evict so that tx fits the global caps, or undefined when it cannot: only
   * transfers paying strictly less than tx, lowest fee first (newest first on a tie), and
   * only a sender's last transfer, so no eviction leaves a gap that strands later ones.
   */
  #victimsFor(
    tx: TransferTx,
    sender: string,
    bytes: number,
    old: Entry | undefined,
  ): Entry[] | undefined {
    let count = this.size + (old ? 0 : 1);
    let total = this.#bytes + bytes - (old?.bytes ?? 0);
    const victims: Entry[] = [];
    const taken = new Set<Entry>();
    while (count > this.limits.maxTxs || total > this.limits.maxBytes) {
      let worst: Entry | undefined;
      for (const s of this.#senders.values()) {
        let i = s.nonces.length - 1;
        while (i >= 0 && taken.has(s.byNonce.get(s.nonces[i] as number) as Entry)) i--;
        if (i < 0) continue;
        const tail = s.byNonce.get(s.nonces[i] as number) as Entry;
        // The new transfer (or the one it replaces) is its sender's last: that sender is safe.
        if (tail.sender === sender && tail.tx.nonce <= tx.nonce) continue;
        if (
          !worst ||
          tail.tx.fee < worst.tx.fee ||
          (tail.tx.fee === worst.tx.fee && tail.seq > worst.seq)
        ) {
          worst = tail;
        }
      }
      if (!worst || worst.tx.fee >= tx.fee) return undefined;
      taken.add(worst);
      victims.push(worst);
      count--;
      total -= worst.bytes;
    }
    return victims;
  }

  /**
   * Brings one sender in line with the view: drops transfers whose nonce is used, then,
   * paying in nonce order, the first one the balance cannot cover and every later one
   * (they cannot run without it), then queued ones over the cap, highest nonce first
   * (geth's list.Forward, list.Filter and list.Cap). Returns the ids removed.
   */
  #normalize(s: SenderTxs, view: AccountView): Hash[] {
    const account: Account = view.get(s.address);
    const removed: Hash[] = [];
    let left = account.balance;
    let broke = false;
    for (const n of [...s.nonces]) {
      const e = s.byNonce.get(n) as Entry;
      if (n >= account.nonce && !broke && e.cost <= left) {
        left -= e.cost;
        continue;
      }
      if (n >= account.nonce) broke = true;
      removed.push(this.#remove(e));
    }
    s.base = account.nonce;
    const pending = Math.min(runFrom(s.nonces, s.base), this.limits.maxPendingPerSender);
    while (s.nonces.length - pending > this.limits.maxQueuedPerSender) {
      removed.push(this.#remove(s.byNonce.get(s.nonces[s.nonces.length - 1] as number) as Entry));
    }
    return removed;
  }

  #insert(e: Entry, address: Address): void {
    let s = this.#senders.get(e.sender);
    if (!s) {
      s = { address, byNonce: new Map(), nonces: [], base: 0 };
      this.#senders.set(e.sender, s);
    }
    s.byNonce.set(e.tx.nonce, e);
    let i = s.nonces.length;
    while (i > 0 && (s.nonces[i - 1] as number) > e.tx.nonce) i--;
    s.nonces.splice(i, 0, e.tx.nonce);
    this.#byId.set(e.idHex, e);
    this.#bytes += e.bytes;
  }

  #remove(e: Entry): Hash {
    const s = this.#senders.get(e.sender);
    if (s) {
      s.byNonce.delete(e.tx.nonce);
      const i = s.nonces.indexOf(e.tx.nonce);
      if (i >= 0) s.nonces.splice(i, 1);
      if (s.nonces.length === 0) this.#senders.delete(e.sender);
    }
    if (this.#byId.delete(e.idHex)) this.#bytes -= e.bytes;
    return e.id;
  }
}

function fail(error: RuleError): MempoolAddResult {
  return { ok: false, error };
}
