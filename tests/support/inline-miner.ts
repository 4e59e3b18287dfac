/**
 * A MinerPort that mines synchronously in the test process with the core's own hashing:
 * the node's mining path without workers (STYLE 7: the miner runs inline in tests).
 */
import { headerHash } from '../../src/core/header.js';
import { checkProofOfWork, targetFromBits } from '../../src/core/pow.js';
import type {
  MinedSolution,
  MinerEffort,
  MinerPort,
  MinerStats,
  MiningJob,
} from '../../src/node/ports.js';

/** Mines each job when `step()` is called, so tests decide when blocks appear. */
export class InlineMiner implements MinerPort {
  #job: MiningJob | undefined;
  readonly #listeners: ((s: MinedSolution) => void)[] = [];

  constructor(readonly powLimitBits = 0x207fffff) {}

  /** The job being mined. */
  get job(): MiningJob | undefined {
    return this.#job;
  }

  setJob(job: MiningJob | undefined): void {
    this.#job = job;
  }

  onSolution(listener: (s: MinedSolution) => void): void {
    this.#listeners.push(listener);
  }

  /** Grinds the current job's nonce and reports the solution; false when there is no job. */
  step(): boolean {
    const job = this.#job;
    if (!job) return false;
    const limit = targetFromBits(this.powLimitBits) ?? 0n;
    for (let nonce = 0; nonce <= 0xffffffff; nonce++) {
      const header = { ...job.template.header, nonce };
      if (checkProofOfWork(headerHash(header), header.bits, limit)) {
        for (const l of this.#listeners) l({ jobId: job.jobId, nonce, time: header.time });
        return true;
      }
    }
    return false;
  }

  setWorkers(): void {}
  setThrottle(): void {}
  effort(): MinerEffort {
    return { workers: 1, throttle: 100 };
  }
  onEffort(): () => void {
    return () => {};
  }
  stats(): MinerStats {
    return { perWorker: [], total: 0 };
  }
  dispose(): void {
    this.#job = undefined;
  }
}
