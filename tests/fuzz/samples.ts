/**
 * Real objects the fuzz targets start from: a short chain of the test room with signed
 * transfers (memos empty, short and full), its headers, and one or more of every wire message.
 * Built once, lazily, so importing the targets costs nothing until a run starts.
 */
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { Block } from '../../src/core/block.js';
import type { BlockHeader } from '../../src/core/header.js';
import { MAX_MEMO_BYTES, type TransferTx, type Tx } from '../../src/core/tx.js';
import { envelopeToBytes, type SignalEnvelope } from '../../src/net/webrtc/envelope.js';
import { MAX_INV_ITEMS, WIRE_VERSION, type Message } from '../../src/net/wire.js';
import { transfer, wallet } from '../support/blocks.js';
import { child, extend, genesisOf, type Built } from '../support/branch.js';

/** The objects every target draws on. */
export interface Samples {
  readonly chain: readonly Built[];
  readonly blocks: readonly Block[];
  readonly headers: readonly BlockHeader[];
  readonly transfers: readonly TransferTx[];
  readonly txs: readonly Tx[];
  readonly envelopes: readonly SignalEnvelope[];
  readonly messages: readonly Message[];
}

let cached: Samples | undefined;

const fill = (n: number, v: number): Uint8Array => new Uint8Array(n).fill(v);
const KEY_HEX = 'ab'.repeat(32);

function makeEnvelopes(): SignalEnvelope[] {
  return [
    {
      v: 1,
      key: KEY_HEX,
      attempt: '0123456789abcdef',
      links: 3,
      signal: { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' },
    },
    { v: 1, key: KEY_HEX, attempt: 'a1', signal: { type: 'answer', sdp: 'v=0\r\n' } },
    {
      v: 1,
      key: KEY_HEX,
      attempt: 'b2',
      signal: {
        type: 'candidate',
        candidate: {
          candidate: 'candidate:1 1 udp 2122260223 10.0.0.5 50000 typ host',
          sdpMLineIndex: 0,
          sdpMid: '0',
        },
      },
    },
    { v: 1, key: KEY_HEX, attempt: 'c3', refuse: 'full' },
  ];
}

function build(): Samples {
  const genesis = genesisOf();
  const chainId = genesis.hash;
  const to = wallet(2).address;
  const transfers = [
    transfer(chainId, 1, to, 5n, 0),
    transfer(chainId, 1, to, 21_000_000n * 100_000_000n, 1, 1000n, 'hi 你好'),
    transfer(chainId, 3, to, 1n, 0, 2000n, 'm'.repeat(MAX_MEMO_BYTES)),
  ];
  const b1 = child(genesis, { transfers: transfers.slice(0, 2), tag: 'miner 1' });
  const b2 = child(b1, { transfers: transfers.slice(2), tag: 'x'.repeat(MAX_MEMO_BYTES) });
  const chain = [genesis, b1, b2, ...extend(b2, 3)];
  const blocks = chain.map((b) => b.block);
  const headers = chain.map((b) => b.header);
  const txs = blocks.flatMap((b) => b.txs);
  const envelopes = makeEnvelopes();
  const tip = chain.at(-1) as Built;
  const items = headers.map((_, i) => ({
    kind: i % 2 ? ('tx' as const) : ('block' as const),
    hash: chain[i]!.hash,
  }));
  const messages: Message[] = [
    {
      type: 'hello',
      version: WIRE_VERSION,
      genesis: chainId,
      tip: { hash: tip.hash, height: tip.height, chainWork: (1n << 200n) + 7n },
      publicKey: wallet(1).publicKey,
      name: 'Amber Otter 琥珀',
      colour: 5,
      challenge: fill(32, 4),
    },
    {
      type: 'hello',
      version: WIRE_VERSION,
      genesis: chainId,
      tip: { hash: chainId, height: 0, chainWork: 0n },
      publicKey: fill(32, 3),
      name: '',
      colour: 0,
      challenge: fill(32, 0),
    },
    { type: 'auth', signature: fill(64, 9) },
    { type: 'ping', nonce: 0xffffffffffffffffn },
    { type: 'pong', nonce: 1n },
    { type: 'inv', items },
    {
      type: 'inv',
      items: Array.from({ length: 300 }, (_, i) => ({
        kind: 'tx' as const,
        hash: fill(32, i & 0xff),
      })),
    },
    { type: 'getdata', items: items.slice(0, 1) },
    { type: 'notfound', items: [] },
    {
      // A fifth of the limit: the full 5,000 items make every mutation slow, and a count at
      // its extreme (one of the byte mutations) reaches past the limit anyway.
      type: 'notfound',
      items: Array.from({ length: MAX_INV_ITEMS / 5 }, () => ({
        kind: 'block' as const,
        hash: fill(32, 1),
      })),
    },
    ...blocks.map((block) => ({ type: 'block' as const, block })),
    ...transfers.map((tx) => ({ type: 'tx' as const, tx })),
    { type: 'getheaders', locator: chain.map((b) => b.hash).reverse(), stop: fill(32, 0) },
    { type: 'getheaders', locator: [], stop: chainId },
    { type: 'headers', headers },
    { type: 'headers', headers: [] },
    {
      type: 'peers',
      peers: [
        { id: 'peer-1', key: fill(32, 10) },
        { id: '', key: fill(32, 11) },
        { id: 'ü'.repeat(32), key: fill(32, 12) },
      ],
    },
    { type: 'relay-signal', to: 'abc', from: '', payload: envelopeToBytes(envelopes[0]!)! },
    { type: 'relay-signal', to: 'x', from: 'y'.repeat(64), payload: utf8ToBytes('{}') },
  ];
  return { chain, blocks, headers, transfers, txs, envelopes, messages };
}

/** The samples, built on first use. */
export function samples(): Samples {
  cached ??= build();
  return cached;
}
