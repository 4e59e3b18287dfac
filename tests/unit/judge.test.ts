/**
 * One judge for received blocks and tampered copies (core/judge.ts): for each bad block, the
 * chain's processBlock rejects it with the same rule code, from the same tier, as the
 * inspector's validateCopy reports for it.
 *
 *   g - b1 - b2 (wallet 1 mined both) - bad     each case one bad child of b2
 *              \ - bad - child                  bad-prevblk: a child of a rejected block
 */
import { describe, expect, it } from 'vitest';
import type { Block } from '../../src/core/block.js';
import { Chain } from '../../src/core/chain.js';
import type { RuleCode } from '../../src/core/errors.js';
import { judgeBlock, type Tier } from '../../src/core/judge.js';
import { validateCopy } from '../../src/node/tamper.js';
import { TEST_PARAMS, transfer, unmineHeader, wallet } from '../support/blocks.js';
import { child, childWithTxs, extend, genesisOf, rewardTx, type Built } from '../support/branch.js';

const NOW = TEST_PARAMS.genesisTime + 1_000_000;
const BOB = wallet(11).address;
const g = genesisOf();
const [b1, b2] = extend(g, 2, () => ({ miner: wallet(1).address })) as [Built, Built];
const chainId = g.hash;
const OTHER_ROOM = new Uint8Array(32).fill(7);

interface Case {
  readonly name: string;
  readonly tier: Tier;
  readonly code: RuleCode;
  /** Blocks the chain receives first. */
  readonly before?: readonly Block[];
  readonly block: Block;
}

const badReward = child(b2, { reward: TEST_PARAMS.subsidy + 1n, tag: 'greedy' });

const CASES: readonly Case[] = [
  {
    name: 'proof of work below the target',
    tier: 'sanity',
    code: 'high-hash',
    block: (() => {
      const { block } = child(b2, { tag: 'unmined' });
      return { ...block, header: unmineHeader(block.header) };
    })(),
  },
  {
    name: 'a body that does not match the merkle root',
    tier: 'sanity',
    code: 'bad-txnmrklroot',
    block: child(b2, { txs: [rewardTx(3, { message: 'swapped' })] }).block,
  },
  {
    name: 'bits that are not the retarget',
    tier: 'context',
    code: 'bad-diffbits',
    block: child(b2, { bits: 0x207ffffe }).block,
  },
  {
    name: 'a time not above the median',
    tier: 'context',
    code: 'time-too-old',
    block: child(b2, { time: TEST_PARAMS.genesisTime }).block,
  },
  {
    name: 'a time too far ahead of the clock',
    tier: 'context',
    code: 'time-too-new',
    block: child(b2, { time: NOW + TEST_PARAMS.futureTimeLimit + 60 }).block,
  },
  {
    name: 'a reward with the wrong height',
    tier: 'context',
    code: 'bad-cb-height',
    block: childWithTxs(b2, [rewardTx(7)]).block,
  },
  {
    name: 'a child of a rejected block',
    tier: 'context',
    code: 'bad-prevblk',
    before: [badReward.block],
    block: child(badReward).block,
  },
  {
    name: 'a reward over subsidy and fees',
    tier: 'connect',
    code: 'bad-cb-amount',
    block: badReward.block,
  },
  {
    name: 'a transfer signed for another room',
    tier: 'connect',
    code: 'bad-sig',
    block: child(b2, { transfers: [transfer(OTHER_ROOM, 1, BOB, 1_000n, 0)] }).block,
  },
  {
    name: 'a transfer with a skipped nonce',
    tier: 'connect',
    code: 'bad-nonce',
    block: child(b2, { transfers: [transfer(chainId, 1, BOB, 1_000n, 3)] }).block,
  },
  {
    name: 'a transfer over the balance',
    tier: 'connect',
    code: 'insufficient-funds',
    block: child(b2, { transfers: [transfer(chainId, 1, BOB, 3n * TEST_PARAMS.subsidy, 0)] }).block,
  },
];

/** A chain at b2 that has also received `before`. */
function chainAtB2(before: readonly Block[] = []): Chain {
  const chain = new Chain(TEST_PARAMS);
  for (const blk of [b1.block, b2.block, ...before]) chain.processBlock(blk, NOW);
  expect(chain.tip.id).toBe(b2.id);
  return chain;
}

describe('judgeBlock: a received block and a tampered copy get the same verdict', () => {
  it.each(CASES)('$name: $tier tier, $code', ({ tier, code, before, block }) => {
    const chain = chainAtB2(before);
    const copy = validateCopy(chain, NOW, block);
    const { outcome } = chain.processBlock(block, NOW);
    const received =
      outcome.status === 'rejected' || outcome.status === 'future'
        ? outcome.error.code
        : outcome.status;
    expect(received).toBe(code);
    expect(copy.code).toBe(code);
    expect(copy.tier).toBe(tier);
  });

  it('a good block passes every tier in both', () => {
    const chain = chainAtB2();
    const good = child(b2, { transfers: [transfer(chainId, 1, BOB, 1_000n, 0)] }).block;
    const copy = validateCopy(chain, NOW, good);
    expect(copy.code).toBe('valid');
    expect(Object.values(copy.tiers).map((t) => t.status)).toEqual(['pass', 'pass', 'pass']);
    expect(chain.processBlock(good, NOW).outcome.status).toBe('connected');
  });

  it('without a connect input, the connect tier is deferred, as the chain defers it', () => {
    const chain = chainAtB2();
    const j = judgeBlock(badReward.block, {
      params: TEST_PARAMS,
      now: NOW,
      parent: chain.tree.get(b2.id),
    });
    expect(j.tiers).toEqual({
      sanity: { status: 'pass' },
      context: { status: 'pass' },
      connect: { status: 'skip', why: 'deferred' },
    });
    expect(j.error).toBeUndefined();
  });
});
