/**
 * Schema version 1 -> 2: version 1 kept a block in three records (`entries`, `blocks` keyed
 * by id, `undo` keyed by id); version 2 keeps all of it in the `entries` record, so a load
 * reads a third of the records. Runs inside the versionchange transaction: a migration that
 * fails (or a tab closed mid-way) leaves the version 1 database as it was.
 */
import type { EntryRecord } from './records.js';

/**
 * Reads the version 1 stores through `tx`, rewrites every entry with its body and undo, and
 * drops `blocks` and `undo`. A body or undo record without an entry aborts the upgrade: the
 * version 1 load would have refused such a database too, and dropping it silently could
 * restore a different chain.
 */
export function migrateToV2(db: IDBDatabase, tx: IDBTransaction): void {
  const entries = tx.objectStore('entries');
  const requests = [
    entries.getAll(),
    tx.objectStore('blocks').getAllKeys(),
    tx.objectStore('blocks').getAll(),
    tx.objectStore('undo').getAllKeys(),
    tx.objectStore('undo').getAll(),
  ];
  let pending = requests.length;
  const done = (): void => {
    if (--pending > 0) return;
    const [recs, blockKeys, blocks, undoKeys, undos] = requests.map((r) => r.result as unknown[]);
    const byId = new Map<unknown, EntryRecord>();
    for (const r of recs!) byId.set((r as EntryRecord).id, { ...(r as EntryRecord) });
    const attach = (keys: unknown[], values: unknown[], field: 'body' | 'undo'): boolean =>
      keys.every((key, i) => {
        const r = byId.get(key);
        if (r) byId.set(key, { ...r, [field]: values[i] });
        return r !== undefined;
      });
    if (!attach(blockKeys!, blocks!, 'body') || !attach(undoKeys!, undos!, 'undo')) {
      tx.abort();
      return;
    }
    for (const r of byId.values()) entries.put(r);
    db.deleteObjectStore('blocks');
    db.deleteObjectStore('undo');
  };
  for (const r of requests) r.onsuccess = done;
}
