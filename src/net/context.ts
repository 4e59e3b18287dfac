/** What the network's parts (relay, sync, download, mesh) share: the node, limits, time. */
import type { Timers } from '../lib/timers.js';
import type { Node } from '../node/node.js';
import type { NetworkEvents } from './events.js';
import type { PeerSession } from './peer-session.js';
import type { NetLimits } from './protocol/limits.js';
import type { MisbehaviourCode, ViolationCode } from './scoring.js';

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
