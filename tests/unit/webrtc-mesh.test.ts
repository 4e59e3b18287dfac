/**
 * Nodes on real WebRTC in Node (@roamhq/wrtc) introduced by the real signaling server
 * (127.0.0.1, ephemeral port): the full stack below the interface. Each node is a Node on a
 * memory store with an inline miner, its Network, a SignalingClient and a MeshManager.
 * Blocks propagate with the server and without it; a node dials a node it learned of through
 * the mesh, through the peer that told it (relay-signal); partition and heal. Every wait is
 * for events; assertions are on states, routes and reasons, never on timings.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import wrtc from '@roamhq/wrtc';
import SimplePeer from 'simple-peer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { SIGNAL_PATH } from '../../signaling/protocol.js';
import { createSignalingServer, type SignalingServer } from '../../signaling/server.js';
import { bytesToHex } from '../../src/core/bytes.js';
import { Network } from '../../src/net/network.js';
import { SignalingClient, roomName } from '../../src/net/signaling-client.js';
import { MeshManager, type LinkInfo } from '../../src/net/webrtc/mesh-manager.js';
import { createPeerFactory } from '../../src/net/webrtc/peer-factory.js';
import { Node } from '../../src/node/node.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { TEST_PARAMS } from '../support/blocks.js';
import { InlineMiner } from '../support/inline-miner.js';
import { identityOf } from '../support/net-harness.js';

/** Each awaited event comes within a second or two; this turns a regression into a failure. */
const HANG = { timeout: 60_000 };
const ROOM = roomName(TEST_PARAMS);
const createPeer = createPeerFactory(SimplePeer, { wrtc });

interface MeshNode {
  readonly name: string;
  readonly key: string;
  readonly node: Node;
  readonly net: Network;
  readonly miner: InlineMiner;
  readonly signaling: SignalingClient;
  readonly mesh: MeshManager;
  /** Every link-state event, in order. */
  readonly states: (LinkInfo & { reason?: string })[];
}

let staticDir: string;
let server: SignalingServer;
const nodes: MeshNode[] = [];

beforeAll(async () => {
  staticDir = await mkdtemp(path.join(tmpdir(), 'tabchain-mesh-'));
});
afterAll(() => rm(staticDir, { recursive: true, force: true }));
afterEach(async () => {
  for (const n of nodes.splice(0)) {
    n.mesh.close();
    n.signaling.close();
    n.net.close();
    await n.node.close();
  }
  await server.close();
});

async function serve(): Promise<void> {
  server = await createSignalingServer({ port: 0, host: '127.0.0.1', staticDir });
}

/** Opens node `i` and joins the room; `partitioned` are refused from the start. */
async function join(i: number, partitioned: readonly string[] = []): Promise<MeshNode> {
  const identity = identityOf(i);
  const miner = new InlineMiner();
  const node = await Node.open({
    params: TEST_PARAMS,
    identity,
    store: new MemoryStore(),
    clock: { now: () => Date.now() },
    miner,
  });
  const net = new Network({ node });
  const url = `ws://127.0.0.1:${server.port}${SIGNAL_PATH}`;
  const backoff = { baseMs: 50, maxMs: 500 };
  const signaling = new SignalingClient({ url, room: ROOM, WebSocket, backoff });
  const mesh = new MeshManager({ network: net, signaling, createPeer, backoff });
  mesh.partition(partitioned);
  const states: MeshNode['states'] = [];
  mesh.on('link-state', (s) => states.push(s));
  const key = bytesToHex(identity.publicKey);
  const n = { name: identity.name, key, node, net, miner, signaling, mesh, states };
  nodes.push(n);
  await new Promise<void>((resolve) => signaling.on('welcome', () => resolve()));
  return n;
}

/** Resolves once `check` holds, re-checking on every event of the nodes that could change it. */
function until(check: () => boolean, of: readonly MeshNode[] = nodes): Promise<void> {
  return new Promise((resolve) => {
    const offs: (() => void)[] = [];
    const poke = () => {
      if (!check()) return;
      offs.splice(0).forEach((off) => off());
      resolve();
    };
    for (const n of of) {
      offs.push(
        n.net.on('peer-ready', poke),
        n.net.on('peer-closed', poke),
        n.net.on('mesh-peers', poke),
        n.node.on('tip', poke),
        n.mesh.on('link-state', poke),
        n.signaling.on('state', poke),
      );
    }
    poke();
  });
}

/** True when `a` and `b` completed a handshake with each other. */
function linked(a: MeshNode, b: MeshNode): boolean {
  return a.net.peers().some((p) => p.key === b.key) && b.net.peers().some((p) => p.key === a.key);
}

function mine(n: MeshNode): string {
  n.node.startMining();
  n.miner.step();
  n.node.stopMining();
  return n.node.chain.tip.id;
}

const tipIs = (id: string) => () => nodes.every((n) => n.node.chain.tip.id === id);

/** The ready link of `a` to `b`, as a's manager sees it. */
const linkTo = (a: MeshNode, b: MeshNode) =>
  a.mesh.links().find((l) => l.key === b.key && l.state === 'ready');

describe('WebRTC mesh (@roamhq/wrtc, real signaling server)', HANG, () => {
  it('connects two nodes through the server; a block mined on one reaches the other', async () => {
    await serve();
    const a = await join(0);
    const b = await join(1);
    await until(() => linked(a, b));
    // Only the newcomer dials (signaling/protocol.ts): no glare through the server.
    expect(linkTo(b, a)).toMatchObject({ initiator: true, route: { kind: 'server' } });
    expect(linkTo(a, b)).toMatchObject({ initiator: false, route: { kind: 'server' } });
    expect(b.states.map((s) => s.state)).toEqual(['connecting', 'connected', 'ready']);

    a.mesh.setLatency(20); // the teaching lab's delay: slower, still delivered in order
    const tip = mine(a);
    await until(tipIs(tip));
    expect(b.node.chain.tip.height).toBe(1);
  });

  it('four nodes mesh; blocks spread with and without the server; newcomers need it', async () => {
    await serve();
    const four = [await join(0), await join(1), await join(2), await join(3)];
    await until(() => four.every((n) => n.net.peers().length === 3));

    const first = mine(four[2]!);
    await until(tipIs(first));

    await server.close();
    await until(() => four.every((n) => n.signaling.state === 'waiting'));
    const second = mine(four[3]!);
    await until(tipIs(second));
    expect(four.map((n) => n.node.chain.tip.height)).toEqual([2, 2, 2, 2]);
    expect(four.every((n) => n.net.peers().length === 3)).toBe(true);

    // A latecomer has nobody to introduce it: it waits, retrying, and never joins.
    const url = `ws://127.0.0.1:${server.port}${SIGNAL_PATH}`;
    const late = new SignalingClient({ url, room: ROOM, WebSocket });
    const refused = await new Promise<{ state: string; code?: number }>((resolve) =>
      late.on('state', (s) => s.state === 'waiting' && resolve(s)),
    );
    late.close();
    expect(refused).toMatchObject({ state: 'waiting', code: 1006 });
    expect(late.id).toBeUndefined();
  });

  it('dials a node learned through the mesh, through the peer that knows both', async () => {
    //   A ── B ── C      C refuses A until healed; the server then goes away;
    //   └─ relay ─┘      on heal, A and C connect through B's relay-signal.
    await serve();
    const a = await join(0);
    const b = await join(1);
    await until(() => linked(a, b));
    const c = await join(2, [a.signaling.id!]);
    await until(() => linked(b, c));
    // A learns of C from B and dials it through B; C, partitioned from A, refuses.
    await until(() => a.states.some((s) => s.reason === 'refused-partitioned'));
    expect(a.states.find((s) => s.reason === 'refused-partitioned')).toMatchObject({
      initiator: true,
      route: { kind: 'relay', via: b.signaling.id },
    });
    expect(linked(a, c)).toBe(false);

    const bId = b.signaling.id; // the server forgets ids; the mesh keeps using them
    await server.close();
    c.mesh.heal();
    await until(() => linked(a, c));
    expect(linkTo(a, c)?.route).toEqual({ kind: 'relay', via: bId });
    expect(linkTo(c, a)?.route).toEqual({ kind: 'relay', via: bId });

    const tip = mine(c);
    await until(tipIs(tip));
  });

  it('cuts a partitioned peer on both sides, refuses it until healed, then redials', async () => {
    await serve();
    const a = await join(0);
    const b = await join(1);
    await until(() => linked(a, b));

    a.mesh.partition([b.key]);
    await until(() => a.net.peers().length === 0 && b.net.peers().length === 0);
    expect(a.states.at(-1)).toMatchObject({ key: b.key, state: 'closed', reason: 'partitioned' });
    expect(b.states.at(-1)).toMatchObject({ key: a.key, state: 'closed' });
    // Mined while apart: each side's block stays on its side.
    const onA = mine(a);
    const onB = mine(b);
    expect(onA).not.toBe(onB);

    a.mesh.heal();
    await until(() => linked(a, b));
    expect(linkTo(a, b)).toMatchObject({ initiator: true, route: { kind: 'server' } });
    // Equal work: each keeps its first-seen tip until one more block decides.
    const decider = mine(b);
    await until(tipIs(decider));
  });
});
