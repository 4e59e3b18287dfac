/**
 * The node database's schema and how it is opened: a versioned layout with one upgrade path
 * per version, and a bounded wait when another tab holds an older version open.
 */
import { wrap, type DBSchema, type IDBPDatabase, type StoreNames } from 'idb';
import { StoreError } from '../node/ports.js';
import { toStoreError } from './idb-errors.js';
import { migrateToV2 } from './migrate-v2.js';
import type { AccountRecord, EntryRecord } from './records.js';

/** Current schema version; bump it and add a step to `upgrade` for every layout change. */
export const SCHEMA_VERSION = 2;

/** The object stores and their records. */
export interface TabchainDB extends DBSchema {
  /**
   * Every tree entry, stale branches and invalid blocks included, each with its body and its
   * undo data (best chain only) in the same record: a load reads one record per block.
   */
  entries: { key: string; value: EntryRecord };
  /** Address hex -> account; empty accounts are deleted, not stored. */
  accounts: { key: string; value: AccountRecord };
  /** 'tip' -> block id, 'schema' -> version, and free keys of the node (getMeta/setMeta). */
  meta: { key: string; value: unknown };
}

/** Every object store: a commit spans all of them in one transaction. */
export const STORE_NAMES: readonly StoreNames<TabchainDB>[] = ['entries', 'accounts', 'meta'];

/** Meta key of the tip's block id (owned by the store, like META_SCHEMA). */
export const META_TIP = 'tip';
/** Meta key of the schema version the data was last written with. */
export const META_SCHEMA = 'schema';

/** How long open() waits on tabs that keep an older version open (they were asked to close). */
export const DEFAULT_BLOCKED_TIMEOUT_MS = 10_000;

/**
 * Brings a database from oldVersion to the current layout, one version step after another: a
 * new database (version 0) runs every step. Runs inside the versionchange transaction, so a
 * migration is all-or-nothing like a commit.
 */
export function upgrade(db: IDBDatabase, oldVersion: number, tx: IDBTransaction): void {
  if (oldVersion < 1) {
    // Version 1's `blocks` and `undo` stores are not made only to be dropped: a new database
    // starts in the version 2 layout.
    db.createObjectStore('entries', { keyPath: 'id' });
    db.createObjectStore('accounts');
    db.createObjectStore('meta');
  } else if (oldVersion < 2) {
    migrateToV2(db, tx);
  }
  tx.objectStore('meta').put(SCHEMA_VERSION, META_SCHEMA);
}

/** What to do while opening and when the open connection is lost. */
export interface OpenCallbacks {
  /** Where the database lives: `indexedDB`, or a Storage Bucket's (navigator.storageBuckets). */
  readonly factory?: IDBFactory;
  /** Schema version to open; tests use a higher one to play another tab's upgrade. */
  readonly version?: number;
  /** Give up on a blocked open after this long (default DEFAULT_BLOCKED_TIMEOUT_MS). */
  readonly blockedTimeoutMs?: number;
  /** Another tab keeps an older version open: tell the user to close it. */
  readonly onBlocked?: () => void;
  /** This connection blocks another tab's upgrade or delete: it must close. */
  readonly onVersionChange?: () => void;
  /** The browser closed the connection (storage cleared, disk error). */
  readonly onTerminated?: () => void;
}

/** An open database, and the version it was upgraded from if open() ran a migration. */
export interface OpenedDb {
  readonly db: IDBPDatabase<TabchainDB>;
  readonly upgradedFrom: number | undefined;
}

/**
 * Opens (creating or upgrading) a node database. A blocked open rejects with
 * StoreError('blocked') after the timeout; should it succeed later, that connection is
 * closed at once so it blocks nobody in turn. A newer version on disk: StoreError('version').
 */
export function openTabchainDb(name: string, callbacks: OpenCallbacks = {}): Promise<OpenedDb> {
  const timeoutMs = callbacks.blockedTimeoutMs ?? DEFAULT_BLOCKED_TIMEOUT_MS;
  let gaveUp = false;
  let upgradedFrom: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return new Promise((resolve, reject) => {
    // idb's openDB, on any factory (it only opens the global one); wrap() makes the same connection.
    const request = (callbacks.factory ?? indexedDB).open(
      name,
      callbacks.version ?? SCHEMA_VERSION,
    );
    request.onupgradeneeded = (event) => {
      upgradedFrom = event.oldVersion;
      if (request.transaction) upgrade(request.result, event.oldVersion, request.transaction);
    };
    request.onblocked = () => {
      callbacks.onBlocked?.();
      timer ??= setTimeout(() => {
        gaveUp = true;
        reject(
          new StoreError('blocked', `opening ${name}: blocked by another tab for ${timeoutMs} ms`),
        );
      }, timeoutMs);
    };
    request.onsuccess = () => {
      const db = request.result;
      clearTimeout(timer);
      if (gaveUp) return db.close();
      db.addEventListener('versionchange', () => callbacks.onVersionChange?.());
      db.addEventListener('close', () => callbacks.onTerminated?.());
      resolve({ db: wrap(db) as IDBPDatabase<TabchainDB>, upgradedFrom });
    };
    request.onerror = () => {
      clearTimeout(timer);
      if (!gaveUp) reject(toStoreError(request.error, `opening ${name}`));
    };
  });
}
