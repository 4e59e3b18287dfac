/**
 * The benchmark page (tests/bench/bench.html, built and served by the runner, never part of
 * the app): runs the browser-side measurements with the app's own modules and exposes them
 * as window.bench (page-api.ts).
 */
import { decodeBlock, type Block } from '../../src/core/block.js';
import { hexToBytes } from '../../src/core/bytes.js';
import { Chain } from '../../src/core/chain.js';
import type { RoomParams } from '../../src/core/params.js';
import { roomFromQuery } from '../../src/core/room.js';
import { keyPairFromSeed } from '../../src/core/tx.js';
import { Node } from '../../src/node/node.js';
import type { NodeIdentity } from '../../src/node/types.js';
import { IdbStore } from '../../src/store/idb-store.js';
import { measurePool } from '../support/pool-bench.js';
import type { KernelName } from '../../src/mining/kernel.js';
import type {
  BenchPageApi,
  BlockSet,
  ConnectRound,
  KernelReply,
  KernelRequest,
  KernelRound,
} from './page-api.js';

/** Far past every block time: the in-memory chain's clock argument. */
const NOW_SECONDS = 4e9;

/** Starts a kernel worker (kernel.worker.ts). */
function startKernelWorker(): Worker {
  return new Worker(new URL('./kernel.worker.ts', import.meta.url), {
    type: 'module',
    name: 'tabchain-bench-kernels',
  });
}

/** Sends a kernel worker one request and waits for its answer. */
function ask(worker: Worker, request: KernelRequest): Promise<KernelRound> {
  return new Promise((resolve, reject) => {
    worker.onmessage = (ev: MessageEvent<KernelReply>) => {
      if (ev.data.ok) resolve(ev.data.round);
      else reject(new Error(ev.data.error));
    };
    worker.onerror = (ev) => reject(new Error(`kernel worker: ${ev.message}`));
    worker.postMessage(request);
  });
}

let kernelWorker: Worker | undefined;

/** Runs one round in the kernel worker, started on first use and kept for later rounds. */
function kernelRound(ms: number): Promise<KernelRound> {
  kernelWorker ??= startKernelWorker();
  return ask(kernelWorker, { ms });
}

/** Several fresh kernel workers hashing one kernel at once; each one's nonces per second. */
async function bareWorkers(kernel: KernelName, count: number, ms: number): Promise<number[]> {
  const workers = Array.from({ length: count }, startKernelWorker);
  try {
    const rounds = await Promise.all(workers.map((w) => ask(w, { ms, only: kernel })));
    return rounds.map((r) => {
      const rate = r.rates[kernel];
      if (rate === undefined) throw new Error(`kernel ${kernel} not supported in a worker`);
      return rate;
    });
  } finally {
    for (const w of workers) w.terminate();
  }
}

const sets = new Map<string, BlockSet>();

/** Fresh block objects from hex, so no path profits from work another did on the same objects. */
function decodeAll(hexes: readonly string[]): Block[] {
  return hexes.map((hex) => decodeBlock(hexToBytes(hex)));
}

function roomParams(query: string): RoomParams {
  const parsed = roomFromQuery(query);
  if (!('params' in parsed)) throw new Error(parsed.errors.join('; '));
  return parsed.params;
}

/** A fixed node identity: the benchmark never signs, but a node needs one. */
function benchIdentity(): NodeIdentity {
  const { secretKey, publicKey } = keyPairFromSeed(new Uint8Array(32).fill(7));
  return { id: 'bench', name: 'Bench', colour: 0, secretKey, publicKey };
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(new Error(`deleting ${name}: ${String(request.error)}`));
  });
}

let databases = 0;

/**
 * The real node on a fresh IndexedDB database: submitBlock each block, then flush once (commits
 * that pile up merge into one transaction, as during a sync), or after every block (one
 * transaction per block, as when blocks arrive one at a time).
 */
async function nodeIdbMs(params: RoomParams, set: BlockSet, flushEach: boolean): Promise<number> {
  const name = `tabchain-bench-connect-${Date.now()}-${databases++}`;
  const store = await IdbStore.open(name);
  const node = await Node.open({
    params,
    identity: benchIdentity(),
    store,
    clock: { now: () => Date.now() },
  });
  try {
    for (const block of decodeAll(set.prefix)) node.submitBlock(block);
    await node.flush();
    const blocks = decodeAll(set.blocks);
    const t0 = performance.now();
    for (const block of blocks) {
      const outcome = node.submitBlock(block);
      if (outcome.status !== 'connected') throw new Error(`node: block ${outcome.status}`);
      if (flushEach) await node.flush();
    }
    await node.flush();
    const ms = performance.now() - t0;
    if (node.persistence.state !== 'ok') throw new Error(`persistence ${node.persistence.code}`);
    return ms;
  } finally {
    await node.close();
    await deleteDatabase(name);
  }
}

/** The core Chain alone, in memory: processBlock each block. */
function chainMs(params: RoomParams, set: BlockSet): number {
  const chain = new Chain(params);
  for (const block of decodeAll(set.prefix)) chain.processBlock(block, NOW_SECONDS);
  const blocks = decodeAll(set.blocks);
  const t0 = performance.now();
  for (const block of blocks) {
    const r = chain.processBlock(block, NOW_SECONDS);
    if (r.outcome.status !== 'connected') throw new Error(`chain: block ${r.outcome.status}`);
  }
  return performance.now() - t0;
}

async function connectRound(
  name: string,
  query: string,
  first: 'node' | 'chain',
  flushEach: boolean,
): Promise<ConnectRound> {
  const set = sets.get(name);
  if (!set) throw new Error(`no block set '${name}'`);
  const params = roomParams(query);
  let chain = 0;
  if (first === 'chain') chain = chainMs(params, set);
  const node = await nodeIdbMs(params, set, false);
  if (first === 'node') chain = chainMs(params, set);
  const each = flushEach ? await nodeIdbMs(params, set, true) : undefined;
  return { blocks: set.blocks.length, nodeIdbMs: node, chainMs: chain, nodeIdbEachMs: each };
}

const api: BenchPageApi = {
  cores: () => navigator.hardwareConcurrency,
  kernelRound,
  bareWorkers,
  pool: (workers, warmupMs, ms) => measurePool({ workers, warmupMs, ms }),
  loadSet: (name, set) => void sets.set(name, set),
  connectRound,
};
window.bench = api;
