/**
 * The worker pool's parts in Node: nonce splitting, job encoding, the duty cycle, the rate
 * meter, and the job runner that runs inside each worker (ntime rolling, job replacement,
 * throttle, stop), driven in-process without workers.
 */
import { describe, expect, it } from 'vitest';
import { bytesToBigIntBE } from '../../src/core/bytes.js';
import { encodeHeader, headerHash } from '../../src/core/header.js';
import { checkProofOfWork, targetFromBits } from '../../src/core/pow.js';
import {
  DUTY_PERIOD_MS,
  DutyCycle,
  MAX_SLICE_MS,
  clampPercent,
} from '../../src/mining/job-duty.js';
import type { RunnerEvent, WorkerJob } from '../../src/mining/job-protocol.js';
import { createJobRunner } from '../../src/mining/job-runner.js';
import { encodeJob, nonceRange, workerJob } from '../../src/mining/job-split.js';
import { RateMeter } from '../../src/mining/pool-rate.js';
import type { MiningJob } from '../../src/node/ports.js';
import { NEVER_BITS, headerJob, sleep } from '../support/pool-bench.js';

/** Generous: a loaded CI machine may take seconds to start workers; passing runs return early. */
const POLL = { timeout: 30_000 };

const EASY_BITS = 0x207fffff;
/** About one hash in 3,000: a 1,024-nonce range usually runs out a few times first. */
const ROLL_BITS = 0x1f15d800;
const POW_LIMIT = targetFromBits(EASY_BITS)!;

describe('nonceRange', () => {
  it('splits [0, 2^32) into contiguous, disjoint, non-empty ranges', () => {
    for (const n of [1, 2, 3, 7, 64, 1000]) {
      let next = 0;
      for (let i = 0; i < n; i++) {
        const { start, end } = nonceRange(i, n);
        expect(start).toBe(next);
        expect(end).toBeGreaterThan(start);
        next = end;
      }
      expect(next).toBe(2 ** 32);
    }
  });

  it('refuses bad counts and indexes', () => {
    expect(() => nonceRange(0, 0)).toThrow(RangeError);
    expect(() => nonceRange(2, 2)).toThrow(RangeError);
    expect(() => nonceRange(0.5, 2)).toThrow(RangeError);
  });
});

describe('encodeJob', () => {
  it('encodes the header and the target of its bits, big-endian', () => {
    const job = headerJob(0x1f00ffff, 9);
    const encoded = encodeJob(job)!;
    expect(encoded.jobId).toBe(9);
    expect(encoded.header).toEqual(encodeHeader(job.template.header));
    expect(bytesToBigIntBE(encoded.target)).toBe(targetFromBits(0x1f00ffff));
    expect(workerJob(encoded, 1, 2)).toMatchObject({ jobId: 9, start: 2 ** 31, end: 2 ** 32 });
  });

  it('returns undefined for bits no hash can meet', () => {
    expect(encodeJob(headerJob(0x01800000, 1))).toBeUndefined();
    expect(encodeJob(headerJob(0, 1))).toBeUndefined();
  });
});

describe('DutyCycle', () => {
  it('always runs at 100 % and idles without a timer at 0 %', () => {
    const d = new DutyCycle();
    d.spent(1e6);
    expect(d.next(0)).toEqual({ runMs: MAX_SLICE_MS });
    d.percent = 0;
    expect(d.next(0)).toEqual({ sleepMs: Infinity });
  });

  it('hashes percent% of each period, then sleeps to its end', () => {
    const d = new DutyCycle();
    d.percent = 25;
    expect(d.next(1000)).toEqual({ runMs: 25 });
    d.spent(20);
    expect(d.next(1020)).toEqual({ runMs: 5 });
    d.spent(5);
    expect(d.next(1025)).toEqual({ sleepMs: DUTY_PERIOD_MS - 25 });
    expect(d.next(1100)).toEqual({ runMs: 25 });
  });

  it('carries an overrun into later periods, so the long-run share holds', () => {
    const d = new DutyCycle();
    d.percent = 10;
    expect(d.next(0)).toEqual({ runMs: 10 });
    d.spent(35); // a batch overran its 10 ms by 25 ms
    expect(d.next(100)).toEqual({ sleepMs: 100 }); // 25 left to pay: the next period is skipped
    expect(d.next(200)).toEqual({ sleepMs: 100 }); // 15 left
    expect(d.next(300)).toEqual({ runMs: 5 }); // paid off: 5 ms of this period remain
  });

  it('clamps percentages and refuses non-numbers', () => {
    expect(clampPercent(150)).toBe(100);
    expect(clampPercent(-3)).toBe(0);
    expect(() => clampPercent(Number.NaN)).toThrow(RangeError);
  });
});

describe('RateMeter', () => {
  it('averages over the window and reads zero a window after reports stop', () => {
    let t = 0;
    const m = new RateMeter(2000, () => t);
    expect(m.rate()).toBe(0);
    for (t = 100; t <= 4000; t += 100) m.add(1000); // 10,000 hashes per second
    t = 4000;
    expect(m.rate()).toBeCloseTo(10_000, 6);
    t = 5000;
    expect(m.rate()).toBeCloseTo(5_000, 6);
    t = 6000;
    expect(m.rate()).toBe(0);
  });

  it('uses its age while younger than the window', () => {
    let t = 0;
    const m = new RateMeter(2000, () => t);
    t = 500;
    m.add(5000);
    expect(m.rate()).toBeCloseTo(10_000, 6);
  });
});

/** The first (time, nonce) of a job in the runner's order: the range, then the range again a second later. */
function firstHit(job: MiningJob, start: number, end: number, maxRolls: number) {
  const h = job.template.header;
  for (let roll = 0; roll <= maxRolls; roll++) {
    for (let nonce = start; nonce < end; nonce++) {
      const header = { ...h, time: h.time + roll, nonce };
      if (checkProofOfWork(headerHash(header), h.bits, POW_LIMIT)) return { roll, nonce };
    }
  }
  return undefined;
}

/** A runner with its events recorded. */
function runner(kernel: 'js' | 'wasm-scalar' = 'js') {
  const events: RunnerEvent[] = [];
  const api = createJobRunner();
  api.init((e) => void events.push(e), kernel);
  const progress = () => events.filter((e) => e.kind === 'progress');
  return { api, events, progress };
}

function toWorker(job: MiningJob, start = 0, end = 2 ** 32): WorkerJob {
  return { ...encodeJob(job)!, start, end };
}

describe('job runner', () => {
  it('rolls the time when its range runs out and reports the exact first hit', async () => {
    // Pick a header whose first hit comes after at least two rolls of a 1,024-nonce range.
    const [start, end] = [5000, 6024];
    let seed = 1;
    let job = headerJob(ROLL_BITS, 1, seed);
    let hit = firstHit(job, start, end, 12);
    while (hit === undefined || hit.roll < 2) {
      job = headerJob(ROLL_BITS, 1, ++seed);
      hit = firstHit(job, start, end, 12);
    }
    const { api, progress } = runner();
    api.mine(toWorker(job, start, end));
    await expect.poll(() => progress().some((e) => e.solution), POLL).toBe(true);
    api.dispose();
    const found = progress().find((e) => e.solution)!;
    expect(found.solution).toEqual({ nonce: hit.nonce, time: job.template.header.time + hit.roll });
    // Every nonce before the hit was hashed exactly once, and nothing after it.
    const hashes = progress().reduce((sum, e) => sum + (e.kind === 'progress' ? e.hashes : 0), 0);
    expect(hashes).toBe(hit.roll * (end - start) + (hit.nonce - start) + 1);
    expect(progress().at(-1)).toBe(found);
  });

  it('switches to a new job before its next batch', async () => {
    const { api, events, progress } = runner();
    api.mine(toWorker(headerJob(NEVER_BITS, 1)));
    await expect.poll(() => progress().length, POLL).toBeGreaterThan(2);
    // The loop is between batches whenever this code runs: the next batch must be job 2's.
    const cut = events.length;
    api.mine(toWorker(headerJob(EASY_BITS, 2)));
    await expect.poll(() => progress().some((e) => e.solution), POLL).toBe(true);
    api.dispose();
    const after = events.slice(cut);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((e) => e.kind === 'progress' && e.jobId === 2)).toBe(true);
  });

  it('does not hash at throttle 0, resumes when raised, and stops on stop()', async () => {
    const { api, progress } = runner();
    api.setThrottle(0);
    api.mine(toWorker(headerJob(NEVER_BITS, 1)));
    await sleep(50);
    await api.sync();
    expect(progress()).toEqual([]);
    api.setThrottle(100);
    await expect.poll(() => progress().length, POLL).toBeGreaterThan(0);
    api.stop();
    await api.sync();
    const n = progress().length;
    await sleep(50);
    expect(progress().length).toBe(n);
    api.dispose();
  });

  it('refuses malformed jobs', () => {
    const { api } = runner();
    const job = toWorker(headerJob(EASY_BITS, 1));
    expect(() => api.mine({ ...job, header: new Uint8Array(79) })).toThrow(RangeError);
    expect(() => api.mine({ ...job, target: new Uint8Array(31) })).toThrow(RangeError);
    expect(() => api.mine({ ...job, start: 5, end: 5 })).toThrow(RangeError);
    expect(() => api.mine({ ...job, end: 2 ** 32 + 1 })).toThrow(RangeError);
    api.dispose();
  });
});
