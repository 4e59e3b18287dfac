/** Deterministic keys, signed transfers and account states for mempool and template tests. */
import type { Block } from '../../../src/core/block.js';
import { bytesToHex } from '../../../src/core/bytes.js';
import { ZERO_HASH, type Hash } from '../../../src/core/hash.js';
import type { MempoolAddResult } from '../../../src/core/mempool.js';
import { AccountState, type Account } from '../../../src/core/state.js';
import {
  addressOf,
  keyPairFromSeed,
  signTransfer,
  type Address,
  type RewardTx,
  type TransferTx,
} from '../../../src/core/tx.js';

/** The chain id every fixture signs for. */
export const CHAIN: Hash = new Uint8Array(32).fill(7);

/** A deterministic key with its address. */
export interface Key {
  readonly secretKey: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly address: Address;
}

const keys = new Map<number, Key>();

/** Key number i, always the same bytes. */
export function key(i: number): Key {
  let k = keys.get(i);
  if (!k) {
    const seed = new Uint8Array(32).fill(0x5a);
    seed[0] = i & 0xff;
    seed[1] = (i >> 8) & 0xff;
    const pair = keyPairFromSeed(seed);
    k = { ...pair, address: addressOf(pair.publicKey) };
    keys.set(i, k);
  }
  return k;
}

/** Recipient of every fixture transfer unless told otherwise. */
export const SINK = new Uint8Array(20).fill(0xee);

/** A transfer from k signed for `chainId` (CHAIN by default). */
export function transfer(
  k: Key,
  nonce: number,
  fee = 1000n,
  o: { amount?: bigint; memo?: Uint8Array; to?: Address; chainId?: Hash } = {},
): TransferTx {
  const body = {
    from: k.publicKey,
    to: o.to ?? SINK,
    amount: o.amount ?? 1n,
    fee,
    nonce,
    memo: o.memo ?? new Uint8Array(0),
  };
  return signTransfer(o.chainId ?? CHAIN, body, k.secretKey);
}

/** Account state from (key, balance, nonce) triples. */
export function stateOf(...entries: (readonly [Key, bigint, number?])[]): AccountState {
  return AccountState.fromEntries(
    entries.map(([k, balance, nonce]): [string, Account] => [
      bytesToHex(k.address),
      { balance, nonce: nonce ?? 0 },
    ]),
  );
}

/** The rule code of a result, or 'ok'. */
export function codeOf(r: MempoolAddResult): string {
  return r.ok ? 'ok' : r.error.code;
}

/** Hex of a list of ids, sorted, for set comparisons. */
export function hexSet(ids: readonly Hash[]): string[] {
  return ids.map(bytesToHex).sort();
}

/** A block holding these transfers behind a reward (the header is irrelevant to the pool). */
export function blockWith(transfers: readonly TransferTx[]): Block {
  const reward: RewardTx = {
    type: 'reward',
    height: 1,
    to: SINK,
    amount: 0n,
    message: new Uint8Array(0),
  };
  const header = {
    version: 1,
    prevHash: ZERO_HASH,
    merkleRoot: ZERO_HASH,
    time: 0,
    bits: 0,
    nonce: 0,
  };
  return { header, txs: [reward, ...transfers] };
}

/** A small deterministic generator (mulberry32: a plain LCG's low bits repeat too soon). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}
