/**
 * The benchmark runner's output: one JSON object per line on stdout, each figure with the
 * reference it is compared with (measured in the same run) and their ratio. Progress goes to
 * stderr, so stdout stays machine-readable.
 */

/** One benchmark figure as printed. */
export interface BenchLine {
  readonly name: string;
  readonly value: number | null;
  readonly unit: string;
  readonly reference: number | null;
  /** value / reference, rounded to three decimals; null when either is missing. */
  readonly ratio: number | null;
  /** What the reference is, e.g. `noble-per-nonce (same worker)`. */
  readonly referenceName?: string;
  /** How many rounds the median was taken over. */
  readonly rounds?: number;
  /** Set instead of a value when the benchmark failed. */
  readonly error?: string;
  /** Extra figures that help read this one (kept flat and small). */
  readonly [extra: string]: unknown;
}

/** The median of the samples (mean of the middle two for an even count); NaN when empty. */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Rounds a figure for printing: integers above 100, three significant decimals below. */
export function tidy(x: number): number {
  if (!Number.isFinite(x)) return x;
  return Math.abs(x) >= 100 ? Math.round(x) : Number(x.toPrecision(4));
}

/** What a figure line is built from. */
export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly reference: number | undefined;
  readonly referenceName: string;
  readonly rounds?: number;
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** Builds a line from a figure, computing the ratio. */
export function line(f: Figure): BenchLine {
  const ok = f.reference !== undefined && Number.isFinite(f.reference) && f.reference !== 0;
  return {
    name: f.name,
    value: tidy(f.value),
    unit: f.unit,
    reference: ok ? tidy(f.reference) : null,
    ratio: ok ? Number((f.value / f.reference).toFixed(3)) : null,
    referenceName: f.referenceName,
    ...(f.rounds !== undefined ? { rounds: f.rounds } : {}),
    ...f.extra,
  };
}

/** Prints a line on stdout. */
export function emit(l: BenchLine): void {
  process.stdout.write(`${JSON.stringify(l)}\n`);
}

/** An error message on one line, without terminal colours, short enough for a JSON line. */
export function oneLine(e: unknown, max = 300): string {
  const text = e instanceof Error ? e.message : String(e);
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/\x1b\[[0-9;]*m/g, '').replace(/[─│╭╰┬]+/g, ' ');
  const flat = plain.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Prints a failed benchmark's line: no figure, the error instead. */
export function emitError(name: string, unit: string, error: unknown): void {
  emit({ name, value: null, unit, reference: null, ratio: null, error: oneLine(error) });
}

/** Progress for the human watching, on stderr. */
export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Rejects after ms with a clear message, so one hung benchmark cannot stall the run. */
export async function withTimeout<T>(what: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A kernel's two lines: its rate against the per-nonce library reference, and against native
 * SHA-256, both measured in the same run.
 */
export function kernelLines(
  name: string,
  value: number,
  noble: { readonly value: number | undefined; readonly name: string },
  native: { readonly value: number | undefined; readonly name: string },
  rounds: number,
): BenchLine[] {
  const common = { value, unit: 'nonces/s', rounds };
  return [
    line({ ...common, name, reference: noble.value, referenceName: noble.name }),
    line({
      ...common,
      name: `${name}-vs-native`,
      reference: native.value,
      referenceName: native.name,
    }),
  ];
}
