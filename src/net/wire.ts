/**
 * The binary wire codec: one message per frame, `[wire version u8][type u8][payload]`.
 * decodeFrame checks the frame's size before reading a byte of it and returns a typed message
 * or throws DecodeError, never anything else: every count is bounded by what the frame can
 * hold before anything is allocated, and every loop is bounded by the bytes present.
 * Count limits that are protocol rules rather than framing (2,000 headers, 5,000 inventory
 * items, 101 locator entries) are checked by messageViolation, so the peer earns the
 * violation's own penalty rather than a generic "malformed".
 */
import { decodeBlock, encodeBlock } from '../core/block.js';
import { bigIntToBytesBE, bytesToBigIntBE } from '../core/bytes.js';
import { Reader, Writer } from '../core/codec.js';
import { DecodeError } from '../core/errors.js';
import type { Hash } from '../core/hash.js';
import { HEADER_BYTES, readHeader, writeHeader } from '../core/header.js';
import { MAX_HEADERS_PER_MESSAGE, MAX_LOCATOR_ENTRIES } from '../core/sync.js';
import { PUBKEY_BYTES, SIGNATURE_BYTES, decodeTx, encodeTx } from '../core/tx.js';
import {
  CHALLENGE_BYTES,
  FRAME_HEADER_BYTES,
  MAX_FRAME_BYTES,
  MAX_INV_ITEMS,
  MAX_NAME_BYTES,
  MAX_PEERS_ITEMS,
  MAX_PEER_ID_BYTES,
  MAX_SIGNAL_BYTES,
  MESSAGE_TYPE,
  WIRE_VERSION,
  type InvItem,
  type Message,
  type MessageName,
} from './protocol/messages.js';

export * from './protocol/messages.js';

const HASH_BYTES = 32;
const INV_ITEM_BYTES = 1 + HASH_BYTES;
const WORK_BYTES = 32;
const MAX_WORK = (1n << 256n) - 1n;
const INV_KIND = { block: 0, tx: 1 } as const;
const NAMES = Object.keys(MESSAGE_TYPE) as MessageName[];
const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A count rule a message broke, checked after decoding (see scoring.ts for the penalties). */
export type LimitViolation = 'too-many-headers' | 'too-many-inv' | 'locator-too-long';

/** Encodes a message into one frame; throws RangeError if it would not fit (a caller's bug). */
export function encodeMessage(msg: Message): Uint8Array {
  const w = new Writer(64);
  w.u8(WIRE_VERSION).u8(MESSAGE_TYPE[msg.type]);
  writePayload(w, msg);
  const frame = w.finish();
  if (frame.length > MAX_FRAME_BYTES) {
    throw new RangeError(`${msg.type} of ${frame.length} bytes exceeds the frame limit`);
  }
  return frame;
}

function writePayload(w: Writer, msg: Message): void {
  switch (msg.type) {
    case 'hello':
      w.u32(msg.version)
        .bytes(fixed(msg.genesis, HASH_BYTES))
        .bytes(fixed(msg.tip.hash, HASH_BYTES));
      w.u32(msg.tip.height).bytes(bigIntToBytesBE(clampWork(msg.tip.chainWork), WORK_BYTES));
      w.bytes(fixed(msg.publicKey, PUBKEY_BYTES)).varBytes(truncateUtf8(msg.name, MAX_NAME_BYTES));
      w.u8(msg.colour & 0xff).bytes(fixed(msg.challenge, CHALLENGE_BYTES));
      return;
    case 'auth':
      w.bytes(fixed(msg.signature, SIGNATURE_BYTES));
      return;
    case 'ping':
    case 'pong':
      w.u64(msg.nonce);
      return;
    case 'inv':
    case 'getdata':
    case 'notfound':
      w.varint(msg.items.length);
      for (const it of msg.items) w.u8(INV_KIND[it.kind]).bytes(fixed(it.hash, HASH_BYTES));
      return;
    case 'block':
      w.bytes(encodeBlock(msg.block));
      return;
    case 'tx':
      w.bytes(encodeTx(msg.tx));
      return;
    case 'getheaders':
      w.varint(msg.locator.length);
      for (const h of msg.locator) w.bytes(fixed(h, HASH_BYTES));
      w.bytes(fixed(msg.stop, HASH_BYTES));
      return;
    case 'headers':
      w.varint(msg.headers.length);
      for (const h of msg.headers) writeHeader(w, h);
      return;
    case 'peers':
      w.varint(msg.peers.length);
      for (const p of msg.peers) w.bytes(fixed(p.key, PUBKEY_BYTES)).varBytes(idBytes(p.id));
      return;
    case 'relay-signal':
      w.varBytes(idBytes(msg.to)).varBytes(idBytes(msg.from));
      if (msg.payload.length > MAX_SIGNAL_BYTES) throw new RangeError('signal payload too large');
      w.varBytes(msg.payload);
      return;
  }
}

/**
 * Decodes one frame. The size is checked first, then the wire version and type; the payload
 * must be consumed exactly (one message has one encoding).
 */
export function decodeFrame(frame: Uint8Array): Message {
  if (frame.length > MAX_FRAME_BYTES) {
    throw new DecodeError('too-large', `frame of ${frame.length} bytes`);
  }
  const r = new Reader(frame);
  const version = r.u8('wire version');
  if (version !== WIRE_VERSION) throw new DecodeError('unknown-type', `wire version ${version}`);
  const code = r.u8('message type');
  const name = NAMES[code];
  if (name === undefined) throw new DecodeError('unknown-type', `message type ${code}`);
  const msg = readPayload(r, name, frame);
  if (msg.type !== 'block' && msg.type !== 'tx') r.end(name);
  return msg;
}

function readPayload(r: Reader, name: MessageName, frame: Uint8Array): Message {
  switch (name) {
    case 'hello':
      return {
        type: 'hello',
        version: r.u32('version'),
        genesis: r.bytes(HASH_BYTES, 'genesis'),
        tip: {
          hash: r.bytes(HASH_BYTES, 'tip'),
          height: r.u32('tip height'),
          chainWork: bytesToBigIntBE(r.bytes(WORK_BYTES, 'tip work')),
        },
        publicKey: r.bytes(PUBKEY_BYTES, 'public key'),
        name: readUtf8(r, MAX_NAME_BYTES, 'name'),
        colour: r.u8('colour'),
        challenge: r.bytes(CHALLENGE_BYTES, 'challenge'),
      };
    case 'auth':
      return { type: 'auth', signature: r.bytes(SIGNATURE_BYTES, 'signature') };
    case 'ping':
    case 'pong':
      return { type: name, nonce: r.u64('nonce') };
    case 'inv':
    case 'getdata':
    case 'notfound':
      return { type: name, items: readItems(r) };
    case 'block':
      // The rest of the frame is the block; decodeBlock bounds it and requires exact length.
      return { type: 'block', block: decodeBlock(frame.subarray(FRAME_HEADER_BYTES)) };
    case 'tx': {
      const tx = decodeTx(frame.subarray(FRAME_HEADER_BYTES));
      if (tx.type !== 'transfer')
        throw new DecodeError('unknown-type', 'a reward travels in a block');
      return { type: 'tx', tx };
    }
    case 'getheaders': {
      const n = boundedCount(r, HASH_BYTES, HASH_BYTES, 'locator');
      const locator: Hash[] = [];
      for (let i = 0; i < n; i++) locator.push(r.bytes(HASH_BYTES, 'locator'));
      return { type: 'getheaders', locator, stop: r.bytes(HASH_BYTES, 'stop') };
    }
    case 'headers': {
      const n = boundedCount(r, HEADER_BYTES, 0, 'headers');
      const headers = [];
      for (let i = 0; i < n; i++) headers.push(readHeader(r));
      return { type: 'headers', headers };
    }
    case 'peers': {
      const n = r.varint(MAX_PEERS_ITEMS, 'peers');
      const peers = [];
      for (let i = 0; i < n; i++) {
        const key = r.bytes(PUBKEY_BYTES, 'peer key');
        peers.push({ key, id: readUtf8(r, MAX_PEER_ID_BYTES, 'peer id') });
      }
      return { type: 'peers', peers };
    }
    case 'relay-signal':
      return {
        type: 'relay-signal',
        to: readUtf8(r, MAX_PEER_ID_BYTES, 'to'),
        from: readUtf8(r, MAX_PEER_ID_BYTES, 'from'),
        payload: r.varBytes(MAX_SIGNAL_BYTES, 'signal payload'),
      };
  }
}

/** The count rule a decoded message breaks, if any. */
export function messageViolation(msg: Message): LimitViolation | undefined {
  switch (msg.type) {
    case 'headers':
      return msg.headers.length > MAX_HEADERS_PER_MESSAGE ? 'too-many-headers' : undefined;
    case 'inv':
    case 'getdata':
    case 'notfound':
      return msg.items.length > MAX_INV_ITEMS ? 'too-many-inv' : undefined;
    case 'getheaders':
      return msg.locator.length > MAX_LOCATOR_ENTRIES ? 'locator-too-long' : undefined;
    default:
      return undefined;
  }
}

/** A count whose items (each `size` bytes, plus `after` trailing bytes) must be present. */
function boundedCount(r: Reader, size: number, after: number, what: string): number {
  const n = r.varint(Math.floor(MAX_FRAME_BYTES / size), what);
  if (n * size + after > r.remaining) {
    throw new DecodeError('truncated', `${what}: ${n} items do not fit ${r.remaining} bytes`);
  }
  return n;
}

function readItems(r: Reader): InvItem[] {
  const n = boundedCount(r, INV_ITEM_BYTES, 0, 'inventory');
  const items: InvItem[] = [];
  for (let i = 0; i < n; i++) {
    const kind = r.u8('inventory kind');
    if (kind !== INV_KIND.block && kind !== INV_KIND.tx) {
      throw new DecodeError('unknown-type', `inventory kind ${kind}`);
    }
    items.push({
      kind: kind === INV_KIND.block ? 'block' : 'tx',
      hash: r.bytes(HASH_BYTES, 'hash'),
    });
  }
  return items;
}

function readUtf8(r: Reader, max: number, what: string): string {
  const bytes = r.varBytes(max, what);
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new DecodeError('non-canonical', `${what}: not UTF-8`);
  }
}

/** A node name cut to at most `max` UTF-8 bytes at a character boundary. */
function truncateUtf8(s: string, max: number): Uint8Array {
  let out = utf8.encode(s);
  while (out.length > max) {
    s = [...s].slice(0, -1).join('');
    out = utf8.encode(s);
  }
  return out;
}

function idBytes(id: string): Uint8Array {
  const b = utf8.encode(id);
  if (b.length > MAX_PEER_ID_BYTES) throw new RangeError(`peer id of ${b.length} bytes`);
  return b;
}

function fixed(b: Uint8Array, n: number): Uint8Array {
  if (b.length !== n) throw new RangeError(`expected ${n} bytes, got ${b.length}`);
  return b;
}

function clampWork(work: bigint): bigint {
  return work < 0n ? 0n : work > MAX_WORK ? MAX_WORK : work;
}
