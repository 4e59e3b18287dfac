/**
 * What the worker pool (pool.ts, main thread) and each mining worker (job-runner.ts, behind
 * workers/miner.worker.ts) say to each other through comlink. Plain data only: every value
 * here is structured-cloned across the thread boundary.
 */
import type { KernelName } from './kernel';

/** One worker's share of a job: a header and the nonces [start, end) it owns. */
export interface WorkerJob {
  readonly jobId: number;
  /** The template's 80 header bytes; the nonce field is ignored, the time field may roll. */
  readonly header: Uint8Array;
  /** The 32-byte big-endian target the header hash must not exceed. */
  readonly target: Uint8Array;
  /** First nonce of this worker's range. */
  readonly start: number;
  /** One past the last nonce of the range (at most 2^32). */
  readonly end: number;
}

/** A header that met the target: the nonce and the (possibly rolled) time. */
export interface FoundNonce {
  readonly nonce: number;
  readonly time: number;
}

/** What a worker reports back, in order, on its event callback. */
export type RunnerEvent =
  /** A batch was hashed: `hashes` nonces of job `jobId`, and the hit if the batch found one. */
  | {
      readonly kind: 'progress';
      readonly jobId: number;
      readonly hashes: number;
      readonly solution?: FoundNonce;
    }
  /** The kernel threw; the job is dropped. */
  | { readonly kind: 'error'; readonly message: string }
  /** Sent by `sync()`: every event before it has been delivered once this one is. */
  | { readonly kind: 'sync' };

/**
 * The callback a worker reports through: a comlink proxy of a main-thread function, whose calls
 * return a promise that settles when the main thread has handled the event.
 */
export type RunnerListener = (event: RunnerEvent) => void | Promise<void>;

/** The API a mining worker exposes through comlink. */
export interface MinerWorkerApi {
  /**
   * Creates the worker's kernel (the named one, or the fastest that works here) and remembers
   * where to report. Synchronous, so that calls sent right after it run after it.
   * Returns the kernel's name.
   */
  init(listener: RunnerListener, kernel?: KernelName): KernelName;
  /** Replaces the current job; the switch happens before the next batch. */
  mine(job: WorkerJob): void;
  /** Drops the current job; the worker idles (no timers, no hashing) until the next one. */
  stop(): void;
  /** Duty cycle in percent, 0..100: the share of each period spent hashing. */
  setThrottle(percent: number): void;
  /**
   * Resolves once a 'sync' event has made the round trip to the listener: every command sent
   * before this call has been applied and every report made before it has been delivered.
   */
  sync(): Promise<void>;
  /** Ends the loop and releases its resources (workers are usually just terminated). */
  dispose(): void;
}
