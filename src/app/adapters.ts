/**
 * The concrete parts a tab's node is made of. src/main.ts, the composition root, is the only
 * place that picks them (IndexedDB, Web Workers, Web Locks, the browser's WebRTC, the page's
 * server); bootNode and startNetwork only put them together, so a test or another host can
 * hand in others.
 */
import type { ClaimedIdentity } from '../identity/claim.js';
import type { SignalingClient } from '../net/signaling-client.js';
import type { PeerFactory } from '../net/webrtc/peer-factory.js';
import type { BlockStore, Clock, MinerPort } from '../node/ports.js';

/** What startNetwork dials with. */
export interface NetworkAdapters {
  /** The signaling socket's URL (the server that served the page). */
  readonly signalingUrl: string;
  /** A signaling session for a room at a URL, announcing the room's link (roomToQuery). */
  readonly createSignaling: (url: string, room: string, link: string) => SignalingClient;
  /** Makes the WebRTC peers the mesh dials and answers with. */
  readonly createPeer: PeerFactory;
}

/** What bootNode builds a tab's node from. */
export interface TabAdapters extends NetworkAdapters {
  /** Claims this tab's node identity, held until released. */
  readonly claimIdentity: () => Promise<ClaimedIdentity>;
  /** Opens the block store of the database named; rejects when storage is unusable. */
  readonly openStore: (name: string) => Promise<BlockStore>;
  /** A store in memory: the node runs on it when openStore fails. */
  readonly memoryStore: () => BlockStore;
  /** The node's miner. */
  readonly createMiner: () => MinerPort;
  /** The node's clock. */
  readonly clock: Clock;
}
