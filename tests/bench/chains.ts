/**
 * Pre-built chains for the connect and startup benchmarks, made in Node with the core and the
 * test block helpers (tests/support/blocks.ts), shipped to pages as hex; and the core Chain's
 * own connect rate in Node.
 */
import { decodeBlock, encodeBlock } from '../../src/core/block.js';
import { bytesToHex, hexToBytes } from '../../src/core/bytes.js';
import { Chain } from '../../src/core/chain.js';
import type { RoomParams } from '../../src/core/params.js';
import { signTransfer, verifyTransfer, type TransferTx } from '../../src/core/tx.js';
import { makeBlock, wallet } from '../support/blocks.js';
import type { BlockSet } from './page-api.js';

/** Far past every block time: the chain's clock argument. */
const NOW = 4e9;

/** A wallet of tests/support/blocks.ts, derived once (deriving a key costs about a millisecond). */
type Wallet = ReturnType<typeof wallet>;
const wallets = new Map<number, Wallet>();
function cachedWallet(n: number): Wallet {
  let w = wallets.get(n);
  if (!w) wallets.set(n, (w = wallet(n)));
  return w;
}

/** Connects a block to the chain it was built on; anything but 'connected' is a bug here. */
function connect(chain: Chain, hexes: string[], block: Parameters<Chain['processBlock']>[0]): void {
  const r = chain.processBlock(block, NOW);
  if (r.outcome.status !== 'connected') {
    const code = 'error' in r.outcome ? r.outcome.error.code : '';
    throw new Error(`pre-built block ${chain.tip.height + 1}: ${r.outcome.status} ${code}`);
  }
  hexes.push(bytesToHex(encodeBlock(block)));
}

/** A chain of n reward-only blocks (miners rotate over eight wallets), as hex. */
export function emptyChain(params: RoomParams, n: number): BlockSet {
  const chain = new Chain(params);
  const blocks: string[] = [];
  for (let i = 0; i < n; i++) {
    connect(chain, blocks, makeBlock(chain.tip, { params, miner: cachedWallet(i % 8).address }));
  }
  return { prefix: [], blocks, transfersPerBlock: 0 };
}

/**
 * A chain whose first `senders` blocks (the prefix) pay their rewards to the senders, followed
 * by n blocks of `senders` transfers each: every sender pays the next one 0.00001 coin (fee
 * 0.00001) once per block, nonce after nonce. Signed in Node with the senders' keys.
 */
export function transferChain(params: RoomParams, n: number, senders: number): BlockSet {
  const chain = new Chain(params);
  const prefix: string[] = [];
  const blocks: string[] = [];
  const from = (s: number): Wallet => cachedWallet(1 + s);
  for (let s = 0; s < senders; s++) {
    connect(chain, prefix, makeBlock(chain.tip, { params, miner: from(s).address }));
  }
  for (let i = 0; i < n; i++) {
    const transfers: TransferTx[] = [];
    for (let s = 0; s < senders; s++) {
      const w = from(s);
      const to = from((s + 1) % senders).address;
      const body = {
        from: w.publicKey,
        to,
        amount: 1000n,
        fee: 1000n,
        nonce: i,
        memo: new Uint8Array(0),
      };
      transfers.push(signTransfer(chain.chainId, body, w.secretKey));
    }
    connect(
      chain,
      blocks,
      makeBlock(chain.tip, { params, miner: cachedWallet(0).address, transfers }),
    );
  }
  return { prefix, blocks, transfersPerBlock: senders };
}

/**
 * Milliseconds for a fresh core Chain in Node to connect the set's blocks (prefix untimed).
 * Blocks are decoded from hex before the clock starts, fresh for every call.
 */
export function nodeChainConnectMs(params: RoomParams, set: BlockSet): number {
  const chain = new Chain(params);
  for (const hex of set.prefix) chain.processBlock(decodeBlock(hexToBytes(hex)), NOW);
  const blocks = set.blocks.map((hex) => decodeBlock(hexToBytes(hex)));
  const t0 = performance.now();
  for (const block of blocks) {
    const r = chain.processBlock(block, NOW);
    if (r.outcome.status !== 'connected') throw new Error(`connect: ${r.outcome.status}`);
  }
  return performance.now() - t0;
}

/** Ed25519 transfer verifications per second in Node, over the set's first transfers. */
export function nodeVerifiesPerSecond(params: RoomParams, set: BlockSet, count: number): number {
  const chainId = new Chain(params).chainId;
  const txs: TransferTx[] = [];
  for (const hex of set.blocks) {
    for (const tx of decodeBlock(hexToBytes(hex)).txs) if (tx.type === 'transfer') txs.push(tx);
    if (txs.length >= count) break;
  }
  const t0 = performance.now();
  for (const tx of txs) if (!verifyTransfer(chainId, tx)) throw new Error('bad signature');
  return txs.length / ((performance.now() - t0) / 1000);
}
