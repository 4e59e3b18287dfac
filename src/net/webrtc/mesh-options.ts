/** The mesh manager's options, defaults, events and the views it gives of its connections. */
import type { Timers } from '../../lib/timers.js';
import type { Network } from '../network.js';
import type { SignalingPort } from '../signaling-client.js';
import type { BackoffOptions } from './backoff.js';
import type { Dial, Route } from './dial.js';
import type { PeerFactory } from './peer-factory.js';
import type { SimplePeerLink, SimplePeerLinkOptions } from './peer-link.js';

/** What the manager uses of the Network. */
export type MeshNetwork = Pick<
  Network,
  'addLink' | 'on' | 'sendSignal' | 'knownNodes' | 'disconnect' | 'identity' | 'scores' | 'peers'
>;

/** Where one connection is: signaling, data channel open, handshake done, or gone. */
export type LinkState = 'connecting' | 'connected' | 'ready' | 'closed';

/** One connection as the interface shows it. */
export interface LinkInfo {
  readonly remoteId: string;
  readonly state: LinkState;
  /** We offered (dialed) rather than answered. */
  readonly initiator: boolean;
  readonly route: Route;
  /** The node key: proven once ready, claimed (by the mesh or the offer) before. */
  readonly key?: string;
}

/** An open connection as the manager keeps it. */
export interface LinkEntry {
  readonly link: SimplePeerLink;
  readonly initiator: boolean;
  readonly route: Route;
  /** Claimed until the handshake, then proven. */
  key: string | undefined;
  /** The handshake completed. */
  ready: boolean;
  /** When the data channel opened, ms (eviction protects the long-lived). */
  readonly since: number;
}

/** The view of an attempt in progress (or one that just ended). */
export function dialInfo(d: Dial, state: LinkState): LinkInfo {
  const key = d.key !== undefined ? { key: d.key } : {};
  return { remoteId: d.remoteId, state, initiator: d.initiator, route: d.route, ...key };
}

/** The view of an open connection. */
export function entryInfo(remoteId: string, e: LinkEntry): LinkInfo {
  const key = e.key !== undefined ? { key: e.key } : {};
  const state = e.ready ? 'ready' : 'connected';
  return { remoteId, state, initiator: e.initiator, route: e.route, ...key };
}

/** What the manager reports, by event name. */
export interface MeshManagerEvents {
  /** A connection moved to `state`; `reason` says why it closed. */
  'link-state': LinkInfo & { readonly reason?: string };
}

/** Options of the MeshManager. */
export interface MeshManagerOptions {
  readonly network: MeshNetwork;
  /** The signaling session; without one the node only dials and answers through the mesh. */
  readonly signaling?: SignalingPort;
  readonly createPeer: PeerFactory;
  /** Connections we dial towards. */
  readonly targetPeers?: number;
  /** Connections at most, answered ones included (raised to targetPeers if below). */
  readonly maxPeers?: number;
  /** An attempt not connected within this is abandoned, ms. */
  readonly connectTimeoutMs?: number;
  /** Tries at a dropped peer (or a failed candidate) before leaving it alone for a while. */
  readonly maxRedials?: number;
  readonly backoff?: Partial<BackoffOptions>;
  /** Period of the check for more peers while below target, ms. */
  readonly topUpIntervalMs?: number;
  readonly link?: Omit<SimplePeerLinkOptions, 'timers' | 'now' | 'latencyMs'>;
  readonly timers?: Timers;
  readonly now?: () => number;
  /** For shuffles and jitter. */
  readonly random?: () => number;
  /** For attempt ids, which only the two ends and the route may know; crypto by default. */
  readonly randomBytes?: (n: number) => Uint8Array;
}

/** The defaults, each with where its number comes from. */
export const MESH_DEFAULTS = {
  // Bitcoin Core's 8 outbound connections (also the server's welcome sample).
  targetPeers: 8,
  // Half again the target: newcomers find a free slot, and 30 laptops are not a full mesh.
  maxPeers: 12,
  // A LAN connects in well under a second; 20 s covers a relayed attempt on a slow laptop
  // and stays under Chromium's ~30 s ICE failure.
  connectTimeoutMs: 20_000,
  // 1+2+4+8+16 s (before jitter): half a minute, a laptop's return from a Wi-Fi drop.
  maxRedials: 5,
  backoff: { baseMs: 1_000, maxMs: 30_000 },
  // New candidates arrive with peer lists (batched by a second, mesh.ts); this only retries.
  topUpIntervalMs: 5_000,
} as const;

/** Options with every default filled in. */
export interface ResolvedMeshOptions {
  readonly targetPeers: number;
  readonly maxPeers: number;
  readonly connectTimeoutMs: number;
  readonly maxRedials: number;
  readonly backoff: BackoffOptions;
  readonly topUpIntervalMs: number;
}

/** Fills in the defaults. */
export function resolveMeshOptions(opts: MeshManagerOptions): ResolvedMeshOptions {
  const d = MESH_DEFAULTS;
  const targetPeers = opts.targetPeers ?? d.targetPeers;
  return {
    targetPeers,
    maxPeers: Math.max(opts.maxPeers ?? d.maxPeers, targetPeers),
    connectTimeoutMs: opts.connectTimeoutMs ?? d.connectTimeoutMs,
    maxRedials: opts.maxRedials ?? d.maxRedials,
    backoff: { ...d.backoff, ...opts.backoff },
    topUpIntervalMs: opts.topUpIntervalMs ?? d.topUpIntervalMs,
  };
}

/** Close reasons worth a redial: the network failed, nobody decided to part. */
const TRANSIENT = new Set([
  'ice-disconnected',
  'ice-failed',
  'ice-closed',
  'connection-failed',
  'channel-error',
  'ping-timeout',
]);

/** True if a connection closed for `reason` is worth redialing. */
export function isTransient(reason: string): boolean {
  return TRANSIENT.has(reason);
}

/**
 * What to do about a key after an attempt at it failed with `reason` (a Dial's): try again
 * after a backoff; forget it (we cut it ourselves, or we are stopping: a heal or a restart
 * starts afresh); or give up for a while (it banned us, or already has a link to us).
 */
export function afterFailure(reason: string): 'retry' | 'forget' | 'give-up' {
  if (reason === 'partitioned' || reason === 'shutdown') return 'forget';
  if (reason === 'refused-banned' || reason === 'refused-duplicate') return 'give-up';
  return 'retry';
}

/** True if two routes are the same (a signal must come back the way its attempt went). */
export function sameRoute(a: Route, b: Route): boolean {
  if (a.kind === 'server' || b.kind === 'server') return a.kind === b.kind;
  return a.via === b.via;
}

/** Up to `count` nodes, taken in turn from each peer that told us of them (diversity). */
export function diverse<T extends { readonly via: string }>(
  nodes: readonly T[],
  count: number,
  random: () => number,
): T[] {
  const byVia = new Map<string, T[]>();
  for (const n of shuffle([...nodes], random)) {
    const list = byVia.get(n.via);
    if (list) list.push(n);
    else byVia.set(n.via, [n]);
  }
  const out: T[] = [];
  while (out.length < count && byVia.size > 0) {
    for (const [via, list] of byVia) {
      const n = list.shift();
      if (n) out.push(n);
      if (list.length === 0) byVia.delete(via);
      if (out.length >= count) break;
    }
  }
  return out;
}

/** Fisher-Yates, in place; returns `items`. */
export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
