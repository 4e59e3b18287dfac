/**
 * The origin's registry of node identities, in localStorage, apart from the chain databases.
 *
 * Why localStorage: it exists in every context the page runs in (plain http from a LAN
 * hostname included, where crypto.subtle and navigator.locks do not), reads synchronously so
 * a tab can pick its identity before anything else starts, and stays untouched when a chain
 * database is deleted, blocked or corrupt. Its weakness is that it has no transactions: two
 * tabs doing read-modify-write on one shared list can lose each other's update, and a lost
 * identity is a lost secret key. So each identity is its own key, written whole by one tab:
 *
 *   tabchain:identity:<id>   {"v":1,"id","name","colour","seed":<64 hex>,"created","lastUsed"}
 *   tabchain:heartbeat:<id>  {"at":<ms>,"by":<claim token>,"tab":<tab token>}
 *
 * Only the tab holding an identity writes its keys after creation (lastUsed, heartbeat), so
 * no two writers race on one key. Heartbeats matter only to the BroadcastChannel protocol.
 */
import { bytesToHex, hexToBytes } from '../core/bytes.js';
import { keyPairFromSeed } from '../core/tx.js';
import { friendlyName, leastUsedColour, PALETTE_SIZE, type RandomIndex } from './names.js';
import type { NodeIdentity } from '../node/types.js';

/** Key prefix of identity records. */
export const IDENTITY_KEY_PREFIX = 'tabchain:identity:';
/** Key prefix of holders' heartbeats. */
export const HEARTBEAT_KEY_PREFIX = 'tabchain:heartbeat:';
/** Record format version, so a later format can tell old records apart. */
export const RECORD_VERSION = 1;
/** Bytes of an Ed25519 seed (RFC 8032 secret key). */
export const SEED_BYTES = 32;

/** An identity id: 8 lowercase hex digits (32 random bits), fit for lock and database names. */
const ID = /^[0-9a-f]{8}$/;
const SEED = /^[0-9a-f]{64}$/;

/** One stored identity: everything needed to rebuild the node's key, name and colour. */
export interface IdentityRecord {
  readonly id: string;
  readonly name: string;
  readonly colour: number;
  /** The Ed25519 seed (secret key); the public key derives from it. */
  readonly seed: Uint8Array;
  /** When it was made, ms since the epoch. */
  readonly created: number;
  /** When a tab last claimed or released it; adoption prefers the most recent. */
  readonly lastUsed: number;
}

/** A holder's sign of life, for tabs that cannot hold a Web Lock. */
export interface Heartbeat {
  /** When it was written, ms since the epoch (Date.now: comparable across tabs). */
  readonly at: number;
  /** Token of the claim that wrote it. */
  readonly by: string;
  /** Token of the browser tab (kept across reloads in sessionStorage). */
  readonly tab: string;
}

/** True for a well-formed identity id. */
export function isIdentityId(id: unknown): id is string {
  return typeof id === 'string' && ID.test(id);
}

/** The stored text of a record. */
export function encodeRecord(r: IdentityRecord): string {
  const { id, name, colour, created, lastUsed } = r;
  return JSON.stringify({
    v: RECORD_VERSION,
    id,
    name,
    colour,
    seed: bytesToHex(r.seed),
    created,
    lastUsed,
  });
}

/** A record read back, or undefined for anything malformed (never throws on foreign data). */
export function decodeRecord(text: string | null): IdentityRecord | undefined {
  const o = parseObject(text);
  if (!o || o.v !== RECORD_VERSION || !isIdentityId(o.id)) return undefined;
  if (typeof o.name !== 'string' || o.name.length === 0 || o.name.length > 64) return undefined;
  if (!Number.isInteger(o.colour) || (o.colour as number) < 0) return undefined;
  if ((o.colour as number) >= PALETTE_SIZE) return undefined;
  if (typeof o.seed !== 'string' || !SEED.test(o.seed)) return undefined;
  if (!isTime(o.created) || !isTime(o.lastUsed)) return undefined;
  return {
    id: o.id,
    name: o.name,
    colour: o.colour as number,
    seed: hexToBytes(o.seed),
    created: o.created,
    lastUsed: o.lastUsed,
  };
}

/** The stored text of a heartbeat. */
export function encodeHeartbeat(h: Heartbeat): string {
  return JSON.stringify({ at: h.at, by: h.by, tab: h.tab });
}

/** A heartbeat read back, or undefined for anything malformed. */
export function decodeHeartbeat(text: string | null): Heartbeat | undefined {
  const o = parseObject(text);
  if (!o || !isTime(o.at) || typeof o.by !== 'string' || typeof o.tab !== 'string') {
    return undefined;
  }
  return { at: o.at, by: o.by, tab: o.tab };
}

function parseObject(text: string | null): Record<string, unknown> | undefined {
  if (text === null) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function isTime(t: unknown): t is number {
  return typeof t === 'number' && Number.isSafeInteger(t) && t >= 0;
}

/** The node identity a record stands for: the key pair derived from its seed. */
export function toNodeIdentity(r: IdentityRecord): NodeIdentity {
  const { secretKey, publicKey } = keyPairFromSeed(r.seed);
  return { id: r.id, name: r.name, colour: r.colour, secretKey, publicKey };
}

/** Fills a buffer with random bytes; crypto.getRandomValues in the browser. */
export type RandomBytes = (length: number) => Uint8Array;

/** Random bytes from crypto.getRandomValues, which non-secure contexts keep. */
export function cryptoRandomBytes(length: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(length));
}

/** A fresh identity: random seed and id, a name not yet in use, the least-used colour. */
export function newIdentityRecord(
  existing: readonly IdentityRecord[],
  now: number,
  randomBytes: RandomBytes = cryptoRandomBytes,
  randomIndex?: RandomIndex,
): IdentityRecord {
  const ids = new Set(existing.map((r) => r.id));
  let id: string;
  do id = bytesToHex(randomBytes(4));
  while (ids.has(id));
  const name = friendlyName(randomIndex, new Set(existing.map((r) => r.name)));
  const colour = leastUsedColour(existing.map((r) => r.colour));
  return { id, name, colour, seed: randomBytes(SEED_BYTES), created: now, lastUsed: now };
}

/** The identity records and heartbeats in one Storage (localStorage in the app). */
export class IdentityRegistry {
  readonly #storage: Storage;

  constructor(storage: Storage) {
    this.#storage = storage;
  }

  /** Every readable record, most recently used first (the order tabs adopt them in). */
  list(): IdentityRecord[] {
    const out: IdentityRecord[] = [];
    for (const key of this.#keys(IDENTITY_KEY_PREFIX)) {
      const record = decodeRecord(this.#storage.getItem(key));
      if (record && key === IDENTITY_KEY_PREFIX + record.id) out.push(record);
    }
    return out.sort((a, b) => b.lastUsed - a.lastUsed || (a.id < b.id ? -1 : 1));
  }

  /** One record, or undefined if absent or unreadable. */
  get(id: string): IdentityRecord | undefined {
    const record = decodeRecord(this.#storage.getItem(IDENTITY_KEY_PREFIX + id));
    return record?.id === id ? record : undefined;
  }

  /** Stores a record; false when storage refuses (quota), so the caller can say so. */
  put(record: IdentityRecord): boolean {
    return this.#set(IDENTITY_KEY_PREFIX + record.id, encodeRecord(record));
  }

  /** Stamps a record as used now; does nothing if it was forgotten meanwhile. */
  touch(id: string, now: number): void {
    const record = this.get(id);
    if (record) this.put({ ...record, lastUsed: now });
  }

  /** Deletes a record and its heartbeat: the secret key is gone for good. */
  remove(id: string): void {
    this.#storage.removeItem(IDENTITY_KEY_PREFIX + id);
    this.#storage.removeItem(HEARTBEAT_KEY_PREFIX + id);
  }

  /** The latest heartbeat for an id, if any. */
  heartbeat(id: string): Heartbeat | undefined {
    return decodeHeartbeat(this.#storage.getItem(HEARTBEAT_KEY_PREFIX + id));
  }

  /** Writes a heartbeat; false when storage refuses. */
  beat(id: string, heartbeat: Heartbeat): boolean {
    return this.#set(HEARTBEAT_KEY_PREFIX + id, encodeHeartbeat(heartbeat));
  }

  /** Removes a heartbeat, but only one written by `by`: never erase a newer holder's. */
  clearHeartbeat(id: string, by: string): void {
    if (this.heartbeat(id)?.by === by) this.#storage.removeItem(HEARTBEAT_KEY_PREFIX + id);
  }

  /** Deletes every record and heartbeat (tests; a "forget everything" button). */
  clear(): void {
    for (const key of [...this.#keys(IDENTITY_KEY_PREFIX), ...this.#keys(HEARTBEAT_KEY_PREFIX)]) {
      this.#storage.removeItem(key);
    }
  }

  #keys(prefix: string): string[] {
    const keys: string[] = [];
    for (let i = 0; i < this.#storage.length; i++) {
      const key = this.#storage.key(i);
      if (key?.startsWith(prefix)) keys.push(key);
    }
    return keys;
  }

  #set(key: string, value: string): boolean {
    try {
      this.#storage.setItem(key, value);
      return true;
    } catch {
      return false;
    }
  }
}

/** A Storage held in memory: tests, and the fallback when the browser blocks localStorage. */
export class MemoryStorage implements Storage {
  readonly #map = new Map<string, string>();
  [name: string]: unknown;

  /** Number of keys. */
  get length(): number {
    return this.#map.size;
  }

  /** Removes every key. */
  clear(): void {
    this.#map.clear();
  }

  /** The value of a key, or null. */
  getItem(key: string): string | null {
    return this.#map.get(key) ?? null;
  }

  /** The key at an index, or null. */
  key(index: number): string | null {
    return [...this.#map.keys()][index] ?? null;
  }

  /** Removes a key. */
  removeItem(key: string): void {
    this.#map.delete(key);
  }

  /** Sets a key. */
  setItem(key: string, value: string): void {
    this.#map.set(key, String(value));
  }
}
