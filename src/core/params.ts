/**
 * A room's consensus parameters: one typed object, hashed into its genesis block, so every
 * tab that opens the same room derives the same chain without asking anyone
 * (bcoin lib/protocol/networks.js, btcd chaincfg/params.go).
 */
import { COIN } from './money.js';

/** How the difficulty follows the room's hash rate. */
export type RetargetRule =
  /** Every block, from the average target and time span of the last `window` blocks. */
  | { readonly mode: 'window'; readonly window: number; readonly maxStep: number }
  /** Never: every block has the room's starting bits. Longest chain = most work. */
  | { readonly mode: 'fixed' }
  /** Bitcoin's rule: every `interval` blocks, clamped to a factor of 4. */
  | { readonly mode: 'period'; readonly interval: number };

/** Everything that makes two rooms different chains. */
export interface RoomParams {
  /** Room name, as typed in the URL (letters, digits, - and _). */
  readonly name: string;
  /** Seconds the room aims for between blocks. */
  readonly targetBlockTime: number;
  /** Compact bits of the genesis block and of the first blocks. */
  readonly initialBits: number;
  /** Easiest target allowed, compact (Bitcoin's powLimit). */
  readonly powLimitBits: number;
  readonly retarget: RetargetRule;
  /** Reward of a block before fees, in units. */
  readonly subsidy: bigint;
  /** Blocks between halvings of the subsidy; 0 never halves. */
  readonly halvingInterval: number;
  /** Largest encoded block in bytes: one block must fit one data-channel message. */
  readonly maxBlockBytes: number;
  /** Most transactions in a block, reward included. */
  readonly maxBlockTxs: number;
  /** Seconds a block's time may run ahead of the local clock (Bitcoin: 2 hours). */
  readonly futureTimeLimit: number;
  /** Genesis time, seconds since the epoch: fixed so every tab derives the same genesis. */
  readonly genesisTime: number;
}

/** Bitcoin Core's MAX_FUTURE_BLOCK_TIME. */
export const BITCOIN_FUTURE_TIME_LIMIT = 2 * 60 * 60;

/** Blocks in the median-time-past window (Bitcoin's 11). */
export const MEDIAN_TIME_SPAN = 11;

/**
 * Version of the consensus rules, the first byte of every room's encoded parameters. A rule
 * change bumps it, so every room gets a new genesis and nodes of different rules never share
 * a chain: they refuse each other at handshake (`wrong-genesis`) and meet in different
 * signaling rooms. 1: the first rules. 2: the difficulty floor and the solve-time cap.
 */
export const CONSENSUS_VERSION = 2;

/**
 * The target never gets easier than this many times the room's starting target (nor than
 * its pow limit): every block costs at least 1/16 of the starting work, so a private chain
 * with lying timestamps cannot make blocks nearly free (issue 13: without it, ~2 hashes a
 * block by height 70). 16 leaves a real classroom room to fall: the default start is sized
 * for about two laptop cores, so the floor binds only below ~70,000 hashes a second.
 */
export const DIFFICULTY_FLOOR_FACTOR = 16;

/**
 * In the window retarget one block's solve time counts for at most this many target block
 * times, either way (zawy's LWMA caps solve times at 6 T): one timestamp far ahead, or a
 * class that paused for a weekend, moves the difficulty by one capped interval, not by a
 * collapse to the floor.
 */
export const MAX_SOLVE_TIME_FACTOR = 6;

/** Header version every block carries. */
export const BLOCK_VERSION = 1;

/**
 * The default classroom room: 15-second blocks, a difficulty that two laptop cores meet in
 * seconds, a per-block retarget over 20 blocks so the chain keeps pace as laptops join.
 */
export const DEFAULT_PARAMS: RoomParams = {
  name: 'classroom',
  targetBlockTime: 15,
  initialBits: 0x1e00ffff,
  powLimitBits: 0x207fffff,
  retarget: { mode: 'window', window: 20, maxStep: 4 },
  subsidy: 50n * COIN,
  halvingInterval: 0,
  maxBlockBytes: 64 * 1024,
  maxBlockTxs: 250,
  futureTimeLimit: BITCOIN_FUTURE_TIME_LIMIT,
  genesisTime: 1_767_225_600, // 2026-01-01T00:00:00Z
};

/** Bitcoin mainnet's retarget constants, for the `period` rule and its vectors. */
export const BITCOIN_PERIOD = {
  interval: 2016,
  targetBlockTime: 600,
  powLimitBits: 0x1d00ffff,
} as const;

/** Hard bounds a room's parameters must respect (a room link comes from anyone). */
export const PARAM_BOUNDS = {
  nameMaxLength: 40,
  targetBlockTime: [1, 3600],
  retargetWindow: [2, 1000],
  maxStep: [1.1, 16],
  periodInterval: [2, 10_000],
  maxBlockBytes: [1024, 200 * 1024],
  maxBlockTxs: [1, 2000],
  futureTimeLimit: [0, 7 * 24 * 3600],
} as const;
