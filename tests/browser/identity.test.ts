/**
 * Identity claims in real Chromium: the real localStorage registry, real navigator.locks (the
 * test page is a secure context) and real BroadcastChannel. Each claimIdentity call with its
 * own session storage stands for one tab; Playwright tests cover real tabs and reloads.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  claimIdentity,
  forgetIdentity,
  IdentityEndedError,
  listIdentities,
  type ClaimedIdentity,
  type ClaimOptions,
} from '../../src/identity/claim.js';
import { identityLockName } from '../../src/identity/locks.js';
import { IdentityRegistry, MemoryStorage } from '../../src/identity/registry.js';

const registry = new IdentityRegistry(localStorage);
let claims: ClaimedIdentity[] = [];

beforeEach(() => registry.clear());
afterEach(() => {
  for (const claim of claims) claim.release();
  claims = [];
  registry.clear();
});

/** One simulated tab's claim; released after the test. */
async function claim(options: ClaimOptions): Promise<ClaimedIdentity> {
  const claimed = await claimIdentity({ releaseOnPageHide: false, ...options });
  claims.push(claimed);
  return claimed;
}

/** A copy of a tab's session storage, as a duplicated tab or a reloaded page has. */
function copyOf(session: Storage): MemoryStorage {
  const copy = new MemoryStorage();
  for (let i = 0; i < session.length; i++) {
    const key = session.key(i)!;
    copy.setItem(key, session.getItem(key)!);
  }
  return copy;
}

/** Resolves with the reason once the claim's signal aborts. */
function ended(claimed: ClaimedIdentity): Promise<unknown> {
  return new Promise((resolve) => {
    if (claimed.signal.aborted) resolve(claimed.signal.reason);
    claimed.signal.addEventListener('abort', () => resolve(claimed.signal.reason));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('the test page is a secure context with Web Locks', () => {
  expect(isSecureContext).toBe(true);
  expect(typeof navigator.locks.request).toBe('function');
});

const modes = [
  { how: 'locks', options: {} },
  { how: 'broadcast', options: { locks: null, channelName: 'tabchain-identity-test' } },
] as const;

describe.each(modes)('with $how', ({ how, options }) => {
  test('two tabs get two identities', async () => {
    const a = await claim({ ...options, session: new MemoryStorage() });
    const b = await claim({ ...options, session: new MemoryStorage() });
    expect([a.how, b.how]).toEqual([how, how]);
    expect(b.identity.id).not.toBe(a.identity.id);
    expect(b.identity.publicKey).not.toEqual(a.identity.publicKey);
    expect([a.adopted, b.adopted]).toEqual([false, false]);
    expect(
      registry
        .list()
        .map((r) => r.id)
        .sort(),
    ).toEqual([a.identity.id, b.identity.id].sort());
    // Least-used colour: the second identity does not repeat the first one's.
    expect(b.identity.colour).not.toBe(a.identity.colour);
  });

  test('a released identity is adopted by the next tab', async () => {
    const a = await claim({ ...options, session: new MemoryStorage() });
    await claim({ ...options, session: new MemoryStorage() });
    a.release();
    expect(a.signal.aborted).toBe(true);
    expect((a.signal.reason as IdentityEndedError).why).toBe('released');
    const c = await claim({ ...options, session: new MemoryStorage() });
    expect(c.identity.id).toBe(a.identity.id);
    expect(c.identity.secretKey).toEqual(a.identity.secretKey);
    expect([c.adopted, c.resumed]).toEqual([true, false]);
  });

  test('a session id still held elsewhere is given up after the bounded wait', async () => {
    const session = new MemoryStorage();
    const a = await claim({ ...options, session });
    const b = await claim({ ...options, session: new MemoryStorage() });
    const started = performance.now();
    // Same session contents as a: a duplicated tab while the original lives.
    const c = await claim({ ...options, session: copyOf(session), resumeWaitMs: 600 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(550);
    expect(c.identity.id).not.toBe(a.identity.id);
    expect(c.identity.id).not.toBe(b.identity.id);
    expect([c.adopted, c.resumed]).toEqual([false, false]);
  });

  test('a reload resumes the same identity', async () => {
    const session = new MemoryStorage();
    const a = await claim({ ...options, session });
    await claim({ ...options, session: new MemoryStorage() });
    a.release();
    const reloaded = await claim({ ...options, session });
    expect(reloaded.identity.id).toBe(a.identity.id);
    expect([reloaded.adopted, reloaded.resumed]).toEqual([true, true]);
  });

  test('a tab can ask for a new identity, or prefer a free one', async () => {
    const session = new MemoryStorage();
    const a = await claim({ ...options, session });
    a.release();
    const b = await claim({ ...options, session, create: true });
    expect(b.identity.id).not.toBe(a.identity.id);
    expect([b.adopted, b.resumed]).toEqual([false, false]);
    const c = await claim({ ...options, session: new MemoryStorage() });
    const d = await claim({ ...options, session: new MemoryStorage() });
    c.release();
    d.release();
    const e = await claim({ ...options, session: new MemoryStorage(), prefer: c.identity.id });
    expect([e.identity.id, e.adopted]).toEqual([c.identity.id, true]);
  });

  test('a reload waits for the old page to let go', async () => {
    const session = new MemoryStorage();
    const a = await claim({ ...options, session });
    const reloading = claim({ ...options, session: copyOf(session) });
    await sleep(700);
    a.release();
    const reloaded = await reloading;
    expect(reloaded.identity.id).toBe(a.identity.id);
    expect(reloaded.resumed).toBe(true);
  });

  test('concurrent claims never share an identity (10 runs)', async () => {
    for (let run = 0; run < 10; run++) {
      // Two free identities, most recently used first: three tabs race for them.
      const first = await claim({ ...options, session: new MemoryStorage() });
      const second = await claim({ ...options, session: new MemoryStorage() });
      first.release();
      second.release();
      const racers = await Promise.all(
        [0, 1, 2].map(() => claim({ ...options, session: new MemoryStorage() })),
      );
      const ids = racers.map((c) => c.identity.id);
      expect(new Set(ids).size).toBe(3);
      // The loser of the first free identity goes on to the second: nothing is wasted.
      expect(racers.filter((c) => c.adopted).length).toBe(2);
      for (const c of racers) c.release();
      claims = [];
      registry.clear();
    }
  });

  test('the old-nodes list shows which identities are held; only free ones are forgotten', async () => {
    const a = await claim({ ...options, session: new MemoryStorage() });
    const b = await claim({ ...options, session: new MemoryStorage() });
    b.release();
    const list = await listIdentities(options);
    expect(list.map((s) => [s.id, s.held])).toEqual([
      [b.identity.id, false],
      [a.identity.id, true],
    ]);
    expect(list[0]!.publicKey).toEqual(b.identity.publicKey);
    expect(await forgetIdentity(a.identity.id, options)).toBe(false);
    expect(await forgetIdentity(b.identity.id, options)).toBe(true);
    expect(registry.list().map((r) => r.id)).toEqual([a.identity.id]);
    // A tab remembering a forgotten identity does not bring it back.
    const session = new MemoryStorage();
    session.setItem('tabchain:node', b.identity.id);
    const c = await claim({ ...options, session, resumeWaitMs: 100 });
    expect(c.identity.id).not.toBe(b.identity.id);
    expect(c.resumed).toBe(false);
  });
});

test('locks: a stolen lock ends the claim as lost', async () => {
  const a = await claim({ session: new MemoryStorage() });
  const end = ended(a);
  await navigator.locks.request(identityLockName(a.identity.id), { steal: true }, () => {});
  const reason = await end;
  expect(reason).toBeInstanceOf(IdentityEndedError);
  expect((reason as IdentityEndedError).why).toBe('lost');
});

test('broadcast: a fresh heartbeat counts as held even when nobody answers', async () => {
  const options = { locks: null, channelName: 'tabchain-identity-test' } as const;
  const a = await claim({ ...options, session: new MemoryStorage() });
  a.release();
  // A frozen tab holding a's identity: it cannot answer, but its heartbeat is fresh.
  registry.beat(a.identity.id, { at: Date.now(), by: 'frozen-tab', tab: 'other' });
  const b = await claim({ ...options, session: new MemoryStorage() });
  expect(b.identity.id).not.toBe(a.identity.id);
  // Once stale, the identity is free again.
  registry.beat(a.identity.id, { at: Date.now() - 60_000, by: 'frozen-tab', tab: 'other' });
  const c = await claim({ ...options, session: new MemoryStorage() });
  expect(c.identity.id).toBe(a.identity.id);
});

test('broadcast: a holder that wakes to find another claim on its id gives it up', async () => {
  const options = { locks: null, channelName: 'tabchain-identity-test', heartbeatMs: 50 };
  const a = await claim({ ...options, session: new MemoryStorage() });
  const end = ended(a);
  // What a claim taken while a was frozen leaves behind.
  registry.beat(a.identity.id, { at: Date.now(), by: 'newer-claim', tab: 'other' });
  const reason = await end;
  expect((reason as IdentityEndedError).why).toBe('lost');
  expect(registry.heartbeat(a.identity.id)?.by).toBe('newer-claim');
});
