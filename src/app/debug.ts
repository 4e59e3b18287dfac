/**
 * `window.tabchain.debug`: fault injection and timing probes for the end-to-end tests and the
 * benchmarks. Only a build made with VITE_TABCHAIN_DEBUG=1 has it (Playwright's web server and
 * the benchmarks build so); src/main.ts leaves it out of every other build, `npm start`'s too.
 */
import { hexToBytes } from '../core/bytes.js';
import { decodeBlock } from '../core/block.js';
import { Chain } from '../core/chain.js';
import type { IdbTestHooks } from '../store/idb-store.js';
import type { BootedNode } from './boot.js';

/** Whether this build has the debug hooks: a constant, so a build without drops them. */
export const DEBUG_BUILD = import.meta.env.VITE_TABCHAIN_DEBUG === '1';

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

/** The console's `debug` calls on a booted node whose store carries `hooks`. */
export function consoleDebug(booted: BootedNode, hooks: DebugHooks) {
  const { node } = booted;
  return {
    /** The next commit is aborted after its blocks are written, before the tip moves. */
    crashNextCommit: () => {
      hooks.crashNextCommit = true;
    },
    /** Offers a block (hex) and waits until it is stored; milliseconds taken. */
    timeSubmitHex: async (hex: string) => {
      const block = decodeBlock(hexToBytes(hex));
      const t0 = performance.now();
      node.submitBlock(block, 'console');
      await node.flush();
      return performance.now() - t0;
    },
    /** Connects blocks (hex, in order) to a fresh chain in memory; milliseconds taken. */
    connectInMemory: (hexes: string[]) => {
      const blocks = hexes.map((h) => decodeBlock(hexToBytes(h)));
      const fresh = new Chain(node.params);
      const t0 = performance.now();
      for (const b of blocks) fresh.processBlock(b, node.nowSeconds);
      return { ms: performance.now() - t0, height: fresh.tip.height };
    },
    /** The next commit fails as if the disk were full. */
    failNextCommitWithQuota: () => {
      const store = booted.store as { failNextCommits?: (code: 'quota') => void };
      store.failNextCommits?.('quota');
    },
  };
}

/** The debug calls' type. */
export type ConsoleDebug = ReturnType<typeof consoleDebug>;
