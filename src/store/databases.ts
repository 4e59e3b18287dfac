/**
 * The node databases on this origin: how they are named, listed and deleted, so the page can
 * show old nodes' chains and free their space (DESIGN "Persistence").
 *
 * Naming: `tabchain:<nodeId>:<chain>[:<room>]`
 * - nodeId: the node identity's id, 1-64 of [A-Za-z0-9_-]; one database per node and room.
 * - chain: the first 16 hex digits of the room's chain id (the genesis hash) in display
 *   order. The genesis is not mined, so these 64 bits are uniformly random: rooms on one
 *   origin never collide in practice.
 * - room: the room name, for display only (the chain id already commits to it).
 */
import { hashToHex, type Hash } from '../core/hash.js';
import { StoreError } from '../node/ports.js';

/** First segment of every node database name. */
export const DB_PREFIX = 'tabchain';

/** Hex digits of the chain id kept in a database name. */
export const CHAIN_ID_DIGITS = 16;

/** How long deleteNodeDatabase waits for other tabs to close the database. */
export const DEFAULT_DELETE_TIMEOUT_MS = 10_000;

const NODE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const CHAIN = new RegExp(`^[0-9a-f]{${CHAIN_ID_DIGITS}}$`);
const ROOM = /^[A-Za-z0-9_-]{1,40}$/;

/** A node database found on the origin, its name taken apart. */
export interface NodeDatabase {
  readonly name: string;
  readonly nodeId: string;
  /** Short chain id: CHAIN_ID_DIGITS hex digits of the genesis hash, display order. */
  readonly chain: string;
  readonly room: string | undefined;
  /** Schema version on disk, when the browser reports it. */
  readonly version: number | undefined;
}

/** The short form of a chain id used in database names. */
export function shortChainId(chainId: Hash): string {
  return hashToHex(chainId).slice(0, CHAIN_ID_DIGITS);
}

/** The database name of a node in a room; throws RangeError on an id or room unfit for it. */
export function nodeDatabaseName(nodeId: string, chainId: Hash, room?: string): string {
  if (!NODE_ID.test(nodeId)) throw new RangeError(`node id '${nodeId}' unfit for a database name`);
  if (room !== undefined && !ROOM.test(room)) {
    throw new RangeError(`room '${room}' unfit for a database name`);
  }
  const base = `${DB_PREFIX}:${nodeId}:${shortChainId(chainId)}`;
  return room === undefined ? base : `${base}:${room}`;
}

/** A node database name taken apart, or undefined for any other database. */
export function parseNodeDatabaseName(name: string, version?: number): NodeDatabase | undefined {
  const [prefix, nodeId, chain, room, ...rest] = name.split(':');
  if (prefix !== DB_PREFIX || rest.length > 0) return undefined;
  if (nodeId === undefined || !NODE_ID.test(nodeId)) return undefined;
  if (chain === undefined || !CHAIN.test(chain)) return undefined;
  if (room !== undefined && !ROOM.test(room)) return undefined;
  return { name, nodeId, chain, room, version };
}

/**
 * The node databases on the origin, sorted by name. Empty where the browser cannot list
 * databases (IDBFactory.databases() is missing before Firefox 126).
 */
export async function listNodeDatabases(factory: IDBFactory = indexedDB): Promise<NodeDatabase[]> {
  if (typeof factory.databases !== 'function') return [];
  const infos = await factory.databases();
  const out: NodeDatabase[] = [];
  for (const info of infos) {
    const parsed =
      info.name === undefined ? undefined : parseNodeDatabaseName(info.name, info.version);
    if (parsed) out.push(parsed);
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Deletes a node database. Open IdbStores on it close themselves (versionchange), so the
 * delete goes through; a connection that stays open past the timeout rejects the call with
 * StoreError('blocked'), while the browser still deletes the database once it closes.
 * Refuses names that are not node databases, so a bug cannot wipe anything else.
 */
export function deleteNodeDatabase(
  name: string,
  factory: IDBFactory = indexedDB,
  timeoutMs = DEFAULT_DELETE_TIMEOUT_MS,
): Promise<void> {
  if (!parseNodeDatabaseName(name)) {
    return Promise.reject(new RangeError(`'${name}' is not a node database`));
  }
  return new Promise((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const request = factory.deleteDatabase(name);
    request.onsuccess = () => {
      clearTimeout(timer);
      resolve();
    };
    request.onerror = () => {
      clearTimeout(timer);
      reject(new StoreError('unknown', `deleting ${name}: ${String(request.error)}`));
    };
    request.onblocked = () => {
      timer ??= setTimeout(() => {
        reject(new StoreError('blocked', `deleting ${name}: still open in another tab`));
      }, timeoutMs);
    };
  });
}

/**
 * Asks the browser not to evict this origin's data under storage pressure (threat model 42).
 * True when granted; false where refused or unavailable (not a secure context, old browser).
 */
export async function requestPersistentStorage(): Promise<boolean> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (typeof storage?.persist !== 'function') return false;
  try {
    return await storage.persist();
  } catch {
    return false;
  }
}
