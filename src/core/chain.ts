/**
 * The chain: one node's view of one room, in memory and pure. It takes blocks, headers and
 * transactions with the local clock as an argument, keeps every valid block in the tree,
 * follows the most-work chain (first seen on ties), reorganises with undo data and keeps the
 * mempool consistent. It reports what happened as events and what to persist as changes; the
 * node (src/node) does the I/O (Bitcoin Core's ChainstateManager, without the disk).
 */
import type { Block } from './block.js';
import type { BlockOutcome, ChainSnapshot, HeadersResult, ProcessResult } from './chain-types.js';

export type { HeadersResult, ProcessResult };
import { RuleError, asRuleError } from './errors.js';
import type { Hash } from './hash.js';
import { headerHash, type BlockHeader } from './header.js';
import { Mempool, type MempoolLimits } from './mempool.js';
import type { RoomParams } from './params.js';
import { planReorg, reorgInfo } from './reorg.js';
import { genesisBlock, genesisHash } from './room.js';
import { connectBlock } from './rules-connect.js';
import { checkHeaderAgainstParent, judgeBlock } from './judge.js';
import { checkHeaderProofOfWork, powLimitOf } from './rules-sanity.js';
import { AccountState, type Undo } from './state.js';
import { SignatureCache } from './sigcache.js';
import { buildTemplate } from './template.js';
import { BlockTree, hashId, isBetter, type BlockEntry } from './tree.js';
import { OrphanPool } from './orphans.js';
import type { Address, TransferTx } from './tx.js';
import { ChainJournal } from './chain-journal.js';
import { restoreTree } from './chain-restore.js';

/** Options of a chain. */
export interface ChainOptions {
  readonly mempoolLimits?: MempoolLimits;
  /** Resume from a stored snapshot instead of starting at genesis; nothing is re-validated. */
  readonly snapshot?: ChainSnapshot;
}

/** One room's chain. */
export class Chain {
  readonly tree: BlockTree;
  readonly state = new AccountState();
  readonly mempool: Mempool;
  readonly orphans = new OrphanPool();
  readonly chainId: Hash;
  readonly genesis: Block;
  readonly #bodies = new Map<string, Block>();
  readonly #undo = new Map<string, Undo>();
  readonly #active: BlockEntry[] = [];
  readonly #candidates = new Set<BlockEntry>();
  readonly #sigCache = new SignatureCache();
  #seq = 0;
  #journal = new ChainJournal();

  constructor(
    readonly params: RoomParams,
    options: ChainOptions = {},
  ) {
    this.genesis = genesisBlock(params);
    this.chainId = genesisHash(params);
    this.tree = new BlockTree(this.chainId, this.genesis.header);
    this.#bodies.set(this.tree.genesis.id, this.genesis);
    this.#active.push(this.tree.genesis);
    this.#candidates.add(this.tree.genesis);
    this.mempool = new Mempool(this.chainId, options.mempoolLimits);
    if (options.snapshot) this.#restore(options.snapshot);
  }

  /** Rebuilds tree, best chain, state and candidates from a snapshot (parents before children). */
  #restore(snap: ChainSnapshot): void {
    const r = restoreTree(this.tree, snap);
    for (const [id, body] of r.bodies) this.#bodies.set(id, body);
    for (const [id, undo] of r.undo) this.#undo.set(id, undo);
    this.#active.push(...r.active);
    this.#seq = r.maxSeq;
    this.state.load(snap.accounts);
    this.#candidates.clear();
    this.tree.genesis.linked = false;
    this.#link(this.tree.genesis);
  }

  /** The best chain's last block. */
  get tip(): BlockEntry {
    return this.#active[this.#active.length - 1] as BlockEntry;
  }

  /** The best chain's block at a height. */
  activeAt(height: number): BlockEntry | undefined {
    return this.#active[height];
  }

  /** True when the entry is on the best chain. */
  isActive(entry: BlockEntry): boolean {
    return this.#active[entry.height] === entry;
  }

  /** Number of stored bodies, genesis included: best chain plus stale blocks. */
  get storedBlocks(): number {
    return this.#bodies.size;
  }

  /** A stored body. */
  getBlock(id: string): Block | undefined {
    return this.#bodies.get(id);
  }

  /** Undo data of a block on the best chain. */
  getUndo(id: string): Undo | undefined {
    return this.#undo.get(id);
  }

  /** Validates a block and adds it to the tree; `now` is the local clock in seconds. */
  processBlock(block: Block, now: number, source?: string): ProcessResult {
    this.#journal = new ChainJournal();
    const hash = headerHash(block.header);
    let outcome = this.#processOne(block, now, source);
    // Orphans waiting for a block that is now settled (stored, or known invalid) go next.
    const queue = this.#settled(hash) ? this.orphans.takeChildren(hash) : [];
    while (queue.length > 0) {
      const o = queue.shift()!;
      const r = this.#processOne(o.block, now, o.source);
      if (r.status === 'future') {
        this.#journal.events.push({
          type: 'block-future',
          id: o.id,
          block: o.block,
          source: o.source,
        });
      }
      if (this.#settled(o.hash)) queue.push(...this.orphans.takeChildren(o.hash));
    }
    // A block stored as stale can fail to connect once its orphans made its branch the best.
    const entry = this.tree.getByHash(hash);
    if (outcome.status !== 'rejected' && entry && !entry.isValid) {
      const error = this.#journal.errors.get(entry.id) ?? new RuleError('bad-prevblk');
      outcome = { status: 'rejected', id: entry.id, error };
    }
    return {
      outcome,
      events: this.#journal.events,
      changes: this.#journal.finish(this.tip, this.state),
    };
  }

  /** True once a block needs nothing more: its body is stored, or it is known invalid. */
  #settled(hash: Hash): boolean {
    const e = this.tree.getByHash(hash);
    return e !== undefined && (e.hasBody || !e.isValid);
  }

  #processOne(block: Block, now: number, source: string | undefined): BlockOutcome {
    const hash = headerHash(block.header);
    const id = hashId(hash);
    const existing = this.tree.get(id);
    if (existing && !existing.isValid) {
      return {
        status: 'rejected',
        id,
        error: new RuleError(existing.invalidCode ?? 'bad-prevblk', 'known invalid'),
      };
    }
    if (existing?.hasBody) return { status: 'duplicate', entry: existing };
    if (this.orphans.has(id)) {
      return {
        status: 'orphan',
        id,
        missing: this.orphans.missingAncestor(id) ?? block.header.prevHash,
      };
    }
    const parent = this.tree.getByHash(block.header.prevHash);
    // The connect tier runs later, when the block's branch becomes the best (#connectTip).
    const judged = judgeBlock(block, {
      params: this.params,
      now,
      parent,
      hash,
      knownHeader: existing !== undefined,
    });
    const error = judged.error;
    if (judged.tier === 'sanity' && error) {
      // Mutated bodies and unproven headers say nothing about the header's hash: mark nothing.
      if (error.code !== 'high-hash' && !error.mutated && parent) {
        this.#invalidate(existing ?? this.#addEntry(hash, block.header, parent), error);
      }
      return { status: 'rejected', id, error };
    }
    if (!parent) {
      this.orphans.add({ id, hash, block, addedAt: now, source }, now);
      const missing = this.orphans.missingAncestor(id) ?? block.header.prevHash;
      this.#journal.events.push({ type: 'orphan', id, missing });
      return { status: 'orphan', id, missing };
    }
    if (error) {
      // A block from the near future is not an offence and is not remembered.
      if (error.code === 'time-too-new') return { status: 'future', id, error };
      this.#reject(existing ?? this.#addEntry(hash, block.header, parent), error);
      return { status: 'rejected', id, error };
    }
    const entry = existing ?? this.#addEntry(hash, block.header, parent);
    this.#bodies.set(id, block);
    entry.hasBody = true;
    entry.seq = ++this.#seq;
    this.#journal.body(entry, block);
    if (entry.parent?.linked) this.#link(entry);
    this.#activateBestChain();
    if (!entry.isValid) {
      return {
        status: 'rejected',
        id,
        error: this.#journal.errors.get(id) ?? new RuleError('bad-prevblk'),
      };
    }
    if (this.isActive(entry)) return { status: 'connected', entry };
    return entry.linked ? { status: 'side', entry } : { status: 'waiting', entry };
  }

  /** Validates headers (headers-first sync) and adds them to the tree without bodies. */
  processHeaders(headers: readonly BlockHeader[], now: number): HeadersResult {
    this.#journal = new ChainJournal();
    const entries: BlockEntry[] = [];
    let error: RuleError | undefined;
    let unconnecting = false;
    for (const header of headers) {
      const hash = headerHash(header);
      const known = this.tree.getByHash(hash);
      if (known) {
        if (!known.isValid) {
          error = new RuleError(known.invalidCode ?? 'bad-prevblk', 'known invalid');
          break;
        }
        entries.push(known);
        continue;
      }
      try {
        checkHeaderProofOfWork(hash, header.bits, powLimitOf(this.params));
      } catch (e) {
        error = asRuleError(e);
        break;
      }
      const parent = this.tree.getByHash(header.prevHash);
      if (!parent) {
        unconnecting = true;
        break;
      }
      const r = this.#acceptHeader(hash, header, parent, now);
      if (r instanceof RuleError) {
        error = r;
        break;
      }
      entries.push(r);
    }
    return { entries, error, unconnecting, changes: this.#journal.finish(this.tip, this.state) };
  }

  /** Context-checks a header under a known parent and adds its entry, or returns the error. */
  #acceptHeader(
    hash: Hash,
    header: BlockHeader,
    parent: BlockEntry,
    now: number,
  ): BlockEntry | RuleError {
    try {
      checkHeaderAgainstParent(header, parent, now, this.params);
    } catch (e) {
      const error = asRuleError(e);
      // A block from the near future is not an offence and is not remembered.
      if (error.code !== 'time-too-new') this.#reject(this.#addEntry(hash, header, parent), error);
      return error;
    }
    return this.#addEntry(hash, header, parent);
  }

  /** Records a failed block whose parent is known: invalid, or a child of an invalid block. */
  #reject(entry: BlockEntry, error: RuleError): void {
    // Under an invalid parent the entry is already marked (invalid-child); only say why.
    if (entry.parent?.isValid) this.#invalidate(entry, error);
    else this.#journal.errors.set(entry.id, error);
  }

  #addEntry(hash: Hash, header: BlockHeader, parent: BlockEntry): BlockEntry {
    const entry = this.tree.add(hash, header, parent);
    this.#journal.entry(entry);
    this.#journal.events.push({ type: 'block-added', entry });
    return entry;
  }

  #invalidate(entry: BlockEntry, error: RuleError): void {
    for (const e of this.tree.markInvalid(entry, error.code)) {
      this.#candidates.delete(e);
      this.#journal.entry(e);
    }
    this.#journal.errors.set(entry.id, error);
    this.#journal.events.push({ type: 'block-invalid', entry, error });
  }

  /** Marks an entry and its descendants with bodies as connectable (Bitcoin's nChainTx > 0). */
  #link(entry: BlockEntry): void {
    const stack = [entry];
    while (stack.length > 0) {
      const e = stack.pop()!;
      if (!e.hasBody || e.linked || !e.isValid) continue;
      e.linked = true;
      if (!isBetter(this.tip, e)) this.#candidates.add(e);
      stack.push(...e.children);
    }
  }

  #pickBest(): BlockEntry {
    let best = this.tip;
    for (const c of this.#candidates) {
      if (!c.isValid) this.#candidates.delete(c);
      else if (isBetter(c, best)) best = c;
    }
    return best;
  }

  /** Moves to the most-work valid chain (Bitcoin Core ActivateBestChain). */
  #activateBestChain(): void {
    const start = this.tip;
    for (let best = this.#pickBest(); best !== this.tip; best = this.#pickBest()) {
      const plan = planReorg(this.tip, best);
      for (let i = 0; i < plan.disconnect.length; i++) this.#disconnectTip();
      for (const e of plan.connect) {
        try {
          this.#connectTip(e);
        } catch (err) {
          this.#invalidate(e, asRuleError(err));
          break;
        }
      }
    }
    for (const c of this.#candidates) if (isBetter(this.tip, c)) this.#candidates.delete(c);
    if (this.tip !== start) this.#finishTipChange(start);
  }

  #connectTip(entry: BlockEntry): void {
    const block = this.#bodies.get(entry.id)!;
    const result = connectBlock(block, entry.height, this.state, this.params, this.chainId, {
      verified: (tx) => this.#sigCache.has(tx),
    });
    const undo = this.state.apply(result.changes);
    this.#undo.set(entry.id, undo);
    this.#journal.connected(entry.id, undo);
    this.#active.push(entry);
    this.mempool.removeForBlock(block, this.state);
    this.#journal.events.push({ type: 'block-connected', entry, block });
  }

  #disconnectTip(): void {
    const entry = this.#active.pop()!;
    const undo = this.#undo.get(entry.id)!;
    this.state.revert(undo);
    this.#undo.delete(entry.id);
    this.#journal.disconnected(entry.id, undo);
    this.#journal.events.push({
      type: 'block-disconnected',
      entry,
      block: this.#bodies.get(entry.id)!,
    });
  }

  /** Reports the tip change; transfers of blocks that left the chain go back to the mempool. */
  #finishTipChange(previous: BlockEntry): void {
    const plan = planReorg(previous, this.tip);
    const reorg =
      plan.disconnect.length > 0
        ? reorgInfo(plan, (id) => this.#bodies.get(id)!, this.mempool, this.state)
        : undefined;
    this.#journal.events.push({ type: 'tip-changed', tip: this.tip, previous, reorg });
  }

  /** Offers a transfer to the mempool against the current state. */
  addTransaction(tx: TransferTx): ReturnType<Mempool['add']> {
    const result = this.mempool.add(tx, this.state);
    if (result.ok) this.#sigCache.add(tx);
    return result;
  }

  /** A block template on the current tip for a miner. `now` in seconds. */
  template(minerAddress: Address, message: Uint8Array, now: number): Block {
    return buildTemplate({
      parent: this.tip,
      params: this.params,
      view: this.state,
      mempool: this.mempool,
      minerAddress,
      message,
      now,
    });
  }
}
