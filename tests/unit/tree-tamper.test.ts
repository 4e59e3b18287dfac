/**
 * Tamper mode's judge (src/ui/inspector/tamper.ts): a copy of a block, edited, is checked by
 * the core's rules tier by tier against the node's chain, and the first failing rule's code is
 * reported, as the node would report it. Connect rules run against the parent's state: the
 * tip's state with undo data reverted for a block deeper in the best chain, replayed along a
 * side branch for a stale parent.
 *
 *   g - b1 - b2 - b3(w1 pays Bob, nonce 0) - b4(w1 pays Carol, nonce 1) - b5
 *              \ - s3 - s4                  a stale branch
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { keyPairFromSeed } from '../../src/core/tx.js';
import { genesisHash } from '../../src/core/room.js';
import { Node } from '../../src/node/node.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { tamper, tamperBlock, validateCopy } from '../../src/node/tamper.js';
import { TEST_PARAMS, transfer, unmineHeader, wallet } from '../support/blocks.js';
import { child, extend, genesisOf, type Built } from '../support/branch.js';

const CHAIN_ID = genesisHash(TEST_PARAMS);
const BOB = wallet(11).address;
const CAROL = wallet(12).address;

let node: Node;
let b: Built[];
let s4: Built;

beforeAll(async () => {
  const { secretKey, publicKey } = keyPairFromSeed(new Uint8Array(32).fill(1));
  node = await Node.open({
    params: TEST_PARAMS,
    identity: { id: 'node1', name: 'Amber Otter', colour: 0, secretKey, publicKey },
    store: new MemoryStore(),
    clock: { now: () => (TEST_PARAMS.genesisTime + 1_000_000) * 1000 },
  });
  const g = genesisOf();
  const [b1, b2] = extend(g, 2, () => ({ miner: wallet(1).address }));
  const b3 = child(b2!, { transfers: [transfer(CHAIN_ID, 1, BOB, 1_000n, 0)] });
  const b4 = child(b3, { transfers: [transfer(CHAIN_ID, 1, CAROL, 2_000n, 1)] });
  const b5 = child(b4);
  b = [b1!, b2!, b3, b4, b5];
  const [s3, s4x] = extend(b2!, 2, () => ({ tag: 'stale' }));
  s4 = s4x!;
  for (const x of [...b, s3!, s4]) node.submitBlock(x.block);
  expect(node.chain.tip.id).toBe(b5.id);
});

describe('tamper', () => {
  it('an untouched copy is valid, at the tip and deep in the chain', () => {
    expect(tamper(node, b[4]!.id, {})).toMatchObject({ code: 'valid', hash: b[4]!.id });
    // b3's transfer carries nonce 0: valid only against the state reverted to b2.
    expect(tamper(node, b[2]!.id, {}).code).toBe('valid');
    expect(tamper(node, b[3]!.id, {}).code).toBe('valid');
  });

  it('a copy on a stale branch is judged against the branch, replayed', () => {
    expect(tamper(node, s4.id, {}).code).toBe('valid');
    expect(
      tamper(node, s4.id, {
        reward: { amount: TEST_PARAMS.subsidy + 1n },
        fixMerkle: true,
        remine: true,
      }).code,
    ).toBe('bad-cb-amount');
  });

  it('a changed nonce that misses the target fails high-hash', () => {
    const header = unmineHeader({ ...b[4]!.block.header, nonce: 0 });
    const r = tamper(node, b[4]!.id, { nonce: header.nonce });
    expect(r).toMatchObject({ code: 'high-hash', tier: 'sanity', nonce: header.nonce });
    expect(r.hash).not.toBe(b[4]!.id);
  });

  it('a changed amount breaks the merkle root, unless re-mined with the new root', () => {
    const more = { reward: { amount: TEST_PARAMS.subsidy + 1n } };
    expect(tamper(node, b[4]!.id, more)).toMatchObject({
      code: 'bad-txnmrklroot',
      merkleMatches: false,
    });
    // With the recomputed root and a fresh nonce, proof of work passes: the state rule fails.
    expect(tamper(node, b[4]!.id, { ...more, fixMerkle: true, remine: true })).toMatchObject({
      code: 'bad-cb-amount',
      tier: 'connect',
      merkleMatches: true,
    });
    // Less than the subsidy is allowed, as in Bitcoin.
    expect(
      tamper(node, b[4]!.id, { reward: { amount: '1' }, fixMerkle: true, remine: true }).code,
    ).toBe('valid');
  });

  it("a transfer's amount or memo changed under its signature fails bad-sig", () => {
    const edits = { transfers: [{ index: 1, amount: 999_999n }], fixMerkle: true, remine: true };
    expect(tamper(node, b[3]!.id, edits).code).toBe('bad-sig');
    expect(
      tamper(node, b[3]!.id, {
        transfers: [{ index: 1, memo: 'hi' }],
        fixMerkle: true,
        remine: true,
      }).code,
    ).toBe('bad-sig');
  });

  it('header rules with the parent: bits, time, reward height', () => {
    const bits = tamper(node, b[4]!.id, { bits: 0x1f7fffff, remine: 1 << 20 });
    expect(bits).toMatchObject({ code: 'bad-diffbits', tier: 'context' });
    const old = tamper(node, b[4]!.id, { time: TEST_PARAMS.genesisTime, remine: true });
    expect(old.code).toBe('time-too-old');
    const future = tamper(node, b[4]!.id, { time: 4_000_000_000, remine: true });
    expect(future.code).toBe('time-too-new');
  });

  it('validateCopy reports every tier and both merkle roots', () => {
    const copy = tamperBlock(node.chain, b[4]!.id, { reward: { message: 'edited' } });
    const v = validateCopy(node.chain, node.nowSeconds, copy);
    expect(v.tiers.sanity).toEqual({ status: 'fail', code: 'bad-txnmrklroot' });
    expect(v.tiers.context).toEqual({ status: 'skip', why: 'earlier' });
    expect(v.merkle.match).toBe(false);
    expect(v.merkle.header).not.toBe(v.merkle.body);
    expect(() => tamperBlock(node.chain, 'ff'.repeat(32), {})).toThrow(RangeError);
  });
});
