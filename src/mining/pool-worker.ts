/**
 * The main thread's handle on one mining worker: the only code that talks to it (comlink), its
 * hash counters, and its end. The pool (pool.ts) decides what each worker mines.
 */
import * as Comlink from 'comlink';
import type { Endpoint } from 'comlink';
import type { FoundNonce, MinerWorkerApi, RunnerEvent, WorkerJob } from './job-protocol';
import type { KernelName } from './kernel';
import { RateMeter } from './pool-rate';

/** What the pool needs of a worker: a comlink endpoint it can terminate. A Worker is one. */
export type MinerEndpoint = Endpoint & { terminate(): void };

/** Creates one mining worker (injectable, so tests and benchmarks choose how). */
export type MinerWorkerFactory = () => MinerEndpoint;

/** Where a worker's solutions go: the pool, which drops stale ones. */
export type SolutionSink = (jobId: number, found: FoundNonce) => void;

/** Settings a worker starts with. */
export interface PoolWorkerOptions {
  readonly create: MinerWorkerFactory;
  /** Forces the kernel (benchmarks); undefined lets the worker pick the fastest. */
  readonly kernel?: KernelName;
  readonly onSolution: SolutionSink;
  readonly rateWindowMs?: number;
  readonly now?: () => number;
}

/** One worker of the pool. */
export class PoolWorker {
  /** The worker's recent hash rate. */
  readonly meter: RateMeter;
  /** The kernel the worker runs; rejects if the worker or its kernel failed to start. */
  readonly kernel: Promise<KernelName>;
  #hashes = 0;
  #alive = true;
  readonly #endpoint: MinerEndpoint;
  readonly #api: Comlink.Remote<MinerWorkerApi>;
  /** Settles when the worker can no longer answer: it failed to load or was terminated. */
  readonly #gone: Promise<void>;
  #markGone: () => void = () => {};

  constructor(opts: PoolWorkerOptions) {
    this.meter = new RateMeter(opts.rateWindowMs, opts.now);
    this.#gone = new Promise((resolve) => (this.#markGone = resolve));
    this.#endpoint = opts.create();
    this.#api = Comlink.wrap<MinerWorkerApi>(this.#endpoint);
    const listener = Comlink.proxy((event: RunnerEvent) => this.#onEvent(event, opts.onSolution));
    this.kernel = new Promise<KernelName>((resolve, reject) => {
      // A worker whose script fails to load reports it only as an 'error' event.
      this.#endpoint.addEventListener('error', (ev) => {
        reject(new Error(`mining worker failed: ${(ev as ErrorEvent).message ?? 'load error'}`));
        this.#markGone();
      });
      this.#api.init(listener, opts.kernel).then(resolve, reject);
    });
    this.kernel.catch((e: unknown) => console.error('mining worker did not start', e));
  }

  /** Hashes this worker has reported since it started. */
  get hashes(): number {
    return this.#hashes;
  }

  /** Gives the worker a job (it drops its current one before its next batch). */
  mine(job: WorkerJob): void {
    if (this.#alive) this.#command(this.#api.mine(job));
  }

  /** Drops the worker's job; it idles until the next. */
  stop(): void {
    if (this.#alive) this.#command(this.#api.stop());
  }

  /** Sets the worker's duty cycle in percent. */
  setThrottle(percent: number): void {
    if (this.#alive) this.#command(this.#api.setThrottle(percent));
  }

  /**
   * Resolves when the worker has applied every command sent before and every report it made
   * before has arrived here; at once for a worker that is gone.
   */
  sync(): Promise<void> {
    if (!this.#alive) return Promise.resolve();
    return Promise.race([this.#api.sync(), this.#gone]);
  }

  /** Ends the worker at once, mid-batch if need be; its late reports are ignored. */
  terminate(): void {
    if (!this.#alive) return;
    this.#alive = false;
    this.#endpoint.terminate();
    this.#markGone();
  }

  #onEvent(event: RunnerEvent, onSolution: SolutionSink): void {
    if (!this.#alive) return;
    if (event.kind === 'progress') {
      this.#hashes += event.hashes;
      this.meter.add(event.hashes);
      if (event.solution) onSolution(event.jobId, event.solution);
    } else if (event.kind === 'error') {
      console.error('mining worker error:', event.message);
    }
  }

  #command(reply: Promise<void>): void {
    reply.catch((e: unknown) => console.error('mining worker refused a command', e));
  }
}
