/**
 * The teaching lab on this node: partition, latency, withholding, a hash-rate share and the
 * guided double spend (src/app/lab-controls.ts is the contract the Lab panel calls).
 */
import { parseAddress } from '../core/address.js';
import { bytesToHex } from '../core/bytes.js';
import { parseCoins } from '../core/money.js';
import { findFork, type BlockEntry } from '../core/tree.js';
import { txId, type TransferTx } from '../core/tx.js';
import type { Node } from '../node/node.js';
import type { LabControls, LabResult, LabStatus } from './lab-controls.js';
import type { TabNetwork } from './network.js';
import { roomHashRate } from './room-rate.js';

const OK: LabResult = { ok: true };
const refused = (code: string): LabResult => ({ ok: false, code });
/** Fee of the lab's payments, in units (above the mempool's minimum). */
const LAB_FEE = 10_000n;
/** How often the hash-share throttle is re-aimed, ms (the room's rate moves as laptops join). */
const SHARE_PERIOD_MS = 5_000;

/** The lab's state and actions, on one node and its network. */
export class Lab implements LabControls {
  readonly #node: Node;
  readonly #net: TabNetwork;
  readonly #listeners = new Set<() => void>();
  #partitioned: string[] = [];
  #latencyMs = 0;
  #withheld = 0;
  #hashShare: number | undefined;
  /** The miner's duty cycle before the hash share took over, restored when it ends. */
  #throttleBefore: number | undefined;
  #shareTimer: ReturnType<typeof setInterval> | undefined;
  #payment: TransferTx | undefined;
  /** The payment's id, hex. */
  #paymentId: string | undefined;
  /**
   * The block the payment was last connected in. A transfer is on the best chain at most once
   * (its nonce), and a block joins the best chain only by being connected, so the payment
   * stands exactly while this block is on the best chain, at any depth.
   */
  #paymentEntry: BlockEntry | undefined;
  #fork: BlockEntry | undefined;
  #step: LabStatus['doubleSpend']['step'] = 'idle';

  constructor(node: Node, net: TabNetwork) {
    this.#node = node;
    this.#net = net;
    node.on('block-mined', () => {
      if (net.network.withholding) this.#withheld++;
    });
    node.on('block-connected', ({ entry, block }) => {
      const id = this.#paymentId;
      if (id && block.txs.some((tx) => tx.type === 'transfer' && bytesToHex(txId(tx)) === id)) {
        this.#paymentEntry = entry;
      }
    });
    node.on('tip', () => this.#changed());
    node.on('block-added', () => this.#changed());
  }

  status(): LabStatus {
    const chain = this.#node.chain;
    const paymentBlock = this.#paymentBlock();
    const privateTip = this.#privateTip();
    const fork = this.#fork;
    let outcome: 'reversed' | 'kept' | undefined;
    if (this.#step === 'released') outcome = paymentBlock ? 'kept' : 'reversed';
    return {
      partition: { active: this.#partitioned.length > 0, peers: [...this.#partitioned] },
      latencyMs: this.#latencyMs,
      withholding: { active: this.#net.network.withholding, withheld: this.#withheld },
      hashShare: this.#hashShare,
      doubleSpend: {
        step: this.#step,
        paymentId: this.#paymentId,
        confirmations: paymentBlock ? chain.tip.height - paymentBlock.height + 1 : 0,
        privateBlocks: fork && privateTip ? privateTip.height - fork.height : 0,
        publicBlocks: fork ? this.#publicTip(privateTip).height - fork.height : 0,
        outcome,
      },
    };
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  partition(peerIds: readonly string[]): Promise<LabResult> {
    this.#partitioned = [...new Set([...this.#partitioned, ...peerIds])];
    this.#net.mesh.partition(peerIds);
    return this.#done();
  }

  heal(): Promise<LabResult> {
    this.#net.mesh.heal();
    this.#partitioned = [];
    return this.#done();
  }

  setLatency(ms: number): Promise<LabResult> {
    if (!Number.isFinite(ms) || ms < 0 || ms > 60_000)
      return Promise.resolve(refused('bad-latency'));
    this.#latencyMs = ms;
    this.#net.mesh.setLatency(ms);
    return this.#done();
  }

  withhold(on: boolean): Promise<LabResult> {
    this.#net.network.withhold(on);
    if (on) this.#withheld = 0;
    return this.#done();
  }

  release(): Promise<LabResult> {
    this.#net.network.withhold(false);
    this.#withheld = 0;
    return this.#done();
  }

  setHashShare(percent: number | undefined): Promise<LabResult> {
    const miner = this.#node.miner;
    if (!miner) return Promise.resolve(refused('no-miner'));
    if (percent !== undefined && !(percent > 0 && percent < 100)) {
      return Promise.resolve(refused('bad-share'));
    }
    clearInterval(this.#shareTimer);
    this.#shareTimer = undefined;
    this.#hashShare = percent;
    if (percent === undefined) {
      // The miner owns the effort: give back the one the share replaced, touch nothing else.
      if (this.#throttleBefore !== undefined) miner.setThrottle(this.#throttleBefore);
      this.#throttleBefore = undefined;
      return this.#done();
    }
    this.#throttleBefore ??= miner.effort().throttle;
    const aim = () => {
      const room = roomHashRate(this.#node.chain.tip) ?? 0;
      const now = miner.effort().throttle;
      miner.setThrottle(shareThrottle(percent, room, miner.stats().total, now));
    };
    aim();
    this.#shareTimer = setInterval(aim, SHARE_PERIOD_MS);
    return this.#done();
  }

  readonly doubleSpend = {
    pay: (toAddress: string, amountCoins: string): Promise<LabResult> => {
      const amount = parseCoins(amountCoins);
      if (amount === undefined) return Promise.resolve(refused('bad-amount'));
      const to = parseAddress(toAddress);
      if (!to) return Promise.resolve(refused('bad-address'));
      const { tx, result } = this.#node.pay(to, amount, LAB_FEE, 'lab payment');
      if (!result.ok) return Promise.resolve(refused(result.error.code));
      this.#payment = tx;
      this.#paymentId = bytesToHex(txId(tx));
      this.#paymentEntry = undefined;
      this.#fork = undefined;
      this.#step = 'paid';
      return this.#done();
    },
    fork: (): Promise<LabResult> => {
      const payment = this.#payment;
      const block = this.#paymentBlock();
      if (!payment || this.#step !== 'paid') return Promise.resolve(refused('not-paid'));
      if (!block?.parent) return Promise.resolve(refused('not-confirmed'));
      this.#fork = block.parent;
      const back = this.#node.signPayment(
        this.#node.address,
        payment.amount,
        payment.fee,
        payment.nonce,
        'double spend',
      );
      this.#net.network.withhold(true);
      this.#node.mineOn(block.parent.id, [back]);
      this.#node.startMining();
      this.#step = 'forking';
      return this.#done();
    },
    release: (): Promise<LabResult> => {
      if (this.#step !== 'forking') return Promise.resolve(refused('not-forking'));
      this.#node.stopMining();
      this.#node.mineOn(undefined);
      this.#net.network.withhold(false);
      this.#step = 'released';
      return this.#done();
    },
    reset: (): Promise<LabResult> => {
      this.#node.mineOn(undefined);
      this.#net.network.withhold(false);
      this.#payment = undefined;
      this.#paymentId = undefined;
      this.#paymentEntry = undefined;
      this.#fork = undefined;
      this.#step = 'idle';
      return this.#done();
    },
  };

  async resetAll(): Promise<LabResult> {
    await this.heal();
    await this.setLatency(0);
    await this.release();
    await this.setHashShare(undefined);
    return this.doubleSpend.reset();
  }

  /** The best-chain block holding the payment, if it is on the best chain (any depth). */
  #paymentBlock(): BlockEntry | undefined {
    const entry = this.#paymentEntry;
    return this.#payment && entry && this.#node.chain.isActive(entry) ? entry : undefined;
  }

  #privateTip(): BlockEntry | undefined {
    const id = this.#node.privateParent;
    return id === undefined ? undefined : this.#node.chain.tree.get(id);
  }

  /** The most-work block not on the private branch: the chain the rest of the room sees. */
  #publicTip(privateTip: BlockEntry | undefined): BlockEntry {
    const chain = this.#node.chain;
    if (!privateTip || !this.#fork) return chain.tip;
    let best = this.#fork;
    for (const e of chain.tree.entries()) {
      if (e.height <= this.#fork.height || !e.isValid || !e.hasBody) continue;
      if (findFork(e, privateTip).height > this.#fork.height) continue;
      if (e.chainWork > best.chainWork) best = e;
    }
    return best;
  }

  #done(): Promise<LabResult> {
    this.#changed();
    return Promise.resolve(OK);
  }

  #changed(): void {
    for (const l of this.#listeners) l();
  }
}

/**
 * The duty cycle (percent) that makes our rate about `share` percent of the room's, given the
 * room's estimated rate (ours included), our rate now and the duty cycle it was measured at.
 */
export function shareThrottle(
  share: number,
  room: number,
  ownNow: number,
  throttleNow: number,
): number {
  const ownFull = ownNow / Math.max(0.01, throttleNow / 100);
  const others = Math.max(0, room - ownNow);
  if (others === 0 || ownFull === 0) return 100;
  const wanted = (share / (100 - share)) * others;
  return Math.max(1, Math.min(100, Math.round((wanted / ownFull) * 100)));
}
