/**
 * Fixtures for the low-work chain attacks (issue 13): a room with the default retarget rule
 * at a cheap start, an honest chain mined on schedule, and a branch from genesis whose
 * timestamps lie 61 s apart, so its difficulty falls to the floor (1/16 of the start).
 */
import type { BlockHeader } from '../../src/core/header.js';
import type { RoomParams } from '../../src/core/params.js';
import type { Hash } from '../../src/core/hash.js';
import { hashId } from '../../src/core/tree.js';
import { TEST_PARAMS } from './blocks.js';
import { extend, genesisOf, type Built } from './branch.js';
import type { Message } from '../../src/net/wire.js';
import type { RawPeer } from './net-peer.js';

/** window:20:4 and 15 s blocks as the default room, at a start of ~512 hashes a block. */
export const LOW_WORK_ROOM: RoomParams = {
  ...TEST_PARAMS,
  name: 'lowwork',
  targetBlockTime: 15,
  initialBits: 0x1f7fffff,
  powLimitBits: 0x207fffff,
  retarget: { mode: 'window', window: 20, maxStep: 4 },
};

/** Virtual start time in ms: far enough past genesis for a long branch 61 s apart. */
export const LOW_WORK_START = (LOW_WORK_ROOM.genesisTime + 1_000_000) * 1000;

/** `n` honest blocks 15 s apart: the difficulty stays at the start. */
export function honestChain(n: number): Built[] {
  const t0 = LOW_WORK_ROOM.genesisTime + 500_000;
  return extend(genesisOf(LOW_WORK_ROOM), n, (i) => ({
    params: LOW_WORK_ROOM,
    time: t0 + 15 * i,
    tag: 'honest',
  }));
}

/** `n` blocks from genesis 61 s apart: at the floor from height 5 on. */
export function cheapBranch(n: number, tag = 'cheap'): Built[] {
  return extend(genesisOf(LOW_WORK_ROOM), n, (i) => ({
    params: LOW_WORK_ROOM,
    time: LOW_WORK_ROOM.genesisTime + 61 * (i + 1),
    tag,
  }));
}

/** Answers a getheaders from `branch`, as a node whose best chain it is would. */
export function serveHeaders(
  branch: readonly Built[],
): (locator: readonly Hash[]) => BlockHeader[] {
  const heights = new Map(branch.map((b) => [b.id, b.height] as const));
  return (locator) => {
    let from = 0;
    for (const hash of locator) {
      const h = heights.get(hashId(hash));
      if (h !== undefined) {
        from = h;
        break;
      }
    }
    return branch.slice(from, from + 2000).map((b) => b.header);
  };
}

/** A raw peer's respond hook that serves `branch` to every getheaders. */
export function headersServer(branch: readonly Built[]): (msg: Message, peer: RawPeer) => void {
  const serve = serveHeaders(branch);
  return (msg, peer) => {
    if (msg.type === 'getheaders') peer.send({ type: 'headers', headers: serve(msg.locator) });
  };
}
