/**
 * Every mining kernel is cross-checked against @noble/hashes, the plain reference: random headers
 * every run (the seed is in each failure message), exact-hash boundaries, the u32 nonce edges,
 * and real Bitcoin mainnet headers whose nonces must be found again.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { targetWords } from '../../src/mining/kernel';
import type { KernelName, MiningKernel } from '../../src/mining/kernel';
import { createWasmKernel } from '../../src/mining/kernel-wasm';
import {
  KERNEL_NAMES,
  createKernel,
  selectKernel,
  supportedKernels,
} from '../../src/mining/select-kernel';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const vectorFile = resolve(
  repoRoot,
  'tests/vectors/data/bitcoin-mainnet-headers-822528-826560.txt',
);

const seed = crypto.getRandomValues(new Uint32Array(1))[0]!;
const why = `seed ${seed}`;

/** mulberry32: a small seeded PRNG, so a failing run can be replayed from its seed. */
function prng(s: number): () => number {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

const random = prng(seed);

function randomBytes(n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => random() & 0xff);
}

/** The reference: SHA-256d of the header with the nonce written little-endian at 76..79. */
function referenceHash(header: Uint8Array, nonce: number): Uint8Array {
  const h = header.slice();
  new DataView(h.buffer).setUint32(76, nonce, true);
  return sha256(sha256(h));
}

/** A hash as Bitcoin reads it: a 256-bit little-endian number. */
function hashValue(hash: Uint8Array): bigint {
  return BigInt('0x' + Buffer.from(hash).reverse().toString('hex'));
}

function targetBytes(value: bigint): Uint8Array {
  return Uint8Array.from(Buffer.from(value.toString(16).padStart(64, '0'), 'hex'));
}

function targetValue(target: Uint8Array): bigint {
  return BigInt('0x' + Buffer.from(target).toString('hex'));
}

/** The first nonce in [start, start+count) whose reference hash is <= target. */
function referenceScan(header: Uint8Array, target: Uint8Array, start: number, count: number) {
  const t = targetValue(target);
  for (let i = 0; i < count; i++) {
    if (hashValue(referenceHash(header, start + i)) <= t)
      return { nonce: start + i, hashes: i + 1 };
  }
  return { nonce: undefined, hashes: count };
}

/** Bitcoin's compact "bits" to a target (exponent in the top byte, 23-bit mantissa). */
function compactToTarget(bits: number): bigint {
  const exponent = bits >>> 24;
  const mantissa = BigInt(bits & 0x007fffff);
  return exponent <= 3
    ? mantissa >> BigInt(8 * (3 - exponent))
    : mantissa << BigInt(8 * (exponent - 3));
}

/** About one nonce in 256 meets it, so short ranges see several hits. */
const EASY = targetBytes((1n << 248n) - 1n);
const IMPOSSIBLE = new Uint8Array(32);

describe('kernel selection', () => {
  it('supports every kernel in Node 20, so none of the suites below is skipped', () => {
    expect(supportedKernels()).toEqual(KERNEL_NAMES);
    expect(selectKernel().name).toBe('wasm-simd');
  });

  it('creates kernels by name', () => {
    for (const name of KERNEL_NAMES) expect(createKernel(name).name).toBe(name);
  });
});

describe('targetWords', () => {
  it('splits a big-endian target into u32 words, most significant first', () => {
    const target = Uint8Array.from({ length: 32 }, (_, i) => i);
    expect(Array.from(targetWords(target))).toEqual([
      0x00010203, 0x04050607, 0x08090a0b, 0x0c0d0e0f, 0x10111213, 0x14151617, 0x18191a1b,
      0x1c1d1e1f,
    ]);
  });
});

const vectors = readFileSync(vectorFile, 'utf8')
  .split('\n')
  .filter((line) => line !== '' && !line.startsWith('#'))
  .map((line) => {
    const [height, headerHex, hashHex] = line.split(' ');
    return { height: Number(height), header: Buffer.from(headerHex!, 'hex'), hash: hashHex! };
  });

describe.each(KERNEL_NAMES)('%s kernel', (name: KernelName) => {
  const kernel: MiningKernel = createKernel(name);

  it('finds the first nonce meeting an easy target on random headers', () => {
    for (let round = 0; round < 12; round++) {
      const header = randomBytes(80);
      const start = random();
      const count = Math.min(1 + (random() % 1500), 2 ** 32 - start);
      const expected = referenceScan(header, EASY, start, count);
      expect(kernel.scan(header, EASY, start, count), why).toEqual(expected);
    }
  });

  it('reports no nonce and every hash for an impossible target', () => {
    const header = randomBytes(80);
    expect(kernel.scan(header, IMPOSSIBLE, 1000, 5003), why).toEqual({
      nonce: undefined,
      hashes: 5003,
    });
    expect(kernel.scan(header, IMPOSSIBLE, 7, 0)).toEqual({ nonce: undefined, hashes: 0 });
  });

  it('agrees with noble on the hash itself: target = hash hits, target = hash - 1 misses', () => {
    for (let round = 0; round < 16; round++) {
      const header = randomBytes(80);
      const nonce = random();
      const value = hashValue(referenceHash(header, nonce));
      const exact = targetBytes(value);
      expect(kernel.scan(header, exact, nonce, 1), why).toEqual({ nonce, hashes: 1 });
      expect(kernel.scan(header, targetBytes(value - 1n), nonce, 1), why).toEqual({
        nonce: undefined,
        hashes: 1,
      });
      // Neighbours in the same SIMD group must not shadow or fake the result.
      const start = Math.max(0, nonce - 2);
      const count = Math.min(5, 2 ** 32 - start);
      expect(kernel.scan(header, exact, start, count), why).toEqual(
        referenceScan(header, exact, start, count),
      );
    }
  });

  it('handles nonces across the signed boundary and at the top of the u32 range', () => {
    const header = randomBytes(80);
    for (const [start, count] of [
      [2 ** 31 - 600, 1200],
      [2 ** 32 - 1001, 1001],
      [2 ** 32 - 1, 1],
    ] as const) {
      const expected = referenceScan(header, EASY, start, count);
      expect(kernel.scan(header, EASY, start, count), why).toEqual(expected);
    }
  });

  it('ignores the nonce already in the header', () => {
    const header = randomBytes(80);
    const other = header.slice();
    other.set(randomBytes(4), 76);
    expect(kernel.scan(other, EASY, 500, 3000)).toEqual(kernel.scan(header, EASY, 500, 3000));
  });

  it('finds the real nonce of Bitcoin mainnet headers, with the target from their bits', () => {
    const picks = [0, 1, 777, 2024, vectors.length - 1].map((i) => vectors[i]!);
    for (const { height, header, hash } of picks) {
      // Check the vector itself against the reference, so a bad line cannot pass silently.
      expect(
        Buffer.from(referenceHash(header, header.readUInt32LE(76)))
          .reverse()
          .toString('hex'),
      ).toBe(hash);
      const nonce = header.readUInt32LE(76);
      const target = targetBytes(compactToTarget(header.readUInt32LE(72)));
      const start = Math.max(0, nonce - 3000);
      const count = Math.min(6000, 2 ** 32 - start);
      const blank = Uint8Array.from(header);
      blank.fill(0, 76, 80);
      expect(kernel.scan(blank, target, start, count), `height ${height}`).toEqual({
        nonce,
        hashes: nonce - start + 1,
      });
      expect(kernel.scan(blank, target, nonce + 1, 2000), `height ${height}`).toEqual({
        nonce: undefined,
        hashes: 2000,
      });
    }
  });

  it('rejects malformed requests', () => {
    const header = new Uint8Array(80);
    expect(() => kernel.scan(new Uint8Array(79), EASY, 0, 1)).toThrow(RangeError);
    expect(() => kernel.scan(header, new Uint8Array(31), 0, 1)).toThrow(RangeError);
    expect(() => kernel.scan(header, EASY, 2 ** 32 - 1, 2)).toThrow(RangeError);
    expect(() => kernel.scan(header, EASY, -1, 1)).toThrow(RangeError);
    expect(() => kernel.scan(header, EASY, 0.5, 1)).toThrow(RangeError);
  });
});

describe.each(['scalar', 'simd'] as const)('wasm %s kernel split into small calls', (variant) => {
  it('finds the same first nonce whatever the call boundaries', () => {
    for (const chunk of [1, 3, 7, 64]) {
      const kernel = createWasmKernel(variant, chunk);
      const header = randomBytes(80);
      const start = random() >>> 1;
      const expected = referenceScan(header, EASY, start, 2000);
      expect(kernel.scan(header, EASY, start, 2000), `${why}, chunk ${chunk}`).toEqual(expected);
    }
  });
});
