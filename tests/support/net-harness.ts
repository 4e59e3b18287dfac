/**
 * A deterministic test bed for the network: virtual time (every timer, link delivery and clock
 * read goes through one seeded event queue), nodes on memory stores with inline miners, and
 * in-memory links between them. Tests advance virtual time until a state holds; nothing
 * depends on the speed of the machine.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import type { Block } from '../../src/core/block.js';
import type { RoomParams } from '../../src/core/params.js';
import { linkPair, type LinkPairOptions, type MemoryLink } from '../../src/net/memory-link.js';
import type { Timers } from '../../src/lib/timers.js';
import type { NetworkEvents } from '../../src/net/events.js';
import { Network } from '../../src/net/network.js';
import type { NetLimits } from '../../src/net/protocol/limits.js';
import { Node } from '../../src/node/node.js';
import type { NodeIdentity } from '../../src/node/types.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { TEST_PARAMS, wallet } from './blocks.js';
import { InlineMiner } from './inline-miner.js';

interface Scheduled {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
}

/** Virtual time: a clock and timers driven by an ordered event queue (a binary heap). */
export class VirtualTime implements Timers {
  #now: number;
  #seq = 0;
  readonly #heap: Scheduled[] = [];
  readonly #cancelled = new Set<number>();

  constructor(readonly start: number) {
    this.#now = start;
  }

  /** Virtual milliseconds since the epoch. */
  now = (): number => this.#now;

  /** Milliseconds since the start. */
  get elapsed(): number {
    return this.#now - this.start;
  }

  setTimeout = (fn: () => void, ms: number): number => {
    const seq = ++this.#seq;
    this.#push({ at: this.#now + Math.max(0, ms), seq, fn });
    return seq;
  };

  clearTimeout = (handle: unknown): void => {
    if (typeof handle === 'number') this.#cancelled.add(handle);
  };

  /** Runs every event due within `ms` from now. */
  advance(ms: number): void {
    this.runUntil(() => false, ms);
  }

  /** Runs events in order until `done()` holds or `maxMs` of virtual time passed. */
  runUntil(done: () => boolean, maxMs = 10 * 60_000): boolean {
    const deadline = this.#now + maxMs;
    while (!done()) {
      const next = this.#heap[0];
      if (!next || next.at > deadline) {
        this.#now = deadline;
        return done();
      }
      this.#pop();
      this.#now = next.at;
      if (this.#cancelled.delete(next.seq)) continue;
      next.fn();
    }
    return true;
  }

  #push(e: Scheduled): void {
    const h = this.#heap;
    h.push(e);
    for (let i = h.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (!before(h[i] as Scheduled, h[p] as Scheduled)) break;
      [h[i], h[p]] = [h[p] as Scheduled, h[i] as Scheduled];
      i = p;
    }
  }

  #pop(): void {
    const h = this.#heap;
    const last = h.pop() as Scheduled;
    if (h.length === 0) return;
    h[0] = last;
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l] as Scheduled, h[m] as Scheduled)) m = l;
      if (r < h.length && before(h[r] as Scheduled, h[m] as Scheduled)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m] as Scheduled, h[i] as Scheduled];
      i = m;
    }
  }
}

function before(a: Scheduled, b: Scheduled): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/** Deterministic "random" bytes from a seed (SHA-256 in counter mode). */
export function seededRandom(seed: string): (n: number) => Uint8Array {
  let counter = 0;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 32) {
      out.set(sha256(new TextEncoder().encode(`${seed}:${counter++}`)).subarray(0, n - i), i);
    }
    return out;
  };
}

/** The virtual clock starts well after the test room's genesis, so pre-built chains are past. */
export function testStart(params: RoomParams = TEST_PARAMS): number {
  return (params.genesisTime + 100_000) * 1000;
}

/** A node with its network, miner and a log of the network's events. */
export interface NetNode {
  readonly name: string;
  readonly node: Node;
  readonly net: Network;
  readonly miner: InlineMiner;
  readonly events: { [K in keyof NetworkEvents]?: NetworkEvents[K][] };
}

/** Options of makeNode. */
export interface MakeNodeOptions {
  readonly params?: RoomParams;
  readonly limits?: Partial<NetLimits>;
}

/** The identity of test node `n` (keys from wallet 100 + n). */
export function identityOf(n: number): NodeIdentity {
  const w = wallet(100 + n);
  return {
    id: `n${n}`,
    name: `node${n}`,
    colour: n % 8,
    secretKey: w.secretKey,
    publicKey: w.publicKey,
  };
}

const EVENT_NAMES: (keyof NetworkEvents)[] = [
  'peer-ready',
  'peer-closed',
  'peer-misbehaved',
  'peer-banned',
  'sync-progress',
  'peer-tip',
  'mesh-peers',
  'relay-signal',
];

/** Opens node `n` on a memory store, with a network on virtual time. */
export async function makeNode(
  vt: VirtualTime,
  n: number,
  opts: MakeNodeOptions = {},
): Promise<NetNode> {
  const miner = new InlineMiner();
  const identity = identityOf(n);
  const node = await Node.open({
    params: opts.params ?? TEST_PARAMS,
    identity,
    store: new MemoryStore(),
    clock: { now: vt.now },
    timers: vt,
    miner,
  });
  const net = new Network({
    node,
    clock: { now: vt.now },
    timers: vt,
    random: seededRandom(identity.name),
    ...(opts.limits ? { limits: opts.limits } : {}),
  });
  const events: NetNode['events'] = {};
  for (const name of EVENT_NAMES) {
    const log: unknown[] = [];
    (events as Record<string, unknown[]>)[name] = log;
    net.on(name, (payload) => log.push(payload));
  }
  return { name: identity.name, node, net, miner, events };
}

/** Opens `count` nodes numbered from 0. */
export async function makeNodes(
  vt: VirtualTime,
  count: number,
  opts: MakeNodeOptions = {},
): Promise<NetNode[]> {
  const out: NetNode[] = [];
  for (let i = 0; i < count; i++) out.push(await makeNode(vt, i, opts));
  return out;
}

/** Connects two nodes over an in-memory link pair; returns [a's end, b's end]. */
export function connect(
  vt: VirtualTime,
  a: NetNode,
  b: NetNode,
  opts: LinkPairOptions = {},
): [MemoryLink, MemoryLink] {
  const [la, lb] = linkPair({ timers: vt, now: vt.now, ids: [a.name, b.name], ...opts });
  a.net.addLink(la);
  b.net.addLink(lb);
  return [la, lb];
}

/** True once `a` and `b` have completed a handshake with each other. */
export function linked(a: NetNode, b: NetNode): boolean {
  return (
    a.net.peers().some((p) => p.remoteId === b.name) &&
    b.net.peers().some((p) => p.remoteId === a.name)
  );
}

/** Mines `count` blocks on a node with its inline miner; returns them. */
export function mine(n: NetNode, count = 1): Block[] {
  const blocks: Block[] = [];
  const off = n.node.on('block-mined', ({ block }) => blocks.push(block));
  n.node.startMining();
  for (let i = 0; i < count; i++) n.miner.step();
  n.node.stopMining();
  off();
  return blocks;
}

/** True when every node has the same tip. */
export function sameTip(nodes: readonly NetNode[]): boolean {
  const id = nodes[0]?.node.chain.tip.id;
  return nodes.every((n) => n.node.chain.tip.id === id);
}
