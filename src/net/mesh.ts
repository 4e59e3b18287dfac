/**
 * Mesh helpers for the WebRTC layer, so the network outlives the signaling server (DESIGN,
 * "Signaling"): each node tells its peers who it is connected to (`peers`, Bitcoin's addr for
 * a room), and forwards signaling payloads between two of its peers (`relay-signal`), stamping
 * the sender as the signaling server does. Both are rate-limited per peer; payloads are opaque.
 */
import { bytesToHex } from '../core/bytes.js';
import { guarded } from '../lib/guarded.js';
import type { NetContext } from './context.js';
import type { PeerSession } from './peer-session.js';
import { MAX_PEERS_ITEMS, type MessageOf } from './wire.js';

/** A node learned through the mesh: dial `id` through peer `via`. */
export interface KnownNode {
  readonly id: string;
  readonly key: string;
  readonly via: string;
}

/** Delay before telling peers that our peer set changed, ms (batches a burst of joins). */
export const PEERS_ANNOUNCE_DELAY_MS = 1000;

/** Peer lists and signaling relay. */
export class Mesh {
  #armed = false;

  constructor(
    readonly ctx: NetContext,
    readonly selfKey: string,
    readonly isBanned: (key: string) => boolean,
  ) {}

  /** A new peer gets our list now; the others learn of it shortly. */
  onReady(peer: PeerSession): void {
    this.#sendList(peer);
    this.peersChanged();
  }

  /** Our peer set changed: tell everyone, batched. */
  peersChanged(): void {
    if (this.#armed) return;
    this.#armed = true;
    this.ctx.timers.setTimeout(() => {
      this.#armed = false;
      guarded('peer list', () => {
        for (const p of this.ctx.readyPeers()) this.#sendList(p);
      });
    }, PEERS_ANNOUNCE_DELAY_MS);
  }

  #sendList(to: PeerSession): void {
    const peers = [];
    for (const p of this.ctx.readyPeers()) {
      if (p === to || !p.hello) continue;
      peers.push({ id: p.remoteId, key: p.hello.publicKey });
      if (peers.length >= MAX_PEERS_ITEMS) break;
    }
    to.send({ type: 'peers', peers });
  }

  /** A peer's list of its peers: remembered (replacing the last) and reported. */
  onPeers(peer: PeerSession, msg: MessageOf<'peers'>): void {
    if (!peer.mesh.take()) return;
    peer.meshPeers = msg.peers.filter((p) => bytesToHex(p.key) !== this.selfKey);
    const peers = peer.meshPeers.map((p) => ({ id: p.id, key: bytesToHex(p.key) }));
    this.ctx.emit('mesh-peers', { via: peer.remoteId, peers });
  }

  /**
   * A relay-signal: an empty `from` asks us to forward it to our peer `to`, stamped with the
   * sender's id; a stamped one is for us.
   */
  onRelaySignal(peer: PeerSession, msg: MessageOf<'relay-signal'>): void {
    if (!peer.mesh.take()) return; // over the rate: dropped, signaling retries
    if (msg.from !== '') {
      this.ctx.emit('relay-signal', { from: msg.from, via: peer.remoteId, payload: msg.payload });
      return;
    }
    const target = this.ctx.readyPeers().find((p) => p.remoteId === msg.to);
    if (!target || target === peer) return;
    target.send({ type: 'relay-signal', to: msg.to, from: peer.remoteId, payload: msg.payload });
  }

  /** Sends a signaling payload to node `to` through our peer `via`; false if `via` is gone. */
  sendSignal(via: string, to: string, payload: Uint8Array): boolean {
    const peer = this.ctx.readyPeers().find((p) => p.remoteId === via);
    if (!peer) return false;
    peer.send({ type: 'relay-signal', to, from: '', payload });
    return true;
  }

  /** Nodes our peers are connected to that we are not, not banned, not us: dial candidates. */
  knownNodes(): KnownNode[] {
    const ready = this.ctx.readyPeers();
    const connected = new Set(ready.map((p) => p.key));
    const out = new Map<string, KnownNode>();
    for (const p of ready) {
      for (const m of p.meshPeers) {
        const key = bytesToHex(m.key);
        if (key === this.selfKey || connected.has(key) || out.has(key) || this.isBanned(key))
          continue;
        out.set(key, { id: m.id, key, via: p.remoteId });
        if (out.size >= this.ctx.limits.maxKnownNodes) return [...out.values()];
      }
    }
    return [...out.values()];
  }
}
