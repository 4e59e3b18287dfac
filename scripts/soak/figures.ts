/**
 * What the soak samples and the bound each figure must stay under, every bound taken from the
 * constants that docs/threat-model.md "Bounds" lists (see its "Soak" entry for the sums).
 */
import { MAX_BLOCK_BYTES_LIMIT, encodeBlock } from '../../src/core/block.js';
import { DEFAULT_MEMPOOL_LIMITS } from '../../src/core/mempool-policy.js';
import { MAX_ORPHAN_BLOCKS } from '../../src/core/orphans.js';
import { DEFAULT_NET_LIMITS as NET } from '../../src/net/protocol/limits.js';
import { MESH_DEFAULTS } from '../../src/net/webrtc/mesh-options.js';
import { MAX_FUTURE_BLOCKS } from '../../src/node/future-blocks.js';
import { SIGNALING_DEFAULTS } from '../../signaling/server.js';
import type { Headless } from './headless.js';

const MIB = 1024 * 1024;

/**
 * Bytes a peer-facing bound lets one node hold for its peers, per node and per link, from the
 * constants of the Bounds section: the mempool, orphan and future-block pools, and per link
 * its send queue, its presync bitmap and the side-branch bodies stored on its behalf.
 */
export const NODE_ALLOWANCE_BYTES =
  DEFAULT_MEMPOOL_LIMITS.maxBytes + (MAX_ORPHAN_BLOCKS + MAX_FUTURE_BLOCKS) * MAX_BLOCK_BYTES_LIMIT;
/** ...and per link (a node has at most MESH_DEFAULTS.maxPeers). */
export const LINK_ALLOWANCE_BYTES =
  NET.maxQueuedBytes + NET.maxPresyncHeaders / 8 + NET.sideBytesBurst;

/**
 * Heap one block of the chain costs a node, beside its encoded bytes (twice those again):
 * its entry, decoded objects, state and undo. Measured: 690 bytes a block for a chain of
 * 2,000 115-byte blocks in a Chain (node --expose-gc); 2 KiB leaves room.
 */
export const HEAP_PER_BLOCK = 2048;

/** Heap a node's chain may take: every block mined in the room, stale ones included. */
function chainAllowance(w: SoakWorld): number {
  let sum = 0;
  for (const bytes of w.mined.values()) sum += HEAP_PER_BLOCK + 2 * bytes;
  return sum;
}

/** One sampled figure. */
export interface Figure {
  readonly name: string;
  readonly unit: string;
  readonly samples: number[];
  /** The bound at the end of the run (some grow with time or with attacker keys). */
  bound: number;
}

/** What the soak knows besides the nodes: honestly mined blocks, keys the attacker used. */
export interface SoakWorld {
  readonly honest: readonly Headless[];
  /** Encoded bytes of every block an honest node mined, by id. */
  readonly mined: Map<string, number>;
  /** Attacker keys each honest node linked with, by node name. */
  readonly attackerKeys: Map<string, Set<string>>;
  readonly startedAt: number;
  readonly openSockets: () => number;
  /** Heap used once every node was up: the baseline of the heap bound. */
  heapBaseline: number;
}

/** The figures the soak reports, empty. */
export function newFigures(): Figure[] {
  const f = (name: string, unit: string): Figure => ({ name, unit, samples: [], bound: 0 });
  return [
    f('heapUsed', 'MiB'),
    f('storedBlocks', 'entries'),
    f('storedBytes', 'bytes'),
    f('queuedFrames', 'messages'),
    f('queuedBytes', 'bytes'),
    f('openSockets', 'sockets'),
    f('linksPerNode', 'links'),
  ];
}

/** Stored entries and body bytes of one node's store. */
async function storeSize(h: Headless): Promise<{ entries: number; bytes: number }> {
  if (h.store.closed) return { entries: 0, bytes: 0 }; // reloading: its next store is counted
  const snap = await h.store.load();
  if (!snap) return { entries: 0, bytes: 0 };
  let bytes = 0;
  for (const block of snap.bodies.values()) bytes += encodeBlock(block).length;
  return { entries: snap.entries.length, bytes };
}

/** Takes one sample of every figure and moves the bounds to now. */
export async function sample(figures: Figure[], w: SoakWorld): Promise<void> {
  const seconds = (Date.now() - w.startedAt) / 1000;
  let maxEntries = 0;
  let maxBytes = 0;
  let entriesBound = 0;
  let bytesBound = 0;
  for (const h of w.honest) {
    const { entries, bytes } = await storeSize(h);
    maxEntries = Math.max(maxEntries, entries);
    maxBytes = Math.max(maxBytes, bytes);
    const keys = w.attackerKeys.get(h.name)?.size ?? 0;
    // Every honest block, plus what the per-peer side caps let each attacker key add.
    const sideHeaders = NET.sideHeadersBurst + NET.sideHeadersPerSecond * seconds;
    const sideBytes = NET.sideBytesBurst + NET.sideBytesPerSecond * seconds;
    entriesBound = Math.max(entriesBound, 1 + w.mined.size + keys * sideHeaders);
    bytesBound = Math.max(bytesBound, minedBytes(w) + keys * sideBytes);
  }
  const links = w.honest.flatMap((h) => h.network.peers());
  const set = (name: string, value: number, bound: number): void => {
    const fig = figures.find((x) => x.name === name)!;
    fig.samples.push(value);
    fig.bound = bound;
  };
  // Collected first (npm run soak passes --expose-gc): live objects, not garbage not yet swept.
  gc();
  const heap = process.memoryUsage().heapUsed;
  const nodes = w.honest.length + 1; // the attacker's node lives in the process too
  const heapBound =
    w.heapBaseline +
    nodes * (NODE_ALLOWANCE_BYTES + MESH_DEFAULTS.maxPeers * LINK_ALLOWANCE_BYTES) +
    w.honest.length * chainAllowance(w);
  set('heapUsed', heap / MIB, heapBound / MIB);
  set('storedBlocks', maxEntries, entriesBound);
  set('storedBytes', maxBytes, bytesBound);
  set('queuedFrames', Math.max(0, ...links.map((p) => p.queued.messages)), NET.maxQueuedMessages);
  set('queuedBytes', Math.max(0, ...links.map((p) => p.queued.bytes)), NET.maxQueuedBytes);
  set('openSockets', w.openSockets(), SIGNALING_DEFAULTS.maxConnections);
  const perNode = w.honest.map((h) => h.network.peers().length);
  set('linksPerNode', Math.max(0, ...perNode), MESH_DEFAULTS.maxPeers);
}

/** A full collection, where node was started with --expose-gc. */
export function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function minedBytes(w: SoakWorld): number {
  let sum = 0;
  for (const b of w.mined.values()) sum += b;
  return sum;
}

/** A figure as its report line. */
export function figureLine(f: Figure): Record<string, unknown> {
  const round = (x: number): number => Math.round(x * 10) / 10;
  const max = Math.max(...f.samples);
  return {
    figure: f.name,
    unit: f.unit,
    start: round(f.samples[0] ?? 0),
    max: round(max),
    end: round(f.samples.at(-1) ?? 0),
    bound: round(f.bound),
    samples: f.samples.length,
    ok: max <= f.bound,
  };
}
