/**
 * Rooms: a room is a genesis block. Its parameters are validated, encoded canonically and
 * hashed into the genesis, so every tab that opens the same room link derives the same chain
 * (and the same chain id) without asking anyone.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Block } from './block.js';
import { Writer } from './codec.js';
import { MAX_STEP_SCALE, maxStepMilli } from './difficulty.js';
import { ZERO_HASH, type Hash } from './hash.js';
import { headerHash } from './header.js';
import { merkleRoot } from './merkle.js';
import { isMoneyRange, formatCoins, parseCoins } from './money.js';
import {
  BLOCK_VERSION,
  CONSENSUS_VERSION,
  DEFAULT_PARAMS,
  PARAM_BOUNDS,
  type RoomParams,
} from './params.js';
import { encodeCompact, targetFromBits } from './pow.js';
import { ADDRESS_BYTES, txId, type RewardTx } from './tx.js';

/** Wire tag of each retarget mode in encoded parameters. */
export const RETARGET_TAGS = { fixed: 0, window: 1, period: 2 } as const;

/** Bitcoin Core's GetBlockSubsidy: after 64 halvings a right shift is undefined, so zero. */
const MAX_HALVINGS = 64;

const NAME_PATTERN = /^[A-Za-z0-9_-]+$/;
const U32_MAX = 0xffffffff;

function inRange(v: number, [lo, hi]: readonly [number, number]): boolean {
  return Number.isInteger(v) && v >= lo && v <= hi;
}

/** Human-readable problems with a room's parameters; empty when they are valid. */
export function validateParams(p: RoomParams): string[] {
  const errors: string[] = [];
  const B = PARAM_BOUNDS;
  if (typeof p.name !== 'string' || !NAME_PATTERN.test(p.name) || p.name.length > B.nameMaxLength) {
    errors.push(`name must be 1 to ${B.nameMaxLength} letters, digits, - or _`);
  }
  if (!inRange(p.targetBlockTime, B.targetBlockTime)) {
    errors.push(`target block time must be a whole number of seconds in ${fmt(B.targetBlockTime)}`);
  }
  const initial = bitsProblem('initial bits', p.initialBits, errors);
  const limit = bitsProblem('pow limit bits', p.powLimitBits, errors);
  if (initial !== undefined && limit !== undefined && initial > limit) {
    errors.push('initial bits must not be easier than the pow limit');
  }
  const r = p.retarget;
  if (r.mode === 'window') {
    if (!inRange(r.window, B.retargetWindow)) {
      errors.push(`retarget window must be a whole number of blocks in ${fmt(B.retargetWindow)}`);
    }
    const ok = Number.isFinite(r.maxStep) && maxStepMilli(r.maxStep) / MAX_STEP_SCALE === r.maxStep;
    if (!ok || r.maxStep < B.maxStep[0] || r.maxStep > B.maxStep[1]) {
      errors.push(`max step must be in ${fmt(B.maxStep)} with at most 3 decimals`);
    }
  } else if (r.mode === 'period') {
    if (!inRange(r.interval, B.periodInterval)) {
      errors.push(`retarget interval must be a whole number of blocks in ${fmt(B.periodInterval)}`);
    } else if (r.interval * p.targetBlockTime < 4) {
      // Bitcoin's lower clamp is timespan / 4 in integers: below 4 s it is 0, and a zero
      // span would retarget to a zero target that no block can meet.
      errors.push('retarget interval times block time must be at least 4 seconds');
    }
  } else if (r.mode !== 'fixed') {
    errors.push('retarget mode must be window, period or fixed');
  }
  if (typeof p.subsidy !== 'bigint' || !isMoneyRange(p.subsidy)) {
    errors.push('subsidy must be between 0 and 21,000,000 coins');
  }
  if (!inRange(p.halvingInterval, [0, U32_MAX])) {
    errors.push('halving interval must be a whole number of blocks (0 = never)');
  }
  if (!inRange(p.maxBlockBytes, B.maxBlockBytes)) {
    errors.push(`max block bytes must be in ${fmt(B.maxBlockBytes)}`);
  }
  if (!inRange(p.maxBlockTxs, B.maxBlockTxs)) {
    errors.push(`max block transactions must be in ${fmt(B.maxBlockTxs)}`);
  }
  if (!inRange(p.futureTimeLimit, B.futureTimeLimit)) {
    errors.push(`future time limit must be whole seconds in ${fmt(B.futureTimeLimit)}`);
  }
  // A header's time is a u32 (Bitcoin's; it runs out in 2106).
  if (!inRange(p.genesisTime, [0, U32_MAX])) {
    errors.push('genesis time must be whole seconds since 1970 that fit 32 bits');
  }
  return errors;
}

function fmt([lo, hi]: readonly [number, number]): string {
  return `[${lo}, ${hi}]`;
}

/** The target of valid, canonically encoded bits; records a problem otherwise. */
function bitsProblem(what: string, bits: number, errors: string[]): bigint | undefined {
  const target = inRange(bits, [0, U32_MAX]) ? targetFromBits(bits) : undefined;
  if (target === undefined) {
    errors.push(`${what} must encode a positive target that fits 256 bits`);
    return undefined;
  }
  // One spelling per target, so one room has one link and one genesis.
  if (encodeCompact(target) !== bits) {
    errors.push(`${what} must be in canonical compact form (${hex8(encodeCompact(target))})`);
    return undefined;
  }
  return target;
}

function hex8(bits: number): string {
  return bits.toString(16).padStart(8, '0');
}

/**
 * Canonical bytes of every parameter, in declaration order: the consensus version byte (so a
 * rule change changes every genesis), the name as length-prefixed UTF-8, u32 numbers, the
 * retarget rule as a tag and its fields (maxStep in thousandths, the same integer the
 * retarget uses), the subsidy as u64 units.
 */
export function encodeParams(p: RoomParams): Uint8Array {
  const w = new Writer(64);
  w.u8(CONSENSUS_VERSION).varBytes(utf8ToBytes(p.name));
  w.u32(p.targetBlockTime).u32(p.initialBits).u32(p.powLimitBits);
  const r = p.retarget;
  w.u8(RETARGET_TAGS[r.mode]);
  if (r.mode === 'window') w.u32(r.window).u32(maxStepMilli(r.maxStep));
  else if (r.mode === 'period') w.u32(r.interval);
  w.u64(p.subsidy).u32(p.halvingInterval).u32(p.maxBlockBytes).u32(p.maxBlockTxs);
  w.u32(p.futureTimeLimit).u32(p.genesisTime);
  return w.finish();
}

/**
 * The room's genesis block, derived from its parameters alone. Its reward pays nothing to
 * nobody and carries SHA-256 of the encoded parameters then the room name, so the genesis
 * hash commits to every parameter. It is not mined: nonce 0, and its proof of work is never
 * checked (every node derives it; nobody receives it from a peer).
 * Throws RangeError on invalid parameters.
 */
export function genesisBlock(p: RoomParams): Block {
  const errors = validateParams(p);
  if (errors.length > 0) throw new RangeError(`invalid room parameters: ${errors.join('; ')}`);
  const reward: RewardTx = {
    type: 'reward',
    height: 0,
    to: new Uint8Array(ADDRESS_BYTES),
    amount: 0n,
    message: concatBytes(sha256(encodeParams(p)), utf8ToBytes(p.name)),
  };
  const header = {
    version: BLOCK_VERSION,
    prevHash: ZERO_HASH,
    merkleRoot: merkleRoot([txId(reward)]).root,
    time: p.genesisTime,
    bits: p.initialBits,
    nonce: 0,
  };
  return { header, txs: [reward] };
}

/**
 * The hash of the room's genesis block: the room's one identity (its chain id, signed into
 * every transfer as EIP-155's chain id is; its handshake and signaling room). Everything that
 * needs it asks here.
 */
export function genesisHash(p: RoomParams): Hash {
  return headerHash(genesisBlock(p).header);
}

/** Block subsidy at a height, halved every halvingInterval blocks (GetBlockSubsidy). */
export function subsidyAt(height: number, p: RoomParams): bigint {
  if (p.halvingInterval === 0) return p.subsidy;
  const halvings = Math.floor(height / p.halvingInterval);
  if (halvings >= MAX_HALVINGS) return 0n;
  return p.subsidy >> BigInt(halvings);
}

/**
 * A room's URL query, e.g. `room=physics&t=30&retarget=window:20:4`. The name is always
 * present; other parameters only where they differ from DEFAULT_PARAMS, to keep links short.
 */
export function roomToQuery(p: RoomParams): string {
  const d = DEFAULT_PARAMS;
  const parts: string[] = [`room=${encodeURIComponent(p.name)}`];
  const add = (key: string, value: string, dflt: string): void => {
    if (value !== dflt) parts.push(`${key}=${encodeURIComponent(value).replace(/%3A/g, ':')}`);
  };
  add('t', String(p.targetBlockTime), String(d.targetBlockTime));
  add('bits', hex8(p.initialBits), hex8(d.initialBits));
  add('limit', hex8(p.powLimitBits), hex8(d.powLimitBits));
  add('retarget', retargetToText(p.retarget), retargetToText(d.retarget));
  add('subsidy', formatCoins(p.subsidy), formatCoins(d.subsidy));
  add('halving', String(p.halvingInterval), String(d.halvingInterval));
  add('maxbytes', String(p.maxBlockBytes), String(d.maxBlockBytes));
  add('maxtxs', String(p.maxBlockTxs), String(d.maxBlockTxs));
  add('future', String(p.futureTimeLimit), String(d.futureTimeLimit));
  add('genesis', String(p.genesisTime), String(d.genesisTime));
  return parts.join('&');
}

function retargetToText(r: RoomParams['retarget']): string {
  if (r.mode === 'fixed') return 'fixed';
  if (r.mode === 'period') return `period:${r.interval}`;
  return `window:${r.window}:${maxStepMilli(r.maxStep) / MAX_STEP_SCALE}`;
}

/** The keys a room query may carry; any other key belongs to the app and is ignored. */
const ROOM_KEYS = new Set([
  'room',
  't',
  'bits',
  'limit',
  'retarget',
  'subsidy',
  'halving',
  'maxbytes',
  'maxtxs',
  'future',
  'genesis',
]);

/**
 * Parses a room query (with or without a leading `?`); missing parameters fall back to
 * DEFAULT_PARAMS. Returns the parameters only if they are valid, else every problem found,
 * each once.
 */
export function roomFromQuery(q: string): { params: RoomParams } | { errors: string[] } {
  const errors: string[] = [];
  const fields = new Map<string, string>();
  for (const part of q.replace(/^\?/, '').split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    if (!ROOM_KEYS.has(key)) continue;
    if (fields.has(key)) errors.push(`${key} is given twice`);
    try {
      fields.set(key, decodeURIComponent(eq < 0 ? '' : part.slice(eq + 1)));
    } catch {
      errors.push(`${key} is not valid URL encoding`);
    }
  }
  const d = DEFAULT_PARAMS;
  const num = (key: string, dflt: number): number => {
    const v = fields.get(key);
    if (v === undefined) return dflt;
    if (/^\d{1,15}$/.test(v)) return Number(v);
    errors.push(`${key} must be a whole number`);
    return dflt;
  };
  const bits = (key: string, dflt: number): number => {
    const v = fields.get(key);
    if (v === undefined) return dflt;
    if (/^[0-9a-fA-F]{8}$/.test(v)) return parseInt(v, 16);
    errors.push(`${key} must be 8 hex digits of compact bits`);
    return dflt;
  };
  const subsidyText = fields.get('subsidy');
  let subsidy = d.subsidy;
  if (subsidyText !== undefined) {
    const units = parseCoins(subsidyText);
    if (units === undefined) errors.push('subsidy must be a coin amount with at most 8 decimals');
    else subsidy = units;
  }
  const retargetText = fields.get('retarget');
  let retarget = d.retarget;
  if (retargetText !== undefined) {
    const r = retargetFromText(retargetText);
    if (r === undefined) errors.push('retarget must be fixed, period:N or window:N:STEP');
    else retarget = r;
  }
  const params: RoomParams = {
    name: fields.get('room') ?? d.name,
    targetBlockTime: num('t', d.targetBlockTime),
    initialBits: bits('bits', d.initialBits),
    powLimitBits: bits('limit', d.powLimitBits),
    retarget,
    subsidy,
    halvingInterval: num('halving', d.halvingInterval),
    maxBlockBytes: num('maxbytes', d.maxBlockBytes),
    maxBlockTxs: num('maxtxs', d.maxBlockTxs),
    futureTimeLimit: num('future', d.futureTimeLimit),
    genesisTime: num('genesis', d.genesisTime),
  };
  errors.push(...validateParams(params));
  // Each problem once: a key repeated 10,000 times in a link is one problem, not 10,000 lines.
  return errors.length > 0 ? { errors: [...new Set(errors)] } : { params };
}

function retargetFromText(text: string): RoomParams['retarget'] | undefined {
  if (text === 'fixed') return { mode: 'fixed' };
  let m = /^period:(\d{1,9})$/.exec(text);
  if (m) return { mode: 'period', interval: Number(m[1]) };
  m = /^window:(\d{1,9}):(\d{1,3}(?:\.\d{1,3})?)$/.exec(text);
  if (m) return { mode: 'window', window: Number(m[1]), maxStep: Number(m[2]) };
  return undefined;
}
