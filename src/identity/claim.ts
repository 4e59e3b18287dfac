/**
 * Which node this tab is (DESIGN "The node in the browser", threat model 41). Tabs of one
 * origin share storage, so each tab claims one identity (key, name, colour, database) and no
 * two live tabs ever hold the same one. In order, a tab
 *   1. resumes the identity its sessionStorage names (a reload keeps its node), waiting a
 *      little for the old page to let go;
 *   2. adopts a free registered identity, most recently used first (a reopened tab resumes
 *      its chain instead of starting a new one);
 *   3. makes a new identity.
 * It holds the identity with a Web Lock where navigator.locks exists, otherwise with the
 * BroadcastChannel protocol of broadcast.ts. The database name of a node in a room
 * is src/store/databases.ts's nodeDatabaseName(identity.id, chainId).
 */
import {
  DEFAULT_CHANNEL,
  DEFAULT_HEARTBEAT_MS,
  DEFAULT_STALE_MS,
  DEFAULT_WINDOW_MS,
  queryHolders,
  randomToken,
} from './broadcast.js';
import { acquireLock, heldIdentityLocks, identityLockName } from './locks.js';
import {
  IdentityRegistry,
  MemoryStorage,
  isIdentityId,
  newIdentityRecord,
  toNodeIdentity,
  type IdentityRecord,
} from './registry.js';
import { BroadcastStrategy, LockStrategy, type ClaimHow, type ClaimStrategy } from './strategy.js';
import type { NodeIdentity } from '../node/types.js';

export type { ClaimHow };

/** sessionStorage key naming this tab's identity, so a reload keeps its node. */
export const SESSION_KEY = 'tabchain:node';
/** How long a reloaded page waits for its old page to release its identity. */
export const DEFAULT_RESUME_WAIT_MS = 3_000;

/** Where the identity functions keep and coordinate things; all optional, for tests. */
export interface IdentityOptions {
  /** The registry's storage; localStorage by default. */
  readonly storage?: Storage;
  /** The Web Locks to use; navigator.locks by default; null forces the broadcast protocol. */
  readonly locks?: LockManager | null;
  /** BroadcastChannel name of the protocol. */
  readonly channelName?: string;
  /** How long the protocol waits for answers, in ms. */
  readonly windowMs?: number;
  /** Age past which a heartbeat no longer marks an id as held, in ms. */
  readonly staleMs?: number;
}

/** Options of claimIdentity. */
export interface ClaimOptions extends IdentityOptions {
  /** This tab's sessionStorage; sessionStorage by default. */
  readonly session?: Storage;
  /** An identity to try first (the "open this old node" button); skipped if held. */
  readonly prefer?: string;
  /** Make a new identity without resuming or adopting one (the "new node" button). */
  readonly create?: boolean;
  /** How long to wait for the session's identity to be released, in ms. */
  readonly resumeWaitMs?: number;
  /** How often a broadcast-protocol holder writes its heartbeat, in ms. */
  readonly heartbeatMs?: number;
  /**
   * Release on pagehide (default true in a page), so a reload can resume at once. A page
   * restored from the back/forward cache finds its claim ended (signal aborted): reload it.
   */
  readonly releaseOnPageHide?: boolean;
}

/** An identity this tab holds until release(). */
export interface ClaimedIdentity {
  readonly identity: NodeIdentity;
  /** Lets the identity go (idempotent); the node must stop using its database first. */
  release(): void;
  /** Web Locks, or the BroadcastChannel protocol where locks do not exist. */
  readonly how: ClaimHow;
  /** An existing identity (resumed or adopted), not a new one. */
  readonly adopted: boolean;
  /** The identity this tab had before a reload. */
  readonly resumed: boolean;
  /** False when storage refused a new identity: it lasts only as long as this page. */
  readonly registered: boolean;
  /** Aborts, with an IdentityEndedError, when this tab stops holding the identity. */
  readonly signal: AbortSignal;
}

/** Why a claim ended: released by this tab, or lost to another (stolen lock, frozen tab). */
export class IdentityEndedError extends Error {
  /** 'lost' means another tab may now run this node: stop writing to its database. */
  readonly why: 'released' | 'lost';

  constructor(why: 'released' | 'lost', id: string) {
    super(`identity ${id} ${why}`);
    this.name = 'IdentityEndedError';
    this.why = why;
  }
}

/** A registered identity as the "old nodes" list shows it (no secret key). */
export interface IdentitySummary {
  readonly id: string;
  readonly name: string;
  readonly colour: number;
  readonly publicKey: Uint8Array;
  readonly created: number;
  readonly lastUsed: number;
  /** Some live tab (this one included) holds it. */
  readonly held: boolean;
}

/** Claims one identity for this tab: resumes, adopts, or makes one (see the file comment). */
export async function claimIdentity(options: ClaimOptions = {}): Promise<ClaimedIdentity> {
  const env = resolve(options);
  const session = options.session ?? webStorage('sessionStorage');
  const remembered = readSession(session);
  const tab = remembered?.tab ?? randomToken();
  const controller = new AbortController();
  // Both are set once an identity is picked; losing a candidate on the way means nothing.
  let end = (_why: 'released' | 'lost'): void => {};
  let lost = (_id: string): void => {};
  const onLost = (id: string): void => lost(id);
  const strategy: ClaimStrategy = env.locks
    ? new LockStrategy(env.locks, onLost)
    : new BroadcastStrategy(
        { ...env, tab, heartbeatMs: options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS },
        onLost,
      );
  let picked: Picked;
  try {
    picked = await pick(env.registry, strategy, {
      create: options.create === true,
      prefer: options.prefer,
      remembered: remembered?.id,
      resumeWaitMs: options.resumeWaitMs ?? DEFAULT_RESUME_WAIT_MS,
    });
  } catch (e) {
    strategy.close();
    throw e;
  }
  const { record } = picked;
  lost = (id) => {
    if (id === record.id) end('lost');
  };
  // A new identity is registered only now that it is held, so no tab can adopt it meanwhile.
  const registered = picked.adopted || env.registry.put(record);
  if (picked.adopted) env.registry.touch(record.id, Date.now());
  writeSession(session, record.id, tab);

  const pageHide = options.releaseOnPageHide ?? typeof window !== 'undefined';
  const onPageHide = (): void => end('released');
  end = (why) => {
    end = () => {};
    if (pageHide) removeEventListener('pagehide', onPageHide);
    // Stamp lastUsed while still holding it, so a forget cannot interleave.
    if (why === 'released') env.registry.touch(record.id, Date.now());
    strategy.close();
    controller.abort(new IdentityEndedError(why, record.id));
  };
  if (pageHide) addEventListener('pagehide', onPageHide);
  return {
    identity: toNodeIdentity(record),
    release: () => end('released'),
    how: strategy.how,
    adopted: picked.adopted,
    resumed: picked.resumed,
    registered,
    signal: controller.signal,
  };
}

/** Every registered identity, most recently used first, with whether a live tab holds it. */
export async function listIdentities(options: IdentityOptions = {}): Promise<IdentitySummary[]> {
  const env = resolve(options);
  const records = env.registry.list();
  const held = await heldIds(
    env,
    records.map((r) => r.id),
  );
  return records.map((r) => {
    const { publicKey } = toNodeIdentity(r);
    const { id, name, colour, created, lastUsed } = r;
    return { id, name, colour, publicKey, created, lastUsed, held: held.has(id) };
  });
}

/**
 * Deletes an identity and its secret key for good; false, and nothing deleted, while a live
 * tab holds it. The node's databases are separate: delete them with src/store/databases.ts.
 */
export async function forgetIdentity(id: string, options: IdentityOptions = {}): Promise<boolean> {
  const env = resolve(options);
  if (env.locks) {
    // Holding the lock while deleting: no tab can claim the identity halfway through.
    const lock = await acquireLock(env.locks, identityLockName(id), 0, () => {});
    if (!lock) return false;
    env.registry.remove(id);
    lock.release();
    return true;
  }
  if ((await heldIds(env, [id])).has(id)) return false;
  env.registry.remove(id);
  return true;
}

interface Env {
  readonly registry: IdentityRegistry;
  readonly locks: LockManager | null;
  readonly channelName: string;
  readonly windowMs: number;
  readonly staleMs: number;
}

function resolve(options: IdentityOptions): Env {
  const nav = typeof navigator === 'undefined' ? undefined : (navigator as Partial<Navigator>);
  return {
    registry: new IdentityRegistry(options.storage ?? webStorage('localStorage')),
    locks: options.locks === undefined ? (nav?.locks ?? null) : options.locks,
    channelName: options.channelName ?? DEFAULT_CHANNEL,
    windowMs: options.windowMs ?? DEFAULT_WINDOW_MS,
    staleMs: options.staleMs ?? DEFAULT_STALE_MS,
  };
}

/** The ids some live tab holds: by lock, or by answer or fresh heartbeat. */
async function heldIds(env: Env, ids: readonly string[]): Promise<Set<string>> {
  if (env.locks) {
    const names = await heldIdentityLocks(env.locks);
    return new Set(ids.filter((id) => names.has(identityLockName(id))));
  }
  const held = await queryHolders(env.channelName, ids, env.windowMs);
  const now = Date.now();
  for (const id of ids) {
    const hb = env.registry.heartbeat(id);
    if (hb && Math.abs(now - hb.at) < env.staleMs) held.add(id);
  }
  return held;
}

interface Picked {
  readonly record: IdentityRecord;
  readonly adopted: boolean;
  readonly resumed: boolean;
}

/** New ids to try if a lock on a fresh random id is somehow taken. */
const NEW_ID_TRIES = 8;

async function pick(
  registry: IdentityRegistry,
  strategy: ClaimStrategy,
  want: { create: boolean; prefer?: string; remembered?: string; resumeWaitMs: number },
): Promise<Picked> {
  if (!want.create) {
    const existing = await pickExisting(registry, strategy, want);
    if (existing) return existing;
  }
  for (let i = 0; i < NEW_ID_TRIES; i++) {
    const record = newIdentityRecord(registry.list(), Date.now());
    if (await strategy.hold(record.id)) return { record, adopted: false, resumed: false };
  }
  throw new Error('could not hold a new identity');
}

/** Resumes the session's identity, or adopts a free one; undefined if none is free. */
async function pickExisting(
  registry: IdentityRegistry,
  strategy: ClaimStrategy,
  want: { prefer?: string; remembered?: string; resumeWaitMs: number },
): Promise<Picked | undefined> {
  const tried = new Set<string>();
  const attempt = async (id: string, waitMs: number, sameTab: boolean) => {
    tried.add(id);
    if (!registry.get(id) || !(await strategy.claim(id, waitMs, sameTab))) return undefined;
    // Forgotten by another tab while we were claiming it: do not bring it back.
    const record = registry.get(id);
    if (!record) strategy.release(id);
    return record;
  };
  const { prefer, remembered } = want;
  if (prefer !== undefined) {
    const record = await attempt(prefer, 0, false);
    if (record) return { record, adopted: true, resumed: prefer === remembered };
  }
  if (remembered !== undefined && !tried.has(remembered)) {
    const record = await attempt(remembered, want.resumeWaitMs, true);
    if (record) return { record, adopted: true, resumed: true };
  }
  const ids = registry.list().flatMap((r) => (tried.has(r.id) ? [] : [r.id]));
  for (const id of await strategy.free(ids)) {
    const record = await attempt(id, 0, false);
    if (record) return { record, adopted: true, resumed: false };
  }
  return undefined;
}

/** localStorage or sessionStorage, or memory where the browser blocks them (SecurityError). */
function webStorage(kind: 'localStorage' | 'sessionStorage'): Storage {
  try {
    const storage = globalThis[kind] as Storage | undefined;
    if (storage) return storage;
  } catch {
    // Storage disabled by the user: the node still runs, for this page only.
  }
  return new MemoryStorage();
}

function readSession(session: Storage): { id: string; tab: string | undefined } | undefined {
  const text = session.getItem(SESSION_KEY);
  // A bare id is accepted too, so a page or test can set it by hand.
  if (isIdentityId(text)) return { id: text, tab: undefined };
  try {
    const o = JSON.parse(text ?? 'null') as { id?: unknown; tab?: unknown } | null;
    if (!isIdentityId(o?.id)) return undefined;
    return { id: o.id, tab: typeof o.tab === 'string' ? o.tab : undefined };
  } catch {
    return undefined;
  }
}

function writeSession(session: Storage, id: string, tab: string): void {
  try {
    session.setItem(SESSION_KEY, JSON.stringify({ id, tab }));
  } catch {
    // Without it a reload adopts a free identity, most likely this one: no harm.
  }
}
