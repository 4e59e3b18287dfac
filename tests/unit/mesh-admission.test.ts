/**
 * Admission that never isolates anyone (issue 14): a full node makes room for a node with few
 * links by evicting as Bitcoin Core does, protected peers stay, and a newcomer refused by every
 * member it was offered keeps trying. Real Networks and MeshManagers over fake WebRTC
 * (tests/support/fake-webrtc.ts) on virtual time: counts and states, never wall-clock times.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { selectEviction, type EvictionCandidate } from '../../src/net/webrtc/eviction.js';
import { MeshRoom, type MeshNode } from '../support/mesh-room.js';
import { VirtualTime, testStart } from '../support/net-harness.js';

const HANG = { timeout: 120_000 };

let rooms: MeshRoom[] = [];
afterEach(async () => {
  for (const r of rooms) await r.close();
  rooms = [];
});

function room(seed: number, latencyMs?: (a: string, b: string) => number): MeshRoom {
  const r = new MeshRoom(new VirtualTime(testStart()), {
    seed,
    ...(latencyMs ? { latencyMs } : {}),
  });
  rooms.push(r);
  return r;
}

/** A fixed, distinct-looking latency per pair of node names: 1-40 ms. */
function pairLatency(a: string, b: string): number {
  const [x, y] = a < b ? [a, b] : [b, a];
  let h = 7;
  for (const c of `${x}|${y}`) h = (h * 31 + c.charCodeAt(0)) % 1_000_003;
  return 1 + (h % 40);
}

const peer = (p: Partial<EvictionCandidate> & { remoteId: string }): EvictionCandidate => ({
  inbound: true,
  since: 0,
  pingMs: 10,
  links: 10,
  uniqueRoutes: 0,
  ...p,
});

describe('eviction choice (Bitcoin Core SelectNodeToEvict, scaled)', () => {
  it('protects the most diverse, the fastest and the older half; drops the best-connected of the rest', () => {
    const peers = [
      peer({ remoteId: 'diverse', uniqueRoutes: 5, links: 30, since: 900 }),
      peer({ remoteId: 'fast', pingMs: 1, links: 30, since: 900 }),
      peer({ remoteId: 'old1', since: 1, links: 30 }),
      peer({ remoteId: 'old2', since: 2, links: 30 }),
      peer({ remoteId: 'young-few', since: 800, links: 5 }),
      peer({ remoteId: 'young-many', since: 700, links: 9 }),
      peer({ remoteId: 'outbound', inbound: false, since: 999, links: 40 }),
    ];
    // Of 6 inbound: diverse and fast protected, then the older 2 of the 4 left.
    expect(selectEviction(peers, 0)?.remoteId).toBe('young-many');
    // On equal links, the youngest goes.
    const tie = peers.map((p) => (p.remoteId === 'young-few' ? { ...p, links: 9 } : p));
    expect(selectEviction(tie, 0)?.remoteId).toBe('young-few');
  });

  it('drops nobody who would be left with no more links than the dialer', () => {
    const peers = [peer({ remoteId: 'a', links: 4, since: 9 }), peer({ remoteId: 'b', links: 4 })];
    const many = [...peers, peer({ remoteId: 'c', links: 4 }), peer({ remoteId: 'd', links: 4 })];
    expect(selectEviction(many, 2)?.links).toBe(4); // 4 > 2 + 1
    expect(selectEviction(many, 3)).toBeUndefined(); // 4 would fall to 3, the dialer's 3 + 1
    expect(selectEviction(peers, 0)).toBeUndefined(); // both protected (fastest, then oldest)
    expect(selectEviction([peer({ remoteId: 'x', inbound: false })], 0)).toBeUndefined();
  });
});

/** Runs until every node has min(target, others) handshaken peers, or `ms` passed. */
function settle(r: MeshRoom, target: (n: MeshNode) => number, ms = 5 * 60_000): boolean {
  return r.vt.runUntil(() => r.nodes.every((n) => r.degree(n) >= target(n)), ms);
}

describe('a room at its maximum still admits a newcomer', HANG, () => {
  it('every member full: the newcomer reaches min(8, N - 1) links, protected peers stay', async () => {
    const r = room(11, pairLatency);
    // 13 members that want 12 links each: the whole room, every one at its maximum.
    for (let i = 0; i < 13; i++) await r.join({ targetPeers: 12, maxPeers: 12 });
    expect(settle(r, () => 12)).toBe(true);
    r.vt.advance(60_000); // pings measured, peer lists exchanged
    // What each member protects: its fastest inbound peer and its longest-lived inbound peer.
    const guarded = new Map<MeshNode, string[]>();
    for (const m of r.nodes) {
      const inbound = m.mesh.links().filter((l) => !l.initiator && l.state === 'ready');
      const ids = new Set(inbound.map((l) => l.remoteId));
      const peers = m.net.peers().filter((p) => ids.has(p.remoteId));
      const fastest = [...peers].sort((a, b) => (a.pingMs ?? 1e9) - (b.pingMs ?? 1e9))[0];
      const oldest = m.states.find((s) => s.state === 'ready' && ids.has(s.remoteId));
      guarded.set(m, [fastest?.remoteId ?? '', oldest?.remoteId ?? '']);
    }
    const newcomer = await r.join();
    expect(r.vt.runUntil(() => r.degree(newcomer) >= 8, 5 * 60_000)).toBe(true);
    const evictions = r.nodes.flatMap((m) =>
      m.states
        .filter((s) => s.state === 'closed' && s.reason === 'evicted')
        .map((s) => ({ by: m, remoteId: s.remoteId })),
    );
    expect(evictions.length).toBeGreaterThanOrEqual(1);
    for (const e of evictions) expect(guarded.get(e.by)).not.toContain(e.remoteId);
    // Nobody was isolated to make room.
    expect(r.nodes.every((n) => r.degree(n) >= 8)).toBe(true);
  });

  it('thirty nodes joining one by one: every node reaches min(8, N - 1) links', async () => {
    const r = room(7, pairLatency);
    for (let i = 0; i < 30; i++) {
      await r.join();
      r.vt.advance(2_000);
    }
    expect(settle(r, () => 8)).toBe(true);
    for (const n of r.nodes) expect(r.degree(n)).toBeLessThanOrEqual(12);
  });
});

describe('a newcomer refused everywhere keeps trying', HANG, () => {
  it('dials the server introductions again, with backoff, until a member has room', async () => {
    const r = room(3);
    // Two members at a maximum of one link, linked to each other: a's link is outbound, so
    // nothing is evictable for the newcomer.
    const b = await r.join({ targetPeers: 1, maxPeers: 1 });
    const a = await r.join({ targetPeers: 1, maxPeers: 1 });
    expect(r.vt.runUntil(() => r.degree(a) === 1 && r.degree(b) === 1)).toBe(true);
    const refusedBefore = (n: MeshNode) =>
      n.states.filter((s) => s.state === 'closed' && s.reason === 'refused-full').length;
    const newcomer = await r.join();
    expect(r.vt.runUntil(() => refusedBefore(newcomer) >= 2, 60_000)).toBe(true);
    expect(r.degree(newcomer)).toBe(0);
    // b leaves: its members now have room, and the newcomer finds it without a new welcome.
    r.leave(b);
    expect(r.vt.runUntil(() => r.degree(newcomer) >= 1, 5 * 60_000)).toBe(true);
    expect(newcomer.net.peers().map((p) => p.remoteId)).toContain(a.name);
  });
});
