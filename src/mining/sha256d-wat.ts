/**
 * The SHA-256d mining kernel as WebAssembly text, written by a generator so that one source
 * yields both the scalar build and the SIMD build (four nonces at once, one per i32x4 lane).
 * scripts/build-wasm.ts assembles the text with wabt; the generated .wat files sit next to the
 * binaries in src/mining/generated/ for reading.
 *
 * Exports: memory (layout in wasm-abi.ts) and scan(start, count) -> 1 if a nonce in
 * [start, start+count) gives a header hash <= target (the first such nonce is stored at
 * WASM_LAYOUT.found), else 0.
 */
import { SHA256_IV, SHA256_K, PAD_WORD, HEADER_BITS, DIGEST_BITS } from './sha256-constants';
import { WASM_LANES, WASM_LAYOUT } from './wasm-abi';
import { WatBuilder, NONCE } from './wat-builder';
import type { Val } from './wat-builder';

/** The eight working variables a..h of a SHA-256 compression. */
type State = readonly Val[];

/** Message schedule word i >= 16 (FIPS 180-4, 6.2.2 step 1). */
function scheduleWord(b: WatBuilder, w: Val[], i: number, hint: string): Val {
  const x = w[i - 15]!;
  const y = w[i - 2]!;
  const s0 = b.xor(b.rotr(x, 7), b.rotr(x, 18), b.shr(x, 3));
  const s1 = b.xor(b.rotr(y, 17), b.rotr(y, 19), b.shr(y, 10));
  return b.let(b.sum(s1, w[i - 7]!, s0, w[i - 16]!), `${hint}_w${i}`);
}

/** One SHA-256 round; new a and e get fresh locals, so nothing is shuffled between rounds. */
function round(b: WatBuilder, st: State, i: number, wi: Val, hint: string): State {
  const [a, bb, c, d, e, f, g, h] = st as [Val, Val, Val, Val, Val, Val, Val, Val];
  const s1 = b.xor(b.rotr(e, 6), b.rotr(e, 11), b.rotr(e, 25));
  const ch = b.bitselect(f, g, e);
  const t1 = b.let(b.sum(h, s1, ch, b.constant(SHA256_K[i]!), wi), `${hint}_t${i}`);
  const s0 = b.xor(b.rotr(a, 2), b.rotr(a, 13), b.rotr(a, 22));
  // Maj(a, b, c) picks c where a and b differ, else b. In the scalar build this is
  // b ^ ((b ^ c) & (a ^ b)), and b ^ c is the previous round's a ^ b, which the compiler reuses.
  const ab = b.let(b.xor(a, bb), `${hint}_ab${i}`);
  const maj = b.bitselect(c, bb, ab);
  const newE = b.let(b.sum(d, t1), `${hint}_e${i}`);
  const newA = b.let(b.sum(t1, s0, maj), `${hint}_a${i}`);
  return [newA, a, bb, c, newE, e, f, g];
}

/** Runs rounds [from, to) with schedule words computed just before first use. */
function rounds(b: WatBuilder, st: State, w: Val[], from: number, to: number, hint: string): State {
  let s = st;
  for (let i = from; i < to; i++) {
    if (i >= 16 && w[i] === undefined) w[i] = scheduleWord(b, w, i, hint);
    s = round(b, s, i, w[i]!, hint);
  }
  return s;
}

/** The feed-forward: chaining value plus working variables, word by word. */
function feedForward(b: WatBuilder, init: readonly Val[], st: State, hint: string): Val[] {
  return init.map((x, j) => b.let(b.add(x, st[j]!), `${hint}_h${j}`));
}

/** Header word i as a big-endian SHA-256 word, loaded once per scan call. */
function headerWord(b: WatBuilder, i: number): Val {
  const load = b.scanExpr(`(i32.load offset=${WASM_LAYOUT.header + i * 4} (i32.const 0))`);
  return b.let(b.bswap(load, `hdr${i}`), `m${i}`);
}

/** The comparison helper: hash words at p + 16 * j (H0..H7) against the target in memory. */
function meetsFunction(): string {
  const lines: string[] = [];
  // The hash is a little-endian number, so its most significant word is H7 byte-swapped; the
  // target is big-endian bytes, which a little-endian load also needs swapped.
  for (let k = 0; k < 8; k++) {
    const h = `(i32.load offset=${WASM_LAYOUT.scratch + 16 * (7 - k)} (local.get $p))`;
    const t = `(i32.load offset=${WASM_LAYOUT.target + 4 * k} (i32.const 0))`;
    lines.push(
      `(local.set $h (call $bswap ${h}))`,
      `(local.set $t (call $bswap ${t}))`,
      '(if (i32.lt_u (local.get $h) (local.get $t)) (then (return (i32.const 1))))',
      '(if (i32.gt_u (local.get $h) (local.get $t)) (then (return (i32.const 0))))',
    );
  }
  return [
    ';; Whether the final hash of lane p/4 (words 16 bytes apart) is <= the target.',
    '(func $meets (param $p i32) (result i32) (local $h i32) (local $t i32)',
    ...lines.map((l) => '  ' + l),
    '  (i32.const 1))',
    '(func $bswap (param $x i32) (result i32)',
    '  (i32.or (i32.and (i32.rotr (local.get $x) (i32.const 8)) (i32.const 0xff00ff00))',
    '          (i32.and (i32.rotr (local.get $x) (i32.const 24)) (i32.const 0x00ff00ff))))',
  ].join('\n');
}

/** Generates the kernel module text; simd selects the four-lane i32x4 build. */
export function sha256dWat(simd: boolean): string {
  const b = new WatBuilder(simd);
  const lanes = simd ? WASM_LANES.simd : WASM_LANES.scalar;
  const iv = SHA256_IV.map((x) => b.constant(x));

  // Block 1 (header bytes 0..63) reads no nonce: the builder puts all of it in the prelude,
  // so this is the midstate, computed once per scan call.
  const w1 = Array.from({ length: 16 }, (_, i) => headerWord(b, i));
  const mid = feedForward(b, iv, rounds(b, iv, w1, 0, 64, 'b1'), 'mid');

  // Block 2: header bytes 64..75, the nonce, padding and the 640-bit length. Rounds 0..2 and
  // schedule words 16..17 do not read the nonce word, so they land in the prelude too.
  const nonce = simd
    ? b.nonceExpr('(i32x4.add (i32x4.splat (local.get $n)) (v128.const i32x4 0 1 2 3))')
    : b.nonceExpr('(local.get $n)');
  const w2: Val[] = [headerWord(b, 16), headerWord(b, 17), headerWord(b, 18)];
  w2.push(b.let(b.bswap(nonce, 'nonce'), 'b2_w3'), b.constant(PAD_WORD));
  for (let i = 5; i < 15; i++) w2.push(b.constant(0));
  w2.push(b.constant(HEADER_BITS));
  const inner = feedForward(b, mid, rounds(b, mid, w2, 0, 64, 'b2'), 'd');

  // Block 3, the outer hash of the 32-byte digest. After 61 rounds e holds the final h
  // (h <- g <- f <- e), and IV7 + h is the hash's most significant word: reject on it first.
  const w3: Val[] = [...inner, b.constant(PAD_WORD)];
  for (let i = 9; i < 15; i++) w3.push(b.constant(0));
  w3.push(b.constant(DIGEST_BITS));
  const st61 = rounds(b, iv, w3, 0, 61, 'b3');
  const top = b.bswap(b.add(iv[7]!, st61[4]!), 'h7');
  const t0Load = b.scanExpr(`(i32.load offset=${WASM_LAYOUT.target} (i32.const 0))`);
  const t0 = b.let(b.bswap(t0Load, 'tgt0'), 'target0');
  const candidate = simd
    ? `(v128.any_true (i32x4.le_u ${b.operand(top, NONCE)} ${b.operand(t0, NONCE)}))`
    : `(i32.le_u ${b.operand(top, NONCE)} ${b.operand(t0, NONCE)})`;

  // The rare path: finish the hash, store it, and check lanes in nonce order.
  const slow = b.nested(() => {
    const st64 = rounds(b, st61, w3, 61, 64, 'b3');
    const hash = feedForward(b, iv, st64, 'hash');
    const store = simd ? 'v128.store' : 'i32.store';
    hash.forEach((x, j) => {
      const offset = WASM_LAYOUT.scratch + 16 * j;
      b.emit(`(${store} offset=${offset} (i32.const 0) ${b.operand(x, NONCE)})`);
    });
    for (let lane = 0; lane < lanes; lane++) {
      // Lanes past the end of the range (the last group of a SIMD scan) do not count.
      const inRange = `(i32.lt_u (i32.const ${lane}) (local.get $left))`;
      const meets = `(call $meets (i32.const ${lane * 4}))`;
      const nonceOut = `(i32.add (local.get $n) (i32.const ${lane}))`;
      b.emit(
        `(if (i32.and ${inRange} ${meets}) (then ` +
          `(i32.store offset=${WASM_LAYOUT.found} (i32.const 0) ${nonceOut}) ` +
          '(return (i32.const 1))))',
      );
    }
  });

  const indent = (lines: readonly string[], n: number): string[] =>
    lines.map((l) => ' '.repeat(n) + l);
  return [
    `;; SHA-256d header scan, ${simd ? 'SIMD: four nonces per iteration' : 'scalar'}.`,
    ';; Generated by src/mining/sha256d-wat.ts; do not edit.',
    '(module',
    '(memory (export "memory") 1)',
    meetsFunction(),
    '(func (export "scan") (param $start i32) (param $count i32) (result i32)',
    '  (local $n i32) (local $left i32)',
    ...indent(b.locals, 2),
    '  (if (i32.eqz (local.get $count)) (then (return (i32.const 0))))',
    '  ;; Once per call: midstate, nonce-free rounds and schedule words of block 2, target.',
    ...indent(b.prelude, 2),
    '  (local.set $n (local.get $start))',
    '  (local.set $left (local.get $count))',
    '  (loop $next',
    ...indent(b.body, 4),
    `    (if ${candidate} (then`,
    ...indent(slow, 6),
    '    ))',
    `    (if (i32.gt_u (local.get $left) (i32.const ${lanes})) (then`,
    `      (local.set $left (i32.sub (local.get $left) (i32.const ${lanes})))`,
    `      (local.set $n (i32.add (local.get $n) (i32.const ${lanes})))`,
    '      (br $next))))',
    '  (i32.const 0))',
    ')',
    '',
  ].join('\n');
}
