/**
 * The two ways a tab holds an identity, behind one interface: a Web Lock where the browser
 * has them (secure contexts), the BroadcastChannel protocol where it does not.
 */
import { BroadcastClaimer, queryHolders, type BroadcastConfig } from './broadcast.js';
import { acquireLock, identityLockName, type HeldLock } from './locks.js';

/** How a tab holds its identity. */
export type ClaimHow = 'locks' | 'broadcast';

/** Claims and holds identity ids for one claimIdentity call. */
export interface ClaimStrategy {
  readonly how: ClaimHow;
  /** The ids worth trying, in the given order; drops those known to be held. */
  free(ids: readonly string[]): Promise<string[]>;
  /** Tries to hold an id, waiting up to waitMs for a holder that is going away. */
  claim(id: string, waitMs: number, sameTab: boolean): Promise<boolean>;
  /** Holds a brand-new id nobody else can know yet; false only if that impossibly fails. */
  hold(id: string): Promise<boolean>;
  /** Lets one id go. */
  release(id: string): void;
  /** Lets everything go and frees the strategy's resources. */
  close(): void;
}

/** Holding ids with exclusive Web Locks. */
export class LockStrategy implements ClaimStrategy {
  readonly how = 'locks';
  readonly #locks: LockManager;
  readonly #onLost: (id: string) => void;
  readonly #held = new Map<string, HeldLock>();

  constructor(locks: LockManager, onLost: (id: string) => void) {
    this.#locks = locks;
    this.#onLost = onLost;
  }

  /** Trying a lock with ifAvailable is instant, so nothing is filtered out beforehand. */
  free(ids: readonly string[]): Promise<string[]> {
    return Promise.resolve([...ids]);
  }

  /** Takes the id's lock, queueing up to waitMs for it. */
  async claim(id: string, waitMs: number): Promise<boolean> {
    const lock = await acquireLock(this.#locks, identityLockName(id), waitMs, () => {
      this.#held.delete(id);
      this.#onLost(id);
    });
    if (lock) this.#held.set(id, lock);
    return lock !== undefined;
  }

  /** A new id's lock is free unless 32 random bits collided. */
  hold(id: string): Promise<boolean> {
    return this.claim(id, 0);
  }

  /** Releases the id's lock. */
  release(id: string): void {
    this.#held.get(id)?.release();
    this.#held.delete(id);
  }

  /** Releases every lock. */
  close(): void {
    for (const id of [...this.#held.keys()]) this.release(id);
  }
}

/** Holding ids with the BroadcastChannel claim protocol and registry heartbeats. */
export class BroadcastStrategy implements ClaimStrategy {
  readonly how = 'broadcast';
  readonly #config: BroadcastConfig;
  readonly #claimer: BroadcastClaimer;

  constructor(config: BroadcastConfig, onLost: (id: string) => void) {
    this.#config = config;
    this.#claimer = new BroadcastClaimer(config, onLost);
  }

  /** One query round for all ids at once, instead of one window per held candidate. */
  async free(ids: readonly string[]): Promise<string[]> {
    const held = await queryHolders(this.#config.channelName, ids, this.#config.windowMs);
    return ids.filter((id) => !held.has(id));
  }

  /** Runs the protocol, and on failure retries until waitMs has passed. */
  async claim(id: string, waitMs: number, sameTab: boolean): Promise<boolean> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      if (await this.#claimer.claim(id, sameTab)) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise((r) => setTimeout(r, Math.min(left, this.#config.windowMs)));
    }
  }

  /** Starts answering for the new id and beating its heartbeat before anyone can see it. */
  hold(id: string): Promise<boolean> {
    this.#claimer.hold(id);
    return Promise.resolve(true);
  }

  /** Stops answering for the id and clears its heartbeat. */
  release(id: string): void {
    this.#claimer.release(id);
  }

  /** Leaves the channel. */
  close(): void {
    this.#claimer.close();
  }
}
