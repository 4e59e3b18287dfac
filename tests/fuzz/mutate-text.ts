/**
 * Text and value mutations for the fuzz targets whose input is a string (a room link, an
 * address, a JSON frame) or a structured value (a JSON message, an IndexedDB record). Text is
 * mutated both as UTF-8 bytes and as characters, with a dictionary of tokens that parsers
 * split on; values are mutated node by node: a field retyped, removed or added, a number at
 * its edge, bytes or strings mutated in place, arrays grown, nesting deepened.
 */
import type { Rng } from '../sim/rng.js';
import { mutateBytes } from './mutate-bytes.js';
import { footprint } from './values.js';

/** Tokens that parsers split on, escape with, or choke on. */
// prettier-ignore
const TOKENS = [
  '&', '=', '?', '%', '%00', '%zz', '%ff', '%C3%A9', '%E4%BD%A0', ':', '.', ',', '-', '_', ' ',
  '\t', '\n', '\r\n', '\u0000', '\ud800', '\udfff', '\uffff', '\ufeff', '0x', '0X', '..', '/',
  '\\', '"', '\\u0000', '{', '}', '[', ']', 'é', '你', '𝄞', 'null', 'true', '-1', '1e309',
  '0', '4294967295', '4294967296', '9007199254740993', '18446744073709551616', '00000000',
  '0.000000001', '1.', '.5', 'NaN', 'Infinity', '__proto__', 'constructor',
];

/** Numbers on an edge: of a u8, u32, safe integer, float; negative zero; not numbers at all. */
// prettier-ignore
const NUMBERS = [
  0, -0, 1, -1, 0.5, 255, 256, 0xffffffff, 2 ** 32, 2 ** 53 - 1, 2 ** 53, -(2 ** 53),
  Number.MAX_VALUE, Number.MIN_VALUE, NaN, Infinity, -Infinity, 1e21,
];

/** Things a decoder may be handed in place of what it expects. */
// prettier-ignore
const STRANGE = (): unknown[] => [
  undefined, null, true, false, '', 'x', '0', [], {}, [[[]]], 0n, 2n ** 64n, new Uint8Array(0),
  new Uint8Array(new ArrayBuffer(40), 7, 20), new Uint16Array(4), new ArrayBuffer(8),
  new Date(0), Object.create(null) as object, new Map(),
];

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)] as T;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder(); // not fatal: broken sequences become U+FFFD, as in a browser

/** The character-level operations. */
const TEXT_OPS: readonly ((s: string, rng: Rng, dict: readonly string[]) => string)[] = [
  // Insert a token.
  (s, rng, dict) => {
    const at = rng.int(s.length + 1);
    const token = rng.chance(0.5) && dict.length > 0 ? pick(rng, dict) : pick(rng, TOKENS);
    return s.slice(0, at) + token + s.slice(at);
  },
  // Replace a run of digits (or any run) with a number on an edge.
  (s, rng) => {
    const at = rng.int(s.length + 1);
    const m = /\d+/.exec(s.slice(at));
    const from = m ? at + m.index : at;
    const to = m ? from + m[0].length : from + rng.int(4);
    return (
      s.slice(0, from) +
      pick(
        rng,
        TOKENS.filter((t) => /^[-\d.]/.test(t)),
      ) +
      s.slice(to)
    );
  },
  // Delete a run.
  (s, rng) => {
    const at = rng.int(s.length + 1);
    return s.slice(0, at) + s.slice(at + 1 + rng.int(8));
  },
  // Repeat a run, sometimes many times.
  (s, rng) => {
    const at = rng.int(s.length + 1);
    const run = s.slice(at, at + 1 + rng.int(16));
    const times = rng.chance(0.9) ? 2 : 1 + rng.int(2000);
    return s.slice(0, at) + run.repeat(times) + s.slice(at);
  },
  // Truncate.
  (s, rng) => s.slice(0, rng.int(s.length + 1)),
  // Change case.
  (s, rng) => (rng.chance(0.5) ? s.toUpperCase() : s.toLowerCase()),
  // Mutate the UTF-8 bytes (broken sequences come back as U+FFFD).
  (s, rng) => decoder.decode(mutateBytes(encoder.encode(s), rng, [], { maxBytes: 4096 })),
];

/** One to eight stacked mutations of a string; `dict` adds the target's own tokens. */
export function mutateText(input: string, rng: Rng, dict: readonly string[] = []): string {
  let s = input;
  const rounds = 1 + Math.min(7, Math.floor(rng.exp(1)));
  for (let i = 0; i < rounds; i++) s = pick(rng, TEXT_OPS)(s, rng, dict);
  return s.length > 100_000 ? s.slice(0, 100_000) : s;
}

/** A replacement for any value: something strange, a number on an edge, or a random string. */
function strangeValue(rng: Rng, dict: readonly string[]): unknown {
  const r = rng.int(4);
  if (r === 0) return pick(rng, NUMBERS);
  if (r === 1) return mutateText(dict.length > 0 ? pick(rng, dict) : 'x', rng, dict);
  if (r === 2 && dict.length > 0) return pick(rng, dict);
  return pick(rng, STRANGE());
}

/** A value nested `depth` arrays deep. */
function nest(value: unknown, depth: number): unknown {
  let v = value;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !ArrayBuffer.isView(v) && !Array.isArray(v);
}

/** The value with one node replaced or edited (a fresh copy along the changed path). */
function mutateNode(v: unknown, rng: Rng, dict: readonly string[], depth: number): unknown {
  const descend = depth < 8 && rng.chance(0.6);
  if (Array.isArray(v)) {
    const a = v as unknown[];
    if (descend && a.length > 0) {
      const i = rng.int(a.length);
      const out = [...a];
      out[i] = mutateNode(a[i], rng, dict, depth + 1);
      return out;
    }
    const r = rng.int(4);
    if (r === 0) return a.slice(0, rng.int(a.length + 1));
    if (r === 1 && a.length > 0) return [...a, ...Array<unknown>(1 + rng.int(200)).fill(a[0])];
    if (r === 2) return [...a, strangeValue(rng, dict)];
    return strangeValue(rng, dict);
  }
  if (isPlainRecord(v) && Object.getPrototypeOf(v) === Object.prototype) {
    const keys = Object.keys(v);
    if (descend && keys.length > 0) {
      const k = pick(rng, keys);
      return { ...v, [k]: mutateNode(v[k], rng, dict, depth + 1) };
    }
    const r = rng.int(5);
    if (r === 0 && keys.length > 0) {
      const out = { ...v };
      delete out[pick(rng, keys)];
      return out;
    }
    if (r === 1) return { ...v, [pick(rng, [...keys, ...dict, 'x'])]: strangeValue(rng, dict) };
    if (r === 2 && keys.length > 0) return { ...v, [pick(rng, keys)]: strangeValue(rng, dict) };
    if (r === 3) return nest(v, 1 + (rng.chance(0.9) ? rng.int(20) : rng.int(2000)));
    return strangeValue(rng, dict);
  }
  if (v instanceof Uint8Array && rng.chance(0.8)) {
    const b = mutateBytes(v, rng, [], { maxBytes: Math.max(64, v.length) });
    if (!rng.chance(0.2)) return b;
    // The same bytes as a view into a larger buffer, at an offset.
    const buffer = new Uint8Array(b.length + 16);
    buffer.set(b, 8);
    return buffer.subarray(8, 8 + b.length);
  }
  if (typeof v === 'string' && rng.chance(0.7)) return mutateText(v, rng, dict);
  if (typeof v === 'number' && rng.chance(0.7)) {
    return rng.chance(0.5) ? pick(rng, NUMBERS) : v + pick(rng, [-1, 1, 0.5, 2 ** 32]);
  }
  return strangeValue(rng, dict);
}

/**
 * Largest value a mutation may make, in {@link footprint} units: repeated arrays share their
 * elements, so without a cap a few rounds of repetition make values of millions of nodes.
 */
const MAX_VALUE_FOOTPRINT = 64 * 1024;

/** One to six stacked node mutations of a value. */
export function mutateValue(input: unknown, rng: Rng, dict: readonly string[] = []): unknown {
  let v = input;
  const rounds = 1 + Math.min(5, Math.floor(rng.exp(1)));
  for (let i = 0; i < rounds; i++) {
    const next = mutateNode(v, rng, dict, 0);
    if (footprint(next, MAX_VALUE_FOOTPRINT) <= MAX_VALUE_FOOTPRINT) v = next;
  }
  return v;
}
