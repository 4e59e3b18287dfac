/**
 * The headless peer: the same node as a tab, in Node.js, joining the room's mesh over WebRTC
 * (@roamhq/wrtc through simple-peer's `wrtc` option). It puts a non-browser peer into the
 * tests' networks, and keeps a room's chain alive when every laptop has closed. With `--count`
 * one process runs many such nodes (one WebRTC runtime, one event loop), each with its own key,
 * chain, signaling session and mesh, so a class can be emulated on one machine.
 *
 *   npm run peer -- --room physics [--server http://teacher-laptop:8080] [--mine] [--blocks N]
 *                   [--count N] [--name NAME]
 *
 * `--room` takes a room name or a whole room query (`room=physics&t=30`). `--blocks` is each
 * node's quota. Prints one JSON object per line, each naming its node: ready, peer,
 * peer-closed, tip, mined. Lines on stdin: `status` prints every node's status (tip, height,
 * peers, blocks known); `mine K` has every node mine K more blocks.
 */
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import wrtc from '@roamhq/wrtc';
import SimplePeer from 'simple-peer';
import WebSocket from 'ws';
import type { RoomParams } from '../src/core/params.js';
import { roomFromQuery, roomToQuery } from '../src/core/room.js';
import { keyPairFromSeed } from '../src/core/tx.js';
import { LoopMiner } from '../src/mining/loop-miner.js';
import { Network } from '../src/net/network.js';
import { SignalingClient, roomName } from '../src/net/signaling-client.js';
import { MeshManager } from '../src/net/webrtc/mesh-manager.js';
import { createPeerFactory } from '../src/net/webrtc/peer-factory.js';
import { Node } from '../src/node/node.js';
import { MemoryStore } from '../src/store/memory-store.js';

/** Nodes one process runs at most: a room holds 64 (signaling/server.ts maxRoomSize). */
const MAX_COUNT = 64;

const { values } = parseArgs({
  options: {
    room: { type: 'string', default: 'classroom' },
    server: { type: 'string', default: `http://localhost:${process.env.PORT ?? 8080}` },
    mine: { type: 'boolean', default: false },
    blocks: { type: 'string' },
    name: { type: 'string' },
    count: { type: 'string', default: '1' },
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
const count = Number(values.count);
if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
  console.error(`--count must be a whole number from 1 to ${MAX_COUNT}`);
  process.exit(2);
}
const params = parsed.params;
const url = new URL('/signal', values.server.replace(/^http/, 'ws')).toString();
const createPeer = createPeerFactory(SimplePeer, { wrtc });
const quota = values.blocks === undefined ? Infinity : Number(values.blocks);

/** One headless node: its chain, network, signaling session and mesh. */
interface Headless {
  readonly name: string;
  readonly node: Node;
  readonly network: Network;
  /** Mines `k` blocks, then stops. */
  mine(k: number): void;
  stop(): void;
}

async function startNode(index: number, p: RoomParams): Promise<Headless> {
  const { secretKey, publicKey } = keyPairFromSeed(randomBytes(32));
  const id = randomBytes(4).toString('hex');
  const base = values.name ?? `Headless ${id.slice(0, 4)}`;
  const name = count > 1 && values.name !== undefined ? `${base} ${index + 1}` : base;
  const node = await Node.open({
    params: p,
    identity: { id, name, colour: 7, secretKey, publicKey },
    store: new MemoryStore(),
    clock: { now: () => Date.now() },
    miner: new LoopMiner(),
  });
  const network = new Network({ node });
  const signaling = new SignalingClient({
    url,
    room: roomName(p),
    link: roomToQuery(p),
    WebSocket: WebSocket,
  });
  const mesh = new MeshManager({ network, signaling, createPeer });
  say('ready', { name, room: p.name, chainId: node.chain.tree.genesis.id });
  network.on('peer-ready', (peer) => say('peer', { name, peer: peer.name, key: peer.key }));
  network.on('peer-closed', (peer) =>
    say('peer-closed', { name, remoteId: peer.remoteId, reason: peer.reason }),
  );
  node.on('tip', ({ tip }) => say('tip', { name, id: tip.id, height: tip.height }));
  let left = 0;
  node.on('block-mined', ({ entry }) => {
    say('mined', { name, id: entry.id, height: entry.height });
    if (--left <= 0) node.stopMining();
  });
  const mine = (k: number): void => {
    left = k;
    if (k > 0) node.startMining();
  };
  if (values.mine) mine(quota);
  const stop = (): void => {
    mesh.close();
    network.close();
    signaling.close();
  };
  return { name, node, network, mine, stop };
}

const nodes: Headless[] = [];
for (let i = 0; i < count; i++) nodes.push(await startNode(i, params));

function status(n: Headless): Record<string, unknown> {
  const tip = n.node.chain.tip;
  return {
    name: n.name,
    tip: tip.id,
    height: tip.height,
    peers: n.network.peers().length,
    blocks: n.node.chain.tree.size,
  };
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const [command, arg] = line.trim().split(/\s+/);
  if (command === 'status') for (const n of nodes) say('status', status(n));
  const k = Number(arg);
  if (command === 'mine' && Number.isInteger(k) && k > 0) for (const n of nodes) n.mine(k);
});

const stop = (): void => {
  for (const n of nodes) n.stop();
  void Promise.all(nodes.map((n) => n.node.close())).then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
