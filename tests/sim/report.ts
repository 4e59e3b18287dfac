/**
 * What a run reports: every node's final tip, the blocks mined and how many went stale, the
 * reorganisations, the traffic, the measured propagation delay, and the trace hash.
 */
import type { BlockEntry } from '../../src/core/tree.js';
import type { TrafficStats } from './network.js';
import type { Simulation } from './sim.js';

/** Delay between a block being found and its body reaching the other nodes. */
export interface PropagationStats {
  /** (block, node) pairs measured: blocks of the best chain, every node but the finder. */
  readonly samples: number;
  readonly meanMs: number;
  readonly medianMs: number;
  readonly p90Ms: number;
  /** Mean, over blocks, of the time until the last node had it. */
  readonly meanToAllMs: number;
}

/** The outcome of a run. */
export interface SimReport {
  readonly seed: number;
  readonly nodes: number;
  /** Final best tip id of each node. */
  readonly tips: readonly string[];
  /** Final best height of each node. */
  readonly heights: readonly number[];
  /** Every node ends on the same tip. */
  readonly converged: boolean;
  /** The most-work tip any node has (first node's on a tie). */
  readonly best: { readonly id: string; readonly height: number; readonly work: string };
  readonly blocksMined: number;
  /** Mined blocks not on the best chain. */
  readonly staleBlocks: number;
  readonly staleRate: number;
  /** Reorganisations (tip changes that left blocks behind), summed over nodes. */
  readonly reorgs: number;
  readonly maxReorgDepth: number;
  /** Blocks sent to the orphan pool, summed over nodes. */
  readonly orphans: number;
  /** Rule failures seen by any node: an honest network has none. */
  readonly rejected: number;
  readonly messages: TrafficStats;
  readonly propagation: PropagationStats;
  readonly simMs: number;
  /** Events recorded in the trace. */
  readonly events: number;
  /** SHA-256 of the sequence of every event: equal for equal runs. */
  readonly traceHash: string;
}

/** Computes the report of a finished simulation. */
export function buildReport(sim: Simulation): SimReport {
  const tips = sim.nodes.map((n) => n.chain.tip);
  let best = tips[0] as BlockEntry;
  for (const t of tips) if (t.chainWork > best.chainWork) best = t;
  const onBest = new Set<string>();
  for (let e: BlockEntry | undefined = best; e; e = e.parent) onBest.add(e.id);
  const stale = sim.mined.filter((b) => !onBest.has(b.id)).length;
  const stats = sim.nodes.map((n) => n.stats);
  return {
    seed: sim.config.seed,
    nodes: sim.nodes.length,
    tips: tips.map((t) => t.id),
    heights: tips.map((t) => t.height),
    converged: tips.every((t) => t.id === best.id),
    best: { id: best.id, height: best.height, work: best.chainWork.toString() },
    blocksMined: sim.mined.length,
    staleBlocks: stale,
    staleRate: sim.mined.length > 0 ? stale / sim.mined.length : 0,
    reorgs: stats.reduce((s, x) => s + x.reorgs, 0),
    maxReorgDepth: Math.max(0, ...stats.map((x) => x.maxReorgDepth)),
    orphans: stats.reduce((s, x) => s + x.orphans, 0),
    rejected: stats.reduce((s, x) => s + x.rejected, 0),
    messages: sim.net.stats,
    propagation: propagation(sim, onBest),
    simMs: sim.queue.now,
    events: sim.trace.events,
    traceHash: sim.trace.digest(),
  };
}

/** Propagation delays of best-chain blocks to every node but their finder. */
function propagation(sim: Simulation, onBest: ReadonlySet<string>): PropagationStats {
  const delays: number[] = [];
  let toAllSum = 0;
  let toAllCount = 0;
  for (const b of sim.mined) {
    if (!onBest.has(b.id)) continue;
    let last = 0;
    let all = true;
    sim.nodes.forEach((n, i) => {
      if (i === b.node) return;
      const at = n.arrivals.get(b.id);
      if (at === undefined) {
        all = false;
        return;
      }
      delays.push(at - b.atMs);
      last = Math.max(last, at - b.atMs);
    });
    if (all) {
      toAllSum += last;
      toAllCount++;
    }
  }
  const sorted = [...delays].sort((a, b) => a - b);
  const q = (p: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return {
    samples: delays.length,
    meanMs: delays.length > 0 ? delays.reduce((s, d) => s + d, 0) / delays.length : 0,
    medianMs: q(0.5),
    p90Ms: q(0.9),
    meanToAllMs: toAllCount > 0 ? toAllSum / toAllCount : 0,
  };
}
