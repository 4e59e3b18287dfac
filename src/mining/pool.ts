/**
 * The worker-pool miner: the app's MinerPort (tests use tests/support/inline-miner.ts). Each
 * job is encoded once and split into disjoint nonce ranges, one per worker; a new job replaces
 * the old in every worker before its next batch, and solutions of an old job are dropped here,
 * so a listener only ever sees solutions of the job most recently set.
 */
import type { MinedSolution, MinerEffort, MinerPort, MinerStats, MiningJob } from '../node/ports';
import { clampPercent } from './job-duty';
import type { FoundNonce } from './job-protocol';
import { encodeJob, workerJob, type EncodedJob } from './job-split';
import type { KernelName } from './kernel';
import { PoolWorker, type MinerEndpoint, type MinerWorkerFactory } from './pool-worker';

/** The worker factory's types, for callers that inject one. */
export type { MinerEndpoint, MinerWorkerFactory } from './pool-worker';

/** Most workers a pool runs: more than any laptop's cores, fewer than a browser will start. */
export const MAX_WORKERS = 64;

/** Cores minus one (the page's own thread keeps a core), at least one. */
export function defaultWorkerCount(): number {
  const cores = typeof navigator === 'undefined' ? 0 : navigator.hardwareConcurrency;
  return Math.max(1, (cores || 2) - 1);
}

/** Starts one module worker on workers/miner.worker.ts (Vite bundles it as its own chunk). */
export function createMinerWorker(): MinerEndpoint {
  return new Worker(new URL('../../workers/miner.worker.ts', import.meta.url), {
    type: 'module',
    name: 'tabchain-miner',
  });
}

/** How a pool is built; every field has a default fit for the app. */
export interface WorkerPoolOptions {
  /** Number of workers; default defaultWorkerCount(). */
  readonly workers?: number;
  /** Duty cycle in percent; default 100. */
  readonly throttle?: number;
  /** Forces every worker's kernel (benchmarks); default: each worker picks the fastest. */
  readonly kernel?: KernelName;
  /** Creates a worker; default createMinerWorker. */
  readonly createWorker?: MinerWorkerFactory;
  /** Hash-rate averaging window in ms; default RATE_WINDOW_MS. */
  readonly rateWindowMs?: number;
  /** Monotonic clock in ms for the hash rate; default performance.now. */
  readonly now?: () => number;
}

/** Mines in a pool of Web Workers. */
export class WorkerPoolMiner implements MinerPort {
  readonly #workers: PoolWorker[] = [];
  readonly #listeners: ((s: MinedSolution) => void)[] = [];
  readonly #effortListeners = new Set<() => void>();
  readonly #opts: WorkerPoolOptions;
  #job: EncodedJob | undefined;
  #throttle: number;
  #stale = 0;
  /** Hashes of workers already terminated, so totalHashes never goes down. */
  #retiredHashes = 0;
  #disposed = false;

  constructor(opts: WorkerPoolOptions = {}) {
    this.#opts = opts;
    this.#throttle = clampPercent(opts.throttle ?? 100);
    this.setWorkers(opts.workers ?? defaultWorkerCount());
  }

  setJob(job: MiningJob | undefined): void {
    if (this.#disposed) return;
    const encoded = job === undefined ? undefined : encodeJob(job);
    if (job !== undefined && encoded === undefined) {
      // The node never builds such a template; stopping beats hashing for nothing.
      console.error('mining job has invalid bits, mining stopped:', job.template.header.bits);
    }
    this.#job = encoded;
    this.#dispatch();
  }

  onSolution(listener: (s: MinedSolution) => void): void {
    this.#listeners.push(listener);
  }

  /** Grows or shrinks the pool now; the current job is split again among the new count. */
  setWorkers(count: number): void {
    if (!Number.isInteger(count) || count < 1 || count > MAX_WORKERS) {
      throw new RangeError(`worker count must be an integer in [1, ${MAX_WORKERS}]`);
    }
    if (this.#disposed || count === this.#workers.length) return;
    while (this.#workers.length > count) this.#retire(this.#workers.pop()!);
    while (this.#workers.length < count) this.#workers.push(this.#spawn());
    this.#dispatch();
    this.#effortChanged();
  }

  setThrottle(percent: number): void {
    const throttle = clampPercent(percent);
    if (throttle === this.#throttle) return;
    this.#throttle = throttle;
    for (const w of this.#workers) w.setThrottle(throttle);
    this.#effortChanged();
  }

  effort(): MinerEffort {
    return { workers: this.#workers.length, throttle: this.#throttle };
  }

  onEffort(listener: () => void): () => void {
    this.#effortListeners.add(listener);
    return () => this.#effortListeners.delete(listener);
  }

  stats(): MinerStats {
    const perWorker = this.#workers.map((w) => w.meter.rate());
    return { perWorker, total: perWorker.reduce((a, b) => a + b, 0) };
  }

  dispose(): void {
    this.#disposed = true;
    this.#job = undefined;
    for (const w of this.#workers.splice(0)) this.#retire(w);
    this.#listeners.length = 0;
    this.#effortListeners.clear();
  }

  /** Number of live workers. */
  get workerCount(): number {
    return this.#workers.length;
  }

  /** Current duty cycle in percent. */
  get throttle(): number {
    return this.#throttle;
  }

  /** Hashes each live worker has reported since it started (counters, not rates). */
  hashCounts(): number[] {
    return this.#workers.map((w) => w.hashes);
  }

  /** Every hash the pool has reported, terminated workers included. */
  get totalHashes(): number {
    return this.#workers.reduce((sum, w) => sum + w.hashes, this.#retiredHashes);
  }

  /** Solutions that arrived for a job already replaced, and were dropped. */
  get staleSolutions(): number {
    return this.#stale;
  }

  /** The kernel each worker runs, once all have started; rejects if one failed to. */
  kernels(): Promise<KernelName[]> {
    return Promise.all(this.#workers.map((w) => w.kernel));
  }

  /**
   * Resolves once every worker has applied the commands sent so far and every report made
   * before has arrived: after `setJob(undefined)` or `setThrottle(0)`, the counters are final.
   */
  async settled(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.sync()));
  }

  #effortChanged(): void {
    for (const l of this.#effortListeners) l();
  }

  /** Sends every worker its share of the current job, or stops them all. */
  #dispatch(): void {
    const job = this.#job;
    const n = this.#workers.length;
    this.#workers.forEach((w, i) => (job ? w.mine(workerJob(job, i, n)) : w.stop()));
  }

  #spawn(): PoolWorker {
    const w = new PoolWorker({
      create: this.#opts.createWorker ?? createMinerWorker,
      onSolution: (jobId, found) => this.#solved(jobId, found),
      kernel: this.#opts.kernel,
      rateWindowMs: this.#opts.rateWindowMs,
      now: this.#opts.now,
    });
    if (this.#throttle !== 100) w.setThrottle(this.#throttle);
    return w;
  }

  #retire(w: PoolWorker): void {
    this.#retiredHashes += w.hashes;
    w.terminate();
  }

  #solved(jobId: number, found: FoundNonce): void {
    if (this.#job?.jobId !== jobId) {
      this.#stale++;
      return;
    }
    const solution: MinedSolution = { jobId, nonce: found.nonce, time: found.time };
    // A copy: a listener may add listeners; one that throws must not silence the others.
    for (const listener of [...this.#listeners]) {
      try {
        listener(solution);
      } catch (e) {
        // Rethrown outside comlink, which would otherwise hand the error to the worker.
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  }
}
