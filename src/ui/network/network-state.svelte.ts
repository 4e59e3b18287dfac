/**
 * The peers of this node as the Network panel shows them: who, what colour, connected or
 * gone, ping, their tip against ours, who they are connected to, and sync progress. Fed by
 * the Network's events; with no network (`undefined`) it stays empty and says so.
 */
import type { Block } from '../../core/block.js';
import { addressOf } from '../../core/tx.js';
import { bytesToHex, hexToBytes } from '../../core/bytes.js';
import type { Node } from '../../node/node.js';
import type { NetworkEvents, NetworkSource, PeerInfo } from './network-source.js';

/** Where a peer's tip stands against ours. */
export type TipRelation =
  | { readonly kind: 'same' }
  | { readonly kind: 'ahead'; readonly blocks: number }
  | { readonly kind: 'behind'; readonly blocks: number }
  /** On another branch of the tree: a fork between us. */
  | { readonly kind: 'fork'; readonly height: number }
  | { readonly kind: 'unknown' };

/** One peer as the panel lists it. */
export interface PeerView {
  readonly remoteId: string;
  readonly key: string;
  /** The address its node key pays to, hex: what to type to pay this peer. */
  readonly address: string;
  readonly name: string;
  readonly colour: number;
  readonly state: 'connected' | 'left' | 'banned';
  /** Why it left, when it did (a reason code of the network). */
  readonly reason: string | undefined;
  readonly pingMs: number | undefined;
  readonly tipId: string | undefined;
  readonly tipHeight: number | undefined;
  readonly relation: TipRelation;
  /** Misbehaviour score (100 bans). */
  readonly score: number;
  /** When it changed state, ms. */
  readonly since: number;
}

/** A link of the mesh diagram, between two node keys. */
export interface MeshLink {
  readonly a: string;
  readonly b: string;
}

/** A node someone told us about: for the mesh diagram's outer ring. */
export interface MeshNode {
  readonly key: string;
  readonly name: string | undefined;
  readonly colour: number | undefined;
  /** Directly connected to us. */
  readonly direct: boolean;
}

/** How long a peer that left stays listed, greyed, ms: long enough to notice. */
export const LEFT_PEER_MS = 60_000;
/** How often ping figures are refreshed from the network, ms (pings are not events). */
export const PING_REFRESH_MS = 2_000;

/** The address a node key (hex) pays to; '' for a malformed key. */
export function addressOfKey(key: string): string {
  try {
    return bytesToHex(addressOf(hexToBytes(key)));
  } catch {
    return ''; // a malformed key from a peer names nobody
  }
}

interface Known {
  readonly key: string;
  readonly name: string;
  readonly colour: number;
}

/** The Network panel's state. */
export class NetworkState {
  #peers = $state.raw<readonly PeerView[]>([]);
  #links = $state.raw<readonly MeshLink[]>([]);
  #meshNodes = $state.raw<readonly MeshNode[]>([]);
  #sync = $state.raw<{ have: number; target: number; peers: number } | undefined>(undefined);
  /** Bumped when the directory of known nodes grows (for miner colours). */
  #directoryRevision = $state(0);
  readonly #node: Node;
  readonly #source: NetworkSource | undefined;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- private bookkeeping: views read the $state.raw snapshot made from it
  readonly #byRemote = new Map<string, PeerView>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- private bookkeeping: views read the $state.raw snapshot made from it
  readonly #meshByVia = new Map<string, readonly { id: string; key: string }[]>();
  /** Every node met this session, by key and by address: names survive a peer leaving. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- private bookkeeping: views read the $state.raw snapshot made from it
  readonly #byKey = new Map<string, Known>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- private bookkeeping: views read the $state.raw snapshot made from it
  readonly #byAddress = new Map<string, Known>();
  readonly #off: (() => void)[] = [];
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(node: Node, source: NetworkSource | undefined) {
    this.#node = node;
    this.#source = source;
    const self = node.identity;
    this.#remember(bytesToHex(self.publicKey), self.name, self.colour);
    this.#off.push(
      node.on('tip', () => {
        this.#recomputeRelations();
        this.#readSync();
      }),
    );
    if (!source) return;
    this.#off.push(
      source.on('peer-ready', (p) => this.#ready(p)),
      source.on('peer-closed', (p) => this.#closed(p.remoteId, p.reason, 'left')),
      source.on('peer-banned', (p) => this.#closed(p.remoteId, p.code, 'banned')),
      source.on('peer-misbehaved', (p) => this.#patch(p.remoteId, { score: p.score })),
      source.on('peer-tip', (p) => this.#patch(p.remoteId, this.#tipFields(p.tip))),
      source.on('mesh-peers', (p) => this.#mesh(p)),
      source.on('sync-progress', (p) => (this.#sync = { ...p })),
    );
    for (const info of source.peers()) this.#fromInfo(info);
    this.#publish();
    this.#readSync();
    // Pings are measured by the network but not announced: sampled here for the table.
    this.#timer = setInterval(() => this.#poll(), PING_REFRESH_MS);
  }

  /** False when this tab has no network at all (not wired, or failed to start). */
  get available(): boolean {
    return this.#source !== undefined;
  }

  /** Peers connected now, then those that recently left or were banned. */
  get peers(): readonly PeerView[] {
    return this.#peers;
  }

  /** Connected peers' tips by remote id, for the block tree's markers. */
  get peerTips(): ReadonlyMap<string, { name: string; colour: number; tipId: string }> {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a temporary filled here and handed on read-only; no one observes it
    const tips = new Map<string, { name: string; colour: number; tipId: string }>();
    for (const p of this.#peers) {
      if (p.state === 'connected' && p.tipId) {
        tips.set(p.remoteId, { name: p.name, colour: p.colour, tipId: p.tipId });
      }
    }
    return tips;
  }

  /** Peers connected now. */
  get connectedCount(): number {
    return this.#peers.filter((p) => p.state === 'connected').length;
  }

  /** Links between nodes as peers reported them (ours included). */
  get links(): readonly MeshLink[] {
    return this.#links;
  }

  /** Every node of the mesh diagram except us. */
  get meshNodes(): readonly MeshNode[] {
    return this.#meshNodes;
  }

  /** Our node key, the centre of the mesh diagram. */
  get selfKey(): string {
    return bytesToHex(this.#node.identity.publicKey);
  }

  /** Catching-up figures, when a sync is running or ran. */
  get sync(): { have: number; target: number; peers: number } | undefined {
    return this.#sync;
  }

  /** Increases when a new node becomes known by name. */
  get directoryRevision(): number {
    return this.#directoryRevision;
  }

  /** The name and colour of the node paid by an address (hex), if we ever met it. */
  nodeForAddress(addressHex: string): { name: string; colour: number } | undefined {
    void this.#directoryRevision; // a dependency, so callers recompute as nodes become known
    return this.#byAddress.get(addressHex);
  }

  /**
   * Hands a tampered block to every peer as is, so the class watches its neighbours judge it
   * (and punish the sender of an invalid one). Returns how many peers it went to.
   */
  offerToPeers(block: Block): number {
    return this.#source?.offerBlock?.(block) ?? 0;
  }

  /** The name of a peer by its transport id, for the log. */
  nameOfRemote(remoteId: string): string | undefined {
    return this.#byRemote.get(remoteId)?.name;
  }

  /** Stops listening. */
  dispose(): void {
    for (const off of this.#off) off();
    if (this.#timer !== undefined) clearInterval(this.#timer);
  }

  #ready(p: NetworkEvents['peer-ready']): void {
    this.#remember(p.key, p.name, p.colour);
    this.#byRemote.set(p.remoteId, {
      remoteId: p.remoteId,
      key: p.key,
      address: addressOfKey(p.key),
      name: p.name,
      colour: p.colour,
      state: 'connected',
      reason: undefined,
      pingMs: undefined,
      score: 0,
      since: Date.now(),
      ...this.#tipFields(p.tip),
    });
    this.#publish();
  }

  #fromInfo(info: PeerInfo): void {
    this.#remember(info.key, info.name, info.colour);
    this.#byRemote.set(info.remoteId, {
      remoteId: info.remoteId,
      key: info.key,
      address: addressOfKey(info.key),
      name: info.name,
      colour: info.colour,
      state: 'connected',
      reason: undefined,
      pingMs: info.pingMs,
      score: info.score,
      since: Date.now(),
      ...this.#tipFields(info.tip),
    });
  }

  #closed(remoteId: string, reason: string, state: 'left' | 'banned'): void {
    const p = this.#byRemote.get(remoteId);
    if (!p) return; // closed before its handshake: never listed
    // A ban is followed by a close: keep 'banned', it says more.
    if (p.state === 'banned') return;
    this.#byRemote.set(remoteId, { ...p, state, reason, pingMs: undefined, since: Date.now() });
    this.#meshByVia.delete(remoteId);
    this.#publish();
  }

  #patch(remoteId: string, fields: Partial<PeerView>): void {
    const p = this.#byRemote.get(remoteId);
    if (!p) return;
    this.#byRemote.set(remoteId, { ...p, ...fields });
    this.#publish();
  }

  #mesh(p: NetworkEvents['mesh-peers']): void {
    this.#meshByVia.set(p.via, p.peers);
    this.#publish();
  }

  #poll(): void {
    if (!this.#source) return;
    let changed = false;
    for (const info of this.#source.peers()) {
      const p = this.#byRemote.get(info.remoteId);
      if (p && (p.pingMs !== info.pingMs || p.score !== info.score)) {
        this.#byRemote.set(info.remoteId, { ...p, pingMs: info.pingMs, score: info.score });
        changed = true;
      }
    }
    const cutoff = Date.now() - LEFT_PEER_MS;
    for (const [id, p] of this.#byRemote) {
      if (p.state !== 'connected' && p.since < cutoff) {
        this.#byRemote.delete(id);
        changed = true;
      }
    }
    if (changed) this.#publish();
    this.#readSync();
  }

  /**
   * The network reports progress only while catching up; when caught up the panel still
   * shows where we stand, from its query.
   */
  #readSync(): void {
    if (!this.#source) return;
    const { have, target } = this.#source.syncProgress();
    const peers = this.#sync?.peers ?? this.connectedCount;
    if (this.#sync?.have !== have || this.#sync.target !== target) {
      this.#sync = { have, target, peers };
    }
  }

  #tipFields(
    tip: { id: string; height: number } | undefined,
  ): Pick<PeerView, 'tipId' | 'tipHeight' | 'relation'> {
    if (!tip) return { tipId: undefined, tipHeight: undefined, relation: { kind: 'unknown' } };
    return { tipId: tip.id, tipHeight: tip.height, relation: this.#relation(tip.id, tip.height) };
  }

  /** Ahead, behind, same or forked, as far as our own tree can tell. */
  #relation(id: string, height: number): TipRelation {
    const chain = this.#node.chain;
    const ours = chain.tip;
    if (id === ours.id) return { kind: 'same' };
    const entry = chain.tree.get(id);
    if (entry && chain.isActive(entry)) return { kind: 'behind', blocks: ours.height - height };
    if (entry) return { kind: 'fork', height };
    // Not in our tree: a tip we have not downloaded yet, ahead of us or on another branch.
    return height > ours.height
      ? { kind: 'ahead', blocks: height - ours.height }
      : { kind: 'fork', height };
  }

  #recomputeRelations(): void {
    for (const [id, p] of this.#byRemote) {
      if (p.tipId === undefined || p.tipHeight === undefined) continue;
      this.#byRemote.set(id, { ...p, relation: this.#relation(p.tipId, p.tipHeight) });
    }
    this.#publish();
  }

  #remember(key: string, name: string, colour: number): void {
    if (this.#byKey.get(key)?.name === name) return;
    const known = { key, name, colour };
    this.#byKey.set(key, known);
    const address = addressOfKey(key);
    if (address) this.#byAddress.set(address, known);
    this.#directoryRevision++;
  }

  #publish(): void {
    const order = { connected: 0, banned: 1, left: 2 };
    this.#peers = [...this.#byRemote.values()].sort(
      (a, b) => order[a.state] - order[b.state] || a.name.localeCompare(b.name),
    );
    const self = this.selfKey;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a temporary filled here and handed on read-only; no one observes it
    const nodes = new Map<string, MeshNode>();
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a temporary filled here and handed on read-only; no one observes it
    const links = new Map<string, MeshLink>();
    const link = (a: string, b: string): void => {
      if (a !== b) links.set(a < b ? `${a}|${b}` : `${b}|${a}`, { a, b });
    };
    for (const p of this.#peers) {
      if (p.state !== 'connected') continue;
      nodes.set(p.key, { key: p.key, name: p.name, colour: p.colour, direct: true });
      link(self, p.key);
    }
    for (const [via, list] of this.#meshByVia) {
      const viaKey = this.#byRemote.get(via)?.key;
      if (!viaKey || !nodes.has(viaKey)) continue;
      for (const m of list) {
        if (m.key === self) continue;
        const known = this.#byKey.get(m.key);
        if (!nodes.has(m.key)) {
          nodes.set(m.key, {
            key: m.key,
            name: known?.name,
            colour: known?.colour,
            direct: false,
          });
        }
        link(viaKey, m.key);
      }
    }
    this.#meshNodes = [...nodes.values()];
    this.#links = [...links.values()];
  }
}
