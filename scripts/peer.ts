/**
 * The headless peer: the same node as a tab, in Node.js, joining the room's mesh over WebRTC
 * (@roamhq/wrtc through simple-peer's `wrtc` option). It puts a non-browser peer into the
 * tests' networks, and keeps a room's chain alive when every laptop has closed.
 *
 *   npm run peer -- --room physics [--server http://teacher-laptop:8080] [--mine] [--blocks N]
 *
 * `--room` takes a room name or a whole room query (`room=physics&t=30`). Prints one JSON
 * object per line: ready, peer, tip, mined.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import wrtc from '@roamhq/wrtc';
import SimplePeer from 'simple-peer';
import WebSocket from 'ws';
import { roomFromQuery } from '../src/core/room.js';
import { keyPairFromSeed } from '../src/core/tx.js';
import { LoopMiner } from '../src/mining/loop-miner.js';
import { Network } from '../src/net/network.js';
import { SignalingClient, roomName } from '../src/net/signaling-client.js';
import { MeshManager } from '../src/net/webrtc/mesh-manager.js';
import { createPeerFactory } from '../src/net/webrtc/peer-factory.js';
import { Node } from '../src/node/node.js';
import { MemoryStore } from '../src/store/memory-store.js';

const { values } = parseArgs({
  options: {
    room: { type: 'string', default: 'classroom' },
    server: { type: 'string', default: `http://localhost:${process.env.PORT ?? 8080}` },
    mine: { type: 'boolean', default: false },
    blocks: { type: 'string' },
    name: { type: 'string' },
  },
});

function say(event: string, data: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ event, ...data }));
}

const query = values.room.includes('=') ? values.room : `room=${values.room}`;
const parsed = roomFromQuery(query);
if (!('params' in parsed)) {
  console.error(`bad room: ${parsed.errors.join('; ')}`);
  process.exit(2);
}
const params = parsed.params;
const seed = randomBytes(32);
const { secretKey, publicKey } = keyPairFromSeed(seed);
const id = randomBytes(4).toString('hex');
const identity = {
  id,
  name: values.name ?? `Headless ${id.slice(0, 4)}`,
  colour: 7,
  secretKey,
  publicKey,
};

const miner = new LoopMiner();
const node = await Node.open({
  params,
  identity,
  store: new MemoryStore(),
  clock: { now: () => Date.now() },
  miner,
});
const network = new Network({ node });
const url = new URL('/signal', values.server.replace(/^http/, 'ws')).toString();
const signaling = new SignalingClient({
  url,
  room: roomName(params),
  WebSocket: WebSocket,
});
const mesh = new MeshManager({
  network,
  signaling,
  createPeer: createPeerFactory(SimplePeer, { wrtc }),
});

say('ready', { room: params.name, chainId: node.chain.tree.genesis.id, name: identity.name });
network.on('peer-ready', (p) => say('peer', { name: p.name, key: p.key }));
network.on('peer-closed', (p) => say('peer-closed', { remoteId: p.remoteId, reason: p.reason }));
node.on('tip', ({ tip }) => say('tip', { id: tip.id, height: tip.height }));

const quota = values.blocks === undefined ? Infinity : Number(values.blocks);
let mined = 0;
node.on('block-mined', ({ entry }) => {
  say('mined', { id: entry.id, height: entry.height });
  if (++mined >= quota) node.stopMining();
});
if (values.mine && quota > 0) node.startMining();

const stop = (): void => {
  mesh.close();
  network.close();
  signaling.close();
  void node.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
