/**
 * The teaching lab's partitions as the mesh manager keeps them: transport ids and node keys it
 * refuses in both directions, and the peers a partition cut, to redial when it heals.
 */

/** A peer a partition cut. */
export interface CutPeer {
  readonly remoteId: string;
  readonly key: string | undefined;
}

/** Blocked ids and keys, and whom the blocks cut. */
export class Partitions {
  readonly #blocked = new Set<string>();
  readonly #cut = new Map<string, CutPeer>();

  /** Blocks each target: a transport id or a node key (64 hex). */
  block(targets: Iterable<string>): void {
    for (const t of targets) this.#blocked.add(t);
  }

  /** True if the transport id, or the key when known, is blocked. */
  isBlocked(remoteId: string, key: string | undefined): boolean {
    return this.#blocked.has(remoteId) || (key !== undefined && this.#blocked.has(key));
  }

  /** Remembers a peer the partition cut. */
  cut(remoteId: string, key: string | undefined): void {
    this.#cut.set(remoteId, { remoteId, key });
  }

  /** Unblocks the targets (all when omitted); returns the cut peers no longer blocked. */
  heal(targets?: Iterable<string>): CutPeer[] {
    if (targets === undefined) this.#blocked.clear();
    else for (const t of targets) this.#blocked.delete(t);
    const freed: CutPeer[] = [];
    for (const [remoteId, c] of [...this.#cut]) {
      if (this.isBlocked(remoteId, c.key)) continue;
      this.#cut.delete(remoteId);
      freed.push(c);
    }
    return freed;
  }
}
