/**
 * WorkerPoolMiner in Node, its workers replaced by job runners in this thread behind comlink
 * over MessageChannels (the injectable worker factory; STYLE 7). The same pool logic runs in
 * real workers in tests/browser/mining-pool.test.ts.
 */
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { headerHash } from '../../src/core/header.js';
import { checkProofOfWork, targetFromBits } from '../../src/core/pow.js';
import { createJobRunner } from '../../src/mining/job-runner.js';
import { WorkerPoolMiner, type MinerEndpoint } from '../../src/mining/pool.js';
import type { MinedSolution, MiningJob } from '../../src/node/ports.js';
import { NEVER_BITS, headerJob, sleep } from '../support/pool-bench.js';

/** Generous: a loaded CI machine may take seconds to start workers; passing runs return early. */
const POLL = { timeout: 30_000 };

const EASY_BITS = 0x207fffff;
const POW_LIMIT = targetFromBits(EASY_BITS)!;

/** A "worker" in this thread: a job runner exposed on one end of a MessageChannel. */
function inProcessWorker(): MinerEndpoint {
  const { port1, port2 } = new MessageChannel();
  const runner = createJobRunner();
  Comlink.expose(runner, port2);
  return Object.assign(port1, {
    terminate(): void {
      runner.dispose();
      port1.close();
      port2.close();
    },
  });
}

let pools: WorkerPoolMiner[] = [];

afterEach(() => {
  for (const p of pools) p.dispose();
  pools = [];
  vi.restoreAllMocks();
});

function pool(workers: number, throttle?: number) {
  const miner = new WorkerPoolMiner({ workers, throttle, createWorker: inProcessWorker });
  pools.push(miner);
  const delivered: MinedSolution[] = [];
  miner.onSolution((s) => delivered.push(s));
  return { miner, delivered };
}

function meetsTarget(job: MiningJob, s: MinedSolution): boolean {
  const header = { ...job.template.header, nonce: s.nonce, time: s.time };
  return checkProofOfWork(headerHash(header), header.bits, POW_LIMIT);
}

describe('WorkerPoolMiner with in-process workers', () => {
  it('mines 20 jobs in a row, each solution valid and in its worker range', async () => {
    const { miner, delivered } = pool(2);
    expect(await miner.kernels()).toHaveLength(2);
    for (let jobId = 1; jobId <= 20; jobId++) {
      const job = headerJob(EASY_BITS, jobId);
      miner.setJob(job);
      await expect.poll(() => delivered.some((s) => s.jobId === jobId), POLL).toBe(true);
      const s = delivered.find((x) => x.jobId === jobId)!;
      expect(meetsTarget(job, s)).toBe(true);
      // Each worker starts at its range's first nonce: the hit is near 0 or near 2^31.
      expect(s.nonce < 64 || (s.nonce >= 2 ** 31 && s.nonce < 2 ** 31 + 64)).toBe(true);
    }
  });

  it('delivers only solutions of the current job', async () => {
    const { miner, delivered } = pool(2);
    await miner.kernels();
    // Both jobs reach the workers before the first solution comes back: job 1's are stale.
    miner.setJob(headerJob(EASY_BITS, 1));
    miner.setJob(headerJob(EASY_BITS, 2));
    await expect.poll(() => delivered.length, POLL).toBeGreaterThan(0);
    await miner.settled();
    expect(miner.staleSolutions).toBeGreaterThan(0);
    expect(delivered.every((s) => s.jobId === 2)).toBe(true);
    miner.setJob(undefined);
    await miner.settled();
    expect(delivered.every((s) => s.jobId === 2)).toBe(true);
  });

  it('stops, throttles and resizes, as the counters show', async () => {
    const { miner } = pool(1, 0);
    miner.setJob(headerJob(NEVER_BITS, 1));
    await miner.kernels();
    await sleep(50);
    await miner.settled();
    expect(miner.totalHashes).toBe(0);
    miner.setThrottle(100);
    await expect.poll(() => miner.totalHashes, POLL).toBeGreaterThan(0);
    miner.setWorkers(3);
    expect(miner.stats().perWorker).toHaveLength(3);
    await expect.poll(() => Math.min(...miner.hashCounts()), POLL).toBeGreaterThan(0);
    miner.setJob(undefined);
    await miner.settled();
    const frozen = miner.totalHashes;
    await sleep(50);
    await miner.settled();
    expect(miner.totalHashes).toBe(frozen);
    miner.setWorkers(1);
    expect(miner.hashCounts()).toHaveLength(1);
    expect(miner.totalHashes).toBe(frozen);
  });

  it('refuses bad sizes and throttles; stops on bits no hash can meet', async () => {
    const { miner, delivered } = pool(1);
    expect(() => miner.setWorkers(0)).toThrow(RangeError);
    expect(() => miner.setWorkers(1.5)).toThrow(RangeError);
    expect(() => miner.setThrottle(Number.NaN)).toThrow(RangeError);
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    miner.setJob(headerJob(0x01800000, 1));
    expect(error).toHaveBeenCalled();
    await miner.settled();
    expect(miner.totalHashes).toBe(0);
    expect(delivered).toEqual([]);
  });

  it('owns its effort: reports it and tells listeners of each change', () => {
    const { miner } = pool(2, 40);
    expect(miner.effort()).toEqual({ workers: 2, throttle: 40 });
    let calls = 0;
    const off = miner.onEffort(() => calls++);
    miner.setThrottle(40); // no change, no call
    miner.setThrottle(75);
    miner.setWorkers(3);
    expect(miner.effort()).toEqual({ workers: 3, throttle: 75 });
    expect(calls).toBe(2);
    off();
    miner.setThrottle(10);
    expect(calls).toBe(2);
  });

  it('does nothing after dispose', () => {
    const { miner } = pool(2);
    miner.dispose();
    miner.setJob(headerJob(EASY_BITS, 1));
    miner.setWorkers(3);
    expect(miner.stats()).toEqual({ perWorker: [], total: 0 });
  });
});
