/**
 * Prints the single-core throughput of each mining kernel in Node, next to two references
 * measured in the same run: @noble/hashes called per nonce, and node:crypto (native) per nonce.
 * A quick check run by hand (`npx tsx scripts/kernel-throughput.ts [seconds]`), not a test.
 */
import { createHash } from 'node:crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import type { MiningKernel } from '../src/mining/kernel';
import { KERNEL_NAMES, createKernel, supportedKernels } from '../src/mining/select-kernel';

const seconds = Number(process.argv[2] ?? 2);
const header = Uint8Array.from({ length: 80 }, (_, i) => (i * 131 + 7) & 0xff);
// An all-zero target never hits, so every kernel hashes every nonce it is given.
const target = new Uint8Array(32);

/** Runs batches of scan calls for about `seconds` and returns nonces per second. */
function measure(kernel: MiningKernel, batch: number): number {
  kernel.scan(header, target, 0, batch); // warm-up: lets the JIT or wasm tier-up settle
  kernel.scan(header, target, batch, batch);
  let nonces = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000)
    nonces += kernel.scan(header, target, nonces, batch).hashes;
  return nonces / ((performance.now() - t0) / 1000);
}

/** Per-nonce hashing with a general-purpose SHA-256 (what a naive miner does). */
function perNonce(sha256d: (h: Uint8Array) => Uint8Array): MiningKernel {
  const h = header.slice();
  const view = new DataView(h.buffer);
  return {
    name: 'js',
    scan(_header, _target, start, count) {
      for (let i = 0; i < count; i++) {
        view.setUint32(76, start + i, true);
        // Look at the digest so the call cannot be optimised away; a byte is never 256.
        if (sha256d(h)[31] === 256) return { nonce: start + i, hashes: i + 1 };
      }
      return { nonce: undefined, hashes: count };
    },
  };
}

const noble = measure(
  perNonce((h) => sha256(sha256(h))),
  20_000,
);
const native = measure(
  perNonce((h) => createHash('sha256').update(createHash('sha256').update(h).digest()).digest()),
  20_000,
);
const rows: Record<string, { noncesPerSecond: number; vsNoble: number; vsNative: number }> = {};
const add = (name: string, rate: number): void => {
  rows[name] = {
    noncesPerSecond: Math.round(rate),
    vsNoble: Number((rate / noble).toFixed(2)),
    vsNative: Number((rate / native).toFixed(2)),
  };
};
add('noble-per-nonce', noble);
add('node-crypto-per-nonce', native);
for (const name of KERNEL_NAMES) {
  if (!supportedKernels().includes(name)) continue;
  add(name, measure(createKernel(name), 200_000));
}
console.log(JSON.stringify({ seconds, node: process.version, kernels: rows }, null, 2));
