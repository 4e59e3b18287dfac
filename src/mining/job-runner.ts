/**
 * The inside of one mining worker: a kernel and a loop that hashes the current job in batches,
 * yielding to the event loop between batches so that a new job, a stop or a throttle change
 * (comlink messages) takes effect before the next batch. workers/miner.worker.ts exposes it;
 * tests run it in-process.
 *
 * Time rolling: when the worker's nonce range runs out it adds one second to the header time
 * and starts the range again, as Bitcoin miners roll ntime. The pool splits the 2^32 nonces of
 * one time step among its workers, so the time runs ahead of the clock only if the whole pool
 * exceeds 2^32 hashes per second (4.3 GH/s); a browser pool makes tens of MH/s, so in practice
 * the rolled time trails the clock and never nears the room's future-time limit.
 */
import { DutyCycle } from './job-duty';
import type {
  FoundNonce,
  MinerWorkerApi,
  RunnerEvent,
  RunnerListener,
  WorkerJob,
} from './job-protocol';
import { HEADER_BYTES, NONCE_LIMIT, TARGET_BYTES } from './kernel';
import type { KernelName, MiningKernel, ScanResult } from './kernel';
import { createKernel, selectKernel } from './select-kernel';

/** Byte offset of the header's time field: after version (4), prevHash (32), merkleRoot (32). */
export const HEADER_TIME_OFFSET = 68;

/** Batch bounds: below 2^10 message overhead shows; above 2^20 a slow kernel runs for seconds. */
const MIN_BATCH = 2 ** 10;
const MAX_BATCH = 2 ** 20;

/** The first batch, before any rate is known: a few ms even for the JavaScript kernel. */
const FIRST_BATCH = 2 ** 14;

/** The last u32 time: rolling past it would wrap to 1970, so the job ends there (year 2106). */
const LAST_TIME = 0xffffffff;

/** The job as the loop works it: its own header copy (the time rolls) and the next nonce. */
interface RunningJob {
  readonly jobId: number;
  readonly header: Uint8Array;
  readonly view: DataView;
  readonly target: Uint8Array;
  readonly start: number;
  readonly end: number;
  next: number;
  time: number;
}

/** Clock injection for tests. */
export interface JobRunnerOptions {
  /** Monotonic milliseconds; defaults to performance.now. */
  readonly now?: () => number;
}

/** Throws a RangeError unless the job is well formed; returns the loop's working copy. */
function startJob(job: WorkerJob): RunningJob {
  const { jobId, start, end } = job;
  if (!Number.isSafeInteger(jobId)) throw new RangeError('jobId must be an integer');
  if (!(job.header instanceof Uint8Array) || job.header.length !== HEADER_BYTES) {
    throw new RangeError('header must be 80 bytes');
  }
  if (!(job.target instanceof Uint8Array) || job.target.length !== TARGET_BYTES) {
    throw new RangeError('target must be 32 bytes');
  }
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > NONCE_LIMIT) {
    throw new RangeError('range must lie within [0, 2^32)');
  }
  if (start >= end) throw new RangeError('range must not be empty');
  // A copy: the loop rolls the time in place, and an in-process caller keeps its bytes.
  const header = Uint8Array.from(job.header);
  const view = new DataView(header.buffer);
  const time = view.getUint32(HEADER_TIME_OFFSET, true);
  return {
    jobId,
    header,
    view,
    target: Uint8Array.from(job.target),
    start,
    end,
    next: start,
    time,
  };
}

/** Yields to the event loop: a promise that settles after the tasks already queued have run. */
interface Yield {
  (): Promise<void>;
  /** Releases the yield's resources and settles a pending yield. */
  close(): void;
}

/**
 * In browsers a MessageChannel round trip: it has no 4 ms clamp (nested setTimeout(0) does)
 * and queues behind the comlink messages that arrived during the batch. Node delivers up to a
 * thousand queued port messages in one go, which starved its timers in the in-process tests,
 * so there setImmediate (which only Node has) is used.
 */
function createYield(): Yield {
  if (typeof setImmediate === 'function') {
    return Object.assign(() => new Promise<void>((resolve) => setImmediate(resolve)), {
      close: () => {},
    });
  }
  const channel = new MessageChannel();
  let resume: (() => void) | undefined;
  const release = (): void => {
    const r = resume;
    resume = undefined;
    r?.();
  };
  channel.port1.onmessage = release;
  const tick = (): Promise<void> =>
    new Promise((resolve) => {
      resume = resolve;
      channel.port2.postMessage(0);
    });
  return Object.assign(tick, {
    close: () => {
      release();
      channel.port1.close();
    },
  });
}

/** Creates a runner: the worker's API, with its loop started on `init`. */
export function createJobRunner(opts: JobRunnerOptions = {}): MinerWorkerApi {
  const now = opts.now ?? (() => performance.now());
  const duty = new DutyCycle();
  let kernel: MiningKernel | undefined;
  let listener: RunnerListener | undefined;
  let job: RunningJob | undefined;
  /** Hashes per millisecond, smoothed; sizes batches to the time slot. */
  let rate: number | undefined;
  let started = false;
  let disposed = false;
  /** Ends the current pause early (a command arrived). */
  let waker: (() => void) | undefined;

  const yieldToEvents = createYield();

  /** Sleeps for ms (Infinity: until woken) or until a command wakes the loop. */
  function pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
      function done(): void {
        clearTimeout(timer);
        waker = undefined;
        resolve();
      }
      waker = done;
    });
  }

  function wake(): void {
    waker?.();
  }

  function emit(event: RunnerEvent): void {
    void listener?.(event);
  }

  function batchSize(runMs: number): number {
    if (rate === undefined) return FIRST_BATCH;
    return Math.min(MAX_BATCH, Math.max(MIN_BATCH, Math.round(rate * runMs)));
  }

  function learn(hashes: number, ms: number): void {
    // Sub-millisecond batches (an early hit) say little about the rate.
    if (ms < 1) return;
    const sample = hashes / ms;
    rate = rate === undefined ? sample : (rate + sample) / 2;
  }

  /** Moves the header time one second on and restarts the range; false at the u32 limit. */
  function rollTime(run: RunningJob): boolean {
    if (run.time >= LAST_TIME) return false;
    run.time += 1;
    run.view.setUint32(HEADER_TIME_OFFSET, run.time, true);
    run.next = run.start;
    return true;
  }

  /** Hashes one batch of the running job and reports it. */
  function step(k: MiningKernel, run: RunningJob, runMs: number): void {
    const count = Math.min(batchSize(runMs), run.end - run.next);
    const t0 = now();
    let result: ScanResult;
    try {
      result = k.scan(run.header, run.target, run.next, count);
    } catch (e) {
      job = undefined;
      emit({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
      return;
    }
    const ms = now() - t0;
    duty.spent(ms);
    learn(result.hashes, ms);
    let solution: FoundNonce | undefined;
    if (result.nonce !== undefined) {
      solution = { nonce: result.nonce, time: run.time };
      // A solved job is finished for this worker: the node answers with the next job (a new
      // tip). Going on would flood the main thread at the easy targets a classroom starts with.
      job = undefined;
    } else {
      run.next += result.hashes;
      if (run.next >= run.end && !rollTime(run)) job = undefined;
    }
    const progress = { kind: 'progress', jobId: run.jobId, hashes: result.hashes } as const;
    emit(solution ? { ...progress, solution } : progress);
  }

  async function loop(): Promise<void> {
    while (!disposed) {
      const run = job;
      if (run === undefined || kernel === undefined) {
        await pause(Infinity);
        continue;
      }
      const slot = duty.next(now());
      if ('sleepMs' in slot) {
        await pause(slot.sleepMs);
        continue;
      }
      step(kernel, run, slot.runMs);
      await yieldToEvents();
    }
  }

  return {
    init(report: RunnerListener, name?: KernelName): KernelName {
      kernel = name === undefined ? selectKernel() : createKernel(name);
      listener = report;
      rate = undefined;
      if (!started) {
        started = true;
        loop().catch((e: unknown) => emit({ kind: 'error', message: String(e) }));
      }
      return kernel.name;
    },
    mine(next: WorkerJob): void {
      job = startJob(next);
      wake();
    },
    stop(): void {
      job = undefined;
      wake();
    },
    setThrottle(percent: number): void {
      duty.percent = percent;
      wake();
    },
    async sync(): Promise<void> {
      await listener?.({ kind: 'sync' });
    },
    dispose(): void {
      disposed = true;
      job = undefined;
      wake();
      yieldToEvents.close();
    },
  };
}
