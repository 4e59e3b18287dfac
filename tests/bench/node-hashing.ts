/**
 * Hashing figures measured in Node, without a browser: native SHA-256 (the machine's ceiling,
 * the reference for every kernel) and the kernels in Node against noble and native.
 */
import { createHash } from 'node:crypto';
import { KERNEL_NAMES, createKernel, supportedKernels } from '../../src/mining/select-kernel.js';
import { BATCH, noblePerNonce, noncesPerSecond, perNonceKernel } from './hash-rates.js';
import { type BenchLine, line, median, kernelLines } from './report.js';

/** Bytes hashed per native round: 2^27 bytes = 2^21 compressions, ~0.1 s with SHA-NI. */
const NATIVE_BYTES = 2 ** 27;

/** SHA-256 compresses one 64-byte block at a time. */
const BLOCK_BYTES = 64;

/** The bytes hashed by nativeCompressionsPerSecond, allocated once. */
let nativeBuffer: Buffer | undefined;

/**
 * Native SHA-256 compressions per second on one core: OpenSSL (node:crypto) over a large
 * buffer, so call overhead vanishes and what is left is the compression function itself (with
 * SHA-NI or hand-written assembly, whichever OpenSSL picks on this CPU).
 */
export function nativeCompressionsPerSecond(rounds: number): number[] {
  const buffer = (nativeBuffer ??= Buffer.alloc(NATIVE_BYTES, 0x5a));
  createHash('sha256').update(buffer).digest(); // warm-up
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    createHash('sha256').update(buffer).digest();
    const seconds = (performance.now() - t0) / 1000;
    samples.push(NATIVE_BYTES / BLOCK_BYTES / seconds);
  }
  return samples;
}

/**
 * Native nonces per second from native compressions per second. Mining one nonce is a SHA-256d
 * of the 80-byte header. The inner hash pads the header to two 64-byte blocks; the first block
 * (bytes 0..63) does not contain the nonce, so a miner compresses it once per job (the
 * midstate) and per nonce only the second block (bytes 64..79 + padding). The outer hash
 * hashes the 32-byte digest, which pads to one block. Per nonce: 1 + 1 = 2 compressions, so
 * native nonces/s = compressions/s / 2. Every kernel here uses the midstate, so this is the
 * like-for-like ceiling for it.
 */
export function nativeNoncesPerSecond(compressionsPerSecond: number): number {
  return compressionsPerSecond / 2;
}

/**
 * Measures hashing in Node: native, noble and node:crypto per nonce, and each kernel;
 * `rounds` rounds of `ms` per hasher, interleaved, a native sample opening each round.
 */
export function measureNodeHashing(rounds: number, ms: number): BenchLine[] {
  const kernels = KERNEL_NAMES.filter((k) => supportedKernels().includes(k));
  const hashers = {
    noble: { kernel: noblePerNonce(), batch: BATCH.perNonce },
    'node-crypto': {
      kernel: perNonceKernel((h) =>
        createHash('sha256').update(createHash('sha256').update(h).digest()).digest(),
      ),
      batch: BATCH.perNonce,
    },
    ...Object.fromEntries(
      kernels.map((k) => [
        k,
        { kernel: createKernel(k), batch: k === 'js' ? BATCH.js : BATCH.wasm },
      ]),
    ),
  };
  const samples = new Map<string, number[]>();
  const natives: number[] = [];
  for (let r = 0; r < rounds; r++) {
    natives.push(nativeCompressionsPerSecond(1)[0]!);
    for (const [name, h] of Object.entries(hashers)) {
      const list = samples.get(name) ?? [];
      list.push(noncesPerSecond(h.kernel, h.batch, ms));
      samples.set(name, list);
    }
  }
  const compressions = median(natives);
  const nativeNonces = nativeNoncesPerSecond(compressions);
  const rate = (name: string): number => median(samples.get(name) ?? []);
  const noble = rate('noble');
  const native = 'native-sha256 (node:crypto over 128 MiB: compressions/s / 2, midstate)';
  const lines: BenchLine[] = [
    line({
      name: 'node-native-sha256-compressions',
      value: compressions,
      unit: 'compressions/s',
      reference: nativeNonces,
      referenceName: 'native nonces/s (= compressions/s / 2)',
      rounds,
    }),
    line({
      name: 'node-noble-per-nonce',
      value: noble,
      unit: 'nonces/s',
      reference: nativeNonces,
      referenceName: native,
      rounds,
    }),
    line({
      name: 'node-crypto-per-nonce',
      value: rate('node-crypto'),
      unit: 'nonces/s',
      reference: nativeNonces,
      referenceName: native,
      rounds,
    }),
  ];
  for (const k of kernels) {
    const name = `node-kernel-${k}`;
    const value = rate(k);
    lines.push(
      ...kernelLines(
        name,
        value,
        { value: noble, name: 'node-noble-per-nonce' },
        { value: nativeNonces, name: native },
        rounds,
      ),
    );
  }
  return lines;
}
