/**
 * Property tests of the binary codecs: every value round-trips, and bytes from a peer, however
 * malformed, give a value that re-encodes to the same bytes or a DecodeError, nothing else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBlock, encodeBlock, MAX_BLOCK_TXS_LIMIT, type Block } from '../../src/core/block.js';
import { bytesToHex } from '../../src/core/bytes.js';
import { Reader, Writer } from '../../src/core/codec.js';
import { DecodeError, type DecodeCode } from '../../src/core/errors.js';
import { decodeHeader, encodeHeader, type BlockHeader } from '../../src/core/header.js';
import {
  decodeTx,
  encodeTx,
  MAX_MEMO_BYTES,
  MAX_TX_BYTES,
  type RewardTx,
  type TransferTx,
  type Tx,
} from '../../src/core/tx.js';

const u32 = fc.nat({ max: 0xffffffff });
const u64 = fc.bigInt({ min: 0n, max: 0xffffffffffffffffn });
const bytes = (n: number): fc.Arbitrary<Uint8Array> =>
  fc.uint8Array({ minLength: n, maxLength: n });
const memo = fc.uint8Array({ maxLength: MAX_MEMO_BYTES });

const header: fc.Arbitrary<BlockHeader> = fc.record({
  version: u32,
  prevHash: bytes(32),
  merkleRoot: bytes(32),
  time: u32,
  bits: u32,
  nonce: u32,
});

const reward: fc.Arbitrary<RewardTx> = fc.record({
  type: fc.constant('reward' as const),
  height: u32,
  to: bytes(20),
  amount: u64,
  message: memo,
});

const transfer: fc.Arbitrary<TransferTx> = fc.record({
  type: fc.constant('transfer' as const),
  from: bytes(32),
  to: bytes(20),
  amount: u64,
  fee: u64,
  nonce: u32,
  memo,
  signature: bytes(64),
});

const tx: fc.Arbitrary<Tx> = fc.oneof(reward, transfer);
const block: fc.Arbitrary<Block> = fc.record({ header, txs: fc.array(tx, { maxLength: 40 }) });

/** Decoded bytes either re-encode exactly or failed with a DecodeError; returns which. */
function decodesCanonicallyOrFails<T>(
  input: Uint8Array,
  decode: (b: Uint8Array) => T,
  encode: (v: T) => Uint8Array,
): 'ok' | DecodeCode {
  let value: T;
  try {
    value = decode(input);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    return e.code;
  }
  expect(bytesToHex(encode(value))).toBe(bytesToHex(input));
  return 'ok';
}

/** A valid encoding with one byte changed, cut short, or with bytes appended. */
function mutated(valid: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(valid, fc.nat(), fc.nat({ max: 255 }), fc.integer({ min: 0, max: 2 }))
    .map(([b, at, value, how]) => {
      if (b.length === 0) return b;
      const i = at % b.length;
      if (how === 0) {
        const c = Uint8Array.from(b);
        c[i] = value;
        return c;
      }
      if (how === 1) return b.slice(0, i);
      return Uint8Array.from([...b, value]);
    });
}

const codecs = [
  { name: 'header', arb: header, encode: encodeHeader, decode: decodeHeader },
  { name: 'tx', arb: tx, encode: encodeTx, decode: decodeTx },
  { name: 'block', arb: block, encode: encodeBlock, decode: decodeBlock },
] as const;

describe('codecs round-trip', () => {
  for (const c of codecs) {
    it(`${c.name}: decode(encode(x)) equals x`, () => {
      fc.assert(
        fc.property(c.arb as fc.Arbitrary<never>, (x) => {
          const encoded = (c.encode as (v: unknown) => Uint8Array)(x);
          expect(c.decode(encoded)).toEqual(x);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('the largest transfer (full memo) is 218 bytes, within MAX_TX_BYTES', () => {
    fc.assert(
      fc.property(transfer, (t) => {
        const full = { ...t, memo: new Uint8Array(MAX_MEMO_BYTES) };
        expect(encodeTx(full)).toHaveLength(1 + 32 + 20 + 8 + 8 + 4 + 1 + MAX_MEMO_BYTES + 64);
        expect(encodeTx(full).length).toBeLessThanOrEqual(MAX_TX_BYTES);
        expect(decodeTx(encodeTx(full))).toEqual(full);
      }),
      { numRuns: 20 },
    );
  });
});

describe('hostile bytes give a value or a DecodeError, never another exception', () => {
  const random = fc.uint8Array({ maxLength: 4096 });
  for (const c of codecs) {
    const decode = c.decode as (b: Uint8Array) => unknown;
    const encode = c.encode as (v: unknown) => Uint8Array;

    it(`${c.name}: random bytes`, () => {
      fc.assert(
        fc.property(random, (b) => void decodesCanonicallyOrFails(b, decode, encode)),
        { numRuns: 1000 },
      );
    });

    it(`${c.name}: a valid encoding with one byte changed, cut or appended`, () => {
      const near = mutated(c.arb.map((x) => encode(x)));
      fc.assert(
        fc.property(near, (b) => void decodesCanonicallyOrFails(b, decode, encode)),
        { numRuns: 1000 },
      );
    });
  }

  it('random bytes after a valid header reach the transaction decoder', () => {
    const body = fc
      .tuple(header, fc.uint8Array({ maxLength: 2048 }))
      .map(([h, rest]) => Uint8Array.from([...encodeHeader(h), ...rest]));
    fc.assert(
      fc.property(body, (b) => void decodesCanonicallyOrFails(b, decodeBlock, encodeBlock)),
      { numRuns: 1000 },
    );
  });

  it('specific failures carry their codes', () => {
    expect(decodesCanonicallyOrFails(new Uint8Array(79), decodeHeader, encodeHeader)).toBe(
      'truncated',
    );
    expect(decodesCanonicallyOrFails(new Uint8Array(81), decodeHeader, encodeHeader)).toBe(
      'trailing-bytes',
    );
    expect(decodesCanonicallyOrFails(Uint8Array.of(7), decodeTx, encodeTx)).toBe('unknown-type');
    const tooBig = new Uint8Array(MAX_TX_BYTES + 1);
    expect(decodesCanonicallyOrFails(tooBig, decodeTx, encodeTx)).toBe('too-large');
    // A block claiming more transactions than any room allows fails before reading them.
    const w = new Writer().bytes(new Uint8Array(80)).varint(MAX_BLOCK_TXS_LIMIT + 1);
    expect(decodesCanonicallyOrFails(w.finish(), decodeBlock, encodeBlock)).toBe('too-large');
  });
});

describe('Writer and Reader primitives', () => {
  type Op =
    | { kind: 'u8'; v: number }
    | { kind: 'u16'; v: number }
    | { kind: 'u32'; v: number }
    | { kind: 'u64'; v: bigint }
    | { kind: 'varint'; v: number }
    | { kind: 'varBytes'; v: Uint8Array };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.nat({ max: 0xff }).map((v) => ({ kind: 'u8' as const, v })),
    fc.nat({ max: 0xffff }).map((v) => ({ kind: 'u16' as const, v })),
    u32.map((v) => ({ kind: 'u32' as const, v })),
    u64.map((v) => ({ kind: 'u64' as const, v })),
    fc
      .oneof(fc.nat({ max: 300 }), u32, fc.maxSafeNat())
      .map((v) => ({ kind: 'varint' as const, v })),
    fc.uint8Array({ maxLength: 300 }).map((v) => ({ kind: 'varBytes' as const, v })),
  );

  it('any sequence of fields reads back as written, from a tiny initial buffer', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), fc.nat({ max: 8 }), (ops, capacity) => {
        const w = new Writer(capacity);
        for (const o of ops) {
          if (o.kind === 'u64') w.u64(o.v);
          else if (o.kind === 'varBytes') w.varBytes(o.v);
          else w[o.kind](o.v);
        }
        const r = new Reader(w.finish());
        for (const o of ops) {
          if (o.kind === 'u64') expect(r.u64()).toBe(o.v);
          else if (o.kind === 'varBytes') expect(r.varBytes(300)).toEqual(o.v);
          else if (o.kind === 'varint') expect(r.varint(Number.MAX_SAFE_INTEGER)).toBe(o.v);
          else expect(r[o.kind]()).toBe(o.v);
        }
        r.end();
      }),
      { numRuns: 500 },
    );
  });

  it('varint uses the shortest of its four sizes', () => {
    const size = (v: number): number => new Writer().varint(v).finish().length;
    expect([0, 0xfc, 0xfd, 0xffff, 0x10000, 0xffffffff, 0x100000000].map(size)).toEqual([
      1, 1, 3, 3, 5, 5, 9,
    ]);
  });

  it("rejects every non-shortest varint with 'non-canonical'", () => {
    const longer = fc.oneof(
      fc.nat({ max: 0xfc }).map((v) => new Writer().u8(0xfd).u16(v).finish()),
      fc.nat({ max: 0xffff }).map((v) => new Writer().u8(0xfe).u32(v).finish()),
      u32.map((v) => new Writer().u8(0xff).u64(BigInt(v)).finish()),
    );
    fc.assert(
      fc.property(longer, (b) => {
        expect(() => new Reader(b).varint(Number.MAX_SAFE_INTEGER)).toThrow(
          expect.objectContaining({ code: 'non-canonical' }),
        );
      }),
    );
  });

  it("rejects a varint over its cap with 'too-large', even above 2^53", () => {
    const read = (b: Uint8Array, max: number): unknown => new Reader(b).varint(max);
    const over = (b: Uint8Array, max: number): void =>
      expect(() => read(b, max)).toThrow(expect.objectContaining({ code: 'too-large' }));
    over(new Writer().varint(1001).finish(), 1000);
    over(new Writer().u8(0xff).u64(0xffffffffffffffffn).finish(), Number.MAX_SAFE_INTEGER);
    over(
      new Writer()
        .u8(0xff)
        .u64(2n ** 53n)
        .finish(),
      Number.MAX_SAFE_INTEGER,
    );
    expect(read(new Writer().varint(2 ** 53 - 1).finish(), Number.MAX_SAFE_INTEGER)).toBe(
      2 ** 53 - 1,
    );
  });
});
