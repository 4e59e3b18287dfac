/**
 * The fuzz harness: a target is a decoder the node exposes to peers or users, its valid seed
 * inputs (real objects, encoded), a mutator, and a check that runs the decoder on one input and
 * throws a Finding when the decoder misbehaves: it threw something other than the project's
 * typed error, returned a value that does not re-encode to the input (where the format is
 * canonical), or returned a value far larger than its input. Iteration i of a run draws its
 * input from a generator seeded with (seed, i), so a seed and an iteration replay an input, and
 * every finding carries its input as hex.
 */
import { Rng } from '../sim/rng.js';
import { mutateBytes } from './mutate-bytes.js';
import { mutateText, mutateValue } from './mutate-text.js';
import { footprint, fromTagged, toTagged } from './values.js';

/** A decoder misbehaved on an input. */
export class Finding extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'Finding';
  }
}

/** What one input came to: a value, or the decoder's own typed refusal. */
export type Outcome = 'accepted' | 'refused';

/** How inputs of a target are shaped, mutated and written down for a report. */
export type InputKind = 'bytes' | 'text' | 'json-text' | 'value';

/**
 * A decoder under fuzzing. Methods, not function properties, so a target of any input type
 * is a FuzzTarget<unknown> (one list holds them all; each only ever sees its own inputs).
 */
export interface FuzzTarget<I = unknown> {
  readonly name: string;
  readonly kind: InputKind;
  /** Valid inputs, made by encoding real objects; each must be accepted. */
  seeds(): readonly I[];
  /** Mutates one input (the kind's default mutator unless the target brings its own). */
  mutate(input: I, rng: Rng, seeds: readonly I[]): I;
  /** Runs the decoder and its checks on one input; throws a Finding on a bug. */
  check(input: I): Outcome;
}

/**
 * Output may be at most this many times its input's size (plus {@link FOOTPRINT_SLACK}): a
 * decoder that allocates in proportion to a claimed count, not to the bytes present, fails.
 */
export const FOOTPRINT_FACTOR = 8;
/** Fixed allowance for a small input's value (an empty message still has fields). */
export const FOOTPRINT_SLACK = 1024;

/** Throws unless `value` is within the allocation bound for an input of `inputSize`. */
export function assertBounded(value: unknown, inputSize: number): void {
  const limit = FOOTPRINT_FACTOR * inputSize + FOOTPRINT_SLACK;
  const size = footprint(value, limit);
  if (size > limit)
    throw new Finding(`value of footprint > ${limit} from an input of ${inputSize}`);
}

/** Throws unless two values are the same (numbers by Object.is, bytes by content). */
export function assertSame(actual: unknown, expected: unknown, what: string): void {
  if (actual instanceof Uint8Array && expected instanceof Uint8Array) {
    return assert(sameBytes(actual, expected), `${what}: bytes differ`);
  }
  const a = JSON.stringify(toTagged(actual));
  const e = JSON.stringify(toTagged(expected));
  if (a !== e) throw new Finding(`${what}: ${a.slice(0, 200)} != ${e.slice(0, 200)}`);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Throws unless `ok`. */
export function assert(ok: boolean, what: string): asserts ok {
  if (!ok) throw new Finding(what);
}

/** Describes what a decoder threw, for a finding. */
export function describeThrown(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : `non-Error ${String(e)}`;
}

/**
 * Runs `decode`; a throw the target expects (`typed`) is a refusal, any other throw a finding.
 * The accepted value is then held to the allocation bound.
 */
export function decodeOrRefuse<T>(
  decode: () => T,
  typed: (e: unknown) => boolean,
  inputSize: number,
): { value: T } | undefined {
  let value: T;
  try {
    value = decode();
  } catch (e) {
    if (typed(e)) return undefined;
    throw new Finding(`threw ${describeThrown(e)}`, { cause: e });
  }
  assertBounded(value, inputSize);
  return { value };
}

/** Fields of a target given to a kind's constructor. */
export type TargetSpec<I> = Omit<FuzzTarget<I>, 'kind' | 'mutate'> &
  Partial<Pick<FuzzTarget<I>, 'mutate'>>;

/** A target fed byte strings; `maxBytes` is its size check (inputs either side of it are tried). */
export function bytesTarget(
  spec: TargetSpec<Uint8Array> & { readonly maxBytes: number },
): FuzzTarget<Uint8Array> {
  const limits = { maxBytes: spec.maxBytes };
  return {
    mutate: (input, rng, seeds) => mutateBytes(input, rng, seeds, limits),
    ...spec,
    kind: 'bytes',
  };
}

/** A target fed text (a link, a pasted address); `dict` lists tokens of its grammar. */
export function textTarget(
  spec: TargetSpec<string> & { readonly dict?: readonly string[] },
): FuzzTarget<string> {
  return { mutate: (input, rng) => mutateText(input, rng, spec.dict), ...spec, kind: 'text' };
}

/**
 * A target fed JSON text (a WebSocket frame, a localStorage record): mostly the parsed value
 * mutated and written back, sometimes the text itself.
 */
export function jsonTextTarget(
  spec: TargetSpec<string> & { readonly dict?: readonly string[] },
): FuzzTarget<string> {
  const mutate = (input: string, rng: Rng): string => {
    if (rng.chance(0.25)) return mutateText(input, rng, spec.dict);
    try {
      const text = JSON.stringify(mutateValue(JSON.parse(input), rng, spec.dict));
      return text ?? 'null';
    } catch {
      return mutateText(input, rng, spec.dict); // not JSON, or a value JSON cannot write
    }
  };
  return { mutate, ...spec, kind: 'json-text' };
}

/** A target fed structured values (an IndexedDB record, a BroadcastChannel message). */
export function valueTarget(
  spec: TargetSpec<unknown> & { readonly dict?: readonly string[] },
): FuzzTarget<unknown> {
  return { mutate: (input, rng) => mutateValue(input, rng, spec.dict), ...spec, kind: 'value' };
}

const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/** An input as bytes for a report: itself, or UTF-8 of its (tagged) JSON. */
export function inputToBytes(kind: InputKind, input: unknown): Uint8Array {
  if (kind === 'bytes') return input as Uint8Array;
  return utf8.encode(JSON.stringify(kind === 'value' ? toTagged(input) : input));
}

/** An input back from a report's bytes. */
export function inputFromBytes(kind: InputKind, bytes: Uint8Array): unknown {
  if (kind === 'bytes') return bytes;
  const parsed: unknown = JSON.parse(utf8Strict.decode(bytes));
  return kind === 'value' ? fromTagged(parsed) : parsed;
}

/** One input that exposed a bug. */
export interface Failure {
  readonly target: string;
  readonly seed: number;
  readonly iteration: number;
  readonly error: string;
  /** The input as {@link inputToBytes} writes it, in hex. */
  readonly input: string;
}

/** What a run of one target found. */
export interface RunResult {
  readonly target: string;
  readonly iterations: number;
  readonly seed: number;
  readonly durationMs: number;
  /** Inputs the decoder accepted (the rest it refused with its typed error). */
  readonly accepted: number;
  /**
   * The slowest single input, ms, the best of three tries for one over `slowMs` (a hang shows
   * here, or as a run that never ends).
   */
  readonly slowestMs: number;
  readonly failures: readonly Failure[];
}

/** Options of a run. */
export interface RunOptions {
  readonly iterations: number;
  readonly seed: number;
  /** Stop collecting after this many failures (the run goes on counting). */
  readonly maxFailures?: number;
  /** An input slower than this is a failure, ms (off by default: tests assert no timings). */
  readonly slowMs?: number;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/**
 * Runs a target: the seeds first, as they are, then mutations of randomly chosen seeds.
 * Iteration i uses the generator (seed, i) alone, so it replays on its own.
 */
export function runTarget<I>(t: FuzzTarget<I>, opts: RunOptions): RunResult {
  const seeds = t.seeds();
  const failures: Failure[] = [];
  let accepted = 0;
  let slowestMs = 0;
  const started = performance.now();
  for (let i = 0; i < opts.iterations; i++) {
    const input = inputAt(t, seeds, opts.seed, i);
    const at = performance.now();
    let error: string | undefined;
    try {
      if (t.check(input) === 'accepted') accepted++;
      else if (i < seeds.length) error = 'a valid seed was refused';
    } catch (e) {
      error = e instanceof Finding ? e.message : `check threw ${describeThrown(e)}`;
    }
    let ms = performance.now() - at;
    if (error === undefined && opts.slowMs !== undefined && ms > opts.slowMs) {
      // Timed again before it counts: a shared machine pauses any run now and then.
      ms = Math.min(ms, timed(t, input), timed(t, input));
      if (ms > opts.slowMs) error = `took ${ms.toFixed(0)} ms`;
    }
    slowestMs = Math.max(slowestMs, ms);
    if (error !== undefined && failures.length < (opts.maxFailures ?? 10)) {
      const bytes = inputToBytes(t.kind, input);
      failures.push({ target: t.name, seed: opts.seed, iteration: i, error, input: hex(bytes) });
    }
  }
  const durationMs = Math.round(performance.now() - started);
  return {
    target: t.name,
    iterations: opts.iterations,
    seed: opts.seed,
    durationMs,
    accepted,
    slowestMs: Math.round(slowestMs * 10) / 10,
    failures,
  };
}

/** How long one check of an input takes, ms. */
function timed<I>(t: FuzzTarget<I>, input: I): number {
  const at = performance.now();
  try {
    t.check(input);
  } catch {
    // already reported
  }
  return performance.now() - at;
}

/** The input iteration `i` of a run with `seed` feeds the target. */
export function inputAt<I>(t: FuzzTarget<I>, seeds: readonly I[], seed: number, i: number): I {
  if (i < seeds.length) return seeds[i] as I;
  const rng = new Rng(seed, i);
  return t.mutate(seeds[rng.int(seeds.length)] as I, rng, seeds);
}

/** Runs a target's check on a reported input (hex); the error, or undefined if it passes. */
export function replay<I>(t: FuzzTarget<I>, inputHex: string): string | undefined {
  const input = inputFromBytes(t.kind, Uint8Array.from(Buffer.from(inputHex, 'hex'))) as I;
  try {
    t.check(input);
    return undefined;
  } catch (e) {
    return e instanceof Finding ? e.message : `check threw ${describeThrown(e)}`;
  }
}
