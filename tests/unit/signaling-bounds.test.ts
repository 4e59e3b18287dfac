/**
 * Issue 13, the signaling server: one client must not lock out the class. Each attack runs
 * against the real server over real sockets; every client binds its own loopback source
 * address (127.0.0.2, 127.0.0.3, ...) to stand for a different laptop. The tests assert the
 * bound or the refusal code each attack now meets, never a timing.
 */
import { once } from 'node:events';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { addressKey } from '../../signaling/address.js';
import {
  MAX_MEMBERS_PER_ADDRESS,
  MAX_ROOMS_PER_ADDRESS,
  MAX_SOCKETS_PER_ADDRESS,
  MAX_TCP_PER_ADDRESS,
} from '../../signaling/bounds.js';
import { MAX_SIGNAL_DATA_BYTES } from '../../signaling/protocol.js';
import { Rooms } from '../../signaling/rooms.js';
import type { SignalingServer } from '../../signaling/server.js';
import { Client, HANG, laptop, rawSocket, start } from './helpers/signaling.js';

/** Tries `count` sockets from one address at once; resolves with each upgrade's status. */
function tryConnect(server: SignalingServer, address: string, count: number) {
  return Promise.all(
    Array.from({ length: count }, () => Client.status(server, { localAddress: address })),
  );
}

/** GET `path` from `localAddress`; resolves with the status. */
function get(server: SignalingServer, path: string, localAddress: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, localAddress }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('per-address caps', HANG, () => {
  it('one address holds at most MAX_SOCKETS_PER_ADDRESS sockets; a student still connects', async () => {
    const server = await start({ maxConnections: 64 });
    const statuses = await tryConnect(server, laptop(2), 64 + 1);
    expect(statuses.filter((s) => s === 101)).toHaveLength(MAX_SOCKETS_PER_ADDRESS);
    expect(statuses.filter((s) => s !== 101).every((s) => s === 429)).toBe(true);
    const student = await Client.joined(server, 'class', { localAddress: laptop(3) });
    expect(student.welcome.room).toBe('class');
    expect(server.stats().connections).toBe(MAX_SOCKETS_PER_ADDRESS + 1);
  });

  it('one address is in at most MAX_ROOMS_PER_ADDRESS rooms; a student still opens one', async () => {
    const server = await start({ maxRooms: 12 });
    const codes: string[] = [];
    for (let i = 0; i < MAX_SOCKETS_PER_ADDRESS; i++) {
      const client = await Client.connect(server, { localAddress: laptop(2) });
      codes.push(await client.join(`squat-${i}`));
    }
    expect(codes.filter((c) => c === 'welcome')).toHaveLength(MAX_ROOMS_PER_ADDRESS);
    expect(codes.slice(MAX_ROOMS_PER_ADDRESS).every((c) => c === 'too-many-rooms')).toBe(true);
    expect(server.stats().rooms).toBe(MAX_ROOMS_PER_ADDRESS);
    const student = await Client.joined(server, 'class', { localAddress: laptop(3) });
    expect(student.welcome.room).toBe('class');
  });

  it('one address holds at most MAX_MEMBERS_PER_ADDRESS places in a room; students get in', async () => {
    const server = await start();
    const codes: string[] = [];
    for (let i = 0; i < MAX_SOCKETS_PER_ADDRESS; i++) {
      const client = await Client.connect(server, { localAddress: laptop(2) });
      codes.push(await client.join('class'));
    }
    expect(codes.filter((c) => c === 'welcome')).toHaveLength(MAX_MEMBERS_PER_ADDRESS);
    expect(codes.slice(MAX_MEMBERS_PER_ADDRESS).every((c) => c === 'room-full')).toBe(true);
    for (let n = 3; n < 6; n++) {
      const student = await Client.joined(server, 'class', { localAddress: laptop(n) });
      expect(student.welcome.room).toBe('class');
    }
    expect(server.stats().peers).toBe(MAX_MEMBERS_PER_ADDRESS + 3);
  });

  it('refuses the upgrade beyond maxConnections with 503', async () => {
    const server = await start({ maxConnections: 2 });
    expect(await Client.status(server, { localAddress: laptop(2) })).toBe(101);
    expect(await Client.status(server, { localAddress: laptop(3) })).toBe(101);
    expect(await Client.status(server, { localAddress: laptop(4) })).toBe(503);
  });

  it('the server machine itself (127.0.0.1) is not capped per address', async () => {
    const server = await start();
    const statuses = await tryConnect(server, '127.0.0.1', MAX_SOCKETS_PER_ADDRESS + 4);
    expect(statuses.every((s) => s === 101)).toBe(true);
  });

  it('counts an IPv6 /64 as one address, and an IPv4-mapped address as the IPv4 one', () => {
    expect(addressKey('::ffff:10.0.0.5')).toBe('10.0.0.5');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:DB8:1:2:bbbb:1:2:3'));
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});

describe('slow and idle connections', HANG, () => {
  it('closes TCP connections from one address beyond MAX_TCP_PER_ADDRESS unread', async () => {
    const server = await start();
    const extra = 8;
    const held = Array.from({ length: MAX_TCP_PER_ADDRESS + extra }, () =>
      rawSocket(server, laptop(2)),
    );
    let closed = 0;
    const refused = new Promise<void>((resolve) => {
      for (const socket of held) {
        socket.once('close', () => {
          closed += 1;
          if (closed === extra) resolve();
        });
      }
    });
    await refused;
    expect(await get(server, '/healthz', laptop(3))).toBe(200);
    await Client.joined(server, 'class', { localAddress: laptop(3) });
    expect(closed).toBe(extra);
  });

  it('answers 408 and closes a slowloris: headers never finished, or never started', async () => {
    const server = await start({ headersTimeoutMs: 200, requestTimeoutMs: 400 });
    const partial = rawSocket(server, laptop(2));
    partial.write('GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    const silent = rawSocket(server, laptop(3));
    const upgrade = rawSocket(server, laptop(4));
    upgrade.write('GET /signal HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n');
    for (const socket of [partial, silent, upgrade]) {
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
      await once(socket, 'close');
      if (socket !== silent) expect(received).toMatch(/^HTTP\/1\.1 408 /);
    }
    expect(server.stats().connections).toBe(0);
  });
});

describe('request bodies', HANG, () => {
  /**
   * Sends `head` announcing a huge body, then writes the body until the server closes the
   * connection. Resolves with what came back and how much of the body got written.
   */
  async function sendHugeBody(server: SignalingServer, head: string) {
    const socket = rawSocket(server, laptop(2));
    let response = '';
    socket.on('data', (chunk: Buffer) => (response += chunk.toString('latin1')));
    let ended = false;
    // Not events.once: it rejects on the 'error' (EPIPE, ECONNRESET) that a close may bring.
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    void closed.then(() => (ended = true));
    socket.write(head);
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let written = 0;
    while (!ended && written < 256 * 1024 * 1024) {
      written += chunk.length;
      if (!socket.write(chunk)) {
        await Promise.race([new Promise((drained) => socket.once('drain', drained)), closed]);
      }
    }
    await closed;
    return { response, written };
  }

  it.each([
    ['a POST with a 1 GiB body', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1073741824', 405],
    ['a chunked POST', 'POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked', 405],
    ['a GET with a 1 GiB body', 'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1073741824', 413],
    [
      'a POST that expects 100-continue',
      'POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 1073741824',
      405,
    ],
  ])('refuses %s before reading it and closes the connection', async (_name, head, status) => {
    const server = await start();
    const { response, written } = await sendHugeBody(server, `${head}\r\n\r\n`);
    expect(response).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(response).not.toContain('100 Continue');
    expect(response.toLowerCase()).toContain('connection: close');
    // The connection closed long before 256 MiB went out: only what the kernel buffers held
    // between the answer and the close was ever sent, and the server read no more.
    expect(written).toBeLessThan(32 * 1024 * 1024);
  });
});

describe('backpressure is charged to the senders', HANG, () => {
  it('8 senders flooding a slow recipient get recipient-busy; the recipient stays', async () => {
    const server = await start();
    const victim = await Client.joined(server, 'class', { localAddress: laptop(2) });
    const senders = [];
    for (let n = 3; n < 11; n++) {
      senders.push(await Client.joined(server, 'class', { localAddress: laptop(n) }));
    }
    victim.client.ws.pause(); // a laptop that cannot keep up: it reads nothing for now
    // Within the rate limit: the join took one token of the burst of 100.
    const perSender = 90;
    const data = 'x'.repeat(MAX_SIGNAL_DATA_BYTES - 16);
    for (const sender of senders) {
      for (let i = 0; i < perSender; i++)
        sender.client.send({ type: 'signal', to: victim.id, data });
    }
    const refusals = await Promise.all(
      senders.map(async (sender) => {
        await sender.client.barrier();
        return sender.client.messages.filter(
          (m) => m.type === 'error' && m.code === 'recipient-busy' && m.peer === victim.id,
        ).length;
      }),
    );
    const refused = refusals.reduce((a, b) => a + b, 0);
    expect(refused).toBeGreaterThan(0);
    for (const sender of senders) expect(sender.client.ws.readyState).toBe(WebSocket.OPEN);

    victim.client.ws.resume();
    await victim.client.barrier(); // everything queued for it has arrived
    expect(victim.client.ws.readyState).toBe(WebSocket.OPEN);
    const delivered = victim.client.messages.filter((m) => m.type === 'signal').length;
    expect(delivered).toBe(senders.length * perSender - refused);
    // Still a member: a newcomer can be sent to it, and its signals still go out.
    victim.client.send({ type: 'signal', to: senders[0]!.id, data: 'still here' });
    await expect(senders[0]!.client.next('signal')).resolves.toMatchObject({ from: victim.id });
  });
});

describe('newcomers are offered live members first', HANG, () => {
  /** Joins `count` members to `room` from consecutive laptops, MAX_MEMBERS_PER_ADDRESS each. */
  async function fill(server: SignalingServer, room: string, count: number, autoPong: boolean) {
    for (let i = 0; i < count; i++) {
      const localAddress = laptop(20 + Math.floor(i / MAX_MEMBERS_PER_ADDRESS));
      await Client.joined(server, room, { localAddress, autoPong });
    }
  }

  /** 20 newcomers, one at a time, each leaving after its welcome; returns how many got `id`. */
  async function newcomersOffered(server: SignalingServer, room: string, id: string, live: Client) {
    let offered = 0;
    for (let i = 0; i < 20; i++) {
      const newcomer = await Client.joined(server, room, { localAddress: laptop(100 + i) });
      if (newcomer.welcome.peers.includes(id)) offered += 1;
      newcomer.client.ws.close();
      await live.next('peer-left', (m) => m.id === newcomer.id);
    }
    return offered;
  }

  it('56 members that never answer a ping do not hide the one that did', async () => {
    const server = await start();
    const honest = await Client.joined(server, 'class', { localAddress: laptop(2) });
    await honest.client.barrier(); // its pong to the first ping is in by now
    await fill(server, 'class', 56, false);
    expect(await newcomersOffered(server, 'class', honest.id, honest.client)).toBe(20);
  });

  it('56 members that answer pings but no dial do not hide the one that answered a dial', async () => {
    const server = await start();
    const honest = await Client.joined(server, 'class', { localAddress: laptop(2) });
    const dialer = await Client.joined(server, 'class', { localAddress: laptop(3) });
    expect(dialer.welcome.peers).toEqual([honest.id]);
    dialer.client.send({ type: 'signal', to: honest.id, data: 'offer' });
    await honest.client.next('signal', (m) => m.from === dialer.id);
    honest.client.send({ type: 'signal', to: dialer.id, data: 'answer' });
    await dialer.client.next('signal', (m) => m.from === honest.id);
    dialer.client.ws.close();
    await honest.client.next('peer-left', (m) => m.id === dialer.id);
    await fill(server, 'class', 56, true);
    expect(await newcomersOffered(server, 'class', honest.id, honest.client)).toBe(20);
  });

  it('ranks in the sample: every member of a better rank before any of a worse one', () => {
    const rooms = new Rooms<number>({
      maxRooms: 1,
      maxRoomSize: 64,
      maxRoomsPerAddress: 1,
      maxMembersPerAddress: 64,
    });
    for (let i = 0; i < 60; i++) rooms.join('r', `p${i}`, i % 20 === 0 ? 0 : 1, null);
    for (let round = 0; round < 20; round++) {
      const sample = rooms.sample('r', 'p40', 8, (rank) => rank);
      expect(sample).toHaveLength(8);
      expect(sample.slice(0, 2).sort()).toEqual(['p0', 'p20']);
    }
  });
});

describe('Origin', HANG, () => {
  it('accepts the pages it served itself, by any name, and clients without an Origin', async () => {
    const server = await start();
    const port = server.port;
    expect(await Client.status(server, { origin: `http://127.0.0.1:${port}` })).toBe(101);
    expect(
      await Client.status(server, {
        origin: `http://classroom.test:${port}`,
        headers: { Host: `classroom.test:${port}` },
      }),
    ).toBe(101);
    expect(await Client.status(server, {})).toBe(101);
  });

  it.each([
    ['another site', 'http://evil.example'],
    ['another port of this machine', 'http://127.0.0.1:1'],
    ['a sandboxed frame', 'null'],
  ])('refuses %s with 403 by default', async (_name, origin) => {
    const server = await start();
    expect(await Client.status(server, { origin })).toBe(403);
    expect(server.stats().connections).toBe(0);
  });

  it('accepts a foreign Origin only when told to', async () => {
    const listed = await start({ allowedOrigins: ['http://evil.example'] });
    expect(await Client.status(listed, { origin: 'http://evil.example' })).toBe(101);
    const open = await start({ anyOrigin: true });
    expect(await Client.status(open, { origin: 'http://elsewhere.example' })).toBe(101);
  });
});
