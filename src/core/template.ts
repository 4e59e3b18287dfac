/**
 * Block templates for miners (Bitcoin Core's BlockAssembler / getblocktemplate): the best
 * transfers the mempool can offer within the room's limits, a reward paying subsidy plus
 * their fees, and a header with every field but the nonce decided.
 */
import type { Block } from './block.js';
import { medianTimePast, nextBits } from './difficulty.js';
import type { Hash } from './hash.js';
import { HEADER_BYTES, type HeaderCtx } from './header.js';
import type { Mempool } from './mempool.js';
import { varintSize } from './mempool-policy.js';
import { merkleRoot } from './merkle.js';
import { BLOCK_VERSION, type RoomParams } from './params.js';
import { subsidyAt } from './room.js';
import type { AccountView } from './state.js';
import { ADDRESS_BYTES, MAX_MEMO_BYTES, txId, type Address, type RewardTx } from './tx.js';

/** What a template is built from: the tip to extend and the node's current state. */
export interface TemplateArgs {
  /** The tip the new block extends, with its ancestors linked for the retarget. */
  readonly parent: { readonly hash: Hash } & HeaderCtx;
  readonly params: RoomParams;
  /** State after the parent: the transfers picked must connect on it. */
  readonly view: AccountView;
  readonly mempool: Mempool;
  readonly minerAddress: Address;
  /** The miner's message in the reward, at most MAX_MEMO_BYTES. */
  readonly message: Uint8Array;
  /** The local clock, seconds since the epoch. */
  readonly now: number;
}

/** Encoded size of a reward: tag, height, recipient, amount, message. */
function rewardSize(message: Uint8Array): number {
  return 1 + 4 + ADDRESS_BYTES + 8 + varintSize(message.length) + message.length;
}

/**
 * A block extending `parent`, valid but for its proof of work (nonce 0). Throws RangeError
 * for a malformed miner address or message: those are the caller's, not a peer's.
 */
export function buildTemplate(args: TemplateArgs): Block {
  const { parent, params, view, mempool, minerAddress, message, now } = args;
  if (minerAddress.length !== ADDRESS_BYTES) throw new RangeError('miner address is 20 bytes');
  if (message.length > MAX_MEMO_BYTES) throw new RangeError(`message over ${MAX_MEMO_BYTES} bytes`);
  const height = parent.height + 1;
  // The count's CompactSize is sized for the most transactions a block may hold.
  const overhead = HEADER_BYTES + varintSize(params.maxBlockTxs) + rewardSize(message);
  const transfers = mempool.select(
    view,
    Math.max(0, params.maxBlockTxs - 1),
    Math.max(0, params.maxBlockBytes - overhead),
  );
  let fees = 0n;
  for (const tx of transfers) fees += tx.fee;
  const reward: RewardTx = {
    type: 'reward',
    height,
    to: minerAddress,
    amount: subsidyAt(height, params) + fees,
    message,
  };
  const txs = [reward, ...transfers];
  const header = {
    version: BLOCK_VERSION,
    prevHash: parent.hash,
    merkleRoot: merkleRoot(txs.map(txId)).root,
    // Above the median time past (time-too-old), otherwise the local clock, in whole seconds.
    time: Math.max(Math.floor(now), medianTimePast(parent) + 1),
    bits: nextBits(parent, params),
    nonce: 0,
  };
  return { header, txs };
}

/** The block with a new nonce and optionally a new time (a miner rolling the header). */
export function withNonce(block: Block, nonce: number, time?: number): Block {
  return { header: { ...block.header, nonce, time: time ?? block.header.time }, txs: block.txs };
}
