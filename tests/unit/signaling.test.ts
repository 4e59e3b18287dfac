/**
 * The signaling server, for real: a server on 127.0.0.1 with an ephemeral port, real `ws`
 * clients, real HTTP. Covers threat model section G (43-47); the per-address bounds of
 * issue 13 are in signaling-bounds.test.ts. Tests await events (a message, a close, an HTTP
 * response), never a sleep, and assert codes, never timings.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  CloseCode,
  isParseFailure,
  MAX_SIGNAL_DATA_BYTES,
  MAX_SIGNAL_DATA_DEPTH,
  parseClientMessage,
  SIGNAL_PATH,
} from '../../signaling/protocol.js';
import { TokenBucket } from '../../signaling/rate-limit.js';
import { Rooms } from '../../signaling/rooms.js';
import type { SignalingServer } from '../../signaling/server.js';
import { Client, HANG, start } from './helpers/signaling.js';

describe('relay', HANG, () => {
  it('welcomes the second peer with the first and stamps the sender of a spoofed signal', async () => {
    const server = await start();
    const a = await Client.joined(server, 'room-1');
    expect(a.welcome).toEqual({ type: 'welcome', id: a.id, room: 'room-1', peers: [] });
    const b = await Client.joined(server, 'room-1');
    expect(b.welcome.peers).toEqual([a.id]);
    expect(b.id).not.toBe(a.id);
    await expect(a.client.next('peer-joined')).resolves.toEqual({ type: 'peer-joined', id: b.id });

    const data = { type: 'offer', sdp: 'v=0...' };
    a.client.send({ type: 'signal', to: b.id, from: 'someone-else', data });
    const relayed = await b.client.next('signal');
    expect(relayed).toEqual({ type: 'signal', from: a.id, data });
  });

  it('does not deliver a signal to a peer in another room', async () => {
    const server = await start();
    const a = await Client.joined(server, 'room-1');
    const c = await Client.joined(server, 'room-2');
    a.client.send({ type: 'signal', to: c.id, data: 'hello' });
    const error = await a.client.next('error');
    expect(error).toMatchObject({ code: 'unknown-peer', peer: c.id });
    await c.client.barrier();
    expect(c.client.messages.filter((message) => message.type === 'signal')).toEqual([]);
    expect(a.client.ws.readyState).toBe(WebSocket.OPEN); // an honest race, not an offence
  });

  it('tells the room when a peer leaves or its socket closes', async () => {
    const server = await start();
    const a = await Client.joined(server, 'r');
    const b = await Client.joined(server, 'r');
    const c = await Client.joined(server, 'r');
    a.client.send({ type: 'leave' });
    await expect(b.client.next('peer-left')).resolves.toEqual({ type: 'peer-left', id: a.id });
    await expect(c.client.next('peer-left')).resolves.toEqual({ type: 'peer-left', id: a.id });
    b.client.ws.close();
    await expect(c.client.next('peer-left')).resolves.toEqual({ type: 'peer-left', id: b.id });
    expect(server.stats()).toEqual({ rooms: 1, peers: 1, connections: 2 });
  });

  it('offers at most sampleSize peers and tells only those of the newcomer', async () => {
    const server = await start({ sampleSize: 2 });
    const first: Array<Awaited<ReturnType<typeof Client.joined>>> = [];
    for (let i = 0; i < 4; i++) first.push(await Client.joined(server, 'r', {}));
    const late = await Client.joined(server, 'r');
    expect(late.welcome.peers).toHaveLength(2);
    expect(new Set(late.welcome.peers).size).toBe(2);
    for (const peer of first) await peer.client.barrier();
    const told = first.filter((peer) =>
      peer.client.messages.some((m) => m.type === 'peer-joined' && m.id === late.id),
    );
    expect(told.map((peer) => peer.id).sort()).toEqual([...late.welcome.peers].sort());
  });

  it('refuses a second join and a signal before joining without closing', async () => {
    const server = await start();
    const a = await Client.joined(server, 'r');
    a.client.send({ type: 'join', room: 'other' });
    await expect(a.client.next('error')).resolves.toMatchObject({ code: 'already-joined' });
    const b = await Client.connect(server);
    b.send({ type: 'signal', to: a.id, data: 1 });
    await expect(b.next('error')).resolves.toMatchObject({ code: 'not-joined' });
    expect(b.ws.readyState).toBe(WebSocket.OPEN);
  });
});

describe('abuse (threat model G)', HANG, () => {
  it.each([
    ['malformed JSON', '{"type": "join", ', 'bad-json', CloseCode.policyViolation],
    ['an unknown type', { type: 'hello' }, 'unknown-type', CloseCode.policyViolation],
    ['a bad room name', { type: 'join', room: '../etc' }, 'bad-room', CloseCode.policyViolation],
    [
      'a room name over 64',
      { type: 'join', room: 'x'.repeat(65) },
      'bad-room',
      CloseCode.policyViolation,
    ],
    ['a non-object', [1, 2, 3], 'bad-message', CloseCode.policyViolation],
    ['a binary frame', Buffer.from([0xde, 0xad, 0xbe, 0xef]), 'binary-frame', 1003],
  ])('closes the socket on %s and keeps serving others', async (_name, junk, code, closeCode) => {
    const server = await start();
    const bad = await Client.connect(server);
    if (Buffer.isBuffer(junk)) bad.ws.send(junk);
    else bad.send(junk);
    await expect(bad.closed).resolves.toMatchObject({ code: closeCode, reason: code });
    expect(bad.messages).toEqual([expect.objectContaining({ type: 'error', code })]);

    const a = await Client.joined(server, 'r');
    const b = await Client.joined(server, 'r');
    a.client.send({ type: 'signal', to: b.id, data: 'still here' });
    await expect(b.client.next('signal')).resolves.toMatchObject({ from: a.id });
  });

  it('closes with 1007 on a text frame that is not UTF-8 (ws itself)', async () => {
    const server = await start();
    const bad = await Client.connect(server);
    bad.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    await expect(bad.closed).resolves.toMatchObject({ code: CloseCode.invalidPayload });
    await Client.joined(server, 'r');
  });

  it('closes with 1009 on a frame over maxPayload', async () => {
    const server = await start({ maxPayload: 1024 });
    const a = await Client.joined(server, 'r');
    a.client.send({ type: 'signal', to: a.id, data: 'x'.repeat(2048) });
    await expect(a.client.closed).resolves.toMatchObject({ code: CloseCode.messageTooBig });
    expect(server.stats().peers).toBe(0);
    await Client.joined(server, 'r');
  });

  it('closes with 1009 on signal data over its bound inside an acceptable frame', async () => {
    const server = await start();
    const a = await Client.joined(server, 'r');
    const b = await Client.joined(server, 'r');
    a.client.send({ type: 'signal', to: b.id, data: 'x'.repeat(MAX_SIGNAL_DATA_BYTES + 1) });
    await expect(a.client.closed).resolves.toMatchObject({ code: 1009, reason: 'too-large' });
    await b.client.barrier();
    expect(b.client.messages.some((m) => m.type === 'signal')).toBe(false);
  });

  it('closes a flooding socket with 1008 and leaves the others alone', async () => {
    const server = await start({ rateLimit: { perSecond: 50, burst: 100 } });
    const flooder = await Client.joined(server, 'r');
    const b = await Client.joined(server, 'r');
    for (let i = 0; i < 1000; i++) flooder.client.send({ type: 'signal', to: b.id, data: i });
    await expect(flooder.client.closed).resolves.toMatchObject({
      code: 1008,
      reason: 'rate-limited',
    });
    await expect(b.client.next('peer-left')).resolves.toMatchObject({ id: flooder.id });
    const relayed = b.client.messages.filter((m) => m.type === 'signal').length;
    expect(relayed).toBeLessThan(1000);

    const c = await Client.joined(server, 'r');
    b.client.send({ type: 'signal', to: c.id, data: 'fine' });
    await expect(c.client.next('signal')).resolves.toMatchObject({ from: b.id, data: 'fine' });
  });

  it('refuses a join beyond the room cap with room-full, and beyond the room count', async () => {
    const server = await start({ maxRoomSize: 2, maxRooms: 2 });
    await Client.joined(server, 'full');
    await Client.joined(server, 'full');
    const extra = await Client.connect(server);
    extra.send({ type: 'join', room: 'full' });
    await expect(extra.next('error')).resolves.toMatchObject({ code: 'room-full' });
    expect(server.stats()).toMatchObject({ rooms: 1, peers: 2 });

    extra.send({ type: 'join', room: 'second' });
    await expect(extra.next('welcome')).resolves.toMatchObject({ room: 'second' });
    const third = await Client.connect(server);
    third.send({ type: 'join', room: 'third' });
    await expect(third.next('error')).resolves.toMatchObject({ code: 'too-many-rooms' });
  });

  it('terminates a socket that stops answering pings', async () => {
    const server = await start({ pingIntervalMs: 200 });
    const dead = await Client.joined(server, 'r', { autoPong: false });
    const live = await Client.joined(server, 'r');
    await expect(live.client.next('peer-left')).resolves.toEqual({
      type: 'peer-left',
      id: dead.id,
    });
    await expect(dead.client.closed).resolves.toMatchObject({ code: CloseCode.abnormal });
    await live.client.barrier(); // answered pings, so still served
    expect(server.stats()).toEqual({ rooms: 1, peers: 1, connections: 1 });
  });

  it('closes a socket that never joins', async () => {
    const server = await start({ joinTimeoutMs: 50 });
    const idle = await Client.connect(server);
    await expect(idle.closed).resolves.toMatchObject({ code: 1008, reason: 'join-timeout' });
  });

  it('refuses a foreign Origin with HTTP 403 at upgrade', async () => {
    const server = await start({ allowedOrigins: ['http://classroom.example:8080/'] });
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${SIGNAL_PATH}`, {
      origin: 'http://evil.example',
    });
    ws.on('error', () => {});
    const status = await new Promise<number | undefined>((resolve) =>
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode)),
    );
    expect(status).toBe(403);
    expect(server.stats().connections).toBe(0);
    await Client.joined(server, 'r', { origin: 'http://CLASSROOM.example:8080' });
  });

  it('answers 404 to an upgrade on another path', async () => {
    const server = await start();
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/elsewhere`);
    ws.on('error', () => {});
    const status = await new Promise<number | undefined>((resolve) =>
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode)),
    );
    expect(status).toBe(404);
  });

  it('says goodbye with 1001 on close', async () => {
    const server = await start();
    const a = await Client.joined(server, 'r');
    await server.close();
    await expect(a.client.closed).resolves.toMatchObject({ code: CloseCode.goingAway });
  });
});

describe('static files and /healthz', HANG, () => {
  let root: string;
  let dist: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'tabchain-static-'));
    dist = path.join(root, 'dist');
    await mkdir(path.join(dist, 'assets'), { recursive: true });
    await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>tabchain</title>');
    await writeFile(path.join(dist, 'assets', 'app-1a2b.js'), 'export {};');
    await writeFile(path.join(dist, 'kernel.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d]));
    await writeFile(path.join(root, 'secret.txt'), 'SECRET');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  /** A raw request: the path goes out exactly as written, unlike fetch, which normalises it. */
  function get(server: SignalingServer, target: string, method = 'GET') {
    return new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: target, method }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', body }),
        );
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('serves index.html for / and for extensionless unknown paths', async () => {
    const server = await start({ staticDir: dist });
    for (const target of ['/', '/room/abc', '/?room=x']) {
      const res = await get(server, target);
      expect(res).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
      expect(res.body).toContain('<title>tabchain</title>');
    }
    expect((await get(server, '/missing.js')).status).toBe(404);
    const head = await get(server, '/', 'HEAD');
    expect(head).toMatchObject({ status: 200, body: '' });
    expect((await get(server, '/', 'POST')).status).toBe(405);
  });

  it('serves content types, wasm as application/wasm', async () => {
    const server = await start({ staticDir: dist });
    expect((await get(server, '/kernel.wasm')).type).toBe('application/wasm');
    expect((await get(server, '/assets/app-1a2b.js')).type).toBe('text/javascript; charset=utf-8');
  });

  it.each([
    '/../secret.txt',
    '/../../secret.txt',
    '/assets/../../secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E%2Fsecret.txt',
    '/..%5csecret.txt',
    '/..\\secret.txt',
    '/%2e%2e%2f%2e%2e%2fpackage.json',
    '/index.html%00.js',
    `/${'..%2f'.repeat(8)}etc/passwd`,
  ])('refuses the traversal %s', async (target) => {
    const server = await start({ staticDir: dist });
    const res = await get(server, target);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('SECRET');
  });

  it('answers 400 to a bad percent-encoding', async () => {
    const server = await start({ staticDir: dist });
    expect((await get(server, '/%E0%A4%A')).status).toBe(400);
  });

  it('reports rooms and peers at /healthz', async () => {
    const server = await start({ staticDir: dist });
    await Client.joined(server, 'r');
    await Client.joined(server, 'r');
    await Client.connect(server);
    const res = await get(server, '/healthz');
    expect(res.type).toBe('application/json; charset=utf-8');
    expect(JSON.parse(res.body)).toEqual({ ok: true, rooms: 1, peers: 2, connections: 3 });
  });
});

describe('parseClientMessage', () => {
  it('keeps only known fields', () => {
    const signal = '{"type":"signal","to":"ab","from":"x","data":{"a":1}}';
    expect(parseClientMessage(signal)).toEqual({ type: 'signal', to: 'ab', data: { a: 1 } });
    const join = '{"type":"join","room":"r","extra":1}';
    expect(parseClientMessage(join)).toEqual({ type: 'join', room: 'r' });
  });

  it.each([
    ['null', 'bad-message'],
    ['"join"', 'bad-message'],
    ['{"type":"join"}', 'bad-message'],
    ['{"type":"join","room":""}', 'bad-room'],
    ['{"type":"signal","to":"a b","data":1}', 'bad-message'],
    ['{"type":"signal","to":"ab"}', 'bad-message'],
    ['{"type":"__proto__"}', 'unknown-type'],
    [
      `{"type":"signal","to":"ab","data":${'['.repeat(MAX_SIGNAL_DATA_DEPTH + 1)}${']'.repeat(MAX_SIGNAL_DATA_DEPTH + 1)}}`,
      'too-large',
    ],
    [`{"type":"signal","to":"ab","data":"${'é'.repeat(MAX_SIGNAL_DATA_BYTES / 2)}"}`, 'too-large'],
  ])('refuses %s with %s', (text, code) => {
    const result = parseClientMessage(text);
    expect(isParseFailure(result) && result.error).toBe(code);
  });

  it('never throws, on any string or any JSON value', () => {
    const anyText = fc.oneof(
      fc.string(),
      fc.json(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
    );
    fc.assert(fc.property(anyText, (text) => void parseClientMessage(text)));
    const deep = `{"type":"signal","to":"a","data":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
    expect(parseClientMessage(deep)).toMatchObject({ error: 'too-large' });
  });
});

describe('TokenBucket and Rooms', () => {
  it('allows the burst, then the refill rate', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 3, () => now);
    const take = (n: number) => Array.from({ length: n }, () => bucket.take());
    expect(take(4)).toEqual([true, true, true, false]);
    now += 100; // 10/s for 0.1 s = one token
    expect(take(2)).toEqual([true, false]);
    now += 60_000; // refills to the burst, not beyond
    expect(take(4)).toEqual([true, true, true, false]);
  });

  it('samples distinct members other than the asker and drops empty rooms', () => {
    const rooms = new Rooms<string>({
      maxRooms: 1,
      maxRoomSize: 10,
      maxRoomsPerAddress: 1,
      maxMembersPerAddress: 10,
    });
    for (let i = 0; i < 10; i++) expect(rooms.join('r', `p${i}`, `p${i}`, null)).toBeNull();
    expect(rooms.join('r', 'p10', 'p10', null)).toBe('room-full');
    expect(rooms.join('s', 'q', 'q', null)).toBe('too-many-rooms');
    const sample = rooms.sample('r', 'p0', 8);
    expect(new Set(sample).size).toBe(8);
    expect(sample).not.toContain('p0');
    for (let i = 0; i < 10; i++) rooms.leave('r', `p${i}`);
    expect([rooms.roomCount, rooms.memberCount]).toEqual([0, 0]);
    expect(rooms.join('s', 'q', 'q', null)).toBeNull();
  });
});
