/**
 * The benchmarks run in the benchmark page (bench-page.ts) in Chromium: kernels in a Web
 * Worker, the worker pool, and blocks connected and persisted through the real node.
 * Each returns its lines; the runner prints them.
 */
import type { Page } from 'playwright';
import type { KernelName } from '../../src/mining/kernel.js';
import type { PoolBenchResult } from '../support/pool-bench.js';
import type { BlockSet, ConnectRound, KernelRound } from './page-api.js';
import { type BenchLine, line, median, progress, kernelLines } from './report.js';

/** Opens the benchmark page and waits for window.bench. */
export async function openBenchPage(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/bench.html`);
  await page.waitForFunction(() => window.bench !== undefined, null, { timeout: 30_000 });
}

/** Median rates of the kernel rounds: kernel name or 'noble' -> nonces per second. */
export type KernelRates = ReadonlyMap<string, number>;

/**
 * Each kernel in a real Web Worker against @noble/hashes once per nonce in the same worker,
 * and against native SHA-256 (nonces/s from Node's compressions/s, see node-hashing.ts),
 * sampled in Node before every round while the worker idles, so that both sides of the ratio
 * see the same machine load.
 */
export async function kernelBench(
  page: Page,
  rounds: number,
  ms: number,
  nativeSample: () => number,
): Promise<{ lines: BenchLine[]; rates: KernelRates }> {
  const samples = new Map<string, number[]>();
  const natives: number[] = [];
  let supported: readonly KernelName[] = [];
  for (let r = 0; r < rounds; r++) {
    natives.push(nativeSample());
    const round: KernelRound = await page.evaluate((t) => window.bench!.kernelRound(t), ms);
    supported = round.supported;
    for (const [name, rate] of Object.entries(round.rates)) {
      samples.set(name, [...(samples.get(name) ?? []), rate]);
    }
    progress(`kernels round ${r + 1}/${rounds}`);
  }
  const rates = new Map([...samples].map(([name, s]) => [name, median(s)]));
  const noble = rates.get('noble');
  const nativeNonces = median(natives);
  const native = 'native-sha256 per core (node:crypto compressions/s / 2, sampled between rounds)';
  const lines: BenchLine[] = [];
  for (const k of ['js', 'wasm-scalar', 'wasm-simd'] as const) {
    const name = `chromium-worker-${k}`;
    const value = rates.get(k);
    if (value === undefined || !supported.includes(k)) {
      lines.push({
        name,
        value: null,
        unit: 'nonces/s',
        reference: null,
        ratio: null,
        error: 'kernel not supported in this worker',
      });
      continue;
    }
    lines.push(
      ...kernelLines(
        name,
        value,
        { value: noble, name: 'chromium-worker-noble-per-nonce (same worker)' },
        { value: nativeNonces, name: native },
        rounds,
      ),
    );
  }
  if (noble !== undefined) {
    lines.push(
      line({
        name: 'chromium-worker-noble-per-nonce',
        value: noble,
        unit: 'nonces/s',
        reference: nativeNonces,
        referenceName: native,
        rounds,
      }),
    );
  }
  return { lines, rates };
}

/**
 * The pool's total rate for 1..N workers (N = navigator.hardwareConcurrency, at least 2),
 * each against N x one worker and against one worker; one worker against the bare kernel.
 */
export async function poolBench(
  page: Page,
  rounds: number,
  warmupMs: number,
  ms: number,
  kernelRates: KernelRates | undefined,
): Promise<BenchLine[]> {
  const cores = await page.evaluate(() => window.bench!.cores());
  const max = Math.max(2, cores);
  const totals = new Map<number, number[]>();
  const bareTotals = new Map<number, number[]>();
  const add = (map: Map<number, number[]>, w: number, x: number): void =>
    void map.set(w, [...(map.get(w) ?? []), x]);
  let kernels: readonly KernelName[] = [];
  for (let r = 0; r < rounds; r++) {
    for (let w = 1; w <= max; w++) {
      const result: PoolBenchResult = await page.evaluate(
        ([n, warm, t]) => window.bench!.pool(n, warm, t),
        [w, warmupMs, ms] as const,
      );
      if (w === 1) kernels = result.kernels;
      add(totals, w, result.total);
      const k = kernels[0];
      if (w > 1 && k !== undefined) {
        const rates = await page.evaluate(([kk, n, t]) => window.bench!.bareWorkers(kk, n, t), [
          k,
          w,
          ms,
        ] as const);
        add(
          bareTotals,
          w,
          rates.reduce((a, b) => a + b, 0),
        );
      }
    }
    progress(`pool round ${r + 1}/${rounds}`);
  }
  const one = median(totals.get(1)!);
  const kernel = kernels[0];
  const bare = kernel === undefined ? undefined : kernelRates?.get(kernel);
  const extra = { cores, kernel };
  const lines: BenchLine[] = [
    line({
      name: 'pool-1-worker',
      value: one,
      unit: 'hashes/s',
      reference: bare,
      referenceName: `chromium-worker-${kernel ?? '?'} (bare kernel in a worker)`,
      rounds,
      extra,
    }),
  ];
  for (let w = 2; w <= max; w++) {
    const value = median(totals.get(w)!);
    const name = `pool-${w}-workers`;
    lines.push(
      line({
        name,
        value,
        unit: 'hashes/s',
        reference: w * one,
        referenceName: `${w} × pool-1-worker`,
        rounds,
        extra,
      }),
      line({
        name: `${name}-vs-1`,
        value,
        unit: 'hashes/s',
        reference: one,
        referenceName: 'pool-1-worker',
        rounds,
        extra,
      }),
    );
    const bareTotal = bareTotals.get(w);
    if (bareTotal) {
      lines.push(
        line({
          name: `chromium-${w}-bare-kernel-workers`,
          value: median(bareTotal),
          unit: 'hashes/s',
          reference: bare === undefined ? undefined : w * bare,
          referenceName: `${w} × chromium-worker-${kernel ?? '?'} (what ${w} cores give without the pool)`,
          rounds,
          extra,
        }),
      );
    }
  }
  return lines;
}

/** Chromium's connect figures of one set, and its in-memory chain rate for other references. */
export interface ConnectFigures {
  readonly lines: BenchLine[];
  /** Blocks per second of the core Chain in memory in the page. */
  readonly chainRate: number;
}

/**
 * Blocks connected and persisted per second through the real node on IndexedDB (submitBlock
 * each, then flush) against the same blocks connected by a core Chain in memory, same page.
 */
export async function connectBench(
  page: Page,
  name: string,
  set: BlockSet,
  roomQuery: string,
  rounds: number,
  flushEach: boolean,
): Promise<ConnectFigures> {
  await page.evaluate(([n, s]) => window.bench!.loadSet(n, s), [name, set] as const);
  const node: number[] = [];
  const chain: number[] = [];
  const each: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const first = r % 2 === 0 ? 'node' : 'chain';
    const round: ConnectRound = await page.evaluate(
      ([n, q, f, e]) => window.bench!.connectRound(n, q, f, e),
      [name, roomQuery, first, flushEach] as const,
    );
    if (round.nodeIdbEachMs !== undefined) each.push(round.blocks / (round.nodeIdbEachMs / 1000));
    node.push(round.blocks / (round.nodeIdbMs / 1000));
    chain.push(round.blocks / (round.chainMs / 1000));
    progress(`connect ${name} round ${r + 1}/${rounds}`);
  }
  const chainRate = median(chain);
  const extra = { blocks: set.blocks.length, transfersPerBlock: set.transfersPerBlock };
  const lines = [
    line({
      name: `chromium-idb-node-connect-${name}`,
      value: median(node),
      unit: 'blocks/s',
      reference: chainRate,
      referenceName: `chromium-chain-connect-${name} (same blocks, core Chain in memory, same page)`,
      rounds,
      extra: { ...extra, flush: 'once, after the last submitBlock' },
    }),
  ];
  if (each.length > 0) {
    lines.push(
      line({
        name: `chromium-idb-node-connect-${name}-flush-each`,
        value: median(each),
        unit: 'blocks/s',
        reference: chainRate,
        referenceName: `chromium-chain-connect-${name} (same blocks, core Chain in memory, same page)`,
        rounds,
        extra: { ...extra, flush: 'after every submitBlock: one transaction per block' },
      }),
    );
  }
  return { lines, chainRate };
}
