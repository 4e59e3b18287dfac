/** The room's hash rate, the one estimate the Mining panel shows and the lab aims against. */
import { describe, expect, it } from 'vitest';
import { RATE_WINDOW_BLOCKS, roomHashRate } from '../../src/app/room-rate.ts';
import { workFromBits } from '../../src/core/pow.ts';
import { TEST_PARAMS } from '../support/blocks.ts';
import { extend, genesisOf } from '../support/branch.ts';

const WORK = Number(workFromBits(TEST_PARAMS.initialBits));

/** n blocks on the genesis, block 1 an hour after it, then one every `spacing` seconds. */
function chain(n: number, spacing: number) {
  const genesis = genesisOf();
  const start = genesis.header.time + 3600;
  return extend(genesis, n, (i) => ({ time: start + i * spacing })).at(-1)!;
}

describe('roomHashRate', () => {
  it('is the work of the last blocks over their time, block 1 left out', () => {
    // Blocks 2..4 took 3 × 10 s for 3 blocks' work; the hour before block 1 does not count.
    expect(roomHashRate(chain(4, 10))).toBeCloseTo((3 * WORK) / 30);
  });

  it('looks back over the window only', () => {
    const tip = chain(RATE_WINDOW_BLOCKS + 10, 5);
    expect(roomHashRate(tip)).toBeCloseTo((RATE_WINDOW_BLOCKS * WORK) / (RATE_WINDOW_BLOCKS * 5));
  });

  it('is unknown with fewer than three timed blocks or a span under three seconds', () => {
    expect(roomHashRate(chain(3, 10))).toBeUndefined();
    expect(roomHashRate(chain(6, 0))).toBeUndefined();
  });
});
