/** The room form's block-time estimate: hashes per block over the laptops' measured rate. */
import { describe, expect, test } from 'vitest';
import {
  estimateBlockTime,
  FAST_BLOCK_SECONDS,
  laptopsFromText,
  MAX_LAPTOPS,
  SLOW_BLOCK_SECONDS,
} from '../../src/ui/rooms/room-form.js';

describe('estimateBlockTime', () => {
  test('divides the hashes per block by the rate of all laptops', () => {
    expect(estimateBlockTime(1_000_000, 100_000, 1)).toEqual({ seconds: 10, warning: undefined });
    expect(estimateBlockTime(1_000_000, 100_000, 5)).toEqual({ seconds: 2, warning: undefined });
  });

  test('warns under a second and over a minute, not at the bounds', () => {
    expect(estimateBlockTime(FAST_BLOCK_SECONDS * 1000, 1000, 1)?.warning).toBeUndefined();
    expect(estimateBlockTime(FAST_BLOCK_SECONDS * 1000 - 1, 1000, 1)?.warning).toBe('fast');
    expect(estimateBlockTime(SLOW_BLOCK_SECONDS * 1000, 1000, 1)?.warning).toBeUndefined();
    expect(estimateBlockTime(SLOW_BLOCK_SECONDS * 1000 + 1, 1000, 1)?.warning).toBe('slow');
  });

  test('gives no estimate without a measured rate, hashes or a sane laptop count', () => {
    expect(estimateBlockTime(1000, undefined, 1)).toBeUndefined();
    expect(estimateBlockTime(1000, 0, 1)).toBeUndefined();
    expect(estimateBlockTime(1000, Infinity, 1)).toBeUndefined();
    expect(estimateBlockTime(undefined, 1000, 1)).toBeUndefined();
    expect(estimateBlockTime(1000, 1000, 0)).toBeUndefined();
    expect(estimateBlockTime(1000, 1000, 1.5)).toBeUndefined();
    expect(estimateBlockTime(1000, 1000, MAX_LAPTOPS + 1)).toBeUndefined();
    expect(estimateBlockTime(1000, 1000, MAX_LAPTOPS)?.seconds).toBe(1000 / (1000 * MAX_LAPTOPS));
  });
});

describe('laptopsFromText', () => {
  test('takes a whole number from 1 to MAX_LAPTOPS, else NaN', () => {
    expect(laptopsFromText(' 30 ')).toBe(30);
    expect(laptopsFromText(String(MAX_LAPTOPS))).toBe(MAX_LAPTOPS);
    for (const bad of ['0', '', 'many', '2.5', '-3', String(MAX_LAPTOPS + 1)]) {
      expect(laptopsFromText(bad)).toBeNaN();
    }
  });
});
