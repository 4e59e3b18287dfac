/**
 * The BlockStore in memory, with the IndexedDB store's semantics: used by tests, by the
 * headless peer, and by the node as the fallback once persistence stops. It can play a full
 * disk, so the node's quota path runs in plain Node tests.
 */
import type { Block } from '../core/block.js';
import type { ChainChanges, ChainSnapshot, StoredEntry } from '../core/chain-types.js';
import type { Account, Undo } from '../core/state.js';
import { StoreError, type BlockStore, type StoreErrorCode } from '../node/ports.js';

/** What a memory store holds; shared by the stores reopened over it. */
interface MemoryData {
  readonly entries: Map<string, StoredEntry>;
  readonly bodies: Map<string, Block>;
  readonly undo: Map<string, Undo>;
  readonly accounts: Map<string, Account>;
  readonly meta: Map<string, unknown>;
  tipId: string | undefined;
}

/** A chain store in memory. */
export class MemoryStore implements BlockStore {
  #data: MemoryData;
  #closed = false;
  #failures: { code: StoreErrorCode; count: number } | undefined;

  /** An empty store. */
  constructor() {
    this.#data = {
      entries: new Map(),
      bodies: new Map(),
      undo: new Map(),
      accounts: new Map(),
      meta: new Map(),
      tipId: undefined,
    };
  }

  /** A new store over this one's data, as a restarted tab would find it; closes this one. */
  reopen(): MemoryStore {
    this.close();
    const next = new MemoryStore();
    next.#data = this.#data;
    return next;
  }

  /** True once closed. */
  get closed(): boolean {
    return this.#closed;
  }

  /** A copy of what was committed, or undefined before the first commit. */
  load(): Promise<ChainSnapshot | undefined> {
    if (this.#closed) return Promise.reject(closedError('load'));
    const d = this.#data;
    if (d.tipId === undefined) return Promise.resolve(undefined);
    return Promise.resolve({
      entries: [...d.entries.values()],
      bodies: new Map(d.bodies),
      undo: new Map(d.undo),
      tipId: d.tipId,
      accounts: [...d.accounts],
    });
  }

  /**
   * Applies the changes all at once or, on a simulated failure, not at all. Entries are
   * copied now: the chain keeps mutating its BlockEntry objects after the call.
   */
  commit(changes: ChainChanges): Promise<void> {
    if (this.#closed) return Promise.reject(closedError('commit'));
    const failure = this.#takeFailure();
    if (failure) {
      return Promise.reject(new StoreError(failure, `commit failed (${failure}): simulated`));
    }
    const d = this.#data;
    for (const e of changes.entries) {
      d.entries.set(e.id, {
        id: e.id,
        header: e.header,
        height: e.height,
        status: e.status,
        invalidCode: e.invalidCode,
        seq: e.seq,
        hasBody: e.hasBody,
      });
    }
    for (const [id, block] of changes.bodies) d.bodies.set(id, block);
    // Deletes before puts, as in IndexedDB: a block reconnected in the same call keeps its undo.
    for (const id of changes.disconnected) d.undo.delete(id);
    for (const [id, u] of changes.undo) d.undo.set(id, u);
    for (const [address, a] of changes.accounts) {
      if (a.balance === 0n && a.nonce === 0) d.accounts.delete(address);
      else d.accounts.set(address, a);
    }
    d.tipId = changes.tip.id;
    return Promise.resolve();
  }

  /** A value the node keeps beside the chain; undefined if never set. */
  getMeta<T = unknown>(key: string): Promise<T | undefined> {
    if (this.#closed) return Promise.reject(closedError('getMeta'));
    return Promise.resolve(this.#data.meta.get(key) as T | undefined);
  }

  /** Stores a node value (undefined deletes it). */
  setMeta(key: string, value: unknown): Promise<void> {
    if (this.#closed) return Promise.reject(closedError('setMeta'));
    if (value === undefined) this.#data.meta.delete(key);
    else this.#data.meta.set(key, value);
    return Promise.resolve();
  }

  /** Plays a full disk (or another failure): the next `count` commits reject, writing nothing. */
  failNextCommits(code: StoreErrorCode = 'quota', count = 1): void {
    this.#failures = count > 0 ? { code, count } : undefined;
  }

  /** Later calls reject with StoreError('closed'); the data stays for reopen(). */
  close(): void {
    this.#closed = true;
  }

  #takeFailure(): StoreErrorCode | undefined {
    const f = this.#failures;
    if (!f) return undefined;
    if (--f.count <= 0) this.#failures = undefined;
    return f.code;
  }
}

function closedError(what: string): StoreError {
  return new StoreError('closed', `${what} on a closed memory store`);
}
