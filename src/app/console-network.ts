/** The network part of `window.tabchain`: peers, sync, partitions, raw frames. */
import { bytesToHex, hexToBytes } from '../core/bytes.js';
import { decodeBlock } from '../core/block.js';
import type { TabNetwork } from './network.js';

/** Builds the network calls of the console API. */
export function consoleNetwork(net: TabNetwork) {
  const { network, mesh } = net;
  return {
    /** This node's key (hex), the name peers know it by. */
    key: () => bytesToHex(network.identity.publicKey),
    /** Peers whose handshake completed: name, key, tip, ping. */
    peers: () =>
      network.peers().map((p) => ({
        remoteId: p.remoteId,
        key: p.key,
        name: p.name,
        colour: p.colour,
        tip: p.tip ? { id: p.tip.id, height: p.tip.height } : undefined,
        pingMs: p.pingMs,
        score: p.score,
      })),
    /** Every connection the mesh manager has, with its state. */
    links: () => mesh.links(),
    /** Headers-first sync: our height and the best header's, and every report so far. */
    sync: () => ({ ...network.syncProgress(), log: [...net.syncLog] }),
    /** Cuts this node off from peers (by node key or connection id) until healed. */
    partition: (targets: string[]) => mesh.partition(targets),
    /** Reconnects to partitioned peers (all, or the ones named). */
    heal: (targets?: string[]) => mesh.heal(targets),
    /** Adds latency to every outgoing message, ms. */
    setLatency: (ms: number) => mesh.setLatency(ms),
    /** Keeps this node's own new blocks to itself, or releases them. */
    withhold: (on: boolean) => network.withhold(on),
    /** Sends a block (hex) to every peer as is, valid or not. Returns how many peers. */
    offerBlockHex: (hex: string) => network.offerBlock(decodeBlock(hexToBytes(hex))),
    /** Sends raw bytes (hex) to one peer: a malformed frame is how a bad peer behaves. */
    sendRawHex: (remoteId: string, hex: string) => network.sendRawFrame(remoteId, hexToBytes(hex)),
    /** Node keys this node refuses, with when the ban ends. */
    bans: () => network.scores.bans(),
  };
}
