/**
 * Fuzz targets of the core's decoders: headers, transactions and blocks (from peers, also
 * inside wire frames and stored records), compact bits (any u32 a header carries), and the
 * text a user hands the node: a room link, an address, a coin amount.
 */
import { parseAddress } from '../../src/core/address.js';
import { MAX_BLOCK_BYTES_LIMIT, decodeBlock, encodeBlock } from '../../src/core/block.js';
import { bytesToHex } from '../../src/core/bytes.js';
import { DecodeError } from '../../src/core/errors.js';
import { HEADER_BYTES, decodeHeader, encodeHeader } from '../../src/core/header.js';
import { formatCoins, isMoneyRange, parseCoins } from '../../src/core/money.js';
import { DEFAULT_PARAMS } from '../../src/core/params.js';
import { decodeCompact, encodeCompact, targetFromBits } from '../../src/core/pow.js';
import { genesisBlock, roomFromQuery, roomToQuery, validateParams } from '../../src/core/room.js';
import { ADDRESS_BYTES, MAX_TX_BYTES, decodeTx, encodeTx } from '../../src/core/tx.js';
import { TEST_PARAMS } from '../support/blocks.js';
import {
  assert,
  assertSame,
  bytesTarget,
  decodeOrRefuse,
  textTarget,
  type FuzzTarget,
  type Outcome,
} from './harness.js';
import { samples } from './samples.js';

const isDecodeError = (e: unknown): boolean => e instanceof DecodeError;

/** A canonical binary codec: a DecodeError, or a value that encodes back to the input. */
function codecTarget<T>(
  name: string,
  maxBytes: number,
  seeds: () => Uint8Array[],
  decode: (b: Uint8Array) => T,
  encode: (v: T) => Uint8Array,
): FuzzTarget<Uint8Array> {
  return bytesTarget({
    name,
    maxBytes,
    seeds,
    check: (bytes): Outcome => {
      const r = decodeOrRefuse(() => decode(bytes), isDecodeError, bytes.length);
      if (!r) return 'refused';
      assertSame(encode(r.value), bytes, 're-encoded');
      return 'accepted';
    },
  });
}

/** Compact bits: any u32 gives a target or none, never a throw; a target re-encodes to itself. */
const COMPACT_TARGET = bytesTarget({
  name: 'core/compact-bits',
  maxBytes: 4,
  seeds: () => samples().headers.map((h) => encodeHeader(h).subarray(72, 76)),
  check: (b): Outcome => {
    if (b.length !== 4) return 'refused'; // a header always gives four bytes
    const bits = new DataView(b.buffer, b.byteOffset).getUint32(0, true);
    decodeCompact(bits);
    const target = targetFromBits(bits);
    if (target === undefined) return 'refused';
    assert(target > 0n && target < 1n << 256n, `target ${target} out of range`);
    assert(targetFromBits(encodeCompact(target)) === target, 'compact form does not round-trip');
    return 'accepted';
  },
});

const ROOM_DICT = [
  'room=',
  't=',
  'bits=',
  'limit=',
  'retarget=',
  'subsidy=',
  'halving=',
  'maxbytes=',
  'maxtxs=',
  'future=',
  'genesis=',
  'fixed',
  'period:',
  'window:',
  '207fffff',
  '1d00ffff',
];

/** A room link's query: parameters or a list of problems; parameters make a genesis and a link. */
const ROOM_TARGET = textTarget({
  name: 'core/room-query',
  dict: ROOM_DICT,
  seeds: () => [
    roomToQuery(DEFAULT_PARAMS),
    roomToQuery(TEST_PARAMS),
    '?room=physics-1&t=30&retarget=window:20:4&subsidy=12.5&halving=1000',
    'room=a&retarget=period:2016&bits=1e0fffff&limit=1e0fffff&maxbytes=1024&maxtxs=10&future=60&genesis=1700000000',
  ],
  check: (q): Outcome => {
    const r = decodeOrRefuse(
      () => roomFromQuery(q),
      () => false,
      q.length,
    );
    const result = r!.value;
    if ('errors' in result) {
      assert(result.errors.length > 0, 'no parameters and no errors');
      // Each problem once: a few per key (eleven keys) and the parameter checks, whatever
      // the link's length.
      assert(result.errors.length <= 64, `${result.errors.length} problems`);
      return 'refused';
    }
    const { params } = result;
    assert(validateParams(params).length === 0, 'accepted invalid parameters');
    genesisBlock(params); // throws RangeError if the parameters cannot make a room
    assertSame(roomFromQuery(roomToQuery(params)), { params }, 'link round trip');
    return 'accepted';
  },
});

/** A pasted address: 20 bytes whose hex reads back, or undefined. */
const ADDRESS_TARGET = textTarget({
  name: 'core/address',
  dict: ['0x', '0X', ' ', 'ABCDEF', 'g'],
  seeds: () => [
    'ab'.repeat(ADDRESS_BYTES),
    `0x${'C0'.repeat(ADDRESS_BYTES)}`,
    ' 0123 4567 89AB cdef 0123 4567 89ab cdef 0000 1111 ',
  ],
  check: (text): Outcome => {
    const r = decodeOrRefuse(
      () => parseAddress(text),
      () => false,
      text.length,
    );
    const a = r!.value;
    if (a === undefined) return 'refused';
    assert(a.length === ADDRESS_BYTES, `${a.length}-byte address`);
    assertSame(parseAddress(bytesToHex(a)), a, 'hex round trip');
    return 'accepted';
  },
});

/** A typed coin amount: units within MAX_MONEY that format and parse back, or undefined. */
const COINS_TARGET = textTarget({
  name: 'core/coins',
  dict: ['.', '21000000', '0.00000001', '99999999.99999999'],
  seeds: () => ['1.5', '0', '21000000', '0.00000001', ' 12 '],
  check: (text): Outcome => {
    const r = decodeOrRefuse(
      () => parseCoins(text),
      () => false,
      text.length,
    );
    const units = r!.value;
    if (units === undefined) return 'refused';
    assert(isMoneyRange(units), `${units} out of the money range`);
    assert(parseCoins(formatCoins(units)) === units, 'format round trip');
    return 'accepted';
  },
});

/** Every target of this file. */
export const CORE_TARGETS: readonly FuzzTarget[] = [
  codecTarget(
    'core/header',
    HEADER_BYTES,
    () => samples().headers.map(encodeHeader),
    decodeHeader,
    encodeHeader,
  ),
  codecTarget('core/tx', MAX_TX_BYTES, () => samples().txs.map(encodeTx), decodeTx, encodeTx),
  codecTarget(
    'core/block',
    MAX_BLOCK_BYTES_LIMIT,
    () => samples().blocks.map(encodeBlock),
    decodeBlock,
    encodeBlock,
  ),
  COMPACT_TARGET,
  ROOM_TARGET,
  ADDRESS_TARGET,
  COINS_TARGET,
];
