/**
 * The teaching lab's attacks over a real (in-memory) network: a withheld private branch with
 * a conflicting payment is released and reverses the payment everywhere (a double spend).
 */
import { describe, expect, it } from 'vitest';
import { COIN } from '../../src/core/money.js';
import {
  VirtualTime,
  connect,
  linked,
  makeNodes,
  mine,
  sameTip,
  testStart,
} from '../support/net-harness.js';

describe('lab: withholding and the double spend', () => {
  //   b1 -> b2 -> b3 (pays Bea) -> b4                 honest
  //           \-> p3 (pays Ann herself) -> p4 -> p5   Ann's private branch, released at the end
  it('a released private branch with more work reverses the payment on every node', async () => {
    const vt = new VirtualTime(testStart());
    const [ann, bea, cal] = await makeNodes(vt, 3);
    connect(vt, ann!, bea!);
    connect(vt, bea!, cal!);
    expect(vt.runUntil(() => linked(ann!, bea!) && linked(bea!, cal!))).toBe(true);
    mine(ann!, 2);
    expect(vt.runUntil(() => sameTip([ann!, bea!, cal!]) && cal!.node.chain.tip.height === 2)).toBe(
      true,
    );

    const fork = ann!.node.chain.tip.id;
    const { tx: payment, result } = ann!.node.pay(bea!.node.address, 10n * COIN, 1000n, 'bike');
    expect(result.ok).toBe(true);
    expect(vt.runUntil(() => cal!.node.chain.mempool.size === 1)).toBe(true);
    mine(cal!, 2);
    const all = [ann!, bea!, cal!];
    expect(vt.runUntil(() => sameTip(all) && bea!.node.chain.tip.height === 4)).toBe(true);
    expect(bea!.node.chain.state.get(bea!.node.address).balance).toBe(10n * COIN);

    ann!.net.withhold(true);
    const conflict = ann!.node.signPayment(ann!.node.address, 10n * COIN, 1000n, payment.nonce);
    ann!.node.mineOn(fork, [conflict]);
    mine(ann!, 3);
    vt.advance(5_000);
    // Ann's own chain follows the most work: her private branch. Nobody else has seen it.
    expect(ann!.node.chain.tip.height).toBe(5);
    expect(bea!.node.chain.tip.height).toBe(4);
    expect(bea!.node.chain.state.get(bea!.node.address).balance).toBe(10n * COIN);

    ann!.net.withhold(false);
    expect(vt.runUntil(() => sameTip(all))).toBe(true);
    for (const n of all) {
      expect(n.node.chain.tip.height).toBe(5);
      expect(n.node.chain.state.get(bea!.node.address).balance).toBe(0n);
    }
  });
});
