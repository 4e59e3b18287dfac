/**
 * The full node: owns one chain, wires the pure core to its ports (store, miner, clock) and
 * reports what happens as typed events. The network (src/net) drives it from the outside
 * through submitBlock / submitHeaders / submitTransaction and listens to its events.
 */
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { Block } from '../core/block.js';
import { Chain, type ProcessResult } from '../core/chain.js';
import type { ChainView } from '../core/chain-view.js';
import type { BlockOutcome, ChainChanges, ChainEvent } from '../core/chain-types.js';
import type { BlockEntry } from '../core/tree.js';
import type { RuleError } from '../core/errors.js';
import { hashToHex } from '../core/hash.js';
import { headerHash, type BlockHeader } from '../core/header.js';
import type { MempoolAddResult } from '../core/mempool.js';
import type { RoomParams } from '../core/params.js';
import { checkProofOfWork } from '../core/pow.js';
import { powLimitOf } from '../core/rules-sanity.js';
import { addressOf, signTransfer, txId, type Address, type TransferTx } from '../core/tx.js';
import { mergeChanges } from './changes.js';
import { readOnlyChain } from './chain-reader.js';
import { privateTemplate, type PrivateBranch } from './private-branch.js';
import { Emitter } from '../lib/emitter.js';
import type { Timers } from '../lib/timers.js';
import { FutureBlocks } from './future-blocks.js';
import {
  StoreError,
  type BlockStore,
  type Clock,
  type MinedSolution,
  type MinerPort,
} from './ports.js';
import type { NodeEvents, NodeIdentity, PersistenceState, Source } from './types.js';

/** What a node is built from. */
export interface NodeOptions {
  readonly params: RoomParams;
  readonly identity: NodeIdentity;
  readonly store: BlockStore;
  readonly clock: Clock;
  /** Timers (for the blocks that wait for the clock); the real ones by default. */
  readonly timers?: Timers;
  readonly miner?: MinerPort;
  /** The miner's message written into each reward (a student's signature in the chain). */
  readonly minerMessage?: string;
}

/** One full node. */
export class Node extends Emitter<NodeEvents> {
  /** The chain, read-only: only the node mutates it (through submitBlock and the rest). */
  readonly chain: ChainView;
  readonly #chain: Chain;
  readonly params: RoomParams;
  readonly identity: NodeIdentity;
  /** This node's payout and wallet address. */
  readonly address: Address;
  readonly #clock: Clock;
  readonly #miner: MinerPort | undefined;
  #store: BlockStore | undefined;
  #persistence: PersistenceState = { state: 'ok' };
  #pending: ChainChanges | undefined;
  #writing: Promise<void> = Promise.resolve();
  #draining = false;
  #private: PrivateBranch | undefined;
  #mining = false;
  #jobId = 0;
  #job: Block | undefined;
  #minerMessage: string;
  readonly #future: FutureBlocks;

  private constructor(opts: NodeOptions, chain: Chain) {
    super();
    this.params = opts.params;
    this.identity = opts.identity;
    this.address = addressOf(opts.identity.publicKey);
    this.#chain = chain;
    this.chain = readOnlyChain(chain);
    this.#clock = opts.clock;
    this.#store = opts.store;
    this.#miner = opts.miner;
    this.#minerMessage = opts.minerMessage ?? opts.identity.name;
    this.#future = new FutureBlocks(
      (block, source) => void this.submitBlock(block, source),
      opts.timers,
    );
    this.#miner?.onSolution((s) => this.#onSolution(s));
  }

  /** Opens a node: loads what the store holds (no replay), or starts at genesis. */
  static async open(opts: NodeOptions): Promise<Node> {
    const snapshot = await opts.store.load();
    const chain = new Chain(opts.params, snapshot ? { snapshot } : {});
    return new Node(opts, chain);
  }

  /** Seconds on the local clock, as the chain takes time. */
  get nowSeconds(): number {
    return Math.floor(this.#clock.now() / 1000);
  }

  /** Whether blocks are being persisted. */
  get persistence(): PersistenceState {
    return this.#persistence;
  }

  /** Resolves when every change so far is written (or persistence has stopped). */
  flush(): Promise<void> {
    return this.#writing;
  }

  /** Validates a block from a peer (or this node's miner) and reports what happened. */
  submitBlock(block: Block, source?: Source): BlockOutcome {
    const result = this.#chain.processBlock(block, this.nowSeconds, source);
    this.#afterChainCall(result.events, result.changes);
    this.#report(result, block, source);
    return result.outcome;
  }

  /** Validates headers (headers-first sync). */
  submitHeaders(headers: readonly BlockHeader[]): ReturnType<Chain['processHeaders']> {
    const result = this.#chain.processHeaders(headers, this.nowSeconds);
    this.#afterChainCall([], result.changes);
    for (const entry of result.entries) this.emit('block-added', { entry });
    return result;
  }

  /** Offers a transfer to the mempool; relaying is the network's business. */
  submitTransaction(tx: TransferTx, source?: Source): MempoolAddResult {
    const result = this.#chain.addTransaction(tx);
    const id = hashToHex(txId(tx));
    if (result.ok) {
      this.emit('tx-accepted', { id, tx, source });
      this.#refreshJob();
    } else {
      const { code, penalty } = result.error;
      this.emit('tx-rejected', { id, code, penalty, source });
    }
    return result;
  }

  /** Signs a payment from this node's wallet, nonce after its pending ones, and submits it. */
  pay(
    to: Address,
    amount: bigint,
    fee: bigint,
    memo = '',
  ): { tx: TransferTx; result: MempoolAddResult } {
    const nonce = this.#chain.mempool.nextNonce(this.address, this.#chain.state);
    const tx = this.signPayment(to, amount, fee, nonce, memo);
    return { tx, result: this.submitTransaction(tx, 'self') };
  }

  /** Signs a payment with an explicit nonce, without submitting it (the lab's double spend). */
  signPayment(to: Address, amount: bigint, fee: bigint, nonce: number, memo = ''): TransferTx {
    return signTransfer(
      this.chain.chainId,
      { from: this.identity.publicKey, to, amount, fee, nonce, memo: utf8ToBytes(memo) },
      this.identity.secretKey,
    );
  }

  /**
   * Mines on a chosen block instead of the tip, with extra transfers in the first block: a
   * private branch (the teaching lab's double spend and selfish mining). Each block found
   * extends the branch; undefined goes back to mining on the tip.
   */
  mineOn(parentId: string | undefined, extra: readonly TransferTx[] = []): void {
    this.#private = parentId === undefined ? undefined : { parentId, extra };
    this.#refreshJob();
  }

  /** The block a private branch builds on, if mining privately. */
  get privateParent(): string | undefined {
    return this.#private?.parentId;
  }

  /** Starts mining on the current tip. */
  startMining(): void {
    if (!this.#miner || this.#mining) return;
    this.#mining = true;
    this.emit('mining', { active: true });
    this.#refreshJob();
  }

  /** Stops mining. */
  stopMining(): void {
    if (!this.#mining) return;
    this.#mining = false;
    this.#job = undefined;
    this.#miner?.setJob(undefined);
    this.emit('mining', { active: false });
  }

  /**
   * Mines exactly n blocks onto the best chain, then stops (mining already on stops too).
   * Resolves with the blocks mined, fewer than n if mining stopped first; rejects a count that
   * is not a positive integer, and resolves at once with none when there is no miner.
   */
  mineBlocks(n: number): Promise<BlockEntry[]> {
    if (!Number.isInteger(n) || n < 1) {
      return Promise.reject(new RangeError(`mineBlocks: n must be a positive integer, got ${n}`));
    }
    if (!this.#miner) return Promise.resolve([]);
    return new Promise((resolve) => {
      const mined: BlockEntry[] = [];
      const finish = () => {
        offMined();
        offMining();
        resolve(mined);
      };
      const offMined = this.on('block-mined', ({ entry }) => {
        if (mined.push(entry) < n) return;
        finish();
        this.stopMining();
      });
      const offMining = this.on('mining', ({ active }) => {
        if (!active) finish();
      });
      this.startMining();
    });
  }

  /** True while mining. */
  get mining(): boolean {
    return this.#mining;
  }

  /** The miner port, for workers, throttle and stats. */
  get miner(): MinerPort | undefined {
    return this.#miner;
  }

  /** Sets the message written into this node's rewards. */
  setMinerMessage(message: string): void {
    this.#minerMessage = message;
    this.#refreshJob();
  }

  /** Stops mining, waits for writes and releases the store. */
  async close(): Promise<void> {
    this.stopMining();
    this.#future.clear();
    await this.flush();
    this.#store?.close();
    this.#store = undefined;
  }

  /** A fresh template on the tip goes to the miner at once. */
  #refreshJob(): void {
    if (!this.#mining || !this.#miner) return;
    const message = utf8ToBytes(this.#minerMessage).slice(0, 80);
    this.#job = this.#private
      ? privateTemplate(this.chain, this.#private, {
          minerAddress: this.address,
          message,
          now: this.nowSeconds,
        })
      : this.#chain.template(this.address, message, this.nowSeconds);
    this.#miner.setJob({ template: this.#job, jobId: ++this.#jobId });
  }

  /** A solution is re-checked here, on the main thread, before it is submitted. */
  #onSolution(s: MinedSolution): void {
    const job = this.#job;
    if (!job || s.jobId !== this.#jobId) return;
    const header = { ...job.header, nonce: s.nonce, time: s.time };
    if (!checkProofOfWork(headerHash(header), header.bits, powLimitOf(this.params))) {
      console.error('miner returned a nonce that does not meet the target', s);
      return;
    }
    const block = { header, txs: job.txs };
    const outcome = this.submitBlock(block, 'self');
    if (this.#private && (outcome.status === 'connected' || outcome.status === 'side')) {
      this.#private = { parentId: outcome.entry.id, extra: [] };
    }
    if (outcome.status === 'connected') this.emit('block-mined', { entry: outcome.entry, block });
    // Workers stop after a solution; a block that did not move the tip needs a fresh job.
    else this.#refreshJob();
  }

  #report(result: ProcessResult, block: Block, source: Source): void {
    const o = result.outcome;
    if (o.status === 'rejected') this.#rejected(o.id, o.error, source);
    else if (o.status === 'future') {
      this.emit('block-future', { id: o.id, source });
      this.#future.add(
        block,
        source,
        block.header.time - this.params.futureTimeLimit,
        this.nowSeconds,
      );
    } else if (o.status === 'side') this.emit('block-stale', { entry: o.entry });
  }

  #waitForClock(block: Block, source: Source, id: string): void {
    this.emit('block-future', { id, source });
    const validAt = block.header.time - this.params.futureTimeLimit;
    this.#future.add(block, source, validAt, this.nowSeconds);
  }

  #rejected(id: string, error: RuleError, source: Source): void {
    this.emit('block-rejected', {
      id,
      code: error.code,
      penalty: error.penalty,
      mutated: error.mutated,
      source,
    });
  }

  #afterChainCall(events: readonly ChainEvent[], changes: ChainChanges): void {
    this.#persist(changes);
    let tipMoved = false;
    for (const ev of events) {
      switch (ev.type) {
        case 'block-added':
          this.emit('block-added', { entry: ev.entry });
          break;
        case 'block-connected':
          this.emit('block-connected', { entry: ev.entry, block: ev.block });
          break;
        case 'block-disconnected':
          this.emit('block-disconnected', { entry: ev.entry, block: ev.block });
          break;
        case 'orphan':
          this.emit('orphan', { id: ev.id, missing: hashToHex(ev.missing), source: undefined });
          break;
        case 'block-future':
          this.#waitForClock(ev.block, ev.source, ev.id);
          break;
        case 'block-invalid':
          break;
        case 'tip-changed':
          tipMoved = true;
          if (ev.reorg) this.emit('reorg', ev.reorg);
          this.emit('tip', { tip: ev.tip, previous: ev.previous });
          break;
      }
    }
    if (tipMoved) this.#refreshJob();
  }

  /** Queues a commit; commits that pile up behind a slow disk merge into one transaction. */
  #persist(changes: ChainChanges): void {
    if (!this.#store || this.#persistence.state !== 'ok') return;
    const empty =
      changes.entries.length === 0 &&
      changes.accounts.size === 0 &&
      changes.disconnected.length === 0;
    if (empty && this.#pending === undefined) return;
    this.#pending = this.#pending ? mergeChanges(this.#pending, changes) : changes;
    if (!this.#draining) {
      this.#draining = true;
      this.#writing = this.#drain();
    }
  }

  async #drain(): Promise<void> {
    try {
      while (this.#pending && this.#store && this.#persistence.state === 'ok') {
        const batch = this.#pending;
        this.#pending = undefined;
        try {
          await this.#store.commit(batch);
        } catch (e) {
          this.#stopPersistence(e);
        }
      }
    } finally {
      this.#draining = false;
    }
  }

  #stopPersistence(e: unknown): void {
    const code = e instanceof StoreError ? e.code : 'unknown';
    const message = e instanceof Error ? e.message : String(e);
    this.#pending = undefined;
    this.#persistence = { state: 'stopped', code, message };
    this.emit('persistence', this.#persistence);
  }
}
