/**
 * The work a peer claims in its hello is held to account (issue 13): a claim makes us ask the
 * peer for headers, so headers that end short of it cost `claimed-work-unmet` (100), while
 * honest blocks keep reaching the victim from its other peers.
 */
import { describe, expect, it } from 'vitest';
import { extend, genesisOf } from '../support/branch.js';
import {
  VirtualTime,
  connect,
  linked,
  makeNode,
  mine,
  seededRandom,
  testStart,
  type NetNode,
} from '../support/net-harness.js';
import { attachRaw } from '../support/net-peer.js';
import {
  LOW_WORK_ROOM,
  LOW_WORK_START,
  cheapBranch,
  headersServer,
  honestChain,
} from '../support/low-work.js';
import type { Built } from '../support/branch.js';
import type { RoomParams } from '../../src/core/params.js';

/** A claim no chain here comes near: a tip we do not know, 2^200 of work. */
const HUGE = { hash: seededRandom('claim')(32), height: 1_000_000, chainWork: 1n << 200n };

/** A victim and an honest peer holding `chain`, linked. */
async function victimAndHonest(
  vt: VirtualTime,
  chain: readonly Built[],
  opts: { params?: RoomParams; limits?: object } = {},
): Promise<[NetNode, NetNode]> {
  const v = await makeNode(vt, 0, opts);
  const h = await makeNode(vt, 1, opts);
  for (const b of chain) {
    v.node.submitBlock(b.block);
    h.node.submitBlock(b.block);
  }
  connect(vt, v, h);
  expect(vt.runUntil(() => linked(v, h))).toBe(true);
  return [v, h];
}

describe('network: claimed work', () => {
  //   genesis -> 1 -> ... -> 5        (victim and honest peer)
  //          \-> 1c -> 2c -> 3c       (all the liar has, claiming 2^200 of work)
  it('bans a peer whose headers end far short of the work its hello claimed', async () => {
    const vt = new VirtualTime(testStart());
    const [v, h] = await victimAndHonest(vt, extend(genesisOf(), 5));
    const short = extend(genesisOf(), 3, () => ({ tag: 'liar' }));
    const raw = attachRaw(vt, v, 'liar', { keyIndex: 5, tip: HUGE, respond: headersServer(short) });
    expect(vt.runUntil(() => raw.closedReason !== undefined)).toBe(true);
    expect(raw.received('getheaders')).toHaveLength(1);
    expect(v.events['peer-misbehaved']).toMatchObject([
      { code: 'claimed-work-unmet', penalty: 100, score: 100 },
    ]);
    expect(v.events['peer-banned']).toMatchObject([{ key: raw.key, code: 'claimed-work-unmet' }]);
    // What it did deliver is a short side branch, within the side-header cap.
    expect(v.node.chain.tree.size).toBe(1 + 5 + 3);
    mine(h, 1);
    expect(vt.runUntil(() => v.node.chain.tip.height === 6)).toBe(true);
  });

  it('bans a peer that claims more work and answers "nothing more"', async () => {
    const vt = new VirtualTime(testStart());
    const [v] = await victimAndHonest(vt, extend(genesisOf(), 2));
    const raw = attachRaw(vt, v, 'empty', {
      keyIndex: 6,
      tip: HUGE,
      respond: (msg, peer) => {
        if (msg.type === 'getheaders') peer.send({ type: 'headers', headers: [] });
      },
    });
    expect(vt.runUntil(() => raw.closedReason !== undefined)).toBe(true);
    expect(v.events['peer-banned']).toMatchObject([{ key: raw.key, code: 'claimed-work-unmet' }]);
  });

  // The victim holds 130 honest blocks; the liar claims 2^200 and answers every getheaders
  // with the next 2,000 cheap headers from genesis, more than the presync holds (1,500 here).
  it('bans a liar that floods cheap headers, after the presync bound, storing none', async () => {
    const vt = new VirtualTime(LOW_WORK_START);
    const honest = honestChain(130);
    const [v, h] = await victimAndHonest(vt, honest, {
      params: LOW_WORK_ROOM,
      limits: { lowWorkMarginBlocks: 0, maxPresyncHeaders: 1500 },
    });
    const raw = attachRaw(vt, v, 'flood', {
      params: LOW_WORK_ROOM,
      keyIndex: 7,
      tip: HUGE,
      respond: headersServer(cheapBranch(2000)),
    });
    expect(vt.runUntil(() => raw.closedReason !== undefined)).toBe(true);
    expect(raw.received('getheaders')).toHaveLength(1);
    expect(v.events['peer-banned']).toMatchObject([{ key: raw.key, code: 'claimed-work-unmet' }]);
    expect(v.node.chain.tree.size).toBe(1 + 130);
    mine(h, 1);
    expect(vt.runUntil(() => v.node.chain.tip.height === 131)).toBe(true);
  });
});
