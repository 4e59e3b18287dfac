/**
 * Headers presync (issue 13, Core's headers presync): a branch far below our tip's work is
 * checked in memory, one bit a header, and stored only once it proved its work, then again on
 * a redownload that must match; never unboundedly.
 */
import { describe, expect, it } from 'vitest';
import { easiestTarget } from '../../src/core/difficulty.js';
import { workFromBits } from '../../src/core/pow.js';
import { locatorOf } from '../../src/core/tree.js';
import { Chain } from '../../src/core/chain.js';
import { HeadersPresync, PRESYNC_LAG, type PresyncStart } from '../../src/net/presync.js';
import { child, genesisOf, type Built } from '../support/branch.js';
import { VirtualTime, makeNode, seededRandom } from '../support/net-harness.js';
import { attachRaw } from '../support/net-peer.js';
import {
  LOW_WORK_ROOM,
  LOW_WORK_START,
  cheapBranch,
  headersServer,
  honestChain,
} from '../support/low-work.js';

const ROOM = LOW_WORK_ROOM;
/** A cheap branch of 2,100 headers from genesis, and its total work. */
const BRANCH = cheapBranch(2100);
const headersOf = (bs: readonly Built[]) => bs.map((b) => b.header);
const workOf = (bs: readonly Built[]) => bs.reduce((w, b) => w + workFromBits(b.header.bits), 0n);

/** Work of the genesis entry, where every branch here forks. */
const GENESIS_WORK = new Chain(ROOM).tree.genesis.chainWork;

function presync(threshold: bigint, maxHeaders = 1 << 20): HeadersPresync {
  const fork = new Chain(ROOM).tree.genesis;
  const start: PresyncStart = {
    fork,
    forkLocator: locatorOf(fork),
    threshold,
    powLimit: easiestTarget(ROOM),
    salt: seededRandom('salt')(16),
    maxHeaders,
  };
  return new HeadersPresync(start);
}

describe('HeadersPresync', () => {
  const first = headersOf(BRANCH.slice(0, 2000));
  const rest = headersOf(BRANCH.slice(2000));
  const total = GENESIS_WORK + workOf(BRANCH);

  it('presyncs, then releases the redownload only 64 headers behind, all at the threshold', () => {
    const p = presync(total);
    expect(p.feed(first)).toMatchObject({ status: 'more', release: [] });
    const proven = p.feed(rest);
    expect(proven).toMatchObject({ status: 'more', release: [] });
    expect(p.redownloading).toBe(true);
    // Asked again from the fork: genesis heads the locator.
    expect(proven.status === 'more' && proven.locator).toEqual(locatorOf(new Chain(ROOM).tip));
    const a = p.feed(first);
    expect(a).toMatchObject({ status: 'more' });
    expect(a.status === 'more' && a.release).toEqual(first.slice(0, 2000 - PRESYNC_LAG));
    const b = p.feed(rest);
    expect(b).toMatchObject({ status: 'done', full: false });
    expect(b.status === 'done' && b.release).toEqual([...first.slice(2000 - PRESYNC_LAG), ...rest]);
  });

  it('refuses a redownload that is not the branch presynced (mismatch)', () => {
    const p = presync(total);
    p.feed(first);
    p.feed(rest);
    // Another branch of the same work and times (other miner messages): other hashes.
    const other = headersOf(cheapBranch(100, 'swapped'));
    expect(p.feed(other)).toMatchObject({ status: 'failed', reason: 'mismatch' });
  });

  it('gives up past maxHeaders, never holding more than a bit a header', () => {
    const p = presync(total, 1500);
    expect(p.feed(first)).toMatchObject({ status: 'failed', reason: 'too-long' });
    expect(p.count).toBe(1500);
  });

  it('gives up on a branch that ends below the threshold (low-work)', () => {
    const p = presync(total + 1n);
    p.feed(first);
    expect(p.feed(rest)).toMatchObject({ status: 'failed', reason: 'low-work' });
  });

  it('refuses a header whose bits are easier than the floor (high-hash)', () => {
    const p = presync(total);
    const easy = child(genesisOf(ROOM), { params: ROOM, bits: ROOM.powLimitBits });
    expect(p.feed([easy.header])).toMatchObject({ status: 'failed', reason: 'high-hash' });
  });
});

/** The honest chain: 130 blocks at the start difficulty. */
const HONEST = honestChain(130);

/** A victim holding the honest chain, and a raw peer serving `branch` (margin 0). */
async function victimWith(branch: readonly Built[], limits = {}) {
  const vt = new VirtualTime(LOW_WORK_START);
  const v = await makeNode(vt, 0, { params: ROOM, limits: { lowWorkMarginBlocks: 0, ...limits } });
  for (const b of HONEST) v.node.submitBlock(b.block);
  const tip = branch[branch.length - 1]!;
  const raw = attachRaw(vt, v, 'far', {
    params: ROOM,
    tip: { hash: tip.hash, height: tip.height, chainWork: workOf(branch) },
    respond: headersServer(branch),
  });
  return { vt, v, raw };
}

describe('network: presync', () => {
  // The branch: 2,100 headers mostly at 1/16 of the honest difficulty, whose first 2,000
  // carry less work than the honest tip and all 2,100 more.

  it('stores a branch with more work only after presync and redownload', async () => {
    expect(workOf(BRANCH.slice(0, 2000))).toBeLessThan(workOf(HONEST));
    expect(workOf(BRANCH)).toBeGreaterThan(workOf(HONEST));
    const { vt, v, raw } = await victimWith(BRANCH);
    const sizes: number[] = [];
    const off = v.node.on('block-added', () => sizes.push(v.node.chain.tree.size));
    expect(vt.runUntil(() => v.node.chain.tree.size === 1 + HONEST.length + 2100)).toBe(true);
    off();
    // Four requests: presync 2,000 + 100, redownload 2,000 + 100; the first store came with
    // the third answer, 64 headers short of it.
    expect(raw.received('getheaders')).toHaveLength(4);
    expect(sizes[0]).toBe(1 + HONEST.length + 2000 - PRESYNC_LAG);
    expect(v.events['peer-misbehaved']).toEqual([]);
  });

  it('keeps nothing of a low-work branch past the presync bound', async () => {
    const { vt, v, raw } = await victimWith(BRANCH, { maxPresyncHeaders: 1500 });
    vt.advance(5_000);
    expect(raw.received('getheaders')).toHaveLength(1);
    expect(v.node.chain.tree.size).toBe(1 + HONEST.length);
    expect(v.node.chain.tip.height).toBe(HONEST.length);
  });

  it('counts unrequested headers one flood token each, not one a message', async () => {
    const vt = new VirtualTime(LOW_WORK_START);
    const v = await makeNode(vt, 0, { params: ROOM });
    const raw = attachRaw(vt, v, 'pushy', { params: ROOM });
    expect(vt.runUntil(() => v.net.peers().length === 1)).toBe(true);
    vt.advance(1_000);
    raw.send({ type: 'headers', headers: headersOf(BRANCH.slice(0, 51)) });
    vt.advance(100);
    expect(v.events['peer-misbehaved']).toMatchObject([{ code: 'unrequested-flood' }]);
    expect(v.node.chain.tree.size).toBe(1);
  });
});
