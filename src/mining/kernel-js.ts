import { SHA256_IV, SHA256_K, PAD_WORD, HEADER_BITS, DIGEST_BITS } from './sha256-constants';
import { checkScanArgs, targetWords } from './kernel';
import type { MiningKernel, ScanResult } from './kernel';

// Int32Array so every value the JIT sees is an int32: the hot loops stay in integer registers.
const K = Int32Array.from(SHA256_K);
const IV = Int32Array.from(SHA256_IV);

/** Byte-swaps a u32: header fields are little-endian, SHA-256 words big-endian. */
function bswap(x: number): number {
  return (x << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
}

/** Extends the message schedule w[from..to) from the 16 words before each entry. */
function expand(w: Int32Array, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const x = w[i - 15]!;
    const y = w[i - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[i] = (s1 + w[i - 7]! + s0 + w[i - 16]!) | 0;
  }
}

/**
 * Runs SHA-256 rounds [from, to) on the working variables a..h read from src and written to dst.
 * A loop, not an unrolled block: a fully unrolled double SHA-256 passes V8's bytecode size limit
 * for optimisation and would run in the interpreter.
 */
function rounds(src: Int32Array, dst: Int32Array, w: Int32Array, from: number, to: number): void {
  let a = src[0]!;
  let b = src[1]!;
  let c = src[2]!;
  let d = src[3]!;
  let e = src[4]!;
  let f = src[5]!;
  let g = src[6]!;
  let h = src[7]!;
  for (let i = from; i < to; i++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + (g ^ (e & (f ^ g))) + K[i]! + w[i]!) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) | (c & (a | b)))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  dst[0] = a;
  dst[1] = b;
  dst[2] = c;
  dst[3] = d;
  dst[4] = e;
  dst[5] = f;
  dst[6] = g;
  dst[7] = h;
}

/** Adds two SHA-256 states word by word (the feed-forward at the end of a compression). */
function addStates(x: Int32Array, y: Int32Array, out: Int32Array): void {
  for (let i = 0; i < 8; i++) out[i] = (x[i]! + y[i]!) | 0;
}

/** Whether the final state words, read as Bitcoin reads a hash, are <= the target words. */
function meetsTarget(state: Int32Array, target: Uint32Array): boolean {
  // The hash is a little-endian number, so its most significant word is H7 byte-swapped.
  for (let k = 0; k < 8; k++) {
    const hashWord = bswap(state[7 - k]!) >>> 0;
    const targetWord = target[k]!;
    if (hashWord !== targetWord) return hashWord < targetWord;
  }
  return true;
}

/** Creates the plain JavaScript kernel: midstate once per scan, then two compressions a nonce. */
export function createJsKernel(): MiningKernel {
  // Scratch space lives with the kernel so that the scan loop allocates nothing.
  const w1 = new Int32Array(64);
  const w2 = new Int32Array(64);
  const w3 = new Int32Array(64);
  const mid = new Int32Array(8);
  const pre = new Int32Array(8);
  const st = new Int32Array(8);

  function scan(header: Uint8Array, target: Uint8Array, start: number, count: number): ScanResult {
    checkScanArgs(header, target, start, count);
    const t = targetWords(target);
    const t0 = t[0]!;
    const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
    for (let i = 0; i < 16; i++) w1[i] = view.getInt32(i * 4, false);
    expand(w1, 16, 64);
    rounds(IV, st, w1, 0, 64);
    addStates(IV, st, mid);

    // Second block: header bytes 64..75, the nonce, then padding for an 80-byte message.
    for (let i = 0; i < 3; i++) w2[i] = view.getInt32(64 + i * 4, false);
    w2[4] = PAD_WORD;
    w2.fill(0, 5, 15);
    w2[15] = HEADER_BITS;
    // Rounds 0..2 and schedule words 16, 17 do not read the nonce word: do them once.
    rounds(mid, pre, w2, 0, 3);
    expand(w2, 16, 18);

    // Outer hash: the 32-byte inner digest, then padding for a 32-byte message.
    w3[8] = PAD_WORD;
    w3.fill(0, 9, 15);
    w3[15] = DIGEST_BITS;

    for (let i = 0; i < count; i++) {
      const nonce = (start + i) | 0;
      w2[3] = bswap(nonce);
      expand(w2, 18, 64);
      rounds(pre, st, w2, 3, 64);
      addStates(mid, st, w3);
      expand(w3, 16, 61);
      rounds(IV, st, w3, 0, 61);
      // After 61 rounds e already holds what becomes h after 64 (h <- g <- f <- e), and H7 is
      // the hash's most significant word: reject on it before the last three rounds.
      const top = bswap((IV[7]! + st[4]!) | 0) >>> 0;
      if (top > t0) continue;
      expand(w3, 61, 64);
      rounds(st, st, w3, 61, 64);
      addStates(IV, st, st);
      if (meetsTarget(st, t)) return { nonce: nonce >>> 0, hashes: i + 1 };
    }
    return { nonce: undefined, hashes: count };
  }

  return { name: 'js', scan };
}
