/**
 * Jobs for the worker-pool miner's tests, and a hash-rate measurement of the pool for the
 * benchmark runner (run in a browser page or the vitest chromium project, not in Node:
 * the default worker factory needs Vite's worker bundling).
 */
import type { Block } from '../../src/core/block.js';
import type { MiningJob } from '../../src/node/ports.js';
import type { KernelName } from '../../src/mining/kernel.js';
import { WorkerPoolMiner, type MinerWorkerFactory } from '../../src/mining/pool.js';

/** Bits whose target is 1: no header meets it in practice, so workers hash without stopping. */
export const NEVER_BITS = 0x03000001;

/** A job whose template is a bare header (the pool hashes only the header), distinct per seed. */
export function headerJob(bits: number, jobId: number, seed: number = jobId): MiningJob {
  const prevHash = new Uint8Array(32);
  const merkleRoot = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    prevHash[i] = (seed * 31 + i * 7) & 0xff;
    merkleRoot[i] = (seed * 17 + i * 13 + (seed >>> 8)) & 0xff;
  }
  const template: Block = {
    header: { version: 1, prevHash, merkleRoot, time: 1_700_000_000 + seed, bits, nonce: 0 },
    txs: [],
  };
  return { template, jobId };
}

/** Resolves after ms milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One measurement of a pool. */
export interface PoolBenchResult {
  readonly workers: number;
  /** The kernel each worker ran. */
  readonly kernels: readonly KernelName[];
  /** Hashes per second of each worker over the measured interval. */
  readonly perWorker: readonly number[];
  /** Sum of perWorker. */
  readonly total: number;
}

/** What to measure. */
export interface PoolBenchOptions {
  readonly workers: number;
  /** Forces the kernel; default: each worker picks the fastest. */
  readonly kernel?: KernelName;
  /** Duty cycle in percent; default 100. */
  readonly throttle?: number;
  /** Hashing before the interval starts (JIT and wasm tier-up). Default 1,000 ms. */
  readonly warmupMs?: number;
  /** The measured interval. Default 3,000 ms. */
  readonly ms?: number;
  readonly createWorker?: MinerWorkerFactory;
}

/**
 * Hashes per second of a fresh pool on a job nothing solves, from the hash counters the
 * workers report (one report per ~30 ms batch, so a 3 s interval is good to about 1%).
 */
export async function measurePool(opts: PoolBenchOptions): Promise<PoolBenchResult> {
  const pool = new WorkerPoolMiner({
    workers: opts.workers,
    kernel: opts.kernel,
    throttle: opts.throttle,
    createWorker: opts.createWorker,
  });
  try {
    const kernels = await pool.kernels();
    pool.setJob(headerJob(NEVER_BITS, 1));
    await sleep(opts.warmupMs ?? 1000);
    const before = pool.hashCounts();
    const t0 = performance.now();
    await sleep(opts.ms ?? 3000);
    const after = pool.hashCounts();
    const seconds = (performance.now() - t0) / 1000;
    const perWorker = after.map((n, i) => Math.round((n - (before[i] ?? 0)) / seconds));
    return {
      workers: opts.workers,
      kernels,
      perWorker,
      total: perWorker.reduce((a, b) => a + b, 0),
    };
  } finally {
    pool.dispose();
  }
}
