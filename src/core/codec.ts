/**
 * Canonical binary encoding: little-endian integers and Bitcoin's CompactSize lengths.
 * Every read is bounds-checked and every length is capped by the caller before anything is
 * allocated, so bytes from a peer can only produce a value or a DecodeError.
 */
import { DecodeError } from './errors.js';

/** Appends fields to a growing buffer. */
export class Writer {
  #buf: Uint8Array;
  #view: DataView;
  #len = 0;

  constructor(capacity = 256) {
    this.#buf = new Uint8Array(capacity);
    this.#view = new DataView(this.#buf.buffer);
  }

  #reserve(n: number): number {
    const at = this.#len;
    if (at + n > this.#buf.length) {
      const next = new Uint8Array(Math.max(this.#buf.length * 2, at + n));
      next.set(this.#buf.subarray(0, at));
      this.#buf = next;
      this.#view = new DataView(next.buffer);
    }
    this.#len += n;
    return at;
  }

  /** One byte. */
  u8(v: number): this {
    const at = this.#reserve(1); // reserve first: it may replace the buffer and its view
    this.#view.setUint8(at, v);
    return this;
  }

  /** Unsigned 16-bit little-endian. */
  u16(v: number): this {
    const at = this.#reserve(2);
    this.#view.setUint16(at, v, true);
    return this;
  }

  /** Unsigned 32-bit little-endian. */
  u32(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`u32 out of range`);
    const at = this.#reserve(4);
    this.#view.setUint32(at, v, true);
    return this;
  }

  /** Unsigned 64-bit little-endian. */
  u64(v: bigint): this {
    if (v < 0n || v > 0xffffffffffffffffn) throw new RangeError('u64 out of range');
    const at = this.#reserve(8);
    this.#view.setBigUint64(at, v, true);
    return this;
  }

  /** Bitcoin's CompactSize, always in its shortest form. */
  varint(v: number): this {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError('varint out of range');
    if (v < 0xfd) return this.u8(v);
    if (v <= 0xffff) return this.u8(0xfd).u16(v);
    if (v <= 0xffffffff) return this.u8(0xfe).u32(v);
    return this.u8(0xff).u64(BigInt(v));
  }

  /** Raw bytes, no length prefix. */
  bytes(b: Uint8Array): this {
    const at = this.#reserve(b.length);
    this.#buf.set(b, at);
    return this;
  }

  /** Length-prefixed bytes. */
  varBytes(b: Uint8Array): this {
    return this.varint(b.length).bytes(b);
  }

  /** The bytes written so far (a copy sized exactly). */
  finish(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}

/** Reads fields from a buffer; every method throws DecodeError, never anything else. */
export class Reader {
  readonly #buf: Uint8Array;
  readonly #view: DataView;
  #pos = 0;

  constructor(buf: Uint8Array) {
    this.#buf = buf;
    this.#view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** Bytes not yet read. */
  get remaining(): number {
    return this.#buf.length - this.#pos;
  }

  /** Current offset. */
  get position(): number {
    return this.#pos;
  }

  #take(n: number, what: string): number {
    if (n > this.remaining) {
      throw new DecodeError('truncated', `${what}: need ${n} bytes, have ${this.remaining}`);
    }
    const at = this.#pos;
    this.#pos += n;
    return at;
  }

  /** One byte. */
  u8(what = 'u8'): number {
    return this.#view.getUint8(this.#take(1, what));
  }

  /** Unsigned 16-bit little-endian. */
  u16(what = 'u16'): number {
    return this.#view.getUint16(this.#take(2, what), true);
  }

  /** Unsigned 32-bit little-endian. */
  u32(what = 'u32'): number {
    return this.#view.getUint32(this.#take(4, what), true);
  }

  /** Unsigned 64-bit little-endian. */
  u64(what = 'u64'): bigint {
    return this.#view.getBigUint64(this.#take(8, what), true);
  }

  /** A CompactSize no larger than max; non-shortest forms are rejected. */
  varint(max: number, what = 'varint'): number {
    const first = this.u8(what);
    let v: number;
    if (first < 0xfd) v = first;
    else if (first === 0xfd) {
      v = this.u16(what);
      if (v < 0xfd) throw new DecodeError('non-canonical', `${what}: non-shortest CompactSize`);
    } else if (first === 0xfe) {
      v = this.u32(what);
      if (v <= 0xffff) throw new DecodeError('non-canonical', `${what}: non-shortest CompactSize`);
    } else {
      const big = this.u64(what);
      if (big <= 0xffffffffn)
        throw new DecodeError('non-canonical', `${what}: non-shortest CompactSize`);
      // Compare as bigint, so a u64 above 2^53 cannot round under max (max may be Infinity).
      const cap = BigInt(Math.min(Math.floor(max), Number.MAX_SAFE_INTEGER));
      if (big > cap) throw new DecodeError('too-large', `${what}: ${big} over ${max}`);
      v = Number(big);
    }
    if (v > max) throw new DecodeError('too-large', `${what}: ${v} over ${max}`);
    return v;
  }

  /** Exactly n bytes (a copy, so the result outlives the input buffer). */
  bytes(n: number, what = 'bytes'): Uint8Array {
    const at = this.#take(n, what);
    return this.#buf.slice(at, at + n);
  }

  /** Length-prefixed bytes of at most max bytes. */
  varBytes(max: number, what = 'bytes'): Uint8Array {
    return this.bytes(this.varint(max, what), what);
  }

  /** Fails unless every byte was consumed: one object has exactly one encoding. */
  end(what = 'object'): void {
    if (this.remaining !== 0) {
      throw new DecodeError('trailing-bytes', `${what}: ${this.remaining} bytes left over`);
    }
  }
}

/** Runs a decoder over a whole buffer, requiring every byte to be consumed. */
export function decodeAll<T>(bytes: Uint8Array, read: (r: Reader) => T, what: string): T {
  const r = new Reader(bytes);
  const value = read(r);
  r.end(what);
  return value;
}
