/**
 * The browser's WebRTC path in Chromium: simple-peer's prebuilt bundle, real RTCPeerConnections
 * over loopback (tests/e2e/browser.ts disables mDNS host names so that works), the data
 * channel's own bufferedamountlow, and three nodes in one page meshing through an in-page
 * signaling room, one pair only through the third (relay-signal).
 */
import { expect, test } from 'vitest';
import { bytesToHex } from '../../src/core/bytes.js';
import { Network } from '../../src/net/network.js';
import { MAX_FRAME_BYTES } from '../../src/net/wire.js';
import { browserPeerFactory } from '../../src/net/webrtc/browser-peer.js';
import { MeshManager } from '../../src/net/webrtc/mesh-manager.js';
import type { SimplePeerInstance } from '../../src/net/webrtc/peer-factory.js';
import { SimplePeerLink } from '../../src/net/webrtc/peer-link.js';
import { Node } from '../../src/node/node.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { TEST_PARAMS } from '../support/blocks.js';
import { InlineMiner } from '../support/inline-miner.js';
import { identityOf } from '../support/net-harness.js';
import { HubMember } from '../support/signaling-hub.js';

const createPeer = browserPeerFactory();

test('a frame of the largest size crosses a Chromium data channel; drains are evented', async () => {
  const a = createPeer({ initiator: true });
  const b = createPeer({ initiator: false });
  a.on('signal', (d) => b.signal(d));
  b.on('signal', (d) => a.signal(d));
  const up = (p: SimplePeerInstance) => new Promise<void>((r) => p.once('connect', r));
  await Promise.all([up(a), up(b)]);
  const [la, lb] = [new SimplePeerLink(a, 'b'), new SimplePeerLink(b, 'a')];
  expect(la.fingerprints?.local).toBe(lb.fingerprints?.remote);
  const COUNT = 40;
  let got = 0;
  const all = new Promise<void>((r) =>
    lb.onFrame((f) => {
      expect(f.length).toBe(MAX_FRAME_BYTES);
      if (++got === COUNT) r();
    }),
  );
  let drains = 0;
  let drained: () => void = () => {};
  la.onDrain(() => {
    drains++;
    drained();
  });
  expect(la.send(new Uint8Array(MAX_FRAME_BYTES + 1))).toBe(false); // Chromium would throw
  for (let i = 0; i < COUNT; i++) {
    // Paced as the network paces bulk data: above 1 MiB, wait for bufferedamountlow.
    if (la.bufferedAmount >= 1024 * 1024) await new Promise<void>((r) => (drained = r));
    expect(la.send(new Uint8Array(MAX_FRAME_BYTES))).toBe(true);
  }
  await all;
  expect(drains).toBeGreaterThan(0);
  la.close('done');
});

/** A node of the page: its chain, network, mesh manager and signaling room member. */
async function open(i: number, hub: Map<string, HubMember>) {
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
  const signaling = new HubMember(`id-${i}`, hub);
  const mesh = new MeshManager({ network: net, signaling, createPeer });
  return { key: bytesToHex(identity.publicKey), node, net, mesh, signaling, miner };
}

type PageNode = Awaited<ReturnType<typeof open>>;

test('three nodes in one page: A-B and B-C introduced, A-C through B; blocks spread', async () => {
  const hub = new Map<string, HubMember>();
  const made: PageNode[] = [await open(0, hub), await open(1, hub), await open(2, hub)];
  const [a, b, c] = made as [PageNode, PageNode, PageNode];
  const linked = (x: PageNode, y: PageNode) => x.net.peers().some((p) => p.key === y.key);
  const until = (check: () => boolean) =>
    new Promise<void>((resolve) => {
      const offs = made.flatMap((n) => [
        n.net.on('peer-ready', () => poke()),
        n.node.on('tip', () => poke()),
      ]);
      const poke = () => {
        if (!check()) return;
        offs.forEach((off) => off());
        resolve();
      };
      poke();
    });

  b.signaling.fire('welcome', { id: b.signaling.id, room: 'r', peers: [a.signaling.id] });
  c.signaling.fire('welcome', { id: c.signaling.id, room: 'r', peers: [b.signaling.id] });
  await until(() => linked(a, b) && linked(b, c));
  // Nobody introduced A and C: B's peer lists do, and B relays their signals.
  await until(() => linked(a, c) && linked(c, a));
  const route = a.mesh.links().find((l) => l.key === c.key)?.route;
  expect(route).toEqual({ kind: 'relay', via: b.signaling.id });

  c.node.startMining();
  c.miner.step();
  c.node.stopMining();
  const tip = c.node.chain.tip.id;
  await until(() => made.every((n) => n.node.chain.tip.id === tip));
  for (const n of made) {
    n.mesh.close();
    n.net.close();
    await n.node.close();
  }
});
