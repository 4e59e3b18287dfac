/**
 * Claiming a node identity without Web Locks: plain http from a LAN hostname is not a secure
 * context, so navigator.locks is missing and tabs agree over a BroadcastChannel instead.
 *
 * To claim id X, a tab
 *   1. skips X if its registry heartbeat is fresh (written by another claim < staleMs ago);
 *   2. queries `{t:'query', ids:[X]}` and listens for windowMs; any `held` for X, or anyone
 *      else's `claim` for X, means X is taken;
 *   3. claims tentatively: picks a random 32-bit tie-break, broadcasts `{t:'claim', X, tie}`
 *      and listens for windowMs again. A `held` for X, or a claim for X with a lower
 *      (tie, token), means it lost; meanwhile it answers queries for X, and claims it beats,
 *      by repeating its claim (never `held`: a claimer that may still lose must not knock
 *      out one that would win);
 *   4. re-checks the heartbeat, then holds X: it answers every query or claim for X with
 *      `held` for as long as it lives, and writes the heartbeat every heartbeatMs.
 *
 * Guarantee: two live tabs never both hold X provided each message reaches the other tabs,
 * and is handled, within windowMs. Two concurrent claimers always see each other's claim, and
 * compare the same two (tie, token) pairs, so exactly one keeps X; a later claimer hears the
 * holder. Limit: a tab frozen or busy for longer than windowMs cannot answer, which is what
 * the heartbeat covers: an id with a heartbeat younger than staleMs counts as held even
 * without an answer. A tab frozen for longer than staleMs can lose its id; when it wakes, it
 * finds another claim's fresh heartbeat on its id, and gives the id up (onLost).
 * Hidden tabs' timers may be throttled to once a minute, so their heartbeats go stale, but
 * BroadcastChannel messages still wake them, so they still answer.
 */
import type { IdentityRegistry } from './registry.js';

/** Name of the channel the protocol runs on. */
export const DEFAULT_CHANNEL = 'tabchain-identity';
/** How long to wait for answers; a few event-loop turns even on a busy classroom laptop. */
export const DEFAULT_WINDOW_MS = 250;
/** How often a holder writes its heartbeat. */
export const DEFAULT_HEARTBEAT_MS = 2_000;
/** Age past which a heartbeat no longer counts: five missed beats. */
export const DEFAULT_STALE_MS = 10_000;

/** What tabs say to each other on the channel. */
export type ClaimMessage =
  | { readonly t: 'query'; readonly ids: readonly string[]; readonly from: string }
  | { readonly t: 'claim'; readonly id: string; readonly tie: number; readonly from: string }
  | { readonly t: 'held'; readonly id: string; readonly from: string };

/** A message off the channel, or undefined for anything else (other code, other versions). */
export function parseClaimMessage(data: unknown): ClaimMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const m = data as Record<string, unknown>;
  if (typeof m.from !== 'string') return undefined;
  if (m.t === 'query' && Array.isArray(m.ids) && m.ids.every((id) => typeof id === 'string')) {
    return { t: 'query', ids: m.ids, from: m.from };
  }
  if (typeof m.id !== 'string') return undefined;
  if (m.t === 'held') return { t: 'held', id: m.id, from: m.from };
  if (m.t === 'claim' && Number.isInteger(m.tie)) {
    return { t: 'claim', id: m.id, tie: m.tie as number, from: m.from };
  }
  return undefined;
}

/** True when claim (tieA, fromA) beats claim (tieB, fromB): the lower pair wins. */
export function claimBeats(tieA: number, fromA: string, tieB: number, fromB: string): boolean {
  return tieA < tieB || (tieA === tieB && fromA < fromB);
}

/** How the protocol is tuned, and where it keeps heartbeats. */
export interface BroadcastConfig {
  readonly registry: IdentityRegistry;
  /** This browser tab's token, kept across reloads (sessionStorage). */
  readonly tab: string;
  readonly channelName: string;
  readonly windowMs: number;
  readonly heartbeatMs: number;
  readonly staleMs: number;
}

interface ClaimState {
  phase: 'querying' | 'tentative' | 'held';
  tie: number;
  beaten: boolean;
}

/** A random token naming one claim on the channel. */
export function randomToken(): string {
  return Array.from(crypto.getRandomValues(new Uint32Array(2)), (w) => w.toString(36)).join('');
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One tab's side of the protocol: claims ids and, once it holds one, answers for it. */
export class BroadcastClaimer {
  /** This claimer's token on the channel and in heartbeats. */
  readonly token = randomToken();
  readonly #config: BroadcastConfig;
  readonly #onLost: (id: string) => void;
  readonly #channel: BroadcastChannel | undefined;
  readonly #states = new Map<string, ClaimState>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #closed = false;

  constructor(config: BroadcastConfig, onLost: (id: string) => void) {
    this.#config = config;
    this.#onLost = onLost;
    // Without BroadcastChannel at all (very old browsers) only heartbeats protect.
    this.#channel =
      typeof BroadcastChannel === 'function' ? new BroadcastChannel(config.channelName) : undefined;
    if (this.#channel) this.#channel.onmessage = (e: MessageEvent) => this.#onMessage(e.data);
  }

  /**
   * Runs the protocol for one id; true when this claimer now holds it. With sameTab, a fresh
   * heartbeat left by this same browser tab (the page before a reload) does not count.
   */
  async claim(id: string, sameTab = false): Promise<boolean> {
    if (this.#closed || this.#states.has(id) || this.#heldElsewhere(id, sameTab)) return false;
    const state: ClaimState = { phase: 'querying', tie: 0, beaten: false };
    this.#states.set(id, state);
    try {
      this.#post({ t: 'query', ids: [id], from: this.token });
      await sleep(this.#config.windowMs);
      if (this.#closed || state.beaten || this.#heldElsewhere(id, sameTab)) return false;
      state.phase = 'tentative';
      state.tie = crypto.getRandomValues(new Uint32Array(1))[0]!;
      this.#post({ t: 'claim', id, tie: state.tie, from: this.token });
      await sleep(this.#config.windowMs);
      if (this.#closed || state.beaten || this.#heldElsewhere(id, sameTab)) return false;
      this.hold(id);
      return true;
    } finally {
      if (state.phase !== 'held') this.#states.delete(id);
    }
  }

  /** Holds an id without asking: for a freshly made identity nobody else knows yet. */
  hold(id: string): void {
    const state = this.#states.get(id);
    if (state) state.phase = 'held';
    else this.#states.set(id, { phase: 'held', tie: 0, beaten: false });
    this.#beat(id);
    this.#timer ??= setInterval(() => this.#tick(), this.#config.heartbeatMs);
  }

  /** Stops answering for an id and clears its heartbeat, so others may adopt it at once. */
  release(id: string): void {
    if (this.#states.get(id)?.phase === 'held') this.#states.delete(id);
    this.#config.registry.clearHeartbeat(id, this.token);
  }

  /** Releases everything and leaves the channel. */
  close(): void {
    for (const [id, state] of [...this.#states]) if (state.phase === 'held') this.release(id);
    this.#closed = true;
    this.#states.clear();
    clearInterval(this.#timer);
    this.#channel?.close();
  }

  #onMessage(data: unknown): void {
    const m = parseClaimMessage(data);
    if (!m || m.from === this.token || this.#closed) return;
    if (m.t === 'query') {
      for (const id of m.ids) {
        const state = this.#states.get(id);
        if (state && state.phase !== 'querying' && !state.beaten) this.#answer(id, state);
      }
      return;
    }
    const state = this.#states.get(m.id);
    if (!state || state.beaten) return;
    if (m.t === 'held') {
      // Two holders of one id: the one whose heartbeat is on record keeps it.
      if (state.phase === 'held') this.#checkStillOurs(m.id);
      else state.beaten = true;
    } else if (state.phase === 'querying') {
      state.beaten = true;
    } else if (state.phase === 'tentative' && claimBeats(m.tie, m.from, state.tie, this.token)) {
      state.beaten = true;
    } else {
      this.#answer(m.id, state);
    }
  }

  /** A holder answers `held`; a tentative claimer repeats its claim, so ties still decide. */
  #answer(id: string, state: ClaimState): void {
    if (state.phase === 'tentative') {
      this.#post({ t: 'claim', id, tie: state.tie, from: this.token });
    } else if (this.#checkStillOurs(id)) {
      this.#post({ t: 'held', id, from: this.token });
      this.#beat(id);
    }
  }

  #tick(): void {
    for (const [id, state] of [...this.#states]) {
      if (state.phase === 'held' && this.#checkStillOurs(id)) this.#beat(id);
    }
  }

  /** False (and onLost) when another claim's fresh heartbeat sits on an id we hold. */
  #checkStillOurs(id: string): boolean {
    if (!this.#heldElsewhere(id, false)) return true;
    this.#states.delete(id);
    this.#onLost(id);
    return false;
  }

  #heldElsewhere(id: string, sameTab: boolean): boolean {
    const hb = this.#config.registry.heartbeat(id);
    if (!hb || hb.by === this.token || (sameTab && hb.tab === this.#config.tab)) return false;
    // abs(): a heartbeat from the future (the clock was set back) must not pin an id forever.
    return Math.abs(Date.now() - hb.at) < this.#config.staleMs;
  }

  #beat(id: string): void {
    this.#config.registry.beat(id, { at: Date.now(), by: this.token, tab: this.#config.tab });
  }

  #post(m: ClaimMessage): void {
    this.#channel?.postMessage(m);
  }
}

/** Ids among `ids` that a live tab holds or is claiming, asked in one round of windowMs. */
export async function queryHolders(
  channelName: string,
  ids: readonly string[],
  windowMs: number,
): Promise<Set<string>> {
  const held = new Set<string>();
  if (ids.length === 0 || typeof BroadcastChannel !== 'function') return held;
  const channel = new BroadcastChannel(channelName);
  const wanted = new Set(ids);
  channel.onmessage = (e: MessageEvent) => {
    const m = parseClaimMessage(e.data);
    // A tentative claim counts too: forgetting an identity mid-claim is what this guards.
    if (m && m.t !== 'query' && wanted.has(m.id)) held.add(m.id);
  };
  try {
    channel.postMessage({ t: 'query', ids: [...ids], from: randomToken() } satisfies ClaimMessage);
    await sleep(windowMs);
  } finally {
    channel.close();
  }
  return held;
}
