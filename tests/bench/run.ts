/**
 * `npm run bench`: prints one JSON object per line, {name, value, unit, reference, ratio,
 * referenceName, rounds, ...}, each value a median over rounds and each reference measured in
 * this same run (DESIGN "Testing and measuring", issue 3). Benchmarks, not tests: nothing is
 * asserted. A benchmark that fails prints its line with "error" and the others still run; the
 * exit code is 0 unless the runner itself crashes.
 *
 * Environment knobs: BENCH_QUICK=1 (fewer, shorter rounds, for trying the runner out),
 * BENCH_TX_BLOCKS (timed blocks of 50 transfers; default 200, see TX_BLOCKS).
 */
import { availableParallelism, loadavg } from 'node:os';
import { chromium, type Browser, type Page } from 'playwright';
import type { RoomParams } from '../../src/core/params.js';
import { roomFromQuery } from '../../src/core/room.js';
import { chromiumLaunchOptions } from '../e2e/browser.js';
import {
  type ConnectFigures,
  type KernelRates,
  connectBench,
  kernelBench,
  openBenchPage,
  poolBench,
} from './browser-bench.js';
import { emptyChain, nodeChainConnectMs, nodeVerifiesPerSecond, transferChain } from './chains.js';
import {
  measureNodeHashing,
  nativeCompressionsPerSecond,
  nativeNoncesPerSecond,
} from './node-hashing.js';
import type { BlockSet } from './page-api.js';
import {
  type BenchLine,
  emit,
  emitError,
  line,
  median,
  oneLine,
  progress,
  withTimeout,
} from './report.js';
import { type Served, serveApp, serveBenchPage } from './servers.js';
import { createSignalingServer } from '../../signaling/server.js';
import { propagationBench, syncBench } from './network.js';
import { benchRoom, measureTreeFrames } from './tree-frames.js';
import { startupBench } from './startup.js';

const QUICK = process.env.BENCH_QUICK === '1';

/** Rounds of each benchmark (the median is printed). */
const ROUNDS = QUICK
  ? { hash: 2, kernel: 2, pool: 1, connect: 2, connectTx: 1, startup: 2 }
  : { hash: 5, kernel: 5, pool: 3, connect: 5, connectTx: 3, startup: 5 };

/** Milliseconds each hasher runs per round (Node and the kernel worker). */
const HASH_MS = QUICK ? 300 : 1000;
/** measurePool's warm-up and measured interval. */
const POOL_MS = QUICK ? { warmup: 500, ms: 1000 } : { warmup: 1000, ms: 3000 };

/** Empty blocks connected per round. */
const EMPTY_BLOCKS = 1000;
/** The chain in IndexedDB for the startup benchmark. */
const STARTUP_BLOCKS = 10_000;
/** Transfers per block of the transfer set, each from its own funded sender. */
const TRANSFERS = 50;
/**
 * Timed blocks of 50 transfers. Issue 3 asks for 1,000, but each transfer costs an Ed25519
 * verification (about 0.4 ms in Chromium, 1 ms in Node 20) and a signature to make (1.6 ms in
 * Node): 1,000 blocks take about 80 s to sign, 55 s per Node pass and 40 s per Chromium round,
 * which alone would break the 5-minute budget. The figures are rates per block, dominated by
 * signature checks, so 200 blocks give the same rate; BENCH_TX_BLOCKS=1000 runs the full count.
 */
const TX_BLOCKS = Number(process.env.BENCH_TX_BLOCKS ?? (QUICK ? 20 : 200));

/** The room of every benchmark: tests/e2e/tab.ts easyRoom's query, a couple of hashes a block. */
const ROOM_QUERY = 'room=bench&bits=207fffff&retarget=fixed&t=5';

function roomParams(): RoomParams {
  const parsed = roomFromQuery(ROOM_QUERY);
  if (!('params' in parsed)) throw new Error(parsed.errors.join('; '));
  return parsed.params;
}

/**
 * Runs one benchmark; on failure prints an error line for each name it would have printed.
 * The timeout bounds waiting on the browser; synchronous work in Node runs to its end.
 */
async function attempt<T>(
  names: readonly { name: string; unit: string }[],
  timeoutMs: number,
  work: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await withTimeout(names[0]?.name ?? 'benchmark', timeoutMs, work());
  } catch (e) {
    progress(`failed: ${oneLine(e, 2000)}`);
    for (const n of names) emitError(n.name, n.unit, e);
    return undefined;
  }
}

/**
 * The machine's 1-minute load average against its core count: not a benchmark but the context
 * of every other line. Above 1, other processes competed for the cores during the run and
 * the figures read low (and pool scaling most of all).
 */
function emitLoad(when: 'start' | 'end'): void {
  const cores = availableParallelism();
  emit(
    line({
      name: `machine-load-${when}`,
      value: loadavg()[0]!,
      unit: 'runnable tasks (1-min load average)',
      reference: cores,
      referenceName: 'cores (os.availableParallelism)',
    }),
  );
}

/** One native nonces-per-second sample (see node-hashing.ts for the derivation). */
function nativeSample(): number {
  return nativeNoncesPerSecond(nativeCompressionsPerSecond(1)[0]!);
}

function emitAll(lines: readonly BenchLine[]): void {
  for (const l of lines) emit(l);
}

/** The block sets, built once in Node. */
interface Sets {
  readonly startup: BlockSet;
  readonly empty: BlockSet;
  readonly tx: BlockSet;
}

function buildSets(params: RoomParams): Sets {
  const t0 = performance.now();
  const startup = emptyChain(params, STARTUP_BLOCKS);
  const empty: BlockSet = { ...startup, blocks: startup.blocks.slice(0, EMPTY_BLOCKS) };
  progress(`built ${STARTUP_BLOCKS} empty blocks in ${Math.round(performance.now() - t0)} ms`);
  const t1 = performance.now();
  const tx = transferChain(params, TX_BLOCKS, TRANSFERS);
  progress(
    `built ${TX_BLOCKS} blocks of ${TRANSFERS} transfers in ${Math.round(performance.now() - t1)} ms`,
  );
  return { startup, empty, tx };
}

/** Core Chain.processBlock in Node: blocks per second, median over rounds. */
function nodeChainRate(params: RoomParams, set: BlockSet, rounds: number): number {
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    rates.push(set.blocks.length / (nodeChainConnectMs(params, set) / 1000));
  }
  return median(rates);
}

/** Starts both servers; either may fail without stopping the other. */
async function startServers(): Promise<{ bench?: Served; app?: Served; errors: string[] }> {
  const [bench, app] = await Promise.allSettled([serveBenchPage(), serveApp()]);
  const errors: string[] = [];
  const value = (r: PromiseSettledResult<Served>, what: string): Served | undefined => {
    if (r.status === 'fulfilled') return r.value;
    errors.push(`${what}: ${oneLine(r.reason)}`);
    return undefined;
  };
  return { bench: value(bench, 'bench page build'), app: value(app, 'app build'), errors };
}

async function main(): Promise<void> {
  const started = performance.now();
  const params = roomParams();
  progress(`node ${process.version}${QUICK ? ', quick mode' : ''}`);
  emitLoad('start');

  // 1. Hashing in Node, first, while nothing else runs: native SHA-256 is every kernel's reference.
  const hashing = await attempt(
    [{ name: 'node-native-sha256-compressions', unit: 'compressions/s' }],
    120_000,
    () => Promise.resolve(measureNodeHashing(ROUNDS.hash, HASH_MS)),
  );
  if (hashing) emitAll(hashing);

  // 2. Blocks, made in Node; the core chain's own rate in Node.
  const sets = await attempt([{ name: 'block-sets', unit: 'blocks' }], 300_000, () =>
    Promise.resolve(buildSets(params)),
  );
  const nodeRates = sets
    ? await attempt([{ name: 'node-chain-connect', unit: 'blocks/s' }], 300_000, () =>
        Promise.resolve({
          empty: nodeChainRate(params, sets.empty, ROUNDS.connect),
          tx: nodeChainRate(params, sets.tx, ROUNDS.connectTx),
          verifies: median(
            Array.from({ length: ROUNDS.connectTx }, () =>
              nodeVerifiesPerSecond(params, sets.tx, 1000),
            ),
          ),
        }),
      )
    : undefined;

  // 3. The browser side.
  progress('building and serving the benchmark page and the app');
  const servers = await startServers();
  for (const e of servers.errors) progress(`server failed: ${e}`);
  if (servers.app?.note) progress(`app: ${servers.app.note}`);
  let browser: Browser | undefined;
  const chromeRates: { empty?: ConnectFigures; tx?: ConnectFigures } = {};
  try {
    browser = await chromium.launch(chromiumLaunchOptions());
    const context = await browser.newContext();
    const page: Page = await context.newPage();
    page.on('pageerror', (e) => progress(`bench page error: ${e.message}`));
    const pageReady = servers.bench
      ? (await attempt([{ name: 'bench-page', unit: '' }], 60_000, () =>
          openBenchPage(page, servers.bench!.url).then(() => true),
        )) === true
      : false;
    const noPage = (): Promise<never> =>
      Promise.reject(new Error(servers.errors.join('; ') || 'bench page did not open'));

    let kernelRates: KernelRates | undefined;
    const kernels = await attempt(
      ['js', 'wasm-scalar', 'wasm-simd'].map((k) => ({
        name: `chromium-worker-${k}`,
        unit: 'nonces/s',
      })),
      180_000,
      () => (pageReady ? kernelBench(page, ROUNDS.kernel, HASH_MS, nativeSample) : noPage()),
    );
    if (kernels) {
      emitAll(kernels.lines);
      kernelRates = kernels.rates;
    }
    const pool = await attempt([{ name: 'pool-1-worker', unit: 'hashes/s' }], 180_000, () =>
      pageReady ? poolBench(page, ROUNDS.pool, POOL_MS.warmup, POOL_MS.ms, kernelRates) : noPage(),
    );
    if (pool) emitAll(pool);

    for (const [key, rounds] of [
      ['empty', ROUNDS.connect],
      ['tx', ROUNDS.connectTx],
    ] as const) {
      const name = key === 'empty' ? 'empty' : `${TRANSFERS}tx`;
      const set = sets?.[key];
      const figures = await attempt(
        [{ name: `chromium-idb-node-connect-${name}`, unit: 'blocks/s' }],
        300_000,
        () =>
          pageReady && set
            ? connectBench(page, name, set, ROOM_QUERY, rounds, key === 'empty')
            : noPage(),
      );
      if (figures) {
        emitAll(figures.lines);
        chromeRates[key] = figures;
      }
    }
    await context.close();

    const startup = await attempt(
      [{ name: `startup-${STARTUP_BLOCKS}-blocks`, unit: 'ms' }],
      300_000,
      () =>
        servers.app && sets
          ? startupBench({
              browser: browser!,
              appUrl: servers.app.url,
              roomQuery: ROOM_QUERY,
              appNote: servers.app.note,
              blocks: sets.startup.blocks,
              rounds: ROUNDS.startup,
            })
          : Promise.reject(new Error(servers.errors.join('; ') || 'no blocks')),
    );
    if (startup) emitAll(startup);

    // The network and the tree: served by the classroom server, which signals too.
    if (servers.app?.dir) {
      const classroom = await createSignalingServer({
        port: 0,
        host: '127.0.0.1',
        staticDir: servers.app.dir,
      });
      const url = `http://127.0.0.1:${classroom.port}`;
      try {
        const prop = await attempt(
          [{ name: 'propagation-delay-median-6-tabs', unit: 'ms' }],
          300_000,
          () => propagationBench(browser!, url),
        );
        if (prop) emitAll(prop);
        const sync = await attempt(
          [{ name: 'sync-2000-blocks-from-2-peers', unit: 'blocks/s' }],
          400_000,
          () => syncBench(browser!, url),
        );
        if (sync) emitAll(sync);
        const frames = await attempt(
          [{ name: 'tree-frame-time-10000-blocks', unit: 'ms' }],
          300_000,
          () => treeFrames(browser!, url),
        );
        if (frames) emitAll(frames);
      } finally {
        await classroom.close();
      }
    }
  } catch (e) {
    progress(`browser failed: ${e instanceof Error ? e.message : String(e)}`);
    emitError('chromium', '', e);
  } finally {
    await browser?.close().catch(() => undefined);
    await servers.bench?.close().catch(() => undefined);
    await servers.app?.close().catch(() => undefined);
  }

  // 4. Node's chain figures, now that Chromium's in-memory chain can be their reference.
  if (nodeRates) {
    const common = { unit: 'blocks/s', rounds: ROUNDS.connect };
    emit(
      line({
        ...common,
        name: 'node-chain-connect-empty',
        value: nodeRates.empty,
        reference: chromeRates.empty?.chainRate,
        referenceName:
          'chromium-chain-connect-empty (same blocks, core Chain in memory in the page)',
        extra: { blocks: EMPTY_BLOCKS },
      }),
    );
    const tx = {
      ...common,
      name: `node-chain-connect-${TRANSFERS}tx`,
      value: nodeRates.tx,
      rounds: ROUNDS.connectTx,
      extra: { blocks: TX_BLOCKS, transfersPerBlock: TRANSFERS },
    };
    emit(
      line({
        ...tx,
        reference: chromeRates.tx?.chainRate,
        referenceName: `chromium-chain-connect-${TRANSFERS}tx (same blocks, core Chain in memory in the page)`,
      }),
    );
    emit(
      line({
        ...tx,
        name: `${tx.name}-vs-signatures`,
        reference: nodeRates.verifies / TRANSFERS,
        referenceName: `Ed25519 verifications/s in Node / ${TRANSFERS} (the signature-bound ceiling)`,
      }),
    );
  }
  emitLoad('end');
  progress(`done in ${Math.round((performance.now() - started) / 1000)} s`);
}

/** Frame time while panning and zooming a tree of 10,000 blocks, against the idle page. */
async function treeFrames(browser: Browser, url: string): Promise<BenchLine[]> {
  const context = await browser.newContext({
    baseURL: url,
    viewport: { width: 1280, height: 900 },
  });
  try {
    const page = await context.newPage();
    const { query, params } = benchRoom();
    const r = await measureTreeFrames(page, `${query}&net=off`, params);
    return [
      line({
        name: 'tree-frame-time-10000-blocks',
        value: r.moving.meanMs,
        unit: 'ms',
        reference: r.idle.meanMs,
        referenceName: 'frame time of the same page at rest',
        extra: { blocks: r.blocks, p95Ms: r.moving.p95Ms, loadMs: r.loadMs },
      }),
    ];
  } finally {
    await context.close();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    progress(`runner crashed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);
