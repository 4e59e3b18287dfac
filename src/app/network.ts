/**
 * The tab's network: a Network over WebRTC links that a MeshManager dials through the
 * classroom server's signaling socket and through the mesh itself.
 */
import type { RoomParams } from '../core/params.js';
import { roomToQuery } from '../core/room.js';
import { Network } from '../net/network.js';
import type { NetworkEvents } from '../net/events.js';
import { roomName, type SignalingClient } from '../net/signaling-client.js';
import { MeshManager } from '../net/webrtc/mesh-manager.js';
import type { Node } from '../node/node.js';
import type { NetworkAdapters } from './adapters.js';

/** Most sync-progress reports kept for the console (tests read the first and the last). */
const MAX_SYNC_LOG = 200;

/** The tab's network parts. */
export interface TabNetwork {
  readonly network: Network;
  /** The signaling session; none when offline. */
  readonly signaling: SignalingClient | undefined;
  readonly mesh: MeshManager;
  /** Recent sync progress reports, oldest first. */
  readonly syncLog: NetworkEvents['sync-progress'][];
}

/**
 * Joins the room's mesh through the adapters' signaling server (the one that served this
 * page). Offline (`net=off` in the URL), the node has a network with no links: a student
 * alone with the inspector, or a benchmark that must not be disturbed.
 */
export function startNetwork(
  node: Node,
  params: RoomParams,
  adapters: NetworkAdapters,
  online = true,
): TabNetwork {
  const network = new Network({ node });
  const signaling = online
    ? adapters.createSignaling(adapters.signalingUrl, roomName(params), roomToQuery(params))
    : undefined;
  const mesh = new MeshManager({
    network,
    ...(signaling ? { signaling } : {}),
    createPeer: adapters.createPeer,
  });
  const syncLog: NetworkEvents['sync-progress'][] = [];
  network.on('sync-progress', (p) => {
    syncLog.push(p);
    if (syncLog.length > MAX_SYNC_LOG) syncLog.splice(1, 1); // keep the first report
  });
  return { network, signaling, mesh, syncLog };
}
