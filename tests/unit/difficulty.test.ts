/** Median time past and the three retarget rules, on small hand-built chains. */
import { describe, expect, it } from 'vitest';
import {
  bitcoinRetarget,
  easiestTarget,
  maxStepMilli,
  medianTimePast,
  nextBits,
} from '../../src/core/difficulty.js';
import { ZERO_HASH } from '../../src/core/hash.js';
import type { HeaderCtx } from '../../src/core/header.js';
import { DEFAULT_PARAMS, type RoomParams } from '../../src/core/params.js';
import { encodeCompact, targetFromBits } from '../../src/core/pow.js';

/** A chain of bare headers from heights 0..n-1; only time and bits matter here. */
function chain(times: readonly number[], bits: number | readonly number[]): HeaderCtx {
  let tip: HeaderCtx | undefined;
  times.forEach((time, height) => {
    const b = typeof bits === 'number' ? bits : (bits[height] as number);
    const header = {
      version: 1,
      prevHash: ZERO_HASH,
      merkleRoot: ZERO_HASH,
      time,
      bits: b,
      nonce: 0,
    };
    tip = { header, height, parent: tip };
  });
  if (!tip) throw new Error('empty chain');
  return tip;
}

const target = (bits: number): bigint => targetFromBits(bits) as bigint;

describe('medianTimePast', () => {
  it('is the only time at genesis', () => {
    expect(medianTimePast(chain([1000], 0x1e00ffff))).toBe(1000);
  });

  it('is the middle of the last 11 times, in any order', () => {
    const times = [50, 10, 90, 30, 70, 20, 100, 40, 80, 60, 110];
    expect(medianTimePast(chain(times, 0x1e00ffff))).toBe(60);
  });

  it('ignores blocks older than the last 11', () => {
    const times = [
      1, 1, 1, 1, 1, 1, 1, 1, 1, 500, 501, 502, 503, 504, 505, 506, 507, 508, 509, 510,
    ];
    // Last 11: 500..510, median 505; the nine 1s do not count.
    expect(medianTimePast(chain(times, 0x1e00ffff))).toBe(505);
  });

  it('takes the upper middle of an even count, as Core does (sorted[count/2])', () => {
    expect(medianTimePast(chain([10, 20], 0x1e00ffff))).toBe(20);
    expect(medianTimePast(chain([40, 10, 30, 20], 0x1e00ffff))).toBe(30);
  });
});

describe('fixed', () => {
  const room: RoomParams = { ...DEFAULT_PARAMS, retarget: { mode: 'fixed' } };

  it('always gives the initial bits, whatever the times and parent bits', () => {
    expect(nextBits(chain([0], room.initialBits), room)).toBe(room.initialBits);
    expect(nextBits(chain([0, 1, 2, 3], 0x1d00ffff), room)).toBe(room.initialBits);
    expect(nextBits(chain([0, 100_000, 200_000], room.initialBits), room)).toBe(room.initialBits);
  });
});

describe('period (Bitcoin rule on a small room)', () => {
  // interval 4, 10 s blocks: timespan 40 s, measured from height h-3 to h for child h+1.
  const room: RoomParams = {
    ...DEFAULT_PARAMS,
    targetBlockTime: 10,
    retarget: { mode: 'period', interval: 4 },
  };
  const bits = 0x1e00ffff;

  it("keeps the parent's bits off the boundary", () => {
    expect(nextBits(chain([0, 1], bits), room)).toBe(bits);
    expect(nextBits(chain([0, 1, 2], bits), room)).toBe(bits);
  });

  it('retargets at the boundary by actual / expected span, clamped to 4', () => {
    const at = (span: number): number =>
      nextBits(chain([1000, 1001, 1002, 1000 + span], bits), room);
    expect(at(40)).toBe(bits);
    expect(at(20)).toBe(encodeCompact(target(bits) / 2n));
    expect(at(80)).toBe(encodeCompact(target(bits) * 2n));
    expect(at(10)).toBe(encodeCompact(target(bits) / 4n));
    expect(at(1)).toBe(at(10));
    expect(at(160)).toBe(encodeCompact(target(bits) * 4n));
    expect(at(10_000)).toBe(at(160));
  });

  it('caps at the difficulty floor: 16 times the starting target', () => {
    const easy = encodeCompact(target(room.powLimitBits) / 2n);
    const floor = encodeCompact(target(room.initialBits) * 16n);
    expect(nextBits(chain([0, 1, 2, 1000], easy), room)).toBe(floor);
  });

  it('caps at the pow limit when that is harder than the floor', () => {
    const easyStart: RoomParams = { ...room, initialBits: 0x201fffff };
    expect(easiestTarget(easyStart)).toBe(target(room.powLimitBits));
    const easy = encodeCompact(target(room.powLimitBits) / 2n);
    expect(nextBits(chain([0, 1, 2, 1000], easy), easyStart)).toBe(room.powLimitBits);
  });

  it('bitcoinRetarget multiplies then divides, with Core rounding of timespan / 4', () => {
    const p = { interval: 3, targetBlockTime: 1, powLimitBits: 0x207fffff };
    // timespan 3, Core's int64 3/4 = 0: a zero span is not clamped up, the target becomes 0.
    expect(bitcoinRetarget(0x1e00ffff, 5, 5, p)).toBe(0);
    expect(bitcoinRetarget(0x1e00ffff, 5, 6, p)).toBe(encodeCompact(target(0x1e00ffff) / 3n));
  });
});

describe('window (the classroom rule)', () => {
  // W = 20 blocks of 15 s: expected span 300 s; maxStep 4 clamps the span to [75, 1200].
  const room = DEFAULT_PARAMS;
  const bits = 0x1e00ffff;
  const avg = target(bits);

  /** 22 blocks (parent at height 21), block 1 at time 1000, the parent `span` later. */
  const withSpan = (span: number, p: RoomParams = room, b: number | number[] = bits): number => {
    const times = Array.from({ length: 22 }, (_, h) =>
      h === 0 ? 0 : 1000 + Math.floor(((h - 1) * span) / 20),
    );
    return nextBits(chain(times, b), p);
  };

  it('uses the initial bits for the first two blocks', () => {
    expect(nextBits(chain([0], 0x1d00ffff), room)).toBe(room.initialBits);
    expect(nextBits(chain([0, 99_999], 0x1d00ffff), room)).toBe(room.initialBits);
  });

  it('keeps the difficulty when blocks come on schedule', () => {
    expect(withSpan(300)).toBe(bits);
  });

  it('makes it harder when blocks come too fast, easier when too slow', () => {
    expect(withSpan(150)).toBe(encodeCompact(avg / 2n));
    expect(target(withSpan(299))).toBeLessThan(avg);
    expect(withSpan(600)).toBe(encodeCompact(avg * 2n));
    expect(target(withSpan(301))).toBeGreaterThan(avg);
  });

  it('clamps at exactly maxStep: at the bound, one second past it, and far past it', () => {
    expect(withSpan(75)).toBe(encodeCompact(avg / 4n));
    expect(withSpan(74)).toBe(encodeCompact(avg / 4n));
    expect(withSpan(0)).toBe(encodeCompact(avg / 4n));
    expect(target(withSpan(76))).toBeGreaterThan(target(withSpan(75)));
    expect(withSpan(1200)).toBe(encodeCompact(avg * 4n));
    expect(withSpan(1201)).toBe(encodeCompact(avg * 4n));
    expect(withSpan(1_000_000)).toBe(encodeCompact(avg * 4n));
    expect(target(withSpan(1199))).toBeLessThan(target(withSpan(1200)));
  });

  it('clamps a span that runs backwards (a parent time before the window start)', () => {
    const times = [0, 5000, ...Array.from({ length: 20 }, () => 4000)];
    expect(nextBits(chain(times, bits), room)).toBe(encodeCompact(avg / 4n));
  });

  it('clamps exactly with a fractional maxStep (1.5: span bounds 200 and 450)', () => {
    const p: RoomParams = { ...room, retarget: { mode: 'window', window: 20, maxStep: 1.5 } };
    expect(maxStepMilli(1.5)).toBe(1500);
    expect(withSpan(200, p)).toBe(encodeCompact((avg * 1000n) / 1500n));
    expect(withSpan(199, p)).toBe(withSpan(200, p));
    expect(withSpan(201, p)).toBe(encodeCompact((avg * 201n) / 300n));
    expect(withSpan(450, p)).toBe(encodeCompact((avg * 1500n) / 1000n));
    expect(withSpan(451, p)).toBe(withSpan(450, p));
  });

  it('averages the targets over the window', () => {
    const mixed = Array.from({ length: 22 }, (_, h) => (h % 2 === 0 ? 0x1e00ffff : 0x1d7fffff));
    const mean = (target(0x1e00ffff) + target(0x1d7fffff)) / 2n;
    expect(withSpan(300, room, mixed)).toBe(encodeCompact(mean));
  });

  it('uses a shorter window near genesis and never the genesis time', () => {
    // Parent at height 5: W = 4 blocks (2..5) over the span from block 1; genesis time 0.
    const times = [0, 1000, 1015, 1030, 1045, 1030];
    expect(nextBits(chain(times, bits), room)).toBe(encodeCompact((avg * 30n) / 60n));
    // Block 3 (parent 2): W = 1, the span of block 2 alone.
    expect(nextBits(chain([0, 1000, 1030], bits), room)).toBe(encodeCompact(avg * 2n));
  });

  it('caps at the difficulty floor, 16 times the starting target', () => {
    const limit = target(room.powLimitBits);
    const floor = target(room.initialBits) * 16n;
    expect(easiestTarget(room)).toBe(floor);
    expect(withSpan(1200, room, encodeCompact(limit / 2n))).toBe(encodeCompact(floor));
    expect(withSpan(1200, room, encodeCompact(floor / 8n))).toBe(encodeCompact(floor / 2n));
  });

  /** 22 blocks 15 s apart from time 1000, except that block `at` is `jump` seconds late. */
  const withJump = (at: number, jump: number): number => {
    const times = Array.from({ length: 22 }, (_, h) =>
      h === 0 ? 0 : 1000 + (h - 1) * 15 + (h >= at ? jump : 0),
    );
    return nextBits(chain(times, bits), room);
  };

  it('counts one solve time for at most 6 target times (90 s), either way', () => {
    // 19 intervals of 15 s and one capped at 90 s: span 375 of 300.
    const capped = encodeCompact((avg * 375n) / 300n);
    expect(withJump(21, 75)).toBe(capped); // the parent 90 s after its parent: the cap
    expect(withJump(21, 7200)).toBe(capped); // a parent two hours ahead counts the same
    expect(withJump(10, 7 * 24 * 3600)).toBe(capped); // a week's pause inside the window
    expect(target(withJump(21, 74))).toBeLessThan(target(capped));
    // A solve time of -2 h counts as -90 s: span 19 * 15 - 90 = 195.
    expect(withJump(21, -7215)).toBe(encodeCompact((avg * 195n) / 300n));
  });

  it('never reaches a zero target', () => {
    // Target 1 made four times harder would be 0: it stays at 1.
    expect(withSpan(0, room, 0x01010000)).toBe(encodeCompact(1n));
  });

  it('fails loudly when the ancestors are not linked', () => {
    const orphan: HeaderCtx = { ...chain([0, 1, 2, 3], bits), height: 30 };
    expect(() => nextBits(orphan, room)).toThrow(RangeError);
  });
});
