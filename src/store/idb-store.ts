/**
 * The BlockStore on IndexedDB: one database per node and room (see databases.ts).
 *
 * Atomicity: a commit writes block records (entry, body, undo data), accounts and the tip in ONE
 * readwrite transaction over every store, so a tab closed mid-commit leaves all of it or none
 * of it (threat model 38). Transactions are created synchronously inside commit(), and
 * IndexedDB runs overlapping readwrite transactions in creation order, so commits apply in
 * call order even when the caller does not await each one.
 *
 * Durability: block commits use the browser's default, which is 'relaxed' since Chrome 121
 * (and always was in Firefox and Safari): `complete` fires once the OS has the data, so a
 * power loss may drop the last few commits. That is recoverable: every commit is atomic, so
 * the database is an older consistent chain, and the missing blocks come back by resync from
 * peers (threat model 40). Writes that cannot be re-fetched from peers (meta keys such as the
 * node identity, and the schema stamp after a migration) ask for 'strict'.
 */
import { unwrap, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { encodeBlock } from '../core/block.js';
import type { ChainChanges, ChainSnapshot } from '../core/chain-types.js';
import { StoreError, type BlockStore, type StoreErrorCode } from '../node/ports.js';
import { toStoreError, transactionEnd } from './idb-errors.js';
import { accountRecord, encodeUndo, entryRecord, type EntryRecord } from './records.js';
import { assembleSnapshot, decodeAccounts, decodeBlockRecords } from './snapshot.js';
import {
  META_SCHEMA,
  META_TIP,
  SCHEMA_VERSION,
  STORE_NAMES,
  openTabchainDb,
  type OpenCallbacks,
  type TabchainDB,
} from './schema.js';

/** Why an IdbStore closed itself. */
export type CloseReason = 'versionchange' | 'terminated';

/** Options of IdbStore.open. */
export interface IdbStoreOptions extends Pick<
  OpenCallbacks,
  'factory' | 'blockedTimeoutMs' | 'onBlocked' | 'version'
> {
  /**
   * The store closed itself: another tab upgrades or deletes the database ('versionchange'),
   * or the browser dropped the connection ('terminated', e.g. site data cleared). Further
   * commits reject with StoreError('closed'); the node goes on in memory.
   */
  readonly onClose?: (reason: CloseReason) => void;
  /** Fault injection for tests only. */
  readonly testHooks?: IdbTestHooks;
}

/** Points in a commit where tests can intervene. */
export interface IdbTestHooks {
  /**
   * Called once every write but the tip's is queued (reads of records to merge may still be
   * pending); `tx.abort()` here plays a crash between the block writes and the tip.
   */
  readonly beforeTip?: (tx: IDBTransaction) => void;
}

/** A node's chain in IndexedDB. */
export class IdbStore implements BlockStore {
  readonly #db: IDBPDatabase<TabchainDB>;
  readonly #options: IdbStoreOptions;
  #closed = false;
  #failures: { code: StoreErrorCode; count: number } | undefined;

  private constructor(
    /** The database name. */
    readonly name: string,
    db: IDBPDatabase<TabchainDB>,
    options: IdbStoreOptions,
  ) {
    this.#db = db;
    this.#options = options;
  }

  /**
   * Opens or creates the database `name`. Rejects with StoreError 'blocked' (another tab
   * holds an older version open past the timeout), 'version' (the database is newer than
   * this code) or 'unknown'.
   */
  static async open(name: string, options: IdbStoreOptions = {}): Promise<IdbStore> {
    // Connection events arrive only after open resolves, by which time the store exists.
    const self: { store?: IdbStore } = {};
    const opened = await openTabchainDb(name, {
      factory: options.factory,
      blockedTimeoutMs: options.blockedTimeoutMs,
      onBlocked: options.onBlocked,
      version: options.version,
      onVersionChange: () => self.store?.lose('versionchange'),
      onTerminated: () => self.store?.lose('terminated'),
    });
    const store = (self.store = new IdbStore(name, opened.db, options));
    // A migration must not be lost to a power cut: restamp it with a flush to disk.
    if (opened.upgradedFrom !== undefined) {
      try {
        await store.#putMeta(META_SCHEMA, SCHEMA_VERSION);
      } catch (e) {
        store.close();
        throw e;
      }
    }
    return store;
  }

  /** True once closed, by close() or by the browser or another tab. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Reads everything in one readonly transaction with getAll: no cursors, no per-record
   * waits. Block records (one per block) are decoded while the accounts are still read.
   */
  async load(): Promise<ChainSnapshot | undefined> {
    const tx = this.#transaction('readonly', 'load');
    try {
      const accountStore = tx.objectStore('accounts');
      const tip = tx.objectStore('meta').get(META_TIP);
      const blocks = tx.objectStore('entries').getAll().then(decodeBlockRecords);
      const accounts = Promise.all([accountStore.getAllKeys(), accountStore.getAll()]).then(
        ([k, v]) => decodeAccounts(k, v),
      );
      const [t, b, a] = await Promise.all([tip, blocks, accounts, tx.done]);
      return assembleSnapshot({ tip: t, blocks: b, accounts: a });
    } catch (e) {
      throw toStoreError(e, `load from ${this.name}`, unwrap(tx));
    }
  }

  /** Writes one call's changes in one transaction (see the file comment). */
  commit(changes: ChainChanges): Promise<void> {
    let tx: IDBTransaction;
    try {
      tx = this.#rawWriteTransaction();
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    const end = transactionEnd(tx);
    const failure = this.#takeFailure();
    const what = `commit to ${this.name}`;
    try {
      writeChanges(tx, changes, this.#options.testHooks);
      // A simulated failure aborts after every write, as a full disk does at commit time.
      if (failure) tx.abort();
    } catch (e) {
      abortQuietly(tx);
      return end.then(
        () => Promise.reject(toStoreError(e, what, tx)),
        () => Promise.reject(toStoreError(e, what, tx)),
      );
    }
    return end.catch((e: unknown) => {
      if (failure) throw new StoreError(failure, `${what} failed (${failure}): simulated`);
      const error = toStoreError(e, what, tx);
      // The browser dropped the connection mid-commit: report it as the close it is.
      if (error.code !== 'unknown' || !this.#closed) throw error;
      throw new StoreError('closed', error.message, { cause: error.cause });
    });
  }

  /** A value the node keeps beside the chain (e.g. 'identity'); undefined if never set. */
  async getMeta<T = unknown>(key: string): Promise<T | undefined> {
    const tx = this.#transaction('readonly', 'getMeta', ['meta']);
    try {
      const [value] = await Promise.all([tx.objectStore('meta').get(key), tx.done]);
      return value as T | undefined;
    } catch (e) {
      throw toStoreError(e, `getMeta(${key}) from ${this.name}`, unwrap(tx));
    }
  }

  /** Stores a node value with strict durability: it cannot be re-fetched from peers. */
  setMeta(key: string, value: unknown): Promise<void> {
    if (key === META_TIP || key === META_SCHEMA) {
      return Promise.reject(new RangeError(`meta key '${key}' belongs to the store`));
    }
    return this.#putMeta(key, value);
  }

  /** Removes a node value (strict durability). */
  deleteMeta(key: string): Promise<void> {
    if (key === META_TIP || key === META_SCHEMA) {
      return Promise.reject(new RangeError(`meta key '${key}' belongs to the store`));
    }
    return this.#putMeta(key, undefined);
  }

  /** Test fault injection: the next `count` commits write everything, then abort with `code`. */
  failNextCommits(code: StoreErrorCode = 'quota', count = 1): void {
    this.#failures = count > 0 ? { code, count } : undefined;
  }

  /** Closes the connection; later calls reject with StoreError('closed'). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }

  /** Closes because someone else needs the database, and tells the node (internal). */
  private lose(reason: CloseReason): void {
    if (this.#closed) return;
    this.close();
    this.#options.onClose?.(reason);
  }

  #transaction<M extends IDBTransactionMode>(
    mode: M,
    what: string,
    stores: readonly StoreNames<TabchainDB>[] = STORE_NAMES,
    durability?: IDBTransactionDurability,
  ): IDBPTransaction<TabchainDB, StoreNames<TabchainDB>[], M> {
    if (this.#closed) throw new StoreError('closed', `${what} on ${this.name}: store closed`);
    try {
      const options = durability ? { durability } : undefined;
      return this.#db.transaction([...stores], mode, options);
    } catch (e) {
      throw toStoreError(e, `${what} on ${this.name}`);
    }
  }

  /**
   * A readwrite transaction over every store, unwrapped: idb would attach a `done` promise to
   * a wrapped one, which rejects unhandled when a commit aborts; commit() waits on its own.
   */
  #rawWriteTransaction(): IDBTransaction {
    if (this.#closed) throw new StoreError('closed', `commit on ${this.name}: store closed`);
    try {
      return unwrap(this.#db).transaction([...STORE_NAMES], 'readwrite');
    } catch (e) {
      throw toStoreError(e, `commit on ${this.name}`);
    }
  }

  /** Puts (or deletes, for undefined) a meta value with strict durability. */
  async #putMeta(key: string, value: unknown): Promise<void> {
    const tx = this.#transaction('readwrite', 'setMeta', ['meta'], 'strict');
    const meta = tx.objectStore('meta');
    try {
      await Promise.all([value === undefined ? meta.delete(key) : meta.put(value, key), tx.done]);
    } catch (e) {
      throw toStoreError(e, `setMeta(${key}) on ${this.name}`, unwrap(tx));
    }
  }

  #takeFailure(): StoreErrorCode | undefined {
    const f = this.#failures;
    if (!f) return undefined;
    if (--f.count <= 0) this.#failures = undefined;
    return f.code;
  }
}

/** What one commit changes of one block's record; undo null: drop the block's undo data. */
interface BlockWrite {
  entry?: EntryRecord;
  body?: Uint8Array;
  undo?: Uint8Array | null;
}

/**
 * Queues every write of a commit on a raw transaction. Raw requests rather than idb's
 * promises: a failing request aborts the transaction by itself, and no per-request promise
 * is left to reject unhandled; the caller waits for the transaction's end alone.
 *
 * A block's entry, body and undo share one record, so a commit's changes are merged per
 * block and written with one put. Everything is encoded now, as the entry objects change
 * later. A record the changes fully determine is put directly: an entry with a new body (a
 * body is stored once, and before it the block could not be connected, so no older body or
 * undo exists), or an entry without a body (hasBody never turns false, so it has neither).
 * Any other change (a status, a reconnect's undo, a disconnect) reads the record first and
 * puts the merge, still inside the same transaction, so a commit stays all-or-nothing.
 */
function writeChanges(tx: IDBTransaction, changes: ChainChanges, hooks?: IdbTestHooks): void {
  const entries = tx.objectStore('entries');
  const accounts = tx.objectStore('accounts');
  const writes = new Map<string, BlockWrite>();
  const write = (id: string): BlockWrite => {
    let w = writes.get(id);
    if (!w) writes.set(id, (w = {}));
    return w;
  };
  for (const e of changes.entries) write(e.id).entry = entryRecord(e);
  for (const [id, block] of changes.bodies) write(id).body = encodeBlock(block);
  // Disconnects before connects: a block disconnected and reconnected in one call keeps its
  // new undo.
  for (const id of changes.disconnected) write(id).undo = null;
  for (const [id, u] of changes.undo) write(id).undo = encodeUndo(u);
  for (const [id, w] of writes) {
    if (w.entry && (w.body !== undefined || !w.entry.hasBody)) {
      entries.put(merged(w.entry, w));
    } else {
      const read = entries.get(id);
      read.onsuccess = () => {
        const base = w.entry ?? (read.result as EntryRecord | undefined);
        // Body or undo of a block never stored: nothing to attach them to (cannot happen).
        if (base) entries.put(merged(base, w, read.result as EntryRecord | undefined));
      };
    }
  }
  for (const [address, a] of changes.accounts) {
    if (a.balance === 0n && a.nonce === 0) accounts.delete(address);
    else accounts.put(accountRecord(a), address);
  }
  hooks?.beforeTip?.(tx);
  tx.objectStore('meta').put(changes.tip.id, META_TIP);
}

/** The record of `entry` with the write's body and undo, else those of the stored record. */
function merged(entry: EntryRecord, w: BlockWrite, stored?: EntryRecord): EntryRecord {
  const { body: _b, undo: _u, ...fields } = entry;
  const body = w.body ?? stored?.body;
  const undo = w.undo === undefined ? stored?.undo : w.undo;
  return {
    ...fields,
    ...(body === undefined ? {} : { body }),
    ...(undo === null || undo === undefined ? {} : { undo }),
  };
}

function abortQuietly(tx: IDBTransaction): void {
  try {
    tx.abort();
  } catch {
    // Already finished or aborted: nothing left to undo.
  }
}
