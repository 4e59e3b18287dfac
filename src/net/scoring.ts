/**
 * Misbehaviour by node KEY, not by connection (threat model 33): a peer that reconnects through
 * a fresh signaling session keeps its score and its ban. Penalties come from the rule codes
 * (RuleError.penalty, src/core/errors.ts) and from the protocol violations below; a score that
 * reaches BAN_THRESHOLD bans the key for a period (Bitcoin Core's Misbehaving + discouragement,
 * bcoin's ban score). Honest disagreement costs 0 and is never recorded as misbehaviour.
 */
import { BAN_THRESHOLD, type RuleCode } from '../core/errors.js';

/** A protocol violation: what it costs and whether it ends the connection regardless. */
export interface ViolationSpec {
  readonly penalty: number;
  readonly disconnect: boolean;
}

/**
 * Every protocol violation. Since Bitcoin Core 25 any misbehaviour discourages at once; before,
 * most of these scored 20. An honest tabchain node never commits one, so 100 unless noted.
 */
export const VIOLATIONS = {
  /** Frame over MAX_FRAME_BYTES, dropped unread (Core: over MAX_PROTOCOL_MESSAGE_LENGTH, disconnect). */
  'oversized-frame': { penalty: 100, disconnect: true },
  /** Bytes that do not decode (threat model 24: +10 each, so ten of them ban). */
  malformed: { penalty: 10, disconnect: false },
  /** More than 2,000 headers in one message (Core MAX_HEADERS_RESULTS: 20 before v25). */
  'too-many-headers': { penalty: 100, disconnect: false },
  /** More than 5,000 inventory items in one message (Core MAX_INV_SZ: 20 before v25). */
  'too-many-inv': { penalty: 100, disconnect: false },
  /** More than 101 locator entries: Core disconnects without a score (MAX_LOCATOR_SZ). */
  'locator-too-long': { penalty: 0, disconnect: true },
  /** A headers message whose headers do not chain (Core: "non-continuous headers sequence"). */
  'headers-not-chaining': { penalty: 100, disconnect: false },
  /** Unrequested blocks, transactions or headers beyond the rate a miner could produce. */
  'unrequested-flood': { penalty: 20, disconnect: false },
  /**
   * A getdata naming an item twice, or again soon after it was answered: answered once. An
   * honest node never asks twice; one getdata naming a block 5,000 times drew 272 MB.
   */
  'getdata-repeat': { penalty: 20, disconnect: false },
  /** More requested items waiting for the peer's budget than maxServeQueue: the rest dropped. */
  'getdata-overflow': { penalty: 20, disconnect: false },
  /** Side-branch headers or bodies beyond the peer's caps (limits.ts side*): dropped. */
  'side-branch-flood': { penalty: 20, disconnect: false },
  /** Its headers ended below the work its hello claimed (an honest peer only gains work). */
  'claimed-work-unmet': { penalty: 100, disconnect: false },
} as const satisfies Record<string, ViolationSpec>;

/** A stable protocol-violation code. */
export type ViolationCode = keyof typeof VIOLATIONS;

/** Any code a peer can be scored for: a protocol violation or a consensus rule. */
export type MisbehaviourCode = ViolationCode | RuleCode;

/** The result of scoring a peer. */
export interface ScoreResult {
  readonly score: number;
  /** Set when this call banned the key. */
  readonly bannedUntil: number | undefined;
}

/** A ban in force. */
export interface Ban {
  readonly key: string;
  readonly until: number;
  readonly code: MisbehaviourCode | 'manual';
}

/** Options of the score keeper. */
export interface ScoresOptions {
  readonly clock: { now(): number };
  /** How long a ban lasts, ms. */
  readonly banDurationMs: number;
  /** Score that bans (default Core's DISCOURAGEMENT_THRESHOLD via BAN_THRESHOLD). */
  readonly threshold?: number;
  /** Most keys with a score remembered; the lowest scores are forgotten first. */
  readonly maxTracked?: number;
  /** Most bans remembered; the soonest to expire are dropped first. */
  readonly maxBans?: number;
}

/** Scores and bans by node key (hex). */
export class PeerScores {
  readonly #scores = new Map<string, number>();
  readonly #bans = new Map<string, Ban>();
  readonly #clock: { now(): number };
  readonly threshold: number;
  readonly banDurationMs: number;
  readonly #maxTracked: number;
  readonly #maxBans: number;

  constructor(opts: ScoresOptions) {
    this.#clock = opts.clock;
    this.banDurationMs = opts.banDurationMs;
    this.threshold = opts.threshold ?? BAN_THRESHOLD;
    this.#maxTracked = opts.maxTracked ?? 1024;
    this.#maxBans = opts.maxBans ?? 1024;
  }

  /** The key's current score (0 after a ban expired). */
  score(key: string): number {
    this.isBanned(key);
    return this.#scores.get(key) ?? 0;
  }

  /** Adds a penalty; at the threshold the key is banned for the ban period. */
  add(key: string, code: MisbehaviourCode, penalty: number): ScoreResult {
    if (this.isBanned(key)) return { score: this.score(key), bannedUntil: undefined };
    const score = (this.#scores.get(key) ?? 0) + Math.max(0, penalty);
    this.#scores.set(key, score);
    this.#trim();
    if (score < this.threshold) return { score, bannedUntil: undefined };
    return { score, bannedUntil: this.ban(key, code).until };
  }

  /** Bans a key now (also for a teacher's "kick"). */
  ban(key: string, code: Ban['code'] = 'manual', durationMs = this.banDurationMs): Ban {
    const ban = { key, code, until: this.#clock.now() + durationMs };
    this.#bans.set(key, ban);
    if (this.#bans.size > this.#maxBans) {
      let first: Ban | undefined;
      for (const b of this.#bans.values()) if (!first || b.until < first.until) first = b;
      if (first) this.#bans.delete(first.key);
    }
    return ban;
  }

  /** True while the key is banned; an expired ban is lifted and the score forgotten. */
  isBanned(key: string): boolean {
    const ban = this.#bans.get(key);
    if (!ban) return false;
    if (ban.until > this.#clock.now()) return true;
    this.#bans.delete(key);
    this.#scores.delete(key);
    return false;
  }

  /** Lifts a ban and forgets the score. */
  unban(key: string): void {
    this.#bans.delete(key);
    this.#scores.delete(key);
  }

  /** Bans in force. */
  bans(): Ban[] {
    return [...this.#bans.values()].filter((b) => this.isBanned(b.key));
  }

  #trim(): void {
    if (this.#scores.size <= this.#maxTracked) return;
    let low: [string, number] | undefined;
    for (const kv of this.#scores) if (!this.#bans.has(kv[0]) && (!low || kv[1] < low[1])) low = kv;
    if (low) this.#scores.delete(low[0]);
  }
}
