/** Rooms: parameter validation, canonical encoding, genesis derivation, subsidy, room links. */
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBlock, encodeBlock } from '../../src/core/block.js';
import { bytesEqual, bytesToHex, concatBytes } from '../../src/core/bytes.js';
import { ZERO_HASH, hashToHex } from '../../src/core/hash.js';
import { headerHash } from '../../src/core/header.js';
import { COIN, MAX_MONEY } from '../../src/core/money.js';
import { BLOCK_VERSION, DEFAULT_PARAMS, type RoomParams } from '../../src/core/params.js';
import {
  encodeParams,
  genesisBlock,
  genesisHash,
  roomFromQuery,
  roomToQuery,
  subsidyAt,
  validateParams,
} from '../../src/core/room.js';
import { txId } from '../../src/core/tx.js';

const D = DEFAULT_PARAMS;

/** One variant per field (and per retarget sub-field), each differing from D in that alone. */
const VARIANTS: Record<string, RoomParams> = {
  name: { ...D, name: 'classroom2' },
  targetBlockTime: { ...D, targetBlockTime: 16 },
  initialBits: { ...D, initialBits: 0x1e00fffe },
  powLimitBits: { ...D, powLimitBits: 0x207ffffe },
  retargetMode: { ...D, retarget: { mode: 'fixed' } },
  retargetWindow: { ...D, retarget: { mode: 'window', window: 21, maxStep: 4 } },
  retargetMaxStep: { ...D, retarget: { mode: 'window', window: 20, maxStep: 4.001 } },
  retargetPeriod: { ...D, retarget: { mode: 'period', interval: 20 } },
  subsidy: { ...D, subsidy: D.subsidy + 1n },
  halvingInterval: { ...D, halvingInterval: 1 },
  maxBlockBytes: { ...D, maxBlockBytes: D.maxBlockBytes - 1 },
  maxBlockTxs: { ...D, maxBlockTxs: D.maxBlockTxs + 1 },
  futureTimeLimit: { ...D, futureTimeLimit: D.futureTimeLimit + 1 },
  genesisTime: { ...D, genesisTime: D.genesisTime + 1 },
};

describe('genesis', () => {
  it('is pinned for the default room (changing it splits every classroom from old links)', () => {
    expect(hashToHex(genesisHash(D))).toBe(
      'e1bafc2e73576e64cfb3d44243a24d66052fc15d944726bf102f31b1393522c4',
    );
  });

  it('is deterministic: equal parameters in a fresh object give the same block', () => {
    const copy: RoomParams = JSON.parse(
      JSON.stringify({ ...D, subsidy: String(D.subsidy) }),
    ) as RoomParams;
    const again = { ...copy, subsidy: D.subsidy };
    expect(bytesToHex(encodeBlock(genesisBlock(again)))).toBe(
      bytesToHex(encodeBlock(genesisBlock(D))),
    );
    expect(bytesEqual(genesisHash(again), genesisHash(D))).toBe(true);
  });

  it('changes when any one parameter changes', () => {
    const seen = new Set([hashToHex(genesisHash(D))]);
    for (const [field, p] of Object.entries(VARIANTS)) {
      expect(validateParams(p), field).toEqual([]);
      const h = hashToHex(genesisHash(p));
      expect(seen.has(h), field).toBe(false);
      seen.add(h);
    }
    expect(seen.size).toBe(Object.keys(VARIANTS).length + 1);
  });

  it('has the documented shape', () => {
    const g = genesisBlock(D);
    expect(g.header).toMatchObject({
      version: BLOCK_VERSION,
      time: D.genesisTime,
      bits: D.initialBits,
      nonce: 0,
    });
    expect(bytesEqual(g.header.prevHash, ZERO_HASH)).toBe(true);
    expect(g.txs).toHaveLength(1);
    const reward = g.txs[0];
    if (reward?.type !== 'reward') throw new Error('genesis must hold one reward');
    expect(reward.height).toBe(0);
    expect(reward.amount).toBe(0n);
    expect(bytesEqual(reward.to, new Uint8Array(20))).toBe(true);
    const message = concatBytes(sha256(encodeParams(D)), new TextEncoder().encode(D.name));
    expect(bytesEqual(reward.message, message)).toBe(true);
    // One transaction: the merkle root is its id.
    expect(bytesEqual(g.header.merkleRoot, txId(reward))).toBe(true);
  });

  it('round-trips through the block codec and its hash is the chain id', () => {
    const g = genesisBlock(D);
    expect(decodeBlock(encodeBlock(g))).toEqual(g);
    expect(bytesEqual(genesisHash(D), headerHash(g.header))).toBe(true);
  });

  it('fits the longest name in the reward message', () => {
    const p = { ...D, name: 'x'.repeat(40) };
    expect(genesisBlock(p).txs[0]).toMatchObject({ type: 'reward' });
    expect(decodeBlock(encodeBlock(genesisBlock(p)))).toEqual(genesisBlock(p));
  });

  it('refuses invalid parameters', () => {
    expect(() => genesisBlock({ ...D, name: '' })).toThrow(RangeError);
  });
});

describe('encodeParams', () => {
  it('is distinct for every variant and stores maxStep in thousandths', () => {
    const all = [D, ...Object.values(VARIANTS)].map((p) => bytesToHex(encodeParams(p)));
    expect(new Set(all).size).toBe(all.length);
    const fields = [
      ['consensus version', '02'],
      ['name', '09' + bytesToHex(new TextEncoder().encode('classroom'))],
      ['targetBlockTime 15', '0f000000'],
      ['initialBits', 'ffff001e'],
      ['powLimitBits', 'ffff7f20'],
      ['retarget: window', '01'],
      ['window 20', '14000000'],
      ['maxStep 4 = 4000 thousandths', 'a00f0000'],
      ['subsidy 50 coins', '00f2052a01000000'],
      ['halvingInterval 0', '00000000'],
      ['maxBlockBytes 65536', '00000100'],
      ['maxBlockTxs 250', 'fa000000'],
      ['futureTimeLimit 7200', '201c0000'],
      ['genesisTime 2026-01-01', '00b95569'],
    ];
    expect(bytesToHex(encodeParams(D))).toBe(fields.map(([, hex]) => hex).join(''));
  });
});

describe('validateParams', () => {
  it('accepts the default room and a Bitcoin-like one', () => {
    expect(validateParams(D)).toEqual([]);
    const btc: RoomParams = {
      ...D,
      targetBlockTime: 600,
      initialBits: 0x1d00ffff,
      powLimitBits: 0x1d00ffff,
      retarget: { mode: 'period', interval: 2016 },
      halvingInterval: 210_000,
    };
    expect(validateParams(btc)).toEqual([]);
  });

  const bad: [string, RoomParams, RegExp][] = [
    ['empty name', { ...D, name: '' }, /name/],
    ['long name', { ...D, name: 'a'.repeat(41) }, /name/],
    ['name with a space', { ...D, name: 'my room' }, /name/],
    ['name with a non-ASCII letter', { ...D, name: 'café' }, /name/],
    ['zero block time', { ...D, targetBlockTime: 0 }, /block time/],
    ['fractional block time', { ...D, targetBlockTime: 1.5 }, /block time/],
    ['block time over an hour', { ...D, targetBlockTime: 3601 }, /block time/],
    ['zero bits', { ...D, initialBits: 0 }, /initial bits/],
    ['negative bits', { ...D, initialBits: 0x1e80ffff }, /initial bits/],
    ['overflowing bits', { ...D, powLimitBits: 0x2200ffff }, /pow limit/],
    ['non-canonical bits', { ...D, initialBits: 0x1f0000ff }, /canonical/],
    [
      'initial easier than the limit',
      { ...D, initialBits: 0x207fffff, powLimitBits: 0x1e00ffff },
      /easier/,
    ],
    ['window of 1', { ...D, retarget: { mode: 'window', window: 1, maxStep: 4 } }, /window/],
    ['step of 1', { ...D, retarget: { mode: 'window', window: 20, maxStep: 1 } }, /max step/],
    ['step of 17', { ...D, retarget: { mode: 'window', window: 20, maxStep: 17 } }, /max step/],
    [
      'step with 4 decimals',
      { ...D, retarget: { mode: 'window', window: 20, maxStep: 1.2345 } },
      /max step/,
    ],
    ['NaN step', { ...D, retarget: { mode: 'window', window: 20, maxStep: NaN } }, /max step/],
    ['period of 1', { ...D, retarget: { mode: 'period', interval: 1 } }, /interval/],
    [
      'period timespan of 2 s',
      { ...D, targetBlockTime: 1, retarget: { mode: 'period', interval: 2 } },
      /4 seconds/,
    ],
    [
      'unknown mode',
      { ...D, retarget: { mode: 'lwma' } as unknown as RoomParams['retarget'] },
      /mode/,
    ],
    ['negative subsidy', { ...D, subsidy: -1n }, /subsidy/],
    ['subsidy over MAX_MONEY', { ...D, subsidy: MAX_MONEY + 1n }, /subsidy/],
    ['negative halving', { ...D, halvingInterval: -1 }, /halving/],
    ['tiny blocks', { ...D, maxBlockBytes: 1023 }, /block bytes/],
    ['huge blocks', { ...D, maxBlockBytes: 200 * 1024 + 1 }, /block bytes/],
    ['no transactions', { ...D, maxBlockTxs: 0 }, /transactions/],
    ['a month ahead', { ...D, futureTimeLimit: 31 * 24 * 3600 }, /future/],
    ['genesis after 2106', { ...D, genesisTime: 2 ** 32 }, /genesis/],
    ['negative genesis', { ...D, genesisTime: -1 }, /genesis/],
  ];

  it.each(bad)('rejects %s', (_, p, message) => {
    const errors = validateParams(p);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it('reports every problem at once', () => {
    expect(validateParams({ ...D, name: '', targetBlockTime: 0, maxBlockTxs: 0 })).toHaveLength(3);
  });
});

describe('subsidyAt', () => {
  it('never halves with interval 0', () => {
    expect(subsidyAt(0, D)).toBe(50n * COIN);
    expect(subsidyAt(10_000_000, D)).toBe(50n * COIN);
  });

  it("follows Bitcoin's schedule (GetBlockSubsidy)", () => {
    const btc = { ...D, halvingInterval: 210_000 };
    expect(subsidyAt(209_999, btc)).toBe(50n * COIN);
    expect(subsidyAt(210_000, btc)).toBe(25n * COIN);
    expect(subsidyAt(840_000, btc)).toBe(3n * COIN + 12_500_000n);
    expect(subsidyAt(33 * 210_000, btc)).toBe(0n); // 50 coins >> 33 rounds to 0 units
    let total = 0n;
    for (let era = 0; era < 64; era++) total += 210_000n * subsidyAt(era * 210_000, btc);
    expect(total).toBe(2_099_999_997_690_000n); // Bitcoin's real supply cap, under 21M coins
  });

  it('is zero from the 64th halving on, where a shift would be undefined in C++', () => {
    const p = { ...D, subsidy: MAX_MONEY, halvingInterval: 1 };
    expect(subsidyAt(63, p)).toBe(MAX_MONEY >> 63n);
    expect(subsidyAt(64, p)).toBe(0n);
    expect(subsidyAt(1000, p)).toBe(0n);
  });
});

describe('room links', () => {
  it('shows only the name for the default room', () => {
    expect(roomToQuery(D)).toBe('room=classroom');
    expect(roomFromQuery('room=classroom')).toEqual({ params: D });
    expect(roomFromQuery('')).toEqual({ params: D });
  });

  it('parses a hand-written link, ignoring keys that belong to the app', () => {
    const r = roomFromQuery(
      '?room=physics&t=30&bits=1e00ffff&retarget=window:10:1.5&subsidy=12.5&peer=x',
    );
    expect(r).toEqual({
      params: {
        ...D,
        name: 'physics',
        targetBlockTime: 30,
        retarget: { mode: 'window', window: 10, maxStep: 1.5 },
        subsidy: 1_250_000_000n,
      },
    });
  });

  it('accepts percent-encoding', () => {
    expect(roomFromQuery('room=a%2Db&retarget=period%3A2016')).toEqual({
      params: { ...D, name: 'a-b', retarget: { mode: 'period', interval: 2016 } },
    });
  });

  const broken: [string, RegExp][] = [
    ['room=a&room=b', /twice/],
    ['room=%E0%A4%A', /URL encoding/],
    ['room=my%20room', /name/],
    ['t=fast', /whole number/],
    ['t=-5', /whole number/],
    ['bits=1e00fff', /hex/],
    ['retarget=lwma', /retarget/],
    ['retarget=window:20', /retarget/],
    ['subsidy=-1', /subsidy/],
    ['subsidy=0.123456789', /subsidy/],
    ['limit=1e00ffff&bits=1f00ffff', /easier/],
  ];

  it.each(broken)('rejects %s', (q, message) => {
    const r = roomFromQuery(q);
    expect('errors' in r).toBe(true);
    if ('errors' in r) expect(r.errors.join('; ')).toMatch(message);
  });

  it('names each problem once, however often a link repeats it (fuzz target core/room-query)', () => {
    // Found by the fuzzer: 1,661 repeats of "&t" made 1,661 identical lines, 8.5 times the
    // link's own size.
    const r = roomFromQuery('room=a' + '&t'.repeat(10_000) + '&bits=%zz'.repeat(100));
    expect(r).toEqual({
      errors: ['t is given twice', 'bits is not valid URL encoding', 't must be a whole number'],
    });
  });

  const validParams: fc.Arbitrary<RoomParams> = fc.record({
    name: fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/),
    targetBlockTime: fc.integer({ min: 4, max: 3600 }),
    initialBits: fc.constantFrom(0x1e00ffff, 0x1f00ffff, 0x1d00ffff, 0x207fffff, 0x1c7fffff),
    powLimitBits: fc.constant(0x207fffff),
    retarget: fc.oneof(
      fc.constant({ mode: 'fixed' as const }),
      fc.record({
        mode: fc.constant('window' as const),
        window: fc.integer({ min: 2, max: 1000 }),
        maxStep: fc.integer({ min: 1100, max: 16_000 }).map((m) => m / 1000),
      }),
      fc.record({
        mode: fc.constant('period' as const),
        interval: fc.integer({ min: 2, max: 10_000 }),
      }),
    ),
    subsidy: fc.bigInt({ min: 0n, max: MAX_MONEY }),
    halvingInterval: fc.integer({ min: 0, max: 0xffffffff }),
    maxBlockBytes: fc.integer({ min: 1024, max: 200 * 1024 }),
    maxBlockTxs: fc.integer({ min: 1, max: 2000 }),
    futureTimeLimit: fc.integer({ min: 0, max: 7 * 24 * 3600 }),
    genesisTime: fc.integer({ min: 0, max: 0xffffffff }),
  });

  it('round-trips every valid room (property)', () => {
    fc.assert(
      fc.property(validParams, (p) => {
        expect(validateParams(p)).toEqual([]);
        expect(roomFromQuery(roomToQuery(p))).toEqual({ params: p });
      }),
      { numRuns: 500 },
    );
  });

  it('a link is the same room: same genesis hash after the round trip (property)', () => {
    fc.assert(
      fc.property(validParams, (p) => {
        const back = roomFromQuery(roomToQuery(p));
        if (!('params' in back)) return false;
        return bytesEqual(genesisHash(back.params), genesisHash(p));
      }),
      { numRuns: 100 },
    );
  });
});
