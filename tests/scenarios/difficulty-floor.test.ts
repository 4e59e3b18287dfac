/**
 * The difficulty cannot collapse (issue 13): a private fork from a genesis long past, with
 * timestamps 61 s apart, eases the window retarget fourfold a block, but never below the
 * floor of 1/16 of the starting work; and one timestamp far ahead moves the retarget by one
 * capped solve time, not by maxStep.
 */
import { describe, expect, it } from 'vitest';
import { Chain } from '../../src/core/chain.js';
import { easiestTarget, nextBits } from '../../src/core/difficulty.js';
import { DIFFICULTY_FLOOR_FACTOR, type RoomParams } from '../../src/core/params.js';
import { encodeCompact, targetFromBits, workFromBits } from '../../src/core/pow.js';
import { TEST_PARAMS } from '../support/blocks.js';
import { child, extend, genesisOf, type Built } from '../support/branch.js';
import { accepted, rejected, statusOf, tipIs } from './expect.js';

/** The default room's rule (window:20:4, 15 s) at a start of about 512 hashes a block. */
const ROOM: RoomParams = {
  ...TEST_PARAMS,
  name: 'floor',
  targetBlockTime: 15,
  initialBits: 0x1f7fffff,
  powLimitBits: 0x207fffff,
  retarget: { mode: 'window', window: 20, maxStep: 4 },
};
const NOW = ROOM.genesisTime + 1_000_000;
const target = (bits: number): bigint => targetFromBits(bits) as bigint;
const FLOOR_BITS = encodeCompact(target(ROOM.initialBits) * BigInt(DIFFICULTY_FLOOR_FACTOR));

describe('difficulty floor (issue 13)', () => {
  //   genesis -> b1 -> b2 -> ... -> b70   times genesis + 61 s * height (a "slow" room)
  //                                   \-> b71x  bits of the pow limit, easier than the floor
  //               \-> b3x                  the floor's bits where the retarget asks harder
  it('stops a fork 61 s apart from genesis at 1/16 of the starting work', () => {
    const chain = new Chain(ROOM);
    const g = genesisOf(ROOM);
    const fork = extend(g, 70, (i) => ({ params: ROOM, time: ROOM.genesisTime + 61 * (i + 1) }));
    for (const b of fork) accepted(chain.processBlock(b.block, NOW));
    tipIs(chain, fork[69]!);
    const bits = fork.map((b) => b.header.bits);
    expect(easiestTarget(ROOM)).toBe(target(ROOM.initialBits) * 16n);
    // Heights 1 and 2 start; then 4x easier than the window's average target a block...
    expect(bits.slice(0, 2)).toEqual([ROOM.initialBits, ROOM.initialBits]);
    expect(bits[2]).toBe(encodeCompact(target(ROOM.initialBits) * 4n));
    // ...until the floor, from height 5 on, for good (without the floor: the pow limit, 256
    // times easier, by height 12).
    const firstAtFloor = bits.indexOf(FLOOR_BITS) + 1;
    expect(firstAtFloor).toBe(5);
    expect(bits.slice(firstAtFloor - 1).every((b) => b === FLOOR_BITS)).toBe(true);
    const minWork = workFromBits(ROOM.initialBits) / 16n;
    expect(bits.every((b) => workFromBits(b) >= minWork)).toBe(true);

    const b71x = child(fork[69]!, { params: ROOM, bits: ROOM.powLimitBits, tag: 'x' });
    rejected(chain.processBlock(b71x.block, NOW), 'high-hash');
    expect(statusOf(chain, b71x)).toBe('absent'); // unproven work marks no hash
    const b3x = child(fork[1]!, { params: ROOM, bits: FLOOR_BITS, tag: 'x' });
    rejected(chain.processBlock(b3x.block, NOW), 'bad-diffbits');
    expect(statusOf(chain, b3x)).toBe('invalid');
  });

  //   genesis -> b1 ... b21 (15 s apart) -> b22 (two hours ahead) -> b23
  //                                                              \-> b23x (uncapped bits)
  it('counts a timestamp two hours ahead as one capped solve time (90 s)', () => {
    const chain = new Chain(ROOM);
    const start = NOW - 3 * 3600;
    const honest = extend(genesisOf(ROOM), 21, (i) => ({ params: ROOM, time: start + 15 * i }));
    const b21 = honest[20] as Built;
    const b22 = child(b21, { params: ROOM, time: b21.header.time + 7200 });
    for (const b of [...honest, b22]) accepted(chain.processBlock(b.block, NOW));
    const avg = target(ROOM.initialBits);
    // Window of 20 (b3..b22): 19 solve times of 15 s and one capped at 90 s: 375 s of 300.
    expect(nextBits(b22, ROOM)).toBe(encodeCompact((avg * 375n) / 300n));
    const b23x = child(b22, { params: ROOM, bits: encodeCompact(avg * 4n), tag: 'x' });
    rejected(chain.processBlock(b23x.block, NOW), 'bad-diffbits');
    const b23 = child(b22, { params: ROOM });
    accepted(chain.processBlock(b23.block, NOW));
    tipIs(chain, b23);
  });
});
