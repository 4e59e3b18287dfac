/**
 * The Mining panel's state: on or off, workers, throttle, the hash rate now and over the last
 * five minutes, and the best chain's difficulty and block times. The node and its miner port
 * do the work; this class samples and reshapes what they report.
 */
import { roomHashRate } from '../../app/room-rate.js';
import type { Node } from '../../node/node.js';
import { coalesce } from '../coalesce.js';
import { chainSeries, expectedSeconds, nextBlockWork, type ChainSeries } from './chain-series.js';

/** One hash-rate sample: seconds since the epoch (uPlot's time axis) and hashes per second. */
export interface RateSample {
  readonly t: number;
  readonly rate: number;
}

/** The block the "mine one block" button mined. */
export interface MinedOne {
  readonly id: string;
  readonly height: number;
}

/** Seconds of hash-rate history kept for the chart. */
export const RATE_HISTORY_SECONDS = 300;
/** Sampling period of the hash rate, ms (the pool averages over 2 s). */
export const RATE_SAMPLE_MS = 1000;

/** Mining figures and controls. */
export class MiningState {
  #active = $state(false);
  #workers = $state(1);
  #throttle = $state(100);
  #rate = $state(0);
  #samples = $state.raw<readonly RateSample[]>([]);
  #series = $state.raw<ChainSeries>({ heights: [], difficulty: [], blockTimes: [] });
  #nextWork = $state(0);
  #roomRate = $state<number | undefined>(undefined);
  #mined = $state(0);
  #miningOne = $state(false);
  #measured = $state<number | undefined>(undefined);
  #lastOne = $state.raw<MinedOne | undefined>(undefined);
  readonly #node: Node;
  readonly #off: (() => void)[];
  readonly #timer: ReturnType<typeof setInterval>;
  readonly #later = coalesce(() => this.#recompute(), 250);

  constructor(node: Node) {
    this.#node = node;
    this.#active = node.mining;
    this.#readEffort();
    this.#recompute();
    this.#off = [
      node.on('mining', ({ active }) => (this.#active = active)),
      node.on('tip', () => this.#later()),
      node.on('block-mined', () => this.#mined++),
      node.miner?.onEffort(() => this.#readEffort()) ?? (() => {}),
    ];
    this.#timer = setInterval(() => this.#sample(), RATE_SAMPLE_MS);
  }

  /** False when the node has no miner (tests, or workers refused). */
  get available(): boolean {
    return this.#node.miner !== undefined;
  }

  /** True while mining. */
  get active(): boolean {
    return this.#active;
  }

  /** Workers hashing. */
  get workers(): number {
    return this.#workers;
  }

  /** Most workers worth running: one per logical core. */
  get maxWorkers(): number {
    return Math.max(1, globalThis.navigator?.hardwareConcurrency || 2);
  }

  /** Duty cycle, percent of the time the workers hash. */
  get throttle(): number {
    return this.#throttle;
  }

  /** Hashes per second now. */
  get rate(): number {
    return this.#rate;
  }

  /** Hash rate over the last five minutes. */
  get samples(): readonly RateSample[] {
    return this.#samples;
  }

  /** Difficulty and block times of the best chain's recent blocks. */
  get series(): ChainSeries {
    return this.#series;
  }

  /** Expected hashes for the next block. */
  get nextWork(): number {
    return this.#nextWork;
  }

  /** The room's hash rate estimated from recent block times, if there are enough blocks. */
  get roomRate(): number | undefined {
    return this.#roomRate;
  }

  /** Our share of the room's hash rate, 0..1, when both are known. */
  get share(): number | undefined {
    if (!this.#roomRate || !this.#active) return undefined;
    return Math.min(1, this.#rate / this.#roomRate);
  }

  /** Expected seconds to our next block at our hash rate alone. */
  get expectedOurs(): number | undefined {
    return this.#active ? expectedSeconds(this.#nextWork, this.#rate) : undefined;
  }

  /** Expected seconds to the room's next block at the room's estimated hash rate. */
  get expectedRoom(): number | undefined {
    return expectedSeconds(this.#nextWork, this.#roomRate);
  }

  /** Blocks this node mined that joined the best chain, this session. */
  get mined(): number {
    return this.#mined;
  }

  /** The room's target seconds between blocks. */
  get targetBlockTime(): number {
    return this.#node.params.targetBlockTime;
  }

  /** True when the room's difficulty never adjusts. */
  get fixedDifficulty(): boolean {
    return this.#node.params.retarget.mode === 'fixed';
  }

  /** The latest hash rate this page measured while mining (this session), if any. */
  get measuredRate(): number | undefined {
    return this.#measured;
  }

  /** Starts or stops mining. */
  toggle(): void {
    if (this.#node.mining) this.#node.stopMining();
    else this.#node.startMining();
  }

  /** True while the "mine one block" button's block is being mined. */
  get miningOne(): boolean {
    return this.#miningOne;
  }

  /** The block the "mine one block" button mined last, this session. */
  get lastOne(): MinedOne | undefined {
    return this.#lastOne;
  }

  /**
   * Mines exactly one block on this node, then stops: the teacher's pacing tool. Does nothing
   * while mining (one block or continuously); stopping mining first leaves no block.
   */
  async mineOne(): Promise<void> {
    if (this.#miningOne || this.#node.mining || !this.available) return;
    this.#miningOne = true;
    try {
      const [entry] = await this.#node.mineBlocks(1);
      if (entry) this.#lastOne = { id: entry.id, height: entry.height };
    } finally {
      this.#miningOne = false;
    }
  }

  /** Sets the number of workers, 1..maxWorkers; the figures follow the miner's report. */
  setWorkers(n: number): void {
    this.#node.miner?.setWorkers(Math.min(this.maxWorkers, Math.max(1, Math.round(n))));
  }

  /** Sets the duty cycle, 0..100 %; the figures follow the miner's report. */
  setThrottle(percent: number): void {
    this.#node.miner?.setThrottle(Math.min(100, Math.max(0, Math.round(percent))));
  }

  /** Stops sampling and listening. */
  dispose(): void {
    clearInterval(this.#timer);
    this.#later.cancel();
    for (const off of this.#off) off();
  }

  /** The miner owns its effort (the lab sets it too): these fields only mirror it for Svelte. */
  #readEffort(): void {
    const effort = this.#node.miner?.effort();
    this.#workers = effort?.workers ?? 1;
    this.#throttle = effort?.throttle ?? 100;
  }

  #sample(): void {
    const stats = this.#node.miner?.stats();
    const rate = this.#node.mining ? (stats?.total ?? 0) : 0;
    this.#rate = rate;
    if (rate > 0) this.#measured = rate;
    const t = Date.now() / 1000;
    const from = t - RATE_HISTORY_SECONDS;
    this.#samples = [...this.#samples.filter((s) => s.t >= from), { t, rate }];
  }

  #recompute(): void {
    const chain = this.#node.chain;
    this.#series = chainSeries(chain.tip, this.#node.params);
    this.#nextWork = nextBlockWork(chain.tip, this.#node.params);
    this.#roomRate = roomHashRate(chain.tip);
  }
}
