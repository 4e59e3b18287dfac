/** What the network's parts (relay, sync, download, mesh) share: the node, limits, time. */
import type { Node } from '../node/node.js';
import type { NetworkEvents } from './events.js';
import type { PeerSession } from './peer-session.js';
import type { NetLimits } from './protocol/limits.js';
import type { MisbehaviourCode, ViolationCode } from './scoring.js';

/** Timer functions, injected so tests can run on virtual time. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real timers of the environment. */
export const REAL_TIMERS: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Runs a callback of a timer or the transport, logging instead of throwing: our bug must not kill the node. */
export function guarded(what: string, fn: () => void): void {
  try {
    fn();
  } catch (e) {
    console.error(`${what} failed`, e);
  }
}

/** The services each part of the network is given. */
export interface NetContext {
  readonly node: Node;
  readonly limits: NetLimits;
  readonly clock: { now(): number };
  readonly timers: Timers;
  /** Random bytes (presync salts). */
  readonly random: (n: number) => Uint8Array;
  /** Sessions whose handshake completed. */
  readyPeers(): PeerSession[];
  /** Scores a peer for misbehaviour (by key); bans and disconnects as the score requires. */
  punish(peer: PeerSession, code: MisbehaviourCode, penalty: number, disconnect?: boolean): void;
  /** Scores a protocol violation with its penalty from scoring.ts VIOLATIONS. */
  violation(peer: PeerSession, code: ViolationCode): void;
  emit<K extends keyof NetworkEvents>(name: K, payload: NetworkEvents[K]): void;
}
