/** Fault injection the end-to-end tests reach through window.tabchain.debug. */
import type { IdbTestHooks } from '../store/idb-store.js';

/** Faults armed from the console, carried out by the store's test hooks. */
export interface DebugHooks {
  /** Aborts the next commit after its blocks are written but before the tip moves. */
  crashNextCommit: boolean;
}

/** The IndexedDB store hooks that carry out the armed faults. */
export function debugStoreHooks(debug: DebugHooks): IdbTestHooks {
  return {
    beforeTip: (tx) => {
      if (!debug.crashNextCommit) return;
      debug.crashNextCommit = false;
      tx.abort();
    },
  };
}
