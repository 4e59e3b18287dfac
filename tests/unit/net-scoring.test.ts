/** Misbehaviour scores and bans by node key (threat model 24-33). */
import { describe, expect, it } from 'vitest';
import { BAN_THRESHOLD, RULE_PENALTIES, type RuleCode } from '../../src/core/errors.js';
import { PeerScores, VIOLATIONS, type ViolationCode } from '../../src/net/scoring.js';
import { DEFAULT_NET_LIMITS } from '../../src/net/protocol/limits.js';
import { WIRE_VERSION, type Message } from '../../src/net/wire.js';
import { extend, genesisOf } from '../support/branch.js';
import { VirtualTime, makeNode, testStart, type NetNode } from '../support/net-harness.js';
import { attachRaw, type RawPeer } from '../support/net-peer.js';

function scores(): { s: PeerScores; clock: { t: number; now(): number } } {
  const clock = { t: 1_000_000, now: () => clock.t };
  return { s: new PeerScores({ clock, banDurationMs: DEFAULT_NET_LIMITS.banDurationMs }), clock };
}

describe('PeerScores', () => {
  it('gives each violation its penalty and bans at the threshold', () => {
    for (const [code, spec] of Object.entries(VIOLATIONS) as [
      ViolationCode,
      (typeof VIOLATIONS)[ViolationCode],
    ][]) {
      const { s } = scores();
      const r = s.add('k', code, spec.penalty);
      expect(r.score).toBe(spec.penalty);
      expect(s.isBanned('k')).toBe(spec.penalty >= BAN_THRESHOLD);
    }
    expect(VIOLATIONS.malformed.penalty).toBe(10);
    expect(VIOLATIONS['oversized-frame']).toEqual({ penalty: 100, disconnect: true });
    expect(VIOLATIONS['locator-too-long']).toEqual({ penalty: 0, disconnect: true });
  });

  it('scores rule codes by their own penalty; honest disagreement costs nothing', () => {
    const { s } = scores();
    for (const code of ['time-too-new', 'nonce-gap', 'min-fee', 'already-known'] as RuleCode[]) {
      expect(s.add('k', code, RULE_PENALTIES[code]).score).toBe(0);
    }
    expect(s.add('k', 'high-hash', RULE_PENALTIES['high-hash']).bannedUntil).toBeDefined();
  });

  it('bans after ten malformed messages, for the ban period, then forgets', () => {
    const { s, clock } = scores();
    for (let i = 1; i < 10; i++)
      expect(s.add('k', 'malformed', 10)).toEqual({ score: 10 * i, bannedUntil: undefined });
    const r = s.add('k', 'malformed', 10);
    expect(r.bannedUntil).toBe(clock.t + 60 * 60_000);
    expect(s.isBanned('k')).toBe(true);
    expect(s.bans()).toMatchObject([{ key: 'k', code: 'malformed' }]);
    clock.t += 60 * 60_000 - 1;
    expect(s.isBanned('k')).toBe(true);
    clock.t += 1;
    expect(s.isBanned('k')).toBe(false);
    expect(s.score('k')).toBe(0);
    expect(s.isBanned('other')).toBe(false);
  });

  it('stays bounded in the keys it remembers', () => {
    const clock = { now: () => 0 };
    const s = new PeerScores({ clock, banDurationMs: 1000, maxTracked: 10 });
    for (let i = 0; i < 100; i++) s.add(`k${i}`, 'malformed', 10);
    expect(s.score('k99')).toBe(10);
    expect(
      Array.from({ length: 100 }, (_, i) => s.score(`k${i}`)).filter((x) => x > 0).length,
    ).toBeLessThanOrEqual(10);
  });
});

async function readyRaw(vt: VirtualTime, a: NetNode, id: string, keyIndex = 0): Promise<RawPeer> {
  const raw = attachRaw(vt, a, id, { keyIndex });
  expect(vt.runUntil(() => a.net.peers().some((p) => p.remoteId === id))).toBe(true);
  return Promise.resolve(raw);
}

describe('scoring through the network', () => {
  it('records each protocol violation with its code and penalty', async () => {
    const [h1, h2, h3] = extend(genesisOf(), 3).map((x) => x.header);
    const zero = new Uint8Array(32);
    const cases: [ViolationCode, (raw: RawPeer) => void][] = [
      ['malformed', (r) => r.sendFrame(Uint8Array.from([WIRE_VERSION, 0x7f]))],
      ['oversized-frame', (r) => r.sendFrame(new Uint8Array(256 * 1024 + 1))],
      ['too-many-headers', (r) => r.send({ type: 'headers', headers: Array(2001).fill(h1) })],
      [
        'too-many-inv',
        (r) => r.send({ type: 'inv', items: Array(5001).fill({ kind: 'tx', hash: zero }) }),
      ],
      [
        'locator-too-long',
        (r) => r.send({ type: 'getheaders', locator: Array(102).fill(zero), stop: zero }),
      ],
      ['headers-not-chaining', (r) => r.send({ type: 'headers', headers: [h1!, h3!, h2!] })],
    ];
    for (const [code, act] of cases) {
      const vt = new VirtualTime(testStart());
      const a = await makeNode(vt, 0);
      const raw = await readyRaw(vt, a, 'x');
      act(raw);
      vt.advance(1000);
      expect(a.events['peer-misbehaved']).toMatchObject([
        { code, penalty: VIOLATIONS[code].penalty },
      ]);
      const { penalty, disconnect } = VIOLATIONS[code];
      expect(raw.closedReason !== undefined).toBe(penalty >= BAN_THRESHOLD || disconnect);
    }
  });

  it('scores a flood of unrequested data beyond the burst', async () => {
    const vt = new VirtualTime(testStart());
    const a = await makeNode(vt, 0, { limits: { unrequestedBurst: 3, unrequestedPerSecond: 0 } });
    const raw = await readyRaw(vt, a, 'flood');
    const headers: Message = { type: 'headers', headers: [] };
    for (let i = 0; i < 8; i++) raw.send(headers);
    vt.advance(1000);
    const codes = a.events['peer-misbehaved']!.map((e) => e.code);
    expect(codes).toEqual(Array(5).fill('unrequested-flood'));
    expect(a.events['peer-banned']).toHaveLength(1);
  });

  it('refuses a banned key on a fresh link (threat model 33), until the ban expires', async () => {
    const vt = new VirtualTime(testStart());
    const a = await makeNode(vt, 0);
    const first = await readyRaw(vt, a, 'session-1', 4);
    first.sendFrame(new Uint8Array(256 * 1024 + 1));
    expect(vt.runUntil(() => first.closedReason !== undefined)).toBe(true);
    expect(a.net.scores.isBanned(first.key)).toBe(true);
    // Same key, new transport id (a fresh signaling session).
    const again = attachRaw(vt, a, 'session-2', { keyIndex: 4 });
    expect(vt.runUntil(() => again.closedReason !== undefined)).toBe(true);
    expect(a.events['peer-closed']!.at(-1)).toMatchObject({
      remoteId: 'session-2',
      reason: 'banned',
    });
    expect(a.events['peer-ready']).toHaveLength(1);
    vt.advance(DEFAULT_NET_LIMITS.banDurationMs);
    const later = attachRaw(vt, a, 'session-3', { keyIndex: 4 });
    expect(vt.runUntil(() => a.net.peers().some((p) => p.remoteId === 'session-3'))).toBe(true);
    expect(later.closedReason).toBeUndefined();
    expect(a.net.peers()[0]!.score).toBe(0);
  });

  it('lets the teacher ban a key by hand', async () => {
    const vt = new VirtualTime(testStart());
    const a = await makeNode(vt, 0);
    const b = await readyRaw(vt, a, 'kid', 5);
    a.net.ban(b.key);
    expect(vt.runUntil(() => b.closedReason !== undefined)).toBe(true);
    expect(a.net.scores.isBanned(b.key)).toBe(true);
  });
});
