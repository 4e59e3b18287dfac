/**
 * The pure parts of node identities, in Node: names, colours, the registry's records over a
 * Map-backed Storage, the protocol's messages; and the BroadcastChannel protocol itself,
 * which Node also implements (Chromium runs it for real in tests/browser/identity.test.ts).
 */
import { afterEach, describe, expect, test } from 'vitest';
import { hexToHash } from '../../src/core/hash.js';
import { keyPairFromSeed } from '../../src/core/tx.js';
import { claimBeats, parseClaimMessage } from '../../src/identity/broadcast.js';
import {
  ADJECTIVES,
  ANIMALS,
  NAME_COUNT,
  PALETTE_SIZE,
  cryptoRandomIndex,
  friendlyName,
  leastUsedColour,
} from '../../src/identity/names.js';
import {
  IdentityRegistry,
  MemoryStorage,
  decodeHeartbeat,
  decodeRecord,
  encodeRecord,
  newIdentityRecord,
  toNodeIdentity,
  type IdentityRecord,
} from '../../src/identity/registry.js';
import { claimIdentity, type ClaimedIdentity } from '../../src/identity/claim.js';
import { nodeDatabaseName } from '../../src/store/databases.js';

const record = (id: string, lastUsed: number, colour = 0): IdentityRecord => ({
  id,
  name: 'Amber Otter',
  colour,
  seed: new Uint8Array(32).fill(lastUsed & 0xff),
  created: 1,
  lastUsed,
});

describe('names and colours', () => {
  test('word lists: 40 distinct capitalised words each', () => {
    for (const words of [ADJECTIVES, ANIMALS]) {
      expect(words).toHaveLength(40);
      expect(new Set(words).size).toBe(40);
      for (const w of words) expect(w).toMatch(/^[A-Z][a-z]+$/);
    }
    expect(NAME_COUNT).toBe(1600);
  });

  test('a name is an adjective and an animal, and avoids taken names', () => {
    const sequence = [0, 19, 0, 19, 1, 0];
    const random = () => sequence.shift()!;
    expect(friendlyName(random, new Set(['Amber Otter']))).toBe('Bold Badger');
    expect(friendlyName(() => 0, new Set(['Amber Badger']))).toBe('Amber Badger');
    const [adjective, animal] = friendlyName().split(' ');
    expect(ADJECTIVES).toContain(adjective);
    expect(ANIMALS).toContain(animal);
  });

  test('random indices stay in range', () => {
    for (let i = 0; i < 1000; i++) expect(cryptoRandomIndex(3)).toBeLessThan(3);
    expect(() => cryptoRandomIndex(0)).toThrow(RangeError);
  });

  test('the least-used colour wins, lowest index on ties', () => {
    expect(leastUsedColour([])).toBe(0);
    expect(leastUsedColour([0, 1, 3])).toBe(2);
    expect(leastUsedColour([0, 1, 2, 3, 4, 5, 6, 7, 0, 2])).toBe(1);
    expect(leastUsedColour([0, -1, 99, 1.5])).toBe(1);
    expect(PALETTE_SIZE).toBe(8);
  });
});

describe('registry', () => {
  test('a record round-trips and malformed ones are refused', () => {
    const r = record('0a1b2c3d', 5, 7);
    expect(decodeRecord(encodeRecord(r))).toEqual(r);
    const json = JSON.parse(encodeRecord(r)) as Record<string, unknown>;
    const bad: Record<string, unknown>[] = [
      { ...json, v: 2 },
      { ...json, id: 'ABCDEF12' },
      { ...json, id: '0a1b2c3' },
      { ...json, colour: 8 },
      { ...json, colour: -1 },
      { ...json, seed: 'ab' },
      { ...json, name: '' },
      { ...json, created: -1 },
      { ...json, lastUsed: '5' },
    ];
    for (const o of bad) expect(decodeRecord(JSON.stringify(o))).toBeUndefined();
    for (const text of [null, '', 'null', '[]', '{', '"x"']) {
      expect(decodeRecord(text)).toBeUndefined();
      expect(decodeHeartbeat(text)).toBeUndefined();
    }
  });

  test('lists records most recently used first, skipping foreign and broken keys', () => {
    const storage = new MemoryStorage();
    const registry = new IdentityRegistry(storage);
    registry.put(record('00000001', 10));
    registry.put(record('00000002', 30));
    registry.put(record('00000003', 20));
    storage.setItem('tabchain:identity:00000004', '{broken');
    storage.setItem('tabchain:identity:00000005', encodeRecord(record('00000006', 40)));
    storage.setItem('something-else', 'x');
    expect(registry.list().map((r) => r.id)).toEqual(['00000002', '00000003', '00000001']);
    registry.touch('00000001', 50);
    expect(registry.list()[0]!.id).toBe('00000001');
    registry.touch('0000000f', 60);
    expect(registry.get('0000000f')).toBeUndefined();
    registry.remove('00000002');
    expect(registry.get('00000002')).toBeUndefined();
    registry.clear();
    expect(registry.list()).toEqual([]);
    expect(storage.getItem('something-else')).toBe('x');
  });

  test('a heartbeat is cleared only by the claim that wrote it', () => {
    const registry = new IdentityRegistry(new MemoryStorage());
    registry.beat('00000001', { at: 5, by: 'b', tab: 't' });
    registry.clearHeartbeat('00000001', 'a');
    expect(registry.heartbeat('00000001')).toEqual({ at: 5, by: 'b', tab: 't' });
    registry.clearHeartbeat('00000001', 'b');
    expect(registry.heartbeat('00000001')).toBeUndefined();
  });

  test('a full storage is reported, not thrown', () => {
    const storage = new MemoryStorage();
    storage.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    const registry = new IdentityRegistry(storage);
    expect(registry.put(record('00000001', 1))).toBe(false);
    expect(registry.beat('00000001', { at: 1, by: 'b', tab: 't' })).toBe(false);
  });

  test('a new identity: fresh id, unused name, least-used colour, derived key', () => {
    const existing = [record('00000001', 1, 0), record('00000002', 2, 1)];
    let calls = 0;
    // The first id drawn collides with an existing one and is drawn again.
    const randomBytes = (n: number) =>
      n === 4 && calls++ === 0 ? Uint8Array.of(0, 0, 0, 1) : new Uint8Array(n).fill(0xab);
    const r = newIdentityRecord(existing, 99, randomBytes, () => 0);
    expect(r.id).toBe('abababab');
    expect(r.name).not.toBe('Amber Otter');
    expect(r.colour).toBe(2);
    expect([r.created, r.lastUsed]).toEqual([99, 99]);
    const identity = toNodeIdentity(r);
    expect(identity.publicKey).toEqual(keyPairFromSeed(r.seed).publicKey);
    expect(identity.secretKey).toEqual(r.seed);
    expect(nodeDatabaseName(r.id, hexToHash('ab'.repeat(32)))).toBe(
      'tabchain:abababab:abababababababab',
    );
  });

  test('random new identities differ and fit database names', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const r = newIdentityRecord([], 0);
      expect(r.id).toMatch(/^[0-9a-f]{8}$/);
      expect(() => nodeDatabaseName(r.id, new Uint8Array(32))).not.toThrow();
      ids.add(r.id);
    }
    expect(ids.size).toBe(50);
  });
});

describe('protocol messages', () => {
  test('only well-formed messages are read', () => {
    expect(parseClaimMessage({ t: 'query', ids: ['a'], from: 'x' })).toEqual({
      t: 'query',
      ids: ['a'],
      from: 'x',
    });
    expect(parseClaimMessage({ t: 'claim', id: 'a', tie: 3, from: 'x' })?.t).toBe('claim');
    expect(parseClaimMessage({ t: 'held', id: 'a', from: 'x' })?.t).toBe('held');
    for (const m of [
      null,
      'held',
      { t: 'held', id: 'a' },
      { t: 'query', ids: [1], from: 'x' },
      { t: 'claim', id: 'a', tie: 0.5, from: 'x' },
      { t: 'steal', id: 'a', from: 'x' },
    ]) {
      expect(parseClaimMessage(m)).toBeUndefined();
    }
  });

  test('the lower tie-break wins, the token breaks equal ties, and exactly one wins', () => {
    expect(claimBeats(1, 'b', 2, 'a')).toBe(true);
    expect(claimBeats(2, 'a', 1, 'b')).toBe(false);
    expect(claimBeats(1, 'a', 1, 'b')).toBe(true);
    expect(claimBeats(1, 'b', 1, 'a')).toBe(false);
  });
});

describe('broadcast protocol over a shared in-memory registry', () => {
  let claims: ClaimedIdentity[] = [];
  afterEach(() => {
    for (const c of claims) c.release();
    claims = [];
  });

  test('concurrent tabs never share an identity; a released one is adopted', async () => {
    const storage = new MemoryStorage();
    const options = { storage, locks: null, windowMs: 30, channelName: 'identity-unit' };
    const tab = async () => {
      const c = await claimIdentity({ ...options, session: new MemoryStorage() });
      claims.push(c);
      return c;
    };
    const first = await tab();
    expect(first.how).toBe('broadcast');
    first.release();
    const racers = await Promise.all([tab(), tab(), tab()]);
    expect(new Set(racers.map((c) => c.identity.id)).size).toBe(3);
    expect(racers.filter((c) => c.identity.id === first.identity.id)).toHaveLength(1);
  });
});
