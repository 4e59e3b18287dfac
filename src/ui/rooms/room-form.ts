/**
 * The Rooms panel's form as text fields, turned into RoomParams and checked by the core's
 * validateParams. The core's messages are English; each is matched to a field and a
 * translated message here, so a student sees what is wrong next to what they typed.
 */
import { maxStepMilli, MAX_STEP_SCALE } from '../../core/difficulty.js';
import { parseCoins, formatCoins } from '../../core/money.js';
import {
  DEFAULT_PARAMS,
  PARAM_BOUNDS,
  type RetargetRule,
  type RoomParams,
} from '../../core/params.js';
import { validateParams } from '../../core/room.js';

/** The simple difficulty choices, and `custom` for typed bits. */
export type DifficultyPreset = 'easy' | 'medium' | 'hard' | 'custom';

/**
 * Starting bits of each preset. Medium is the default room's 0x1e00ffff (about 16.8 million
 * hashes a block, seconds on a laptop); easy is 16 times easier, hard 16 times harder.
 */
export const DIFFICULTY_BITS: Readonly<Record<Exclude<DifficultyPreset, 'custom'>, number>> = {
  easy: 0x1e0fffff,
  medium: DEFAULT_PARAMS.initialBits,
  hard: 0x1d0fffff,
};

/** What the form holds: text, as typed. */
export interface RoomFields {
  name: string;
  blockTime: string;
  difficulty: DifficultyPreset;
  bits: string;
  retarget: RetargetRule['mode'];
  window: string;
  maxStep: string;
  period: string;
  reward: string;
  maxBytes: string;
  maxTxs: string;
}

/** A field of the form, or the form as a whole. */
export type RoomField = keyof RoomFields | 'form';

/** One problem: where, and the message key with its values (or the core's raw text). */
export interface RoomProblem {
  readonly field: RoomField;
  readonly key: string;
  readonly vars: Readonly<Record<string, string | number>>;
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

/** The form filled from a room's parameters. */
export function fieldsFromParams(p: RoomParams): RoomFields {
  const preset = (Object.keys(DIFFICULTY_BITS) as (keyof typeof DIFFICULTY_BITS)[]).find(
    (k) => DIFFICULTY_BITS[k] === p.initialBits,
  );
  const r = p.retarget;
  return {
    name: p.name,
    blockTime: String(p.targetBlockTime),
    difficulty: preset ?? 'custom',
    bits: hex8(p.initialBits),
    retarget: r.mode,
    window: String(r.mode === 'window' ? r.window : 20),
    maxStep: String(r.mode === 'window' ? maxStepMilli(r.maxStep) / MAX_STEP_SCALE : 4),
    period: String(r.mode === 'period' ? r.interval : 100),
    reward: formatCoins(p.subsidy),
    maxBytes: String(p.maxBlockBytes),
    maxTxs: String(p.maxBlockTxs),
  };
}

function int(text: string): number {
  return /^\s*\d{1,10}\s*$/.test(text) ? Number(text) : NaN;
}

function decimal(text: string): number {
  return /^\s*\d{1,5}(\.\d{1,3})?\s*$/.test(text) ? Number(text) : NaN;
}

const B = PARAM_BOUNDS;

/** Each core message's field and translation key, matched on its opening words. */
const CORE_MESSAGES: readonly (readonly [RegExp, RoomField, string, Record<string, number>])[] = [
  [/^name must/, 'name', 'rooms.err.name', { max: B.nameMaxLength }],
  [
    /^target block time/,
    'blockTime',
    'rooms.err.range',
    { min: B.targetBlockTime[0], max: B.targetBlockTime[1] },
  ],
  [/^initial bits must not be easier/, 'bits', 'rooms.err.bitsEasy', {}],
  [/^initial bits/, 'bits', 'rooms.err.bits', {}],
  [/^pow limit bits/, 'bits', 'rooms.err.bits', {}],
  [
    /^retarget window/,
    'window',
    'rooms.err.range',
    { min: B.retargetWindow[0], max: B.retargetWindow[1] },
  ],
  [/^max step/, 'maxStep', 'rooms.err.range', { min: B.maxStep[0], max: B.maxStep[1] }],
  [/^retarget interval times/, 'period', 'rooms.err.periodTime', {}],
  [
    /^retarget interval/,
    'period',
    'rooms.err.range',
    { min: B.periodInterval[0], max: B.periodInterval[1] },
  ],
  [/^subsidy/, 'reward', 'rooms.err.reward', {}],
  [
    /^max block bytes/,
    'maxBytes',
    'rooms.err.range',
    { min: B.maxBlockBytes[0], max: B.maxBlockBytes[1] },
  ],
  [
    /^max block transactions/,
    'maxTxs',
    'rooms.err.range',
    { min: B.maxBlockTxs[0], max: B.maxBlockTxs[1] },
  ],
];

/** A validateParams message as a field and a translated message (raw text if unknown). */
export function problemOfCoreMessage(message: string): RoomProblem {
  for (const [re, field, key, vars] of CORE_MESSAGES) {
    if (re.test(message)) return { field, key, vars };
  }
  return { field: 'form', key: 'rooms.err.core', vars: { message } };
}

/** Parameters from the form, or every problem with it. */
export function paramsFromFields(
  f: RoomFields,
): { ok: true; params: RoomParams } | { ok: false; problems: RoomProblem[] } {
  const problems: RoomProblem[] = [];
  const number = (field: keyof RoomFields, value: number): number => {
    if (Number.isNaN(value)) problems.push({ field, key: 'rooms.err.number', vars: {} });
    return value;
  };
  const bitsText = f.bits.trim().replace(/^0x/i, '');
  const bits =
    f.difficulty === 'custom'
      ? /^[0-9a-fA-F]{1,8}$/.test(bitsText)
        ? parseInt(bitsText, 16)
        : number('bits', NaN)
      : DIFFICULTY_BITS[f.difficulty];
  let retarget: RetargetRule;
  if (f.retarget === 'window') {
    retarget = {
      mode: 'window',
      window: number('window', int(f.window)),
      maxStep: number('maxStep', decimal(f.maxStep)),
    };
  } else if (f.retarget === 'period') {
    retarget = { mode: 'period', interval: number('period', int(f.period)) };
  } else {
    retarget = { mode: 'fixed' };
  }
  const subsidy = parseCoins(f.reward);
  if (subsidy === undefined) problems.push({ field: 'reward', key: 'rooms.err.reward', vars: {} });
  const params: RoomParams = {
    ...DEFAULT_PARAMS,
    name: f.name.trim(),
    targetBlockTime: number('blockTime', int(f.blockTime)),
    initialBits: bits,
    retarget,
    subsidy: subsidy ?? 0n,
    maxBlockBytes: number('maxBytes', int(f.maxBytes)),
    maxBlockTxs: number('maxTxs', int(f.maxTxs)),
  };
  if (problems.length > 0) return { ok: false, problems };
  const core = validateParams(params).map(problemOfCoreMessage);
  return core.length > 0 ? { ok: false, problems: core } : { ok: true, params };
}

/**
 * Estimated block times under this many seconds draw a warning: blocks found faster than they
 * cross a classroom network collide, and the tree fills with forks and stale blocks.
 */
export const FAST_BLOCK_SECONDS = 1;
/** Estimated block times over this many seconds draw a warning: a class sits waiting. */
export const SLOW_BLOCK_SECONDS = 60;
/** Most laptops the estimate counts (a classroom, with room to spare). */
export const MAX_LAPTOPS = 1000;

/** How long a block of a new room will take, and whether that is too fast or too slow. */
export interface BlockTimeEstimate {
  /** Expected seconds a block, at the room's starting difficulty. */
  readonly seconds: number;
  readonly warning: 'fast' | 'slow' | undefined;
}

/**
 * The expected block time at the start of a room: its expected hashes per block over the hash
 * rate of `laptops` laptops like this one (`rate`, as this page measured it). Undefined when
 * either is unknown or not positive.
 */
export function estimateBlockTime(
  expectedHashes: number | undefined,
  rate: number | undefined,
  laptops: number,
): BlockTimeEstimate | undefined {
  if (expectedHashes === undefined || !(expectedHashes > 0)) return undefined;
  if (rate === undefined || !(rate > 0) || !Number.isFinite(rate)) return undefined;
  if (!Number.isInteger(laptops) || laptops < 1 || laptops > MAX_LAPTOPS) return undefined;
  const seconds = expectedHashes / (rate * laptops);
  const warning =
    seconds < FAST_BLOCK_SECONDS ? 'fast' : seconds > SLOW_BLOCK_SECONDS ? 'slow' : undefined;
  return { seconds, warning };
}

/** The laptops field as a count, or NaN unless it is a whole number in 1..MAX_LAPTOPS. */
export function laptopsFromText(text: string): number {
  const n = int(text);
  return n >= 1 && n <= MAX_LAPTOPS ? n : NaN;
}
