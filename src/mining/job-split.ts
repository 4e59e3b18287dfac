/**
 * Turns the node's MiningJob into what workers hash: the header's 80 bytes, the target as 32
 * big-endian bytes, and one disjoint slice of the 2^32 nonces per worker. Disjoint slices keep
 * the workers from repeating each other's work, at every rolled time too.
 */
import { bigIntToBytesBE } from '../core/bytes';
import { encodeHeader } from '../core/header';
import { targetFromBits } from '../core/pow';
import type { MiningJob } from '../node/ports';
import type { WorkerJob } from './job-protocol';
import { NONCE_LIMIT, TARGET_BYTES } from './kernel';

/** A job in the form every worker shares; undefined target means no hash can meet the bits. */
export interface EncodedJob {
  readonly jobId: number;
  readonly header: Uint8Array;
  readonly target: Uint8Array;
}

/** Encodes a job once per setJob; each worker's message then only adds its nonce range. */
export function encodeJob(job: MiningJob): EncodedJob | undefined {
  const target = targetFromBits(job.template.header.bits);
  if (target === undefined) return undefined;
  return {
    jobId: job.jobId,
    header: encodeHeader(job.template.header),
    target: bigIntToBytesBE(target, TARGET_BYTES),
  };
}

/** Most ranges nonceRange splits into: keeps i * 2^32 an exact double. */
export const MAX_RANGES = 2 ** 16;

/** The i-th of n disjoint nonce ranges [start, end) that together cover [0, 2^32). */
export function nonceRange(i: number, n: number): { start: number; end: number } {
  if (!Number.isInteger(n) || n < 1 || n > MAX_RANGES) throw new RangeError('bad range count');
  if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError('bad range index');
  return { start: Math.floor((i * NONCE_LIMIT) / n), end: Math.floor(((i + 1) * NONCE_LIMIT) / n) };
}

/** The job for worker i of n. */
export function workerJob(job: EncodedJob, i: number, n: number): WorkerJob {
  return { ...job, ...nonceRange(i, n) };
}
