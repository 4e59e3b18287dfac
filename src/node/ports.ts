/**
 * The ports the node is built from (btcd's layering: the chain logic declares interfaces,
 * adapters implement them). src/main.ts picks the concrete adapters; tests pick others.
 */
import type { Block } from '../core/block.js';
import type { ChainChanges, ChainSnapshot } from '../core/chain-types.js';

/** Where a node keeps its chain. One implementation on IndexedDB, one in memory. */
export interface BlockStore {
  /** What was persisted, or undefined when the store is new. Never replays the chain. */
  load(): Promise<ChainSnapshot | undefined>;
  /**
   * Writes one call's changes (new entries, bodies, undo data, accounts, the tip) in ONE
   * transaction: after a crash there is all of it or none of it.
   * Rejects with a StoreError ('quota' when the disk is full).
   */
  commit(changes: ChainChanges): Promise<void>;
  /** Releases the store (the database connection). */
  close(): void;
}

/** Why a store failed. */
export type StoreErrorCode = 'quota' | 'closed' | 'blocked' | 'version' | 'unknown';

/** A store failure with a stable code. */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/** Local time. The only clock the node reads. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** A job for the miner: a block template whose header nonce it searches. */
export interface MiningJob {
  readonly template: Block;
  /** Increases with every new job, so a found block names the job it solved. */
  readonly jobId: number;
}

/** A solved job: the header's nonce and time (time may have rolled when nonces ran out). */
export interface MinedSolution {
  readonly jobId: number;
  readonly nonce: number;
  readonly time: number;
}

/** Hash rate figures. */
export interface MinerStats {
  /** Hashes per second of each worker, recent average. */
  readonly perWorker: readonly number[];
  /** Sum of perWorker. */
  readonly total: number;
}

/** The effort a miner is set to. The miner owns it; every control and the lab read it here. */
export interface MinerEffort {
  /** Workers hashing. */
  readonly workers: number;
  /** Duty cycle in percent, 0..100: the share of time the workers hash. */
  readonly throttle: number;
}

/** Mining, in Web Workers in the app and inline in tests. */
export interface MinerPort {
  /** Replaces the current job at once (a new tip or a better mempool); undefined stops. */
  setJob(job: MiningJob | undefined): void;
  /** Called with each solution; the node re-checks it before submitting. */
  onSolution(listener: (s: MinedSolution) => void): void;
  /** Number of workers (default: cores - 1, at least 1). */
  setWorkers(count: number): void;
  /** Duty cycle in percent, 0..100: the share of time the workers hash. */
  setThrottle(percent: number): void;
  /** The effort it is set to now. */
  effort(): MinerEffort;
  /** Calls `listener` after each change of effort(); returns the function that unsubscribes. */
  onEffort(listener: () => void): () => void;
  stats(): MinerStats;
  /** Stops every worker for good. */
  dispose(): void;
}
