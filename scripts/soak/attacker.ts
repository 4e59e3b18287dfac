/**
 * The soak's malicious node: a real headless node (so it completes real handshakes over
 * WebRTC) that, once linked, floods its peers in a random order: inventory of fake
 * transactions, repeated getdata, unrequested and invalid transfers, junk frames, frames over
 * the size limit, mutated and unmined blocks. When every peer has dropped or banned it, it
 * leaves and comes back under a fresh key (reconnect churn), as a student reloading a tab
 * with a new identity would.
 */
import { randomBytes } from 'node:crypto';
import type { Block } from '../../src/core/block.js';
import { headerHash, type BlockHeader } from '../../src/core/header.js';
import { merkleRoot } from '../../src/core/merkle.js';
import type { RoomParams } from '../../src/core/params.js';
import { checkProofOfWork, targetFromBits } from '../../src/core/pow.js';
import {
  keyPairFromSeed,
  signTransfer,
  txId,
  type RewardTx,
  type TransferTx,
} from '../../src/core/tx.js';
import { MAX_FRAME_BYTES, MAX_INV_ITEMS, encodeMessage } from '../../src/net/wire.js';
import type { Rng } from '../../tests/sim/rng.js';
import { startHeadless, type Headless } from './headless.js';

/** What the attacker did, for the report. */
export interface AttackCounts {
  sessions: number;
  /** Sessions that got at least one link. */
  linked: number;
  frames: number;
  bytes: number;
}

/** One kind of flood: frames for one peer, given what the attacker knows of the chain. */
type Flood = (a: Headless, rng: Rng) => Uint8Array[];

const FLOODS: Readonly<Record<string, Flood>> = {
  // Announcements of transactions nobody has: the victim's request table per peer is bounded.
  'fake-inv': () =>
    [0, 1, 2].map(() =>
      encodeMessage({
        type: 'inv',
        items: Array.from({ length: MAX_INV_ITEMS }, () => ({ kind: 'tx', hash: randomBytes(32) })),
      }),
    ),
  // The tip block asked for thousands of times in one getdata (amplification).
  'getdata-repeat': (a) => {
    const hash = a.node.chain.tip.hash;
    const items = Array.from({ length: MAX_INV_ITEMS }, () => ({ kind: 'block' as const, hash }));
    return [encodeMessage({ type: 'getdata', items }), encodeMessage({ type: 'getdata', items })];
  },
  // Transfers nobody asked for, signed by keys that own nothing.
  'tx-spam': (a) =>
    Array.from({ length: 120 }, () => encodeMessage({ type: 'tx', tx: unfunded(a) })),
  // Transfers whose signature does not verify.
  'bad-sig': (a) => {
    const tx = unfunded(a);
    return [encodeMessage({ type: 'tx', tx: { ...tx, signature: randomBytes(64) } })];
  },
  // Frames that do not decode.
  junk: (_a, rng) => Array.from({ length: 12 }, () => randomBytes(1 + rng.int(4096))),
  // One frame over the size limit, and one at it.
  oversize: () => [randomBytes(MAX_FRAME_BYTES + 1), randomBytes(MAX_FRAME_BYTES)],
  // The tip's header over another body: mutated, never marks the honest hash invalid.
  'mutated-block': (a) => {
    const tip = a.node.chain.getBlock(a.node.chain.tip.id);
    if (!tip || tip.txs.length === 0) return [];
    const [reward, ...rest] = tip.txs as [RewardTx, ...TransferTx[]];
    const block: Block = {
      header: tip.header,
      txs: [{ ...reward, amount: reward.amount + 1n }, ...rest],
    };
    return [encodeMessage({ type: 'block', block })];
  },
  // A child of the tip without proof of work.
  'unmined-block': (a) => [encodeMessage({ type: 'block', block: unminedChild(a) })],
};

/** A transfer with a valid signature from a fresh key with no coins. */
function unfunded(a: Headless): TransferTx {
  const { secretKey, publicKey } = keyPairFromSeed(randomBytes(32));
  const body = {
    from: publicKey,
    to: randomBytes(20),
    amount: 1_000n,
    fee: 1_000n,
    nonce: 0,
    memo: new Uint8Array(0),
  };
  return signTransfer(a.node.chain.chainId, body, secretKey);
}

/** A child of the attacker's tip whose hash misses its target. */
function unminedChild(a: Headless): Block {
  const tip = a.node.chain.tip;
  const reward: RewardTx = {
    type: 'reward',
    height: tip.height + 1,
    to: randomBytes(20),
    amount: 1n,
    message: new Uint8Array(0),
  };
  const limit = targetFromBits(a.node.params.powLimitBits) ?? 0n;
  const base: BlockHeader = {
    version: 1,
    prevHash: tip.hash,
    merkleRoot: merkleRoot([txId(reward)]).root,
    time: tip.header.time + 1,
    bits: tip.header.bits,
    nonce: 0,
  };
  let header = base;
  for (let nonce = 0; checkProofOfWork(headerHash(header), header.bits, limit); nonce++) {
    header = { ...base, nonce };
  }
  return { header, txs: [reward] };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs attacker sessions until `until` (ms since the epoch); resolves with what it did. */
export async function runAttacker(
  url: string,
  params: RoomParams,
  rng: Rng,
  until: () => boolean,
  log: (line: Record<string, unknown>) => void,
): Promise<AttackCounts> {
  const counts: AttackCounts = { sessions: 0, linked: 0, frames: 0, bytes: 0 };
  while (!until()) {
    counts.sessions++;
    const a = await startHeadless(url, params, `Mallory ${counts.sessions}`);
    try {
      await session(a, rng, until, counts, log);
    } finally {
      await a.stop();
    }
    await sleep(500 + rng.int(1500));
  }
  return counts;
}

/** One identity: wait for links (30 s at most), then flood until every link is gone. */
async function session(
  a: Headless,
  rng: Rng,
  until: () => boolean,
  counts: AttackCounts,
  log: (line: Record<string, unknown>) => void,
): Promise<void> {
  for (let waited = 0; a.network.peers().length === 0; waited += 250) {
    if (waited > 30_000 || until()) return;
    await sleep(250);
  }
  counts.linked++;
  // Let it sync a moment so its blocks build on the room's tip.
  await sleep(1_000);
  const plan = rng.shuffle(Object.keys(FLOODS));
  log({ event: 'attacker', session: counts.sessions, key: a.key.slice(0, 16), plan });
  for (let round = 0; !until() && a.network.peers().length > 0 && round < 20; round++) {
    for (const name of plan) {
      const peers = a.network.peers();
      if (peers.length === 0) return;
      for (const frame of FLOODS[name]!(a, rng)) {
        for (const p of peers) {
          try {
            if (a.network.sendRawFrame(p.remoteId, frame)) {
              counts.frames++;
              counts.bytes += frame.length;
            }
          } catch {
            // a link that refuses a frame (over its size) closes; the next peer is tried
          }
        }
      }
      await sleep(100 + rng.int(200));
    }
  }
}
