import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_BLOCK_BYTES_LIMIT, encodeBlock, type Block } from '../../src/core/block.js';
import { DecodeError } from '../../src/core/errors.js';
import type { BlockHeader } from '../../src/core/header.js';
import { genesisBlock } from '../../src/core/room.js';
import { encodeTx, type TransferTx } from '../../src/core/tx.js';
import {
  MAX_FRAME_BYTES,
  MAX_INV_ITEMS,
  MESSAGE_TYPE,
  WIRE_VERSION,
  decodeFrame,
  encodeMessage,
  messageViolation,
  type Message,
} from '../../src/net/wire.js';
import { TEST_PARAMS, makeBlock, transfer, wallet } from '../support/blocks.js';
import { genesisOf, extend } from '../support/branch.js';

const h = (n: number): Uint8Array => new Uint8Array(32).fill(n);
const genesis = genesisOf();
const chainId = genesis.hash;
const tx = transfer(chainId, 1, wallet(2).address, 5n, 0, 1000n, 'hi 你好');
const block = makeBlock(genesis, { transfers: [tx] });
const headers: BlockHeader[] = extend(genesis, 3).map((b) => b.header);

/** One of every message. */
const SAMPLES: Message[] = [
  {
    type: 'hello',
    version: WIRE_VERSION,
    genesis: h(1),
    tip: { hash: h(2), height: 42, chainWork: (1n << 200n) + 7n },
    publicKey: h(3),
    name: 'Amber Otter 琥珀',
    colour: 5,
    challenge: h(4),
  },
  { type: 'auth', signature: new Uint8Array(64).fill(9) },
  { type: 'ping', nonce: 0xffffffffffffffffn },
  { type: 'pong', nonce: 1n },
  {
    type: 'inv',
    items: [
      { kind: 'block', hash: h(5) },
      { kind: 'tx', hash: h(6) },
    ],
  },
  { type: 'getdata', items: [{ kind: 'tx', hash: h(7) }] },
  { type: 'notfound', items: [] },
  { type: 'block', block },
  { type: 'tx', tx },
  { type: 'getheaders', locator: [h(8), h(9)], stop: h(0) },
  { type: 'headers', headers },
  {
    type: 'peers',
    peers: [
      { id: 'peer-1', key: h(10) },
      { id: '', key: h(11) },
    ],
  },
  { type: 'relay-signal', to: 'abc', from: '', payload: new Uint8Array([1, 2, 3]) },
];

/** A transfer-shaped tx of fixed size; signatures are not checked by the codec. */
function fakeTransfer(i: number): TransferTx {
  return {
    type: 'transfer',
    from: h(i & 0xff),
    to: new Uint8Array(20),
    amount: BigInt(i),
    fee: 1n,
    nonce: i,
    memo: new Uint8Array(80),
    signature: new Uint8Array(64),
  };
}

function expectDecodeErrorOrMessage(frame: Uint8Array): void {
  try {
    const msg = decodeFrame(frame);
    expect(MESSAGE_TYPE[msg.type]).toBe(frame[1]);
  } catch (e) {
    expect(e).toBeInstanceOf(DecodeError);
  }
}

describe('wire codec', () => {
  it('round-trips every message type', () => {
    expect(new Set(SAMPLES.map((m) => m.type)).size).toBe(Object.keys(MESSAGE_TYPE).length);
    for (const msg of SAMPLES) {
      const frame = encodeMessage(msg);
      expect(frame[0]).toBe(WIRE_VERSION);
      expect(frame[1]).toBe(MESSAGE_TYPE[msg.type]);
      expect(decodeFrame(frame)).toEqual(msg);
      expect(encodeMessage(decodeFrame(frame))).toEqual(frame);
    }
  });

  it('fits a maximum-size block, 2,000 headers and 5,000 inventory items in one frame', () => {
    const reward = block.txs[0]!;
    const base = encodeBlock({ header: block.header, txs: [reward] }).length + 2; // count grows
    const n = Math.floor((MAX_BLOCK_BYTES_LIMIT - base) / encodeTx(fakeTransfer(0)).length);
    const big: Block = {
      header: block.header,
      txs: [reward, ...Array.from({ length: n }, (_, i) => fakeTransfer(i))],
    };
    expect(encodeBlock(big).length).toBeLessThanOrEqual(MAX_BLOCK_BYTES_LIMIT);
    expect(encodeBlock(big).length).toBeGreaterThan(MAX_BLOCK_BYTES_LIMIT - 300);
    const blockFrame = encodeMessage({ type: 'block', block: big });
    expect(blockFrame.length).toBeLessThanOrEqual(MAX_FRAME_BYTES);
    expect(decodeFrame(blockFrame)).toEqual({ type: 'block', block: big });

    const many = Array.from({ length: 2000 }, () => genesisBlock(TEST_PARAMS).header);
    expect(encodeMessage({ type: 'headers', headers: many }).length).toBeLessThanOrEqual(
      MAX_FRAME_BYTES,
    );
    const items = Array.from({ length: MAX_INV_ITEMS }, (_, i) => ({
      kind: 'tx' as const,
      hash: h(i & 0xff),
    }));
    expect(encodeMessage({ type: 'inv', items }).length).toBeLessThanOrEqual(MAX_FRAME_BYTES);
  });

  it('rejects an oversized frame by its size, before decoding a byte', () => {
    // A valid ping followed by junk: a decoder that read first would say trailing-bytes.
    const frame = new Uint8Array(MAX_FRAME_BYTES + 1);
    frame.set(encodeMessage({ type: 'ping', nonce: 1n }));
    expect(() => decodeFrame(frame)).toThrow(expect.objectContaining({ code: 'too-large' }));
  });

  it('rejects unknown versions, unknown types, trailing bytes, rewards as tx, bad UTF-8', () => {
    const ping = encodeMessage({ type: 'ping', nonce: 1n });
    const code = (f: Uint8Array): string => {
      try {
        decodeFrame(f);
        return 'ok';
      } catch (e) {
        return (e as DecodeError).code;
      }
    };
    expect(code(Uint8Array.from([2, ...ping.subarray(1)]))).toBe('unknown-type');
    expect(code(Uint8Array.from([WIRE_VERSION, 200]))).toBe('unknown-type');
    expect(code(Uint8Array.from([...ping, 0]))).toBe('trailing-bytes');
    expect(code(ping.subarray(0, 5))).toBe('truncated');
    expect(code(new Uint8Array(0))).toBe('truncated');
    const reward = encodeTx(block.txs[0]!);
    expect(code(Uint8Array.from([WIRE_VERSION, MESSAGE_TYPE.tx, ...reward]))).toBe('unknown-type');
    const signal = encodeMessage({
      type: 'relay-signal',
      to: 'ab',
      from: '',
      payload: new Uint8Array(0),
    });
    signal[3] = 0xff; // "to" becomes invalid UTF-8
    expect(code(signal)).toBe('non-canonical');
    // A count claiming more items than the frame holds fails before allocating them.
    expect(code(Uint8Array.from([WIRE_VERSION, MESSAGE_TYPE.inv, 0xfd, 0x00, 0x10]))).toBe(
      'truncated',
    );
  });

  it('decodes over-limit counts so the peer earns the specific violation', () => {
    const headersMsg: Message = { type: 'headers', headers: Array(2001).fill(headers[0]) };
    const inv: Message = {
      type: 'inv',
      items: Array(MAX_INV_ITEMS + 1).fill({ kind: 'tx', hash: h(1) }),
    };
    const locator: Message = { type: 'getheaders', locator: Array(102).fill(h(1)), stop: h(0) };
    expect(messageViolation(decodeFrame(encodeMessage(headersMsg)))).toBe('too-many-headers');
    expect(messageViolation(decodeFrame(encodeMessage(inv)))).toBe('too-many-inv');
    expect(messageViolation(decodeFrame(encodeMessage(locator)))).toBe('locator-too-long');
    for (const m of SAMPLES) expect(messageViolation(m)).toBeUndefined();
  });

  it('never throws anything but DecodeError on random frames', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        expectDecodeErrorOrMessage(bytes);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws anything but DecodeError on random payloads of every type', () => {
    const types = Object.values(MESSAGE_TYPE);
    fc.assert(
      fc.property(
        fc.constantFrom(...types),
        fc.uint8Array({ maxLength: 2048 }),
        (type, payload) => {
          expectDecodeErrorOrMessage(Uint8Array.from([WIRE_VERSION, type, ...payload]));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('never throws anything but DecodeError on mutated and truncated valid frames', () => {
    const frames = SAMPLES.map(encodeMessage);
    fc.assert(
      fc.property(
        fc.constantFrom(...frames),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        fc.nat(),
        (frame, flips, cut) => {
          const f = frame.slice(0, Math.max(2, frame.length - (cut % 8)));
          for (const [at, v] of flips) f[at % f.length] = v;
          expectDecodeErrorOrMessage(f);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('round-trips arbitrary inventory, pings, peer lists and signals', () => {
    const hash = fc.uint8Array({ minLength: 32, maxLength: 32 });
    const id = fc.string({ maxLength: 16 });
    const msg: fc.Arbitrary<Message> = fc.oneof(
      fc.record({
        type: fc.constant('ping' as const),
        nonce: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
      }),
      fc.record({
        type: fc.constantFrom('inv' as const, 'getdata' as const, 'notfound' as const),
        items: fc.array(
          fc.record({ kind: fc.constantFrom('block' as const, 'tx' as const), hash }),
          { maxLength: 50 },
        ),
      }),
      fc.record({
        type: fc.constant('peers' as const),
        peers: fc.array(fc.record({ id, key: hash }), { maxLength: 64 }),
      }),
      fc.record({
        type: fc.constant('relay-signal' as const),
        to: id,
        from: id,
        payload: fc.uint8Array({ maxLength: 512 }),
      }),
    );
    fc.assert(
      fc.property(msg, (m) => {
        expect(decodeFrame(encodeMessage(m))).toEqual(m);
      }),
    );
  });
});
