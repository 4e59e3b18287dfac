/**
 * Which peer a full node drops to make room for a node that has too few links: Bitcoin Core's
 * inbound eviction (net.cpp `SelectNodeToEvict`), scaled from 125 connections to a room's 12.
 * Core protects peers an attacker finds hard to imitate (distinct network groups, the lowest
 * ping, the longest uptime) and evicts among the rest; so do we:
 * - only links the other side dialed (Core: inbound only) and whose handshake is done;
 * - protect the peer that is our only route to the most nodes (our analogue of Core's distinct
 *   netgroups: every node of a room shares one LAN, so diversity is where in the mesh a peer
 *   sits), and the peer with the lowest ping (Core: 4 netgroups and 8 pings of ~117 inbound;
 *   a tenth of that rounds to one each);
 * - protect the longer-lived half of the rest (Core: half, by connection time);
 * - evict, of what is left, the peer with the most links of its own, the youngest on a tie
 *   (Core: the youngest of the largest netgroup), so whoever we drop keeps the most.
 * Core evicts to admit anyone; we evict only if the dropped peer keeps more links than the
 * dialer will have (its links > the dialer's + 1). Each eviction then strictly lowers the sum
 * of squared degrees, so evictions cannot chase each other round the room, and no eviction
 * isolates anyone.
 */

/** What admission knows of one connected peer. */
export interface EvictionCandidate {
  readonly remoteId: string;
  /** The other side dialed (only such links are evicted, as in Core). */
  readonly inbound: boolean;
  /** When the link opened, ms. */
  readonly since: number;
  /** Last measured round trip, ms; undefined before the first pong. */
  readonly pingMs: number | undefined;
  /** Its links, us included: the larger of its own peer list and our peers' lists naming it. */
  readonly links: number;
  /** Nodes we know only through this peer. */
  readonly uniqueRoutes: number;
}

/** How many peers each protection keeps, from Core's numbers scaled to a room (see above). */
export const EVICTION_PROTECT = {
  /** Core: 4 distinct netgroups. */
  diverse: 1,
  /** Core: 8 lowest minimum pings. */
  fastest: 1,
} as const;

/**
 * The peer to drop so that a dialer that has `dialerLinks` links can connect, or undefined:
 * nobody may be dropped (all protected, or every candidate would fall to the dialer's level).
 */
export function selectEviction(
  peers: readonly EvictionCandidate[],
  dialerLinks: number,
): EvictionCandidate | undefined {
  let rest = peers.filter((p) => p.inbound);
  rest = withoutTop(rest, EVICTION_PROTECT.diverse, (a, b) => b.uniqueRoutes - a.uniqueRoutes);
  rest = withoutTop(rest, EVICTION_PROTECT.fastest, (a, b) => pingOf(a) - pingOf(b));
  rest = withoutTop(rest, Math.floor(rest.length / 2), (a, b) => a.since - b.since);
  const victim = rest.sort((a, b) => b.links - a.links || b.since - a.since)[0];
  return victim !== undefined && victim.links > dialerLinks + 1 ? victim : undefined;
}

/** `peers` without the first `count` in `order` (the protected ones). */
function withoutTop<T>(peers: T[], count: number, order: (a: T, b: T) => number): T[] {
  if (count <= 0) return peers;
  const protectedOnes = new Set([...peers].sort(order).slice(0, count));
  return peers.filter((p) => !protectedOnes.has(p));
}

/** Unmeasured pings sort last: they prove nothing yet. */
function pingOf(p: EvictionCandidate): number {
  return p.pingMs ?? Infinity;
}
