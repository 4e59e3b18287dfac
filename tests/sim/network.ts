/**
 * The simulated network: a random connected graph of bounded degree, links with per-message
 * latency (a log-normal base per link plus an exponential jitter per message), message loss,
 * and partitions that cut every link between groups until healed. Each direction of a link is
 * delivered in order, as a reliable ordered data channel would be; loss models what a real
 * network loses anyway (peers dropping, queues overflowing).
 */
import type { Message } from './messages.js';
import { describe, MESSAGE_TYPES } from './messages.js';
import type { EventQueue } from './queue.js';
import type { Rng } from './rng.js';
import type { Trace } from './trace.js';

/** How long messages take and how often they vanish. */
export interface LinkModel {
  /** Median one-way base latency of a link, ms (each link draws its own). */
  readonly baseMs: number;
  /** Log-space spread of the per-link base latency (0: every link the same). */
  readonly baseSigma: number;
  /** Mean of the exponential extra delay of each message, ms. */
  readonly jitterMeanMs: number;
  /** Probability that a message is lost. */
  readonly lossRate: number;
}

/** Message counters of a run. */
export interface TrafficStats {
  sent: number;
  /** Lost to the loss rate. */
  lost: number;
  /** Dropped because the link was cut by a partition (when sent or while in flight). */
  cut: number;
  delivered: number;
  /** Messages sent, by type. */
  readonly byType: Record<Message['type'], number>;
}

/** A random connected graph: a random ring, then random chords up to the degree bounds. */
export function randomGraph(n: number, minDegree: number, maxDegree: number, rng: Rng): number[][] {
  const adj: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  const link = (a: number, b: number): void => {
    adj[a]?.add(b);
    adj[b]?.add(a);
  };
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  if (n > 1) for (let i = 0; i < n; i++) link(order[i] as number, order[(i + 1) % n] as number);
  for (const a of order) {
    const mine = adj[a] as Set<number>;
    for (let tries = 0; mine.size < minDegree && tries < 20 * n; tries++) {
      const b = rng.int(n);
      const theirs = adj[b] as Set<number>;
      if (b !== a && !mine.has(b) && theirs.size < maxDegree) link(a, b);
    }
  }
  return adj.map((s) => [...s].sort((x, y) => x - y));
}

/** True when every node reaches every other. */
export function isConnected(adj: readonly (readonly number[])[]): boolean {
  if (adj.length === 0) return true;
  const seen = new Set<number>([0]);
  const stack = [0];
  while (stack.length > 0) {
    for (const b of adj[stack.pop() as number] ?? []) {
      if (!seen.has(b)) {
        seen.add(b);
        stack.push(b);
      }
    }
  }
  return seen.size === adj.length;
}

/** The subgraph induced by some nodes is connected. */
function inducedConnected(adj: readonly (readonly number[])[], nodes: readonly number[]): boolean {
  const inside = new Set(nodes);
  const start = nodes[0];
  if (start === undefined) return true;
  const seen = new Set<number>([start]);
  const stack = [start];
  while (stack.length > 0) {
    for (const b of adj[stack.pop() as number] ?? []) {
      if (inside.has(b) && !seen.has(b)) {
        seen.add(b);
        stack.push(b);
      }
    }
  }
  return seen.size === inside.size;
}

/**
 * Two groups of nodes, `size` and the rest, each connected on its own (so a partition makes
 * exactly two sides): the first grown from a random node in random order.
 */
export function splitConnected(
  adj: readonly (readonly number[])[],
  size: number,
  rng: Rng,
): [number[], number[]] {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const start = rng.int(adj.length);
    const group = new Set<number>([start]);
    const frontier = [...(adj[start] ?? [])];
    while (group.size < size && frontier.length > 0) {
      const b = frontier.splice(rng.int(frontier.length), 1)[0] as number;
      if (group.has(b)) continue;
      group.add(b);
      frontier.push(...(adj[b] ?? []));
    }
    const a = [...group].sort((x, y) => x - y);
    const rest = adj.map((_, i) => i).filter((i) => !group.has(i));
    if (a.length === size && inducedConnected(adj, rest)) return [a, rest];
  }
  throw new Error(`no connected split of size ${size}`);
}

/** Receives a delivered message. */
export type Deliver = (to: number, from: number, message: Message) => void;

/** Links, latency, loss and partitions over an event queue. */
export class Network {
  readonly stats: TrafficStats = {
    sent: 0,
    lost: 0,
    cut: 0,
    delivered: 0,
    byType: Object.fromEntries(MESSAGE_TYPES.map((t) => [t, 0])) as Record<Message['type'], number>,
  };
  readonly #base = new Map<string, number>();
  /** Last delivery time per directed link, for in-order delivery. */
  readonly #lastDelivery = new Map<string, number>();
  /** Group of each node while a partition holds; undefined when healed. */
  #groupOf: Map<number, number> | undefined;
  deliver: Deliver = () => {};

  constructor(
    readonly adjacency: readonly (readonly number[])[],
    readonly model: LinkModel,
    readonly queue: EventQueue,
    readonly rng: Rng,
    readonly trace: Trace,
  ) {
    adjacency.forEach((peers, a) => {
      for (const b of peers) {
        if (a < b) this.#base.set(`${a}-${b}`, rng.logNormal(model.baseMs, model.baseSigma));
      }
    });
  }

  /** Neighbours of a node. */
  peers(node: number): readonly number[] {
    return this.adjacency[node] ?? [];
  }

  /** Cuts every link between nodes of different groups (nodes in no group stay with group 0). */
  partition(groups: readonly (readonly number[])[]): void {
    this.#groupOf = new Map();
    groups.forEach((g, i) => g.forEach((n) => this.#groupOf?.set(n, i)));
    this.trace.record(`${this.queue.now}|partition|${groups.map((g) => g.length).join('/')}`);
  }

  /** Restores every cut link. */
  heal(): void {
    this.#groupOf = undefined;
    this.trace.record(`${this.queue.now}|heal`);
  }

  /** True when a partition cuts the link between a and b. */
  isCut(a: number, b: number): boolean {
    const g = this.#groupOf;
    return g !== undefined && (g.get(a) ?? 0) !== (g.get(b) ?? 0);
  }

  /** Sends a message from a node to a neighbour; it may be lost, cut or delayed. */
  send(from: number, to: number, message: Message): void {
    const what = describe(message);
    this.stats.sent++;
    this.stats.byType[message.type]++;
    const now = this.queue.now;
    if (this.isCut(from, to)) {
      this.stats.cut++;
      this.trace.record(`${now}|cut|${from}>${to}|${what}`);
      return;
    }
    if (this.rng.chance(this.model.lossRate)) {
      this.stats.lost++;
      this.trace.record(`${now}|lost|${from}>${to}|${what}`);
      return;
    }
    const base = this.#base.get(from < to ? `${from}-${to}` : `${to}-${from}`);
    if (base === undefined) throw new Error(`no link ${from}-${to}`);
    const key = `${from}>${to}`;
    const at = Math.max(
      now + base + this.rng.exp(this.model.jitterMeanMs),
      this.#lastDelivery.get(key) ?? 0,
    );
    this.#lastDelivery.set(key, at);
    this.queue.at(at, () => {
      if (this.isCut(from, to)) {
        this.stats.cut++;
        this.trace.record(`${this.queue.now}|cut|${from}>${to}|${what}`);
        return;
      }
      this.stats.delivered++;
      this.trace.record(`${this.queue.now}|recv|${from}>${to}|${what}`);
      this.deliver(to, from, message);
    });
  }
}
