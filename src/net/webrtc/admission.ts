/**
 * Admission: whether a node answers an offer, and whom a full node drops to make room. It keeps
 * the peer lists its peers sent (`peers`, mesh.ts), so it can tell how many links each peer
 * has and which peers are its only route to part of the room (eviction.ts decides from that).
 */
import type { Connections } from './connections.js';
import type { Dial } from './dial.js';
import type { RefusalReason } from './envelope.js';
import { selectEviction, type EvictionCandidate } from './eviction.js';
import type { LinkEntry, MeshNetwork } from './mesh-options.js';
import type { Partitions } from './partitions.js';

/** The answering side's policy over one node's connections. */
export class Admission {
  /** Our peers' own peer lists. */
  readonly lists = new PeerLists();

  constructor(
    readonly conns: Connections,
    readonly partitions: Partitions,
    readonly net: MeshNetwork,
    /** Connections at most (ResolvedMeshOptions.maxPeers). */
    readonly maxPeers: number,
  ) {}

  /**
   * Why an offer from `from` claiming `key` is refused, or undefined to answer it. `existing`
   * is our attempt with `from`, if any; `links` the dialer's claimed link count. A full node
   * drops a peer here when the dialer needs the slot more (eviction.ts).
   */
  refusal(
    from: string,
    key: string,
    existing: Dial | undefined,
    links: number,
  ): RefusalReason | undefined {
    if (this.partitions.isBlocked(from, key)) return 'partitioned';
    if (this.net.scores.isBanned(key)) return 'banned';
    // An open link under this id: refusing keeps a relayer from hijacking it with a forged
    // `from`; a peer whose link really died redials once we noticed it too.
    if (this.conns.links.has(from)) return 'busy';
    if (this.conns.hasKey(key)) return 'duplicate';
    const full = existing === undefined && this.conns.count() >= this.maxPeers;
    if (full && !this.#makeRoom(links)) return 'full';
    return undefined;
  }

  /** Drops one peer so a dialer with `dialerLinks` links fits; false if nobody may go. */
  #makeRoom(dialerLinks: number): boolean {
    const entries = this.conns.links;
    const victim = evictionVictim(entries, this.lists, this.net.peers(), dialerLinks);
    if (victim === undefined) return false;
    this.net.disconnect(victim, 'evicted');
    entries.get(victim)?.link.close('evicted'); // if the network never took it
    return true;
  }
}

/** A link as admission sees it. */
export interface AdmissionLink {
  readonly remoteId: string;
  /** Proven node key, once the handshake is done. */
  readonly key: string | undefined;
  readonly inbound: boolean;
  readonly since: number;
}

/**
 * The open link to drop so that a dialer claiming `dialerLinks` links fits (eviction.ts), or
 * undefined if nobody may go. Only handshaken links are weighed.
 */
export function evictionVictim(
  entries: ReadonlyMap<string, LinkEntry>,
  lists: PeerLists,
  peers: readonly { readonly remoteId: string; readonly pingMs: number | undefined }[],
  dialerLinks: number,
): string | undefined {
  const links: AdmissionLink[] = [];
  for (const [remoteId, e] of entries) {
    if (e.ready) links.push({ remoteId, key: e.key, inbound: !e.initiator, since: e.since });
  }
  const pings = new Map(peers.map((p) => [p.remoteId, p.pingMs]));
  return selectEviction(
    lists.candidates(links, (id) => pings.get(id)),
    dialerLinks,
  )?.remoteId;
}

/** The latest peer list of each peer (node keys, without us). */
export class PeerLists {
  readonly #lists = new Map<string, ReadonlySet<string>>();

  /** Peer `via` is connected to `peers` (besides us); replaces its previous list. */
  note(via: string, peers: readonly { readonly key: string }[]): void {
    this.#lists.set(via, new Set(peers.map((p) => p.key)));
  }

  /** Peer `remoteId` is gone. */
  forget(remoteId: string): void {
    this.#lists.delete(remoteId);
  }

  /**
   * How many of our peers named `key` in their lists: a lower bound of its links that does not
   * rest on its own word alone, and a rough measure of how well connected a candidate is.
   */
  namedBy(key: string): number {
    let n = 0;
    for (const list of this.#lists.values()) if (list.has(key)) n++;
    return n;
  }

  /** The eviction view of our handshaken links; `pingOf` gives each one's round trip. */
  candidates(
    links: readonly AdmissionLink[],
    pingOf: (remoteId: string) => number | undefined,
  ): EvictionCandidate[] {
    const ours = new Set<string>();
    for (const l of links) if (l.key !== undefined) ours.add(l.key);
    const out: EvictionCandidate[] = [];
    for (const l of links) {
      if (l.key === undefined) continue;
      const list = this.#lists.get(l.remoteId) ?? new Set<string>();
      let uniqueRoutes = 0;
      for (const k of list) {
        if (!ours.has(k) && this.namedBy(k) === 1) uniqueRoutes++;
      }
      // Its own list leaves us out; the others' lists name it once each. Either is a floor.
      const links = 1 + Math.max(list.size, this.namedBy(l.key));
      out.push({
        remoteId: l.remoteId,
        inbound: l.inbound,
        since: l.since,
        pingMs: pingOf(l.remoteId),
        links,
        uniqueRoutes,
      });
    }
    return out;
  }
}
