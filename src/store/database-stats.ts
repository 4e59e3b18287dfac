/**
 * What a node database holds, read without loading its chain: the "this browser's chains"
 * list shows it for every database on the origin, so it must be cheap (one count and two
 * gets), must never create, upgrade or hold up a database, and must never throw.
 */
import { parseNodeDatabaseName } from './databases.js';
import { META_TIP } from './schema.js';

/** How long to wait for a database to open (a pending delete or upgrade holds opens back). */
export const DEFAULT_STATS_TIMEOUT_MS = 2_000;

/** A node database's size in blocks. */
export interface NodeDatabaseStats {
  /** Tree entries stored: every block and header but the genesis (derived, never stored). */
  readonly entries: number;
  /** Height of the stored tip; undefined before the first commit. */
  readonly height: number | undefined;
}

/**
 * The stats of a node database, or undefined when they cannot be read cheaply: not a node
 * database, gone (it is not created: the creating upgrade is aborted), a layout without
 * `entries` and `meta`, an open still waiting after timeoutMs, or any error.
 */
export function nodeDatabaseStats(
  name: string,
  factory: IDBFactory = indexedDB,
  timeoutMs = DEFAULT_STATS_TIMEOUT_MS,
): Promise<NodeDatabaseStats | undefined> {
  if (!parseNodeDatabaseName(name)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (stats: NodeDatabaseStats | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(stats);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    let request: IDBOpenDBRequest;
    try {
      // No version: an existing database opens as it is, never upgraded.
      request = factory.open(name);
    } catch {
      finish(undefined);
      return;
    }
    // Only a database that does not exist gets an upgrade here: abort, so none is made.
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onerror = () => finish(undefined);
    request.onsuccess = () => {
      const db = request.result;
      // Another tab's delete or upgrade must never wait on this reader.
      db.onversionchange = () => db.close();
      if (settled) {
        db.close();
        return;
      }
      read(db).then(
        (stats) => {
          db.close();
          finish(stats);
        },
        () => {
          db.close();
          finish(undefined);
        },
      );
    };
  });
}

function read(db: IDBDatabase): Promise<NodeDatabaseStats | undefined> {
  const names = db.objectStoreNames;
  if (!names.contains('entries') || !names.contains('meta')) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const tx = db.transaction(['entries', 'meta'], 'readonly');
    const entries = tx.objectStore('entries');
    let count = 0;
    let height: number | undefined;
    entries.count().onsuccess = (e) => {
      count = (e.target as IDBRequest<number>).result;
    };
    tx.objectStore('meta').get(META_TIP).onsuccess = (e) => {
      const tip: unknown = (e.target as IDBRequest<unknown>).result;
      if (typeof tip !== 'string') return;
      entries.get(tip).onsuccess = (ev) => {
        const h = ((ev.target as IDBRequest<unknown>).result as { height?: unknown } | undefined)
          ?.height;
        if (Number.isSafeInteger(h) && (h as number) >= 0) height = h as number;
      };
    };
    tx.oncomplete = () => resolve({ entries: count, height });
    tx.onerror = () => reject(tx.error ?? new Error('stats read failed'));
    tx.onabort = () => reject(tx.error ?? new Error('stats read aborted'));
  });
}
