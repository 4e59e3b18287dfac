/**
 * What the benchmark page (bench-page.ts, served from tests/bench/bench.html) offers the
 * runner as `window.bench`, and the messages of its kernel worker. Types only.
 */
import type { KernelName } from '../../src/mining/kernel.js';
import type { PoolBenchResult } from '../support/pool-bench.js';

/** Blocks shipped to a page as hex of their wire encoding. */
export interface BlockSet {
  /** Blocks connected before the clock starts (e.g. rewards that fund the senders). */
  readonly prefix: readonly string[];
  /** The timed blocks, in chain order. */
  readonly blocks: readonly string[];
  /** Transfers in each timed block. */
  readonly transfersPerBlock: number;
}

/** One round of the kernel worker: nonces per second of each hasher, in one Web Worker. */
export interface KernelRound {
  /** Kernel name or 'noble' -> nonces per second. */
  readonly rates: Readonly<Record<string, number>>;
  /** The kernels this worker supports (the others were not measured). */
  readonly supported: readonly KernelName[];
}

/**
 * A request to the kernel worker: measure every supported kernel and noble for ms each, or
 * only the one kernel named.
 */
export interface KernelRequest {
  readonly ms: number;
  readonly only?: KernelName;
}

/** The kernel worker's answer. */
export type KernelReply =
  | { readonly ok: true; readonly round: KernelRound }
  | { readonly ok: false; readonly error: string };

/** One round of the connect benchmark: the same blocks through two paths in one page. */
export interface ConnectRound {
  readonly blocks: number;
  /** Node.open on an IdbStore, submitBlock for each block, then flush. */
  readonly nodeIdbMs: number;
  /** A core Chain in memory, processBlock for each block. */
  readonly chainMs: number;
  /** The node again, awaiting flush after every block; when asked for. */
  readonly nodeIdbEachMs: number | undefined;
}

/** window.bench. */
export interface BenchPageApi {
  /** navigator.hardwareConcurrency. */
  cores(): number;
  /** Measures every kernel and noble in a dedicated Web Worker (kept across rounds). */
  kernelRound(ms: number): Promise<KernelRound>;
  /**
   * Starts `workers` fresh kernel workers that hash one kernel at the same time (no pool, no
   * messages while hashing) and returns each one's nonces per second.
   */
  bareWorkers(kernel: KernelName, workers: number, ms: number): Promise<number[]>;
  /** tests/support/pool-bench.ts measurePool in this page. */
  pool(workers: number, warmupMs: number, ms: number): Promise<PoolBenchResult>;
  /** Keeps a block set in the page under a name. */
  loadSet(name: string, set: BlockSet): void;
  /**
   * One connect round of a loaded set in the room of the query; `first` says which path goes
   * first; `flushEach` adds a pass of the node that flushes after every block.
   */
  connectRound(
    name: string,
    roomQuery: string,
    first: 'node' | 'chain',
    flushEach: boolean,
  ): Promise<ConnectRound>;
}

declare global {
  interface Window {
    /** The benchmark page's API (tests/bench only). */
    bench?: BenchPageApi;
  }
}
