/**
 * One headless node for the soak, as scripts/peer.ts makes them: the same Node, Network,
 * signaling client and WebRTC mesh as a tab, over @roamhq/wrtc, with an in-memory store.
 */
import { randomBytes } from 'node:crypto';
import wrtc from '@roamhq/wrtc';
import SimplePeer from 'simple-peer';
import WebSocket from 'ws';
import type { RoomParams } from '../../src/core/params.js';
import { keyPairFromSeed } from '../../src/core/tx.js';
import { LoopMiner } from '../../src/mining/loop-miner.js';
import { Network } from '../../src/net/network.js';
import { SignalingClient, roomName } from '../../src/net/signaling-client.js';
import { MeshManager } from '../../src/net/webrtc/mesh-manager.js';
import { createPeerFactory } from '../../src/net/webrtc/peer-factory.js';
import { Node } from '../../src/node/node.js';
import type { NodeIdentity } from '../../src/node/types.js';
import { MemoryStore } from '../../src/store/memory-store.js';

/** A running headless node and the parts the soak looks into. */
export interface Headless {
  readonly name: string;
  /** Node key, hex: what peers score and ban. */
  readonly key: string;
  readonly node: Node;
  readonly network: Network;
  readonly store: MemoryStore;
  readonly miner: LoopMiner | undefined;
  /** Closes the mesh, network, signaling session and node. */
  stop(): Promise<void>;
}

const createPeer = createPeerFactory(SimplePeer, { wrtc });

function freshIdentity(name: string): NodeIdentity {
  const { secretKey, publicKey } = keyPairFromSeed(randomBytes(32));
  return { id: randomBytes(4).toString('hex'), name, colour: 7, secretKey, publicKey };
}

/** A node to start again: its identity and the store it left (a reloaded tab). */
export interface Resume {
  readonly identity: NodeIdentity;
  readonly store: MemoryStore;
}

/**
 * Starts a node in the room, with a fresh key or resuming one (`resume`); `mine` gives it a
 * miner at that duty cycle (%).
 */
export async function startHeadless(
  url: string,
  params: RoomParams,
  name: string,
  mine?: number,
  resume?: Resume,
): Promise<Headless> {
  const identity = resume?.identity ?? freshIdentity(name);
  const store = resume?.store ?? new MemoryStore();
  const miner = mine === undefined ? undefined : new LoopMiner();
  miner?.setThrottle(mine ?? 100);
  const node = await Node.open({
    params,
    identity,
    store,
    clock: { now: () => Date.now() },
    ...(miner ? { miner } : {}),
  });
  const network = new Network({ node });
  const signaling = new SignalingClient({ url, room: roomName(params), WebSocket: WebSocket });
  const mesh = new MeshManager({ network, signaling, createPeer });
  const key = Buffer.from(identity.publicKey).toString('hex');
  const stop = async (): Promise<void> => {
    node.stopMining();
    mesh.close();
    network.close();
    signaling.close();
    await node.close();
  };
  return { name, key, node, network, store, miner, stop };
}
