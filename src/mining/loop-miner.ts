/**
 * A MinerPort that hashes on the calling thread in short batches, yielding between them:
 * for the headless Node.js peer, where one process mines with the best kernel it has.
 * The browser uses the worker pool (pool.ts) instead.
 */
import { bigIntToBytesBE } from '../core/bytes.js';
import { encodeHeader } from '../core/header.js';
import { targetFromBits } from '../core/pow.js';
import type {
  MinedSolution,
  MinerEffort,
  MinerPort,
  MinerStats,
  MiningJob,
} from '../node/ports.js';
import { NONCE_LIMIT, type MiningKernel } from './kernel.js';
import { selectKernel } from './select-kernel.js';

/** Nonces per batch: about 10-30 ms at the kernels' speeds, so a new job lands quickly. */
const BATCH = 1 << 16;

/** Mines in the current thread; one "worker". */
export class LoopMiner implements MinerPort {
  readonly #kernel: MiningKernel;
  readonly #listeners: ((s: MinedSolution) => void)[] = [];
  readonly #effortListeners = new Set<() => void>();
  readonly #yield: () => Promise<void>;
  #job: MiningJob | undefined;
  #running = false;
  #throttle = 100;
  #rate = 0;

  constructor(opts: { kernel?: MiningKernel; yieldFn?: () => Promise<void> } = {}) {
    this.#kernel = opts.kernel ?? selectKernel();
    this.#yield = opts.yieldFn ?? (() => new Promise((r) => setTimeout(r, 0)));
  }

  setJob(job: MiningJob | undefined): void {
    this.#job = job;
    if (job && !this.#running) void this.#loop();
  }

  onSolution(listener: (s: MinedSolution) => void): void {
    this.#listeners.push(listener);
  }

  setWorkers(): void {}

  setThrottle(percent: number): void {
    this.#throttle = Math.max(0, Math.min(100, percent));
    for (const l of this.#effortListeners) l();
  }

  effort(): MinerEffort {
    return { workers: 1, throttle: this.#throttle };
  }

  onEffort(listener: () => void): () => void {
    this.#effortListeners.add(listener);
    return () => this.#effortListeners.delete(listener);
  }

  stats(): MinerStats {
    return { perWorker: [this.#rate], total: this.#rate };
  }

  dispose(): void {
    this.#job = undefined;
  }

  async #loop(): Promise<void> {
    this.#running = true;
    try {
      while (this.#job) {
        const job = this.#job;
        const target = targetFromBits(job.template.header.bits);
        if (target === undefined) return;
        const targetBytes = bigIntToBytesBE(target, 32);
        let time = job.template.header.time;
        let start = 0;
        while (this.#job === job) {
          if (this.#throttle === 0) {
            this.#rate = 0;
            await new Promise((r) => setTimeout(r, 100));
            continue;
          }
          const header = encodeHeader({ ...job.template.header, time });
          const t0 = performance.now();
          const count = Math.min(BATCH, NONCE_LIMIT - start);
          const r = this.#kernel.scan(header, targetBytes, start, count);
          const ms = performance.now() - t0;
          this.#rate = ms > 0 ? (r.hashes / ms) * 1000 * (this.#throttle / 100) : this.#rate;
          const found = r.nonce;
          if (found !== undefined) {
            // The node answers with the next job from inside the listener.
            if (this.#job === job) this.#job = undefined;
            for (const l of this.#listeners) l({ jobId: job.jobId, nonce: found, time });
          } else {
            start += count;
            if (start >= NONCE_LIMIT) {
              start = 0;
              time++; // nonces ran out: roll the time, as Bitcoin miners do
            }
          }
          // Whatever the batch found: in an easy room every batch finds a block, and a loop
          // that yielded only on a miss starved relay, sync and timers for seconds.
          const pause = (ms * (100 - this.#throttle)) / Math.max(1, this.#throttle);
          if (pause > 0) await new Promise((r) => setTimeout(r, pause));
          else await this.#yield();
        }
      }
    } finally {
      this.#running = false;
    }
  }
}
