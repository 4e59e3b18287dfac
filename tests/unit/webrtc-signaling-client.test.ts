/**
 * The signaling client against the real server (127.0.0.1, ephemeral port, `ws` sockets):
 * join, relay, leave, and rejoining after the server goes away and comes back. Then against a
 * scripted socket on virtual time: pacing under the server's rate limit, bounded queues, and
 * garbage from the server. Waits are for events; assertions are on states and codes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ROOM_PATTERN, SIGNAL_PATH } from '../../signaling/protocol.js';
import { createSignalingServer, type SignalingServer } from '../../signaling/server.js';
import {
  SignalingClient,
  roomName,
  signalingUrl,
  type SignalingEvents,
  type WebSocketLike,
} from '../../src/net/signaling-client.js';
import { TEST_PARAMS } from '../support/blocks.js';
import { VirtualTime } from '../support/net-harness.js';

const HANG = { timeout: 20_000 };
const ROOM = roomName(TEST_PARAMS);
let staticDir: string;
const servers: SignalingServer[] = [];
const clients: SignalingClient[] = [];

beforeAll(async () => {
  staticDir = await mkdtemp(path.join(tmpdir(), 'tabchain-signal-'));
});
afterAll(() => rm(staticDir, { recursive: true, force: true }));
afterEach(async () => {
  clients.splice(0).forEach((c) => c.close());
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(port = 0): Promise<SignalingServer> {
  const server = await createSignalingServer({ port, host: '127.0.0.1', staticDir });
  servers.push(server);
  return server;
}

function client(server: SignalingServer, room = ROOM): SignalingClient {
  const url = `ws://127.0.0.1:${server.port}${SIGNAL_PATH}`;
  const c = new SignalingClient({ url, room, WebSocket, backoff: { baseMs: 20, maxMs: 200 } });
  clients.push(c);
  return c;
}

/** The next `name` event of `c` that matches. */
function next<K extends keyof SignalingEvents>(
  c: SignalingClient,
  name: K,
  match: (p: SignalingEvents[K]) => boolean = () => true,
): Promise<SignalingEvents[K]> {
  return new Promise((resolve) => {
    const off = c.on(name, (p) => {
      if (!match(p)) return;
      off();
      resolve(p);
    });
  });
}

describe('room names and URLs', () => {
  it('names a room by its genesis hash, so different parameters never share one', () => {
    expect(ROOM).toMatch(/^[0-9a-f]{64}$/);
    expect(ROOM_PATTERN.test(ROOM)).toBe(true);
    expect(roomName({ ...TEST_PARAMS, targetBlockTime: 11 })).not.toBe(ROOM);
    expect(signalingUrl({ protocol: 'https:', host: 'teacher:8080' })).toBe(
      'wss://teacher:8080/signal',
    );
    expect(signalingUrl({ protocol: 'http:', host: '10.0.0.5' })).toBe('ws://10.0.0.5/signal');
  });
});

describe('SignalingClient with the real server', HANG, () => {
  it('joins, learns whom to dial, relays a signal stamped by the server, hears a leave', async () => {
    const server = await serve();
    const a = client(server);
    const welcomeA = await next(a, 'welcome');
    expect(welcomeA.peers).toEqual([]);
    expect(a.state).toBe('joined');
    const b = client(server);
    const [welcomeB, joined] = await Promise.all([next(b, 'welcome'), next(a, 'peer-joined')]);
    expect(welcomeB.peers).toEqual([a.id]);
    expect(joined.id).toBe(b.id);

    const got = next(a, 'signal');
    expect(b.sendSignal(a.id!, { hello: 1 })).toBe(true);
    expect(await got).toEqual({ from: b.id, data: { hello: 1 } });

    const unknown = next(b, 'error');
    b.sendSignal('no-such-peer', 1);
    expect(await unknown).toMatchObject({ code: 'unknown-peer', peer: 'no-such-peer' });

    const left = next(a, 'peer-left');
    const bId = b.id;
    b.close();
    expect(await left).toEqual({ id: bId });
    expect(b.state).toBe('closed');
    expect(b.sendSignal(a.id!, 1)).toBe(false);
  });

  it('rejoins under a new id after the server goes away and comes back', async () => {
    const server = await serve();
    const a = client(server);
    await next(a, 'welcome');
    const firstId = a.id;
    const waiting = next(a, 'state', (s) => s.state === 'waiting');
    await server.close();
    expect(await waiting).toMatchObject({ state: 'waiting', code: 1001 });
    expect(a.id).toBeUndefined();
    expect(a.sendSignal('x', 1)).toBe(false);
    await serve(server.port);
    const again = await next(a, 'welcome');
    expect(again.id).not.toBe(firstId);
    expect(a.state).toBe('joined');
  });
});

/** A socket the test drives: it records sends and delivers what the test pushes. */
class ScriptedSocket implements WebSocketLike {
  static last: ScriptedSocket | undefined;
  readyState = 0;
  readonly sent: string[] = [];
  closedWith: number | undefined;
  onopen: ((event: never) => void) | null = null;
  onmessage: ((event: never) => void) | null = null;
  onclose: ((event: never) => void) | null = null;
  onerror: ((event: never) => void) | null = null;

  constructor(readonly url: string) {
    ScriptedSocket.last = this;
  }

  send(data: string): void {
    this.sent.push(data);
  }

  close(code = 1000): void {
    this.closedWith = code;
    this.readyState = 3;
    (this.onclose as ((e: { code: number }) => void) | null)?.({ code });
  }

  open(): void {
    this.readyState = 1;
    (this.onopen as ((e: object) => void) | null)?.({});
  }

  deliver(data: unknown): void {
    const text = typeof data === 'string' ? data : JSON.stringify(data);
    (this.onmessage as ((e: { data: unknown }) => void) | null)?.({ data: text });
  }
}

function scripted(opts: { burst?: number; maxQueued?: number } = {}) {
  const vt = new VirtualTime(1_000_000);
  const c = new SignalingClient({
    url: 'ws://x/signal',
    room: ROOM,
    WebSocket: ScriptedSocket,
    timers: vt,
    now: vt.now,
    random: () => 0.5,
    rate: { perSecond: 10, burst: opts.burst ?? 40 },
    ...(opts.maxQueued !== undefined ? { maxQueued: opts.maxQueued } : {}),
  });
  clients.push(c);
  const ws = ScriptedSocket.last!;
  ws.open();
  expect(JSON.parse(ws.sent[0]!)).toEqual({ type: 'join', room: ROOM });
  ws.deliver({ type: 'welcome', id: 'me', room: ROOM, peers: ['p1', 'bad id!'] });
  return { vt, c, ws };
}

describe('SignalingClient on a scripted socket', () => {
  it('drops what is not a valid server message, and keeps the ids that are valid', () => {
    const events: unknown[] = [];
    const vt = new VirtualTime(0);
    const c = new SignalingClient({
      url: 'ws://x',
      room: ROOM,
      WebSocket: ScriptedSocket,
      timers: vt,
    });
    clients.push(c);
    c.on('welcome', (w) => events.push(w));
    c.on('signal', (s) => events.push(s));
    const ws = ScriptedSocket.last!;
    ws.open();
    for (const junk of [
      '{',
      '[]',
      'null',
      { type: 'signal', from: 'a b', data: 1 },
      { type: 'x' },
    ]) {
      ws.deliver(junk);
    }
    (ws.onmessage as (e: { data: unknown }) => void)({ data: new Uint8Array(3) });
    ws.deliver({ type: 'welcome', id: 'me', room: ROOM, peers: ['p1', 'bad id!', 7] });
    expect(events).toEqual([{ id: 'me', room: ROOM, peers: ['p1'] }]);
  });

  it('paces signals under the server rate and bounds what waits', () => {
    const { vt, c, ws } = scripted({ burst: 3, maxQueued: 2 });
    const before = ws.sent.length;
    for (let i = 0; i < 5; i++) expect(c.sendSignal('p1', { i })).toBe(true);
    expect(c.sendSignal('p1', { i: 5 })).toBe(false); // 3 sent, 2 waiting: the bound
    expect(ws.sent.length - before).toBe(3);
    vt.advance(1_000);
    expect(
      ws.sent.slice(before).map((s) => (JSON.parse(s) as { data: { i: number } }).data.i),
    ).toEqual([0, 1, 2, 3, 4]);
    expect(c.sendSignal('p1', 'x'.repeat(40_000))).toBe(false); // over MAX_SIGNAL_DATA_BYTES
    expect(c.sendSignal('not an id', 1)).toBe(false);
  });

  it('backs off on a full room, then drops queued signals with the session', () => {
    const { vt, c, ws } = scripted({ burst: 1 });
    const errors: string[] = [];
    c.on('error', (e) => errors.push(e.code));
    c.sendSignal('p1', 1);
    c.sendSignal('p1', 2); // waits for a token
    ws.deliver({ type: 'error', code: 'room-full', message: 'full' });
    expect(errors).toEqual(['room-full']);
    expect(ws.closedWith).toBe(1000);
    expect(c.state).toBe('waiting');
    const sentBefore = ws.sent.length;
    vt.advance(1_000); // the next socket is a new session: the old signal is not sent on it
    expect(ws.sent.length).toBe(sentBefore);
    expect(ScriptedSocket.last).not.toBe(ws);
  });
});
