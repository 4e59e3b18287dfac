/**
 * Property (threat model 34): whatever fork tree arrives, in whatever order, the state after
 * every connect and disconnect it caused equals a replay from genesis of the best chain
 * alone, and equals an independent model of the transfers on that chain.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../src/core/bytes.js';
import { Chain } from '../../src/core/chain.js';
import { genesisHash } from '../../src/core/room.js';
import type { Account } from '../../src/core/state.js';
import type { TransferTx } from '../../src/core/tx.js';
import { TEST_PARAMS, transfer, wallet } from '../support/blocks.js';
import { child, genesisOf, pathTo, type Built } from '../support/branch.js';

const NOW = TEST_PARAMS.genesisTime + 1_000_000;
const CHAIN_ID = genesisHash(TEST_PARAMS);
const FEE = 1000n;
/** Wallets 1..4 mine and pay; wallet 5 only receives. */
const WALLETS = [1, 2, 3, 4, 5] as const;
const ADDRESS = new Map(WALLETS.map((n) => [n, bytesToHex(wallet(n).address)]));

/** Ed25519 signing dominates a run: the same transfer is signed once for every run. */
const signed = new Map<string, TransferTx>();
function cachedTransfer(from: number, to: number, amount: bigint, nonce: number): TransferTx {
  const key = `${from}:${to}:${amount}:${nonce}`;
  let tx = signed.get(key);
  if (!tx) {
    tx = transfer(CHAIN_ID, from, wallet(to).address, amount, nonce, FEE);
    signed.set(key, tx);
  }
  return tx;
}

/** Balances and nonces by wallet number: the model the chain's state must match. */
type Model = ReadonlyMap<number, Account>;

interface Step {
  /** Index into the blocks built so far (genesis first), modulo their count. */
  readonly parent: number;
  readonly miner: number;
  readonly payments: readonly { from: number; to: number; amount: number }[];
  /** Overpays its reward: invalid, and so is everything built on it. */
  readonly bad: boolean;
  /** Delivery position: blocks arrive sorted by it, so children often come first. */
  readonly order: number;
  readonly twice: boolean;
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  parent: fc.nat(),
  miner: fc.integer({ min: 1, max: 4 }),
  payments: fc.array(
    fc.record({
      from: fc.integer({ min: 1, max: 4 }),
      to: fc.constantFrom(...WALLETS),
      amount: fc.integer({ min: 0, max: 3 }),
    }),
    { maxLength: 4 },
  ),
  bad: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  order: fc.nat(),
  twice: fc.boolean(),
});

interface Node {
  readonly block: Built;
  readonly model: Model;
  /** False when this block or an ancestor is invalid. */
  readonly valid: boolean;
}

/** Builds the tree the steps describe, with valid transfers against each parent's model. */
function buildTree(steps: readonly Step[]): Node[] {
  const nodes: Node[] = [{ block: genesisOf(), model: new Map(), valid: true }];
  steps.forEach((step, k) => {
    const parent = nodes[step.parent % nodes.length]!;
    const model = new Map(parent.model);
    const account = (n: number): Account => model.get(n) ?? { balance: 0n, nonce: 0 };
    const transfers: TransferTx[] = [];
    for (const p of step.payments) {
      const sender = account(p.from);
      // Up to 3/8 of a subsidy: payers run dry now and then.
      const amount = (TEST_PARAMS.subsidy / 8n) * BigInt(p.amount);
      if (sender.balance < amount + FEE) continue;
      transfers.push(cachedTransfer(p.from, p.to, amount, sender.nonce));
      model.set(p.from, { balance: sender.balance - amount - FEE, nonce: sender.nonce + 1 });
      model.set(p.to, { ...account(p.to), balance: account(p.to).balance + amount });
    }
    const reward = TEST_PARAMS.subsidy + FEE * BigInt(transfers.length);
    const m = account(step.miner);
    model.set(step.miner, { ...m, balance: m.balance + reward });
    const block = child(parent.block, {
      miner: wallet(step.miner).address,
      transfers,
      reward: step.bad ? reward + 1n : reward,
      tag: `s${k}`,
    });
    nodes.push({ block, model, valid: parent.valid && !step.bad });
  });
  return nodes;
}

/** A model as the chain lists its state: non-empty accounts sorted by address hex. */
function entriesOf(model: Model): [string, Account][] {
  return [...model.entries()]
    .filter(([, a]) => a.balance !== 0n || a.nonce !== 0)
    .map(([n, a]): [string, Account] => [ADDRESS.get(n as 1)!, a])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

describe('state after connects and disconnects', () => {
  it('equals a replay of the best chain from genesis, and the model of that chain', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 2, maxLength: 16, size: 'max' }), (steps) => {
        const nodes = buildTree(steps);
        const delivered = nodes
          .slice(1)
          .map((n, i) => ({ n, order: steps[i]!.order, twice: steps[i]!.twice }))
          .sort((a, b) => a.order - b.order);
        const chain = new Chain(TEST_PARAMS);
        for (const { n, twice } of delivered) {
          chain.processBlock(n.block.block, NOW);
          if (twice) chain.processBlock(n.block.block, NOW);
        }
        const tip = nodes.find((n) => n.block.id === chain.tip.id);
        expect(tip?.valid).toBe(true);
        const best = Math.max(...nodes.filter((n) => n.valid).map((n) => n.block.height));
        expect(chain.tip.height).toBe(best);

        const fresh = new Chain(TEST_PARAMS);
        for (const b of pathTo(tip!.block)) fresh.processBlock(b.block, NOW);
        expect(fresh.tip.id).toBe(chain.tip.id);
        expect(chain.state.entries()).toEqual(fresh.state.entries());
        expect(chain.state.entries()).toEqual(entriesOf(tip!.model));
        // An invalid block is never on the best chain (it may sit untried on a side branch).
        for (const n of nodes.filter((x) => !x.valid)) {
          const entry = chain.tree.get(n.block.id);
          expect(entry !== undefined && chain.isActive(entry)).toBe(false);
        }
      }),
      { numRuns: 30 },
    );
  });
});
