/**
 * A writer of the schema version 1 layout (entries, blocks and undo in three stores), kept
 * only to test the migration to version 2: the store itself no longer writes it.
 */
import { openDB } from 'idb';
import { encodeBlock } from '../../src/core/block.js';
import type { ChainChanges } from '../../src/core/chain-types.js';
import { accountRecord, encodeUndo, entryRecord } from '../../src/store/records.js';

/** Extra records that break the version 1 data, for the failure path. */
export interface V1Extras {
  /** Block id -> body bytes written to `blocks` without an entry. */
  readonly orphanBodies?: ReadonlyMap<string, Uint8Array>;
}

/** Creates database `name` at version 1 and writes `changes` the way version 1 did. */
export async function writeV1Database(
  name: string,
  changes: ChainChanges,
  extras: V1Extras = {},
): Promise<void> {
  const db = await openDB(name, 1, {
    upgrade(d) {
      d.createObjectStore('entries', { keyPath: 'id' });
      for (const s of ['blocks', 'undo', 'accounts', 'meta']) d.createObjectStore(s);
    },
  });
  const tx = db.transaction(['entries', 'blocks', 'undo', 'accounts', 'meta'], 'readwrite');
  const put = (store: string, value: unknown, key?: string) =>
    void tx.objectStore(store).put(value, key);
  for (const e of changes.entries) put('entries', entryRecord(e));
  for (const [id, b] of changes.bodies) put('blocks', encodeBlock(b), id);
  for (const [id, bytes] of extras.orphanBodies ?? []) put('blocks', bytes, id);
  for (const [id, u] of changes.undo) put('undo', encodeUndo(u), id);
  for (const [address, a] of changes.accounts) put('accounts', accountRecord(a), address);
  put('meta', changes.tip.id, 'tip');
  put('meta', 1, 'schema');
  await tx.done;
  db.close();
}
