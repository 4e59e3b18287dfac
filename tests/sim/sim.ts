/**
 * A deterministic discrete-event simulation of many tabchain nodes in one process: each node
 * owns a real `Chain` (real validation, real proof of work in the test room), the network is
 * simulated (network.ts), mining is a seeded Poisson process, and nothing reads a real clock.
 * The same config and seed give the same run, event for event (compare `traceHash`).
 */
import type { RoomParams } from '../../src/core/params.js';
import { TEST_PARAMS, wallet } from '../support/blocks.js';
import type { LinkModel } from './network.js';
import { isConnected, Network, randomGraph, splitConnected } from './network.js';
import { SimNode } from './node.js';
import { EventQueue } from './queue.js';
import type { SimReport } from './report.js';
import { buildReport } from './report.js';
import { Rng } from './rng.js';
import { Trace } from './trace.js';

/** A partition: links between the groups are cut from `fromMs` until `toMs`. */
export interface PartitionPlan {
  readonly groups: readonly (readonly number[])[];
  readonly fromMs: number;
  readonly toMs: number;
}

/** Everything a run depends on. */
export interface SimConfig {
  readonly seed: number;
  readonly nodes: number;
  /** Degree bounds of the random graph (defaults 6 and 8). */
  readonly minDegree?: number;
  readonly maxDegree?: number;
  readonly link: LinkModel;
  /** Mean time between blocks found by the whole network, ms. */
  readonly blockIntervalMs: number;
  /** Mining runs from `mineFromMs` (default 0) until `mineUntilMs`. */
  readonly mineFromMs?: number;
  readonly mineUntilMs: number;
  /**
   * One more block found at this time, after a quiet spell: under first-seen fork choice a
   * tie between equal-work tips lasts until the next block, which this one is.
   */
  readonly sealBlockAtMs?: number;
  /** Total simulated time, ms. */
  readonly durationMs: number;
  /** Relative hash rates (default: a seeded log-normal spread). */
  readonly hashRates?: readonly number[];
  /** Period of the tip exchange with every neighbour, ms (0: none). */
  readonly tipIntervalMs: number;
  /** Time before an unanswered request may be repeated, ms (default 2,000). */
  readonly requestTimeoutMs?: number;
  /**
   * Partitions to apply. `split` asks for two connected groups of the given sizes instead of
   * listing them: the groups are drawn from the seed and available as `Simulation.groups`.
   */
  readonly partitions?: readonly PartitionPlan[];
  readonly split?: { readonly size: number; readonly fromMs: number; readonly toMs: number };
  /** Relayers push new best blocks whole instead of announcing them (default false). */
  readonly pushRelay?: boolean;
  /** Room parameters (default: the test room, fixed difficulty). */
  readonly params?: RoomParams;
}

/** A block found in the run. */
export interface MinedBlock {
  readonly id: string;
  readonly node: number;
  readonly atMs: number;
}

/** Random streams, one per concern, so that e.g. the mining schedule does not depend on latency. */
const STREAM = { graph: 1, links: 2, mining: 3, hashRates: 4, tips: 5, split: 6 } as const;

/** One simulation: build it, optionally schedule probes with `at`, then `run`. */
export class Simulation {
  readonly queue = new EventQueue();
  readonly trace = new Trace();
  readonly net: Network;
  readonly nodes: SimNode[];
  readonly hashRates: readonly number[];
  readonly mined: MinedBlock[] = [];
  /** The two groups of `config.split`, if asked for. */
  readonly groups: readonly (readonly number[])[] = [];
  readonly #partitions: PartitionPlan[] = [];
  readonly #mining: Rng;
  #ran = false;

  constructor(readonly config: SimConfig) {
    const { seed, nodes: n } = config;
    const adjacency = randomGraph(
      n,
      config.minDegree ?? 6,
      config.maxDegree ?? 8,
      new Rng(seed, STREAM.graph),
    );
    if (!isConnected(adjacency)) throw new Error('random graph is not connected');
    this.#partitions.push(...(config.partitions ?? []));
    if (config.split) {
      const { size, fromMs, toMs } = config.split;
      this.groups = splitConnected(adjacency, size, new Rng(seed, STREAM.split));
      this.#partitions.push({ groups: this.groups, fromMs, toMs });
    }
    this.net = new Network(
      adjacency,
      config.link,
      this.queue,
      new Rng(seed, STREAM.links),
      this.trace,
    );
    const rates = new Rng(seed, STREAM.hashRates);
    this.hashRates = config.hashRates ?? Array.from({ length: n }, () => rates.logNormal(1, 0.5));
    if (this.hashRates.length !== n) throw new Error('one hash rate per node');
    const params = config.params ?? TEST_PARAMS;
    this.nodes = Array.from(
      { length: n },
      (_, i) =>
        new SimNode(i, this.net, {
          params,
          address: wallet(i + 1).address,
          requestTimeoutMs: config.requestTimeoutMs ?? 2000,
          pushRelay: config.pushRelay ?? false,
        }),
    );
    this.net.deliver = (to, from, m) => this.nodes[to]?.receive(from, m);
    this.#mining = new Rng(seed, STREAM.mining);
    this.#schedule();
  }

  /** Runs `probe` at a simulated time (after the events already scheduled for that time). */
  at(ms: number, probe: () => void): void {
    this.queue.at(ms, probe);
  }

  /** Runs the simulation to its end and reports. */
  run(): SimReport {
    if (this.#ran) throw new Error('a simulation runs once');
    this.#ran = true;
    this.queue.runUntil(this.config.durationMs);
    return buildReport(this);
  }

  #schedule(): void {
    const c = this.config;
    for (const p of this.#partitions) {
      this.queue.at(p.fromMs, () => this.net.partition(p.groups));
      this.queue.at(p.toMs, () => this.net.heal());
    }
    const from = c.mineFromMs ?? 0;
    this.queue.at(from + this.#mining.exp(c.blockIntervalMs), () => this.#mineNext());
    if (c.sealBlockAtMs !== undefined) this.queue.at(c.sealBlockAtMs, () => this.#mineOne());
    if (c.tipIntervalMs > 0) {
      const offsets = new Rng(c.seed, STREAM.tips);
      for (const node of this.nodes) {
        const tick = (): void => {
          node.sendTips();
          if (this.queue.now + c.tipIntervalMs <= c.durationMs)
            this.queue.after(c.tipIntervalMs, tick);
        };
        this.queue.at(offsets.next() * c.tipIntervalMs, tick);
      }
    }
  }

  /** The Poisson process: a block now, the next after an exponential wait. */
  #mineNext(): void {
    if (this.queue.now > this.config.mineUntilMs) return;
    this.#mineOne();
    this.queue.after(this.#mining.exp(this.config.blockIntervalMs), () => this.#mineNext());
  }

  /** A block found by a node drawn in proportion to hash rate, on that node's own tip. */
  #mineOne(): void {
    const i = this.#mining.weighted(this.hashRates);
    const node = this.nodes[i] as SimNode;
    const before = node.chain.tip.id;
    node.mine();
    const id = node.chain.tip.id;
    if (id === before) throw new Error(`node ${i} did not connect its own block`);
    this.mined.push({ id, node: i, atMs: this.queue.now });
    this.trace.record(`${this.queue.now}|mine|${i}|${id}`);
  }
}

/** Runs one simulation and reports. */
export function runSim(config: SimConfig): SimReport {
  return new Simulation(config).run();
}

/** The report of a run (see report.ts). */
export type { SimReport } from './report.js';
