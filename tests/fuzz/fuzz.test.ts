/**
 * Every fuzz target for a fixed, seeded count (threat model 24: bytes from a peer, a server,
 * a link or storage give a value or the decoder's typed error, nothing else). `npm run fuzz`
 * runs the same targets for a million inputs each; a failure there prints the seed,
 * iteration and input hex that replay it here.
 */
import { describe, expect, it } from 'vitest';
import { runTarget } from './harness.js';
import { TARGETS } from './targets.js';

/** Inputs per target in the test suite: the whole suite stays within ~20 s on a laptop core. */
const ITERATIONS = 2000;
/** Fixed, so a failure in CI replays locally (`npm run fuzz -- --seed 13`). */
const SEED = 13;

describe('fuzz targets (seeded, small count)', () => {
  it('have unique names', () => {
    expect(new Set(TARGETS.map((t) => t.name)).size).toBe(TARGETS.length);
  });

  for (const target of TARGETS) {
    it(`${target.name}: a value or a typed error for every input`, () => {
      const r = runTarget(target, { iterations: ITERATIONS, seed: SEED });
      expect(r.failures).toEqual([]);
      // The seeds are accepted, and mutations are not all refused before reaching the decoder.
      expect(r.accepted).toBeGreaterThan(target.seeds().length);
    });
  }
});
