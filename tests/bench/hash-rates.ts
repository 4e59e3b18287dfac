/**
 * Hashing measurements shared by Node and the kernel worker: a kernel's nonces per second, and
 * the same for @noble/hashes called once per nonce (what a naive miner does). Uses
 * performance.now only, so it runs in Node, in a page and in a Web Worker.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import type { MiningKernel } from '../../src/mining/kernel.js';

/** A fixed 80-byte header; its content does not change the cost. */
export const BENCH_HEADER = Uint8Array.from({ length: 80 }, (_, i) => (i * 131 + 7) & 0xff);

/** An all-zero target: no hash meets it, so every kernel hashes every nonce it is given. */
export const NEVER_TARGET = new Uint8Array(32);

/** Nonces per scan call: tens of milliseconds per call for each kind of hasher. */
export const BATCH = { js: 2 ** 16, wasm: 2 ** 18, perNonce: 2 ** 13 } as const;

/**
 * Scans batches for about `ms` after two warm-up batches (JIT and wasm tier-up) and returns
 * nonces per second.
 */
export function noncesPerSecond(kernel: MiningKernel, batch: number, ms: number): number {
  kernel.scan(BENCH_HEADER, NEVER_TARGET, 0, batch);
  kernel.scan(BENCH_HEADER, NEVER_TARGET, batch, batch);
  let nonces = 0;
  const t0 = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    nonces += kernel.scan(BENCH_HEADER, NEVER_TARGET, nonces, batch).hashes;
    elapsed = performance.now() - t0;
  }
  return nonces / (elapsed / 1000);
}

/**
 * A "kernel" that hashes each nonce with a general-purpose SHA-256d: the header is rewritten
 * and hashed in full, twice, per nonce (no midstate).
 */
export function perNonceKernel(sha256d: (h: Uint8Array) => Uint8Array): MiningKernel {
  const h = BENCH_HEADER.slice();
  const view = new DataView(h.buffer);
  return {
    name: 'js',
    scan(_header, _target, start, count) {
      for (let i = 0; i < count; i++) {
        view.setUint32(76, (start + i) >>> 0, true);
        // Read the digest so the call cannot be optimised away; a byte is never 256.
        if (sha256d(h)[31] === 256) return { nonce: start + i, hashes: i + 1 };
      }
      return { nonce: undefined, hashes: count };
    },
  };
}

/** @noble/hashes once per nonce: sha256(sha256(header)). */
export function noblePerNonce(): MiningKernel {
  return perNonceKernel((h) => sha256(sha256(h)));
}
