/**
 * A tiny WebAssembly-text emitter for straight-line integer code, used at build time to write the
 * SHA-256d kernels. Every value carries a tier: known when the kernel is built (folded here),
 * fixed for one scan call (computed once, before the nonce loop), or different for every nonce.
 * Mixing tiers hoists work automatically: rounds and schedule words that do not read the nonce
 * move out of the loop, and constant words vanish, which is what hand-tuned miners do by hand.
 * In SIMD mode nonce-tier values are i32x4 (four nonces, one per lane) and the rest stay scalar.
 */

/** When a value is known: at build time, once per scan call, or once per nonce. */
export type Tier = 0 | 1 | 2;

/** Value known when the kernel is built. */
export const CONST: Tier = 0;
/** Value fixed for one scan call, computed before the nonce loop (and lane-uniform). */
export const SCAN: Tier = 1;
/** Value that changes with the nonce, computed inside the loop (one per lane in SIMD). */
export const NONCE: Tier = 2;

/** A value: a folded constant, or a WAT expression of the type its tier has in this build. */
export interface Val {
  readonly tier: Tier;
  /** The u32 value when tier is CONST. */
  readonly value: number;
  /** WAT expression text; for CONST, filled in per use. */
  readonly text: string;
  /** Whether text is a single local.get, so using it twice costs nothing. */
  readonly leaf: boolean;
}

/** Hex u32 literal, for readable WAT. */
function hex(x: number): string {
  return '0x' + (x >>> 0).toString(16).padStart(8, '0');
}

/** The straight-line emitter; one instance builds one function. */
export class WatBuilder {
  readonly simd: boolean;
  readonly #locals: string[] = [];
  readonly #prelude: string[] = [];
  readonly #sections: string[][] = [[]];
  readonly #splats = new Map<string, string>();
  readonly #names = new Set<string>();

  constructor(simd: boolean) {
    this.simd = simd;
  }

  /** Local declarations, one line each. */
  get locals(): readonly string[] {
    return this.#locals;
  }

  /** Statements that run once per scan call, before the loop. */
  get prelude(): readonly string[] {
    return this.#prelude;
  }

  /** Statements of the outermost loop-body section. */
  get body(): readonly string[] {
    return this.#sections[0] ?? [];
  }

  /** A build-time constant. */
  constant(x: number): Val {
    return { tier: CONST, value: x >>> 0, text: '', leaf: true };
  }

  /** A scan-tier scalar i32 expression (e.g. a memory load) valid in the prelude. */
  scanExpr(text: string): Val {
    return { tier: SCAN, value: 0, text, leaf: false };
  }

  /** A nonce-tier expression already of the nonce type (i32, or v128 in SIMD). */
  nonceExpr(text: string): Val {
    return { tier: NONCE, value: 0, text, leaf: false };
  }

  /** Declares a fresh local of the given type and returns its name. */
  declare(hint: string, type: 'i32' | 'v128'): string {
    let name = `$${hint}`;
    for (let i = 2; this.#names.has(name); i++) name = `$${hint}_${i}`;
    this.#names.add(name);
    this.#locals.push(`(local ${name} ${type})`);
    return name;
  }

  /** Appends a statement to the current section (loop body or a nested block). */
  emit(line: string): void {
    this.#sections[this.#sections.length - 1]?.push(line);
  }

  /** Runs fn with statements going into a fresh section and returns them (for if-blocks). */
  nested(fn: () => void): string[] {
    const section: string[] = [];
    this.#sections.push(section);
    try {
      fn();
    } finally {
      this.#sections.pop();
    }
    return section;
  }

  /** Stores x in a local (in the prelude when scan-tier) so it can be used many times. */
  let(x: Val, hint: string): Val {
    if (x.tier === CONST || x.leaf) return x;
    const type = x.tier === NONCE && this.simd ? 'v128' : 'i32';
    const name = this.declare(hint, type);
    const line = `(local.set ${name} ${x.text})`;
    if (x.tier === SCAN) this.#prelude.push(line);
    else this.emit(line);
    return { tier: x.tier, value: 0, text: `(local.get ${name})`, leaf: true };
  }

  /** The text of x as an operand of an operation whose result has the given tier. */
  operand(x: Val, tier: Tier): string {
    const vector = tier === NONCE && this.simd;
    if (x.tier === CONST) {
      const c = hex(x.value);
      return vector ? `(v128.const i32x4 ${c} ${c} ${c} ${c})` : `(i32.const ${c})`;
    }
    if (x.tier === tier) return x.text;
    // A scan value used in the loop: compute it once in the prelude, never per nonce.
    const local = this.let(x, 'inv');
    if (!vector) return local.text;
    let splat = this.#splats.get(local.text);
    if (splat === undefined) {
      // local.text is "(local.get $name)": name the splat after the scalar it copies.
      const name = this.declare(local.text.slice(12, -1) + '_x4', 'v128');
      this.#prelude.push(`(local.set ${name} (i32x4.splat ${local.text}))`);
      splat = `(local.get ${name})`;
      this.#splats.set(local.text, splat);
    }
    return splat;
  }

  /** Applies a two-operand op, folding constants; the SIMD form is used for nonce values. */
  #binary(op: string, vop: string, fold: (a: number, b: number) => number, a: Val, b: Val): Val {
    if (a.tier === CONST && b.tier === CONST) return this.constant(fold(a.value, b.value));
    const tier = Math.max(a.tier, b.tier) as Tier;
    const name = tier === NONCE && this.simd ? vop : op;
    const text = `(${name} ${this.operand(a, tier)} ${this.operand(b, tier)})`;
    return { tier, value: 0, text, leaf: false };
  }

  /** Shift or rotate by a constant amount: the count stays a scalar i32 even in SIMD. */
  #shift(op: string, vop: string, fold: (a: number) => number, x: Val, n: number): Val {
    if (x.tier === CONST) return this.constant(fold(x.value));
    const name = x.tier === NONCE && this.simd ? vop : op;
    return { tier: x.tier, value: 0, text: `(${name} ${x.text} (i32.const ${n}))`, leaf: false };
  }

  /** Wrapping sum; constants fold and scan-tier terms are added up once, outside the loop. */
  sum(...xs: Val[]): Val {
    let c = 0;
    const scan: Val[] = [];
    const nonce: Val[] = [];
    for (const x of xs) {
      if (x.tier === CONST) c = (c + x.value) >>> 0;
      else (x.tier === SCAN ? scan : nonce).push(x);
    }
    let inv = scan.reduce<Val | undefined>((acc, x) => (acc ? this.add(acc, x) : x), undefined);
    if (c !== 0 || (inv === undefined && nonce.length === 0)) {
      inv = inv ? this.add(inv, this.constant(c)) : this.constant(c);
    }
    const terms = inv ? [...nonce, inv] : nonce;
    return terms.reduce((acc, x) => this.add(acc, x));
  }

  /** Wrapping 32-bit addition. */
  add(a: Val, b: Val): Val {
    if (a.tier === CONST && a.value === 0) return b;
    if (b.tier === CONST && b.value === 0) return a;
    return this.#binary('i32.add', 'i32x4.add', (x, y) => x + y, a, b);
  }

  /** Bitwise exclusive or of all operands. */
  xor(...xs: Val[]): Val {
    return xs.reduce((a, b) => {
      if (a.tier === CONST && a.value === 0) return b;
      if (b.tier === CONST && b.value === 0) return a;
      return this.#binary('i32.xor', 'v128.xor', (x, y) => x ^ y, a, b);
    });
  }

  /** Bitwise and. */
  and(a: Val, b: Val): Val {
    return this.#binary('i32.and', 'v128.and', (x, y) => x & y, a, b);
  }

  /** Bitwise or. */
  or(a: Val, b: Val): Val {
    return this.#binary('i32.or', 'v128.or', (x, y) => x | y, a, b);
  }

  /** Logical shift right by a constant. */
  shr(x: Val, n: number): Val {
    return this.#shift('i32.shr_u', 'i32x4.shr_u', (v) => v >>> n, x, n);
  }

  /** Shift left by a constant. */
  shl(x: Val, n: number): Val {
    return this.#shift('i32.shl', 'i32x4.shl', (v) => v << n, x, n);
  }

  /** Rotate right by a constant; SIMD has no rotate, so it is two shifts and an or. */
  rotr(x: Val, n: number): Val {
    if (x.tier === NONCE && this.simd) {
      const v = this.let(x, 'rot');
      return this.or(this.shr(v, n), this.shl(v, 32 - n));
    }
    return this.#shift('i32.rotr', '', (v) => (v >>> n) | (v << (32 - n)), x, n);
  }

  /** Bits of x where mask is 1, of y where it is 0 (SHA-256's Ch, and Maj given a ^ b). */
  bitselect(x: Val, y: Val, mask: Val): Val {
    const tier = Math.max(x.tier, y.tier, mask.tier) as Tier;
    if (tier === NONCE && this.simd) {
      const args = [x, y, mask].map((v) => this.operand(v, tier)).join(' ');
      return { tier, value: 0, text: `(v128.bitselect ${args})`, leaf: false };
    }
    const yy = this.let(y, 'sel');
    return this.xor(yy, this.and(this.xor(yy, x), mask));
  }

  /** Reverses the bytes of each 32-bit word: header fields are little-endian, SHA words big. */
  bswap(x: Val, hint: string): Val {
    if (x.tier === CONST) {
      const v = x.value;
      return this.constant(
        ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24),
      );
    }
    const v = this.let(x, hint);
    if (v.tier === NONCE && this.simd) {
      const lanes = '3 2 1 0 7 6 5 4 11 10 9 8 15 14 13 12';
      return {
        tier: NONCE,
        value: 0,
        text: `(i8x16.shuffle ${lanes} ${v.text} ${v.text})`,
        leaf: false,
      };
    }
    const hi = this.and(this.rotr(v, 8), this.constant(0xff00ff00));
    const lo = this.and(this.rotr(v, 24), this.constant(0x00ff00ff));
    return this.or(hi, lo);
  }
}
