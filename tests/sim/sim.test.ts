/**
 * The network simulation: many real chains over a simulated network with latency, loss and a
 * partition. Asserts convergence after healing, determinism by seed, and sanity of the stale
 * rate against the textbook estimate 1 − e^(−delay/interval), which it prints for the record.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { BlockEntry } from '../../src/core/tree.js';
import { findFork } from '../../src/core/tree.js';
import type { LinkModel } from './network.js';
import type { SimConfig, SimReport } from './sim.js';
import { runSim, Simulation } from './sim.js';

const SECOND = 1000;

/** 50 nodes, 5 % loss; 30 vs 20 nodes cut apart for five minutes of 5-second blocks. */
const PARTITION: SimConfig = {
  seed: 7,
  nodes: 50,
  link: { baseMs: 40, baseSigma: 0.5, jitterMeanMs: 60, lossRate: 0.05 },
  blockIntervalMs: 5 * SECOND,
  split: { size: 30, fromMs: 30 * SECOND, toMs: 330 * SECOND },
  mineUntilMs: 420 * SECOND,
  sealBlockAtMs: 460 * SECOND,
  durationMs: 520 * SECOND,
  tipIntervalMs: 3 * SECOND,
};

/** Every node's tip just before the partition heals. */
interface PartitionRun {
  readonly sim: Simulation;
  readonly report: SimReport;
  readonly beforeHeal: readonly BlockEntry[];
}

function runPartition(seed: number): PartitionRun {
  const sim = new Simulation({ ...PARTITION, seed });
  const beforeHeal: BlockEntry[] = [];
  const healAt = PARTITION.split?.toMs ?? 0;
  sim.at(healAt - 1, () => beforeHeal.push(...sim.nodes.map((n) => n.chain.tip)));
  return { sim, report: sim.run(), beforeHeal };
}

describe('simulation: partition, loss and healing', () => {
  let run: PartitionRun;
  beforeAll(() => {
    run = runPartition(PARTITION.seed);
  });

  it('both sides of the partition mine their own branch', () => {
    const { sim } = run;
    const { fromMs, toMs } = PARTITION.split ?? { fromMs: 0, toMs: 0 };
    expect(sim.groups.map((g) => g.length)).toEqual([30, 20]);
    for (const group of sim.groups) {
      const side = new Set(group);
      const mined = sim.mined.filter((b) => b.atMs >= fromMs && b.atMs < toMs && side.has(b.node));
      expect(mined.length).toBeGreaterThan(5);
    }
    expect(run.report.messages.lost).toBeGreaterThan(0);
    expect(run.report.messages.cut).toBeGreaterThan(0);
  });

  it('after healing and a quiet spell every node has the same tip, the most work known', () => {
    const { sim, report } = run;
    expect(report.rejected).toBe(0);
    const best = report.best.id;
    expect(report.tips).toEqual(sim.nodes.map(() => best));
    expect(report.converged).toBe(true);
    const bestWork = BigInt(report.best.work);
    for (const node of sim.nodes) {
      expect(node.chain.tip.id).toBe(best);
      for (const e of node.chain.tree.entries()) {
        if (e.isValid) expect(e.chainWork <= bestWork).toBe(true);
      }
    }
  });

  it('the losing side reorganises and keeps its branch in its tree as stale blocks', () => {
    const { sim, report, beforeHeal } = run;
    const lost = sim.groups.filter((g) =>
      g.every((i) => !sim.nodes[i]?.chain.isActive(beforeHeal[i] as BlockEntry)),
    );
    expect(lost.length).toBeGreaterThanOrEqual(1);
    for (const i of lost[0] ?? []) {
      const node = sim.nodes[i];
      const tip = beforeHeal[i] as BlockEntry;
      const fork = findFork(tip, node?.chain.tip as BlockEntry);
      let branch = 0;
      for (let e: BlockEntry | undefined = tip; e && e !== fork; e = e.parent) {
        expect(node?.chain.tree.get(e.id)).toBe(e);
        expect(e.isValid && e.hasBody).toBe(true);
        expect(node?.chain.isActive(e)).toBe(false);
        branch++;
      }
      expect(branch).toBeGreaterThan(5);
      expect(node?.stats.maxReorgDepth).toBeGreaterThanOrEqual(branch);
    }
    expect(report.staleBlocks).toBeGreaterThan(5);
    expect(report.maxReorgDepth).toBeGreaterThan(5);
  });

  it('the same seed replays the same run; another seed does not', () => {
    const again = runPartition(PARTITION.seed).report;
    expect(again.traceHash).toBe(run.report.traceHash);
    expect(again.tips).toEqual(run.report.tips);
    expect(again.events).toBe(run.report.events);
    const other = runPartition(PARTITION.seed + 1).report;
    expect(other.traceHash).not.toBe(run.report.traceHash);
    expect(other.converged).toBe(true);
  });
});

describe('simulation: stale rate against propagation delay', () => {
  const link: LinkModel = { baseMs: 40, baseSigma: 0.5, jitterMeanMs: 60, lossRate: 0 };
  const base = { seed: 3, nodes: 50, link, tipIntervalMs: 10 * SECOND };
  const BLOCKS = 500;

  /** A run of about BLOCKS blocks at the interval that gives the delay/interval ratio. */
  function staleRun(ratio: number, delayMs: number): SimReport {
    const interval = delayMs / ratio;
    const end = BLOCKS * interval;
    const report = runSim({
      ...base,
      blockIntervalMs: interval,
      mineUntilMs: end,
      sealBlockAtMs: end + 20 * SECOND,
      durationMs: end + 40 * SECOND,
    });
    const measured = report.propagation.meanMs / interval;
    const line = {
      sim: 'stale-rate',
      ratio: round(measured),
      measured: round(report.staleRate),
      theory: round(1 - Math.exp(-measured)),
      targetRatio: ratio,
      intervalMs: Math.round(interval),
      delayMs: Math.round(report.propagation.meanMs),
      blocks: report.blocksMined,
      stale: report.staleBlocks,
      nodes: report.nodes,
    };
    console.log(JSON.stringify(line));
    return report;
  }

  it('a larger delay/interval ratio gives more stale blocks (printed next to theory)', () => {
    // Calibration: blocks far apart, so the delay is measured without forks in the way.
    const calibration = runSim({
      ...base,
      blockIntervalMs: 60 * SECOND,
      mineUntilMs: 900 * SECOND,
      durationMs: 960 * SECOND,
    });
    const delay = calibration.propagation.meanMs;
    expect(delay).toBeGreaterThan(0);
    const small = staleRun(0.05, delay);
    const large = staleRun(0.2, delay);
    for (const r of [small, large]) {
      expect(r.converged).toBe(true);
      expect(r.rejected).toBe(0);
      expect(r.blocksMined).toBeGreaterThan(BLOCKS / 2);
    }
    expect(large.staleBlocks).toBeGreaterThan(0);
    expect(large.staleRate).toBeGreaterThan(small.staleRate);
  });
});

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
