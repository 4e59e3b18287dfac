/**
 * Holding a node identity with the Web Locks API, where it exists (secure contexts). The
 * browser releases a lock when its page goes away, crashes included, so a lock is the
 * exact answer to "is a live tab using this identity?" and nothing else is needed.
 */

/** Lock name for an identity; one exclusive lock per node, held for the tab's lifetime. */
export function identityLockName(id: string): string {
  return `tabchain-node-${id}`;
}

/** A lock this page holds until release(). */
export interface HeldLock {
  /** Lets the lock go; idempotent. */
  release(): void;
}

/**
 * Releases still on their way to the browser, by lock name. A lock is freed a task after
 * release(), so without this a page that releases an identity and claims again at once
 * would find its own lock still held.
 */
const releasing = new Map<string, Promise<void>>();

/**
 * Requests an exclusive lock. With waitMs 0 it only takes a free lock (ifAvailable); with
 * waitMs > 0 it queues for at most that long (a reloading page's old document may still hold
 * it for a moment). Resolves undefined when the lock was not obtained. `onLost` runs if
 * another page steals the lock later (we never steal; a future tool might).
 */
export async function acquireLock(
  locks: LockManager,
  name: string,
  waitMs: number,
  onLost: () => void,
): Promise<HeldLock | undefined> {
  await releasing.get(name);
  return new Promise((resolve, reject) => {
    let release = (): void => {};
    const held = new Promise<void>((r) => (release = r));
    // The API refuses ifAvailable together with a signal, so the two cases differ in kind.
    const controller = waitMs > 0 ? new AbortController() : undefined;
    const timer = controller ? setTimeout(() => controller.abort(), waitMs) : undefined;
    const options: LockOptions = controller
      ? { mode: 'exclusive', signal: controller.signal }
      : { mode: 'exclusive', ifAvailable: true };
    let granted = false;
    let released = false;
    const settled = locks
      .request(name, options, (lock) => {
        clearTimeout(timer);
        if (lock === null) {
          resolve(undefined);
          return undefined;
        }
        granted = true;
        resolve({ release: letGo });
        // The lock lives until this promise settles.
        return held;
      })
      .then(
        () => undefined,
        (e: unknown) => {
          clearTimeout(timer);
          if (granted) {
            if (!released) onLost();
          } else if (controller?.signal.aborted) resolve(undefined);
          else reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    function letGo(): void {
      if (released) return;
      released = true;
      release();
      const done = settled.finally(() => {
        if (releasing.get(name) === done) releasing.delete(name);
      });
      releasing.set(name, done);
    }
  });
}

/** Names of the identity locks held right now anywhere on the origin. */
export async function heldIdentityLocks(locks: LockManager): Promise<Set<string>> {
  await Promise.all(releasing.values());
  const snapshot = await locks.query();
  return new Set((snapshot.held ?? []).flatMap((l) => (l.name === undefined ? [] : [l.name])));
}
