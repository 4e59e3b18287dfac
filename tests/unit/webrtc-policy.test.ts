/**
 * The mesh manager's decisions when both sides could act: glare (two offers crossing), who
 * redials after a drop the network caused (threat model 36), and refusing offers beyond
 * maxPeers. Real WebRTC (@roamhq/wrtc) and real Networks; an in-memory signaling hub stands in
 * for the server so a test can introduce two nodes to each other at the same moment.
 */
import wrtc from '@roamhq/wrtc';
import SimplePeer from 'simple-peer';
import { afterEach, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../src/core/bytes.js';
import { Network } from '../../src/net/network.js';
import { MeshManager, type LinkInfo } from '../../src/net/webrtc/mesh-manager.js';
import { createPeerFactory } from '../../src/net/webrtc/peer-factory.js';
import { Node } from '../../src/node/node.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { TEST_PARAMS } from '../support/blocks.js';
import { InlineMiner } from '../support/inline-miner.js';
import { identityOf } from '../support/net-harness.js';
import { HubMember } from '../support/signaling-hub.js';

const HANG = { timeout: 60_000 };
const createPeer = createPeerFactory(SimplePeer, { wrtc });

interface TestNode {
  readonly key: string;
  readonly node: Node;
  readonly net: Network;
  readonly mesh: MeshManager;
  readonly signaling: HubMember;
  readonly states: (LinkInfo & { reason?: string })[];
}

const open: TestNode[] = [];
afterEach(async () => {
  for (const n of open.splice(0)) {
    n.mesh.close();
    n.net.close();
    await n.node.close();
  }
});

async function make(
  i: number,
  hub: Map<string, HubMember>,
  limits: { targetPeers?: number; maxPeers?: number } = {},
): Promise<TestNode> {
  const identity = identityOf(i);
  const node = await Node.open({
    params: TEST_PARAMS,
    identity,
    store: new MemoryStore(),
    clock: { now: () => Date.now() },
    miner: new InlineMiner(),
  });
  const net = new Network({ node });
  const signaling = new HubMember(`id-${i}`, hub);
  const backoff = { baseMs: 50, maxMs: 500 };
  const mesh = new MeshManager({ network: net, signaling, createPeer, backoff, ...limits });
  const states: TestNode['states'] = [];
  mesh.on('link-state', (s) => states.push(s));
  const n = { key: bytesToHex(identity.publicKey), node, net, mesh, signaling, states };
  open.push(n);
  return n;
}

function until(check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const offs: (() => void)[] = [];
    const poke = () => {
      if (!check()) return;
      offs.splice(0).forEach((off) => off());
      resolve();
    };
    for (const n of open) {
      offs.push(n.net.on('peer-ready', poke), n.net.on('peer-closed', poke));
      offs.push(n.mesh.on('link-state', poke));
    }
    poke();
  });
}

const linked = (a: TestNode, b: TestNode) =>
  a.net.peers().some((p) => p.key === b.key) && b.net.peers().some((p) => p.key === a.key);
const readyLink = (a: TestNode, b: TestNode) =>
  a.mesh.links().find((l) => l.key === b.key && l.state === 'ready');
const welcome = (n: TestNode, peers: string[]) =>
  n.signaling.fire('welcome', { id: n.signaling.id, room: 'r', peers });

describe('mesh manager policy', HANG, () => {
  it('settles glare: when both dial at once, the lower key offers and one link forms', async () => {
    const hub = new Map<string, HubMember>();
    const [x, y] = [await make(0, hub), await make(1, hub)];
    welcome(x, [y.signaling.id]);
    welcome(y, [x.signaling.id]);
    await until(() => linked(x, y));
    const [low, high] = x.key < y.key ? [x, y] : [y, x];
    expect(readyLink(low, high)?.initiator).toBe(true);
    expect(readyLink(high, low)?.initiator).toBe(false);
    expect(x.mesh.links()).toHaveLength(1);
    expect(y.mesh.links()).toHaveLength(1);
    // The yielding side's own attempt was dropped quietly, not reported as a failure.
    expect([...x.states, ...y.states].filter((s) => s.state === 'closed')).toEqual([]);
  });

  it('redials a peer lost to the network, from the lower key only (threat model 36)', async () => {
    const hub = new Map<string, HubMember>();
    const [x, y] = [await make(0, hub), await make(1, hub)];
    welcome(y, [x.signaling.id]);
    await until(() => linked(x, y));
    const [low, high] = x.key < y.key ? [x, y] : [y, x];
    const mark = [low.states.length, high.states.length] as const;
    // Both ends see ICE stay 'disconnected' past the watchdog.
    low.net.disconnect(high.signaling.id, 'ice-disconnected');
    high.net.disconnect(low.signaling.id, 'ice-disconnected');
    await until(() => low.net.peers().length === 0 && high.net.peers().length === 0);
    await until(() => linked(x, y));
    const after = [...low.states.slice(mark[0]), ...high.states.slice(mark[1])];
    const dials = after.filter((s) => s.state === 'connecting' && s.initiator);
    expect(dials.map((s) => s.key)).toEqual([high.key]); // dialed by low, to high
    expect(readyLink(low, high)).toMatchObject({ initiator: true, route: { kind: 'server' } });
  });

  it('refuses offers beyond maxPeers; the dialer hears why and stops waiting', async () => {
    const hub = new Map<string, HubMember>();
    const full = await make(0, hub, { targetPeers: 1, maxPeers: 1 });
    const first = await make(1, hub);
    const second = await make(2, hub);
    welcome(first, [full.signaling.id]);
    await until(() => linked(full, first));
    welcome(second, [full.signaling.id]);
    await until(() => second.states.some((s) => s.state === 'closed'));
    expect(second.states.at(-1)).toMatchObject({
      remoteId: full.signaling.id,
      state: 'closed',
      reason: 'refused-full',
    });
    expect(full.net.peers().map((p) => p.key)).toEqual([first.key]);
  });
});
