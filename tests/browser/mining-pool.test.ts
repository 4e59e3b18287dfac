/**
 * The worker-pool miner in real Chromium: real module workers bundled by Vite, real wasm
 * kernels. Every solution is re-checked with the core's own proof-of-work check, as the node
 * does. No timing thresholds: hashing and stopping are asserted on the reported counters.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { headerHash } from '../../src/core/header.js';
import { checkProofOfWork, targetFromBits } from '../../src/core/pow.js';
import type { MinedSolution, MiningJob } from '../../src/node/ports.js';
import { KERNEL_NAMES } from '../../src/mining/select-kernel.js';
import { WorkerPoolMiner } from '../../src/mining/pool.js';
import { NEVER_BITS, headerJob, sleep } from '../support/pool-bench.js';

/** Generous: a loaded CI machine may take seconds to start workers; passing runs return early. */
const POLL = { timeout: 30_000 };

const EASY_BITS = 0x207fffff; // every other hash
const HARDER_BITS = 0x1f00ffff; // about one hash in 65,536
const POW_LIMIT = targetFromBits(EASY_BITS)!;

/** A quiet interval in which a stopped pool must report nothing (not a speed threshold). */
const QUIET_MS = 300;

let pools: WorkerPoolMiner[] = [];

afterEach(() => {
  for (const p of pools) p.dispose();
  pools = [];
});

/** A pool whose delivered solutions are recorded, with a way to await the next one per job. */
function pool(workers: number): {
  miner: WorkerPoolMiner;
  delivered: MinedSolution[];
  solutionOf: (jobId: number) => Promise<MinedSolution>;
} {
  const miner = new WorkerPoolMiner({ workers });
  pools.push(miner);
  const delivered: MinedSolution[] = [];
  const waiting = new Map<number, (s: MinedSolution) => void>();
  miner.onSolution((s) => {
    delivered.push(s);
    waiting.get(s.jobId)?.(s);
    waiting.delete(s.jobId);
  });
  const solutionOf = (jobId: number): Promise<MinedSolution> =>
    new Promise((resolve) => {
      const found = delivered.find((s) => s.jobId === jobId);
      if (found) resolve(found);
      else waiting.set(jobId, resolve);
    });
  return { miner, delivered, solutionOf };
}

/** Whether the template header with the solution's nonce and time meets the job's bits. */
function meetsTarget(job: MiningJob, s: MinedSolution): boolean {
  const header = { ...job.template.header, nonce: s.nonce, time: s.time };
  return checkProofOfWork(headerHash(header), header.bits, POW_LIMIT);
}

describe('WorkerPoolMiner in Chromium', () => {
  it('starts its workers on a real kernel', async () => {
    const { miner } = pool(2);
    const kernels = await miner.kernels();
    expect(kernels).toHaveLength(2);
    for (const k of kernels) expect(KERNEL_NAMES).toContain(k);
  });

  for (const [label, bits] of [
    ['easy', EASY_BITS],
    ['harder', HARDER_BITS],
  ] as const) {
    it(`mines 20 jobs in a row at ${label} bits 0x${bits.toString(16)}, every solution valid`, async () => {
      const { miner, solutionOf } = pool(2);
      for (let jobId = 1; jobId <= 20; jobId++) {
        // A job per solution, like a node extending its chain.
        const job = headerJob(bits, jobId);
        miner.setJob(job);
        const s = await solutionOf(jobId);
        expect(s.jobId).toBe(jobId);
        expect(meetsTarget(job, s), `job ${jobId} nonce ${s.nonce}`).toBe(true);
        expect(s.time).toBe(job.template.header.time);
      }
    });
  }

  it('drops solutions of a replaced job: listeners only see the current job', async () => {
    const { miner, delivered, solutionOf } = pool(2);
    await miner.kernels();
    let current = 0;
    const wrong: MinedSolution[] = [];
    miner.onSolution((s) => {
      if (s.jobId !== current) wrong.push(s);
    });
    const jobs = new Map<number, MiningJob>();
    for (let jobId = 1; jobId <= 20; jobId++) {
      const job = headerJob(EASY_BITS, jobId);
      jobs.set(jobId, job);
      current = jobId;
      miner.setJob(job);
      if (jobId % 4 === 0) {
        // Hold the main thread so that solutions of this job queue up before the next replaces it.
        const until = performance.now() + 200;
        while (performance.now() < until);
      } else {
        await sleep(jobId % 3);
      }
    }
    await solutionOf(20);
    await miner.settled();
    expect(wrong).toEqual([]);
    expect(miner.staleSolutions).toBeGreaterThan(0);
    for (const s of delivered) expect(meetsTarget(jobs.get(s.jobId)!, s)).toBe(true);
  });

  it('stops hashing on setJob(undefined): counters freeze, the rate falls to zero', async () => {
    const { miner } = pool(2);
    miner.setJob(headerJob(NEVER_BITS, 1));
    await expect.poll(() => Math.min(...miner.hashCounts()), POLL).toBeGreaterThan(0);
    expect(miner.stats().total).toBeGreaterThan(0);
    miner.setJob(undefined);
    await miner.settled();
    const frozen = miner.hashCounts();
    await sleep(QUIET_MS);
    await miner.settled();
    expect(miner.hashCounts()).toEqual(frozen);
    await expect.poll(() => miner.stats().total, POLL).toBe(0);
  });

  it('grows and shrinks live; new workers get the current job', async () => {
    const { miner } = pool(1);
    expect(miner.stats().perWorker).toHaveLength(1);
    miner.setJob(headerJob(NEVER_BITS, 1));
    miner.setWorkers(3);
    expect(miner.stats().perWorker).toHaveLength(3);
    expect(await miner.kernels()).toHaveLength(3);
    await expect.poll(() => Math.min(...miner.hashCounts()), POLL).toBeGreaterThan(0);
    const total = miner.totalHashes;
    miner.setWorkers(2);
    expect(miner.stats().perWorker).toHaveLength(2);
    expect(miner.workerCount).toBe(2);
    // Hashes of the terminated worker still count in the total.
    expect(miner.totalHashes).toBeGreaterThanOrEqual(total);
  });

  it('solves jobs again after shrinking and growing', async () => {
    const { miner, solutionOf } = pool(3);
    miner.setWorkers(1);
    const a = headerJob(HARDER_BITS, 1);
    miner.setJob(a);
    expect(meetsTarget(a, await solutionOf(1))).toBe(true);
    miner.setWorkers(2);
    const b = headerJob(HARDER_BITS, 2);
    miner.setJob(b);
    expect(meetsTarget(b, await solutionOf(2))).toBe(true);
  });

  it('hashes nothing at throttle 0 and resumes when raised', async () => {
    const { miner } = pool(2);
    miner.setJob(headerJob(NEVER_BITS, 1));
    await expect.poll(() => Math.min(...miner.hashCounts()), POLL).toBeGreaterThan(0);
    miner.setThrottle(0);
    await miner.settled();
    const frozen = miner.hashCounts();
    await sleep(QUIET_MS);
    await miner.settled();
    expect(miner.hashCounts()).toEqual(frozen);
    miner.setThrottle(50);
    await expect.poll(() => miner.totalHashes, POLL).toBeGreaterThan(frozen[0]! + frozen[1]!);
  });

  it('starts new workers at the current throttle', async () => {
    const { miner } = pool(1);
    miner.setThrottle(0);
    miner.setJob(headerJob(NEVER_BITS, 1));
    miner.setWorkers(2);
    await miner.kernels();
    await sleep(QUIET_MS);
    await miner.settled();
    expect(miner.hashCounts()).toEqual([0, 0]);
  });
});
