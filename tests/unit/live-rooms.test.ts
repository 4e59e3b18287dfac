/**
 * Short-name join (issue 9): members announce their room's link when they join, the server
 * lists live rooms by short name (`GET /api/rooms`), and the page keeps only links that hash
 * to the room they are listed under.
 */
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  LIVE_ROOMS_PATH,
  MAX_LINKS_PER_ROOM,
  MAX_LISTED_ROOMS,
  type LiveRooms,
} from '../../signaling/api.js';
import {
  CloseCode,
  MAX_ROOM_LINK_CHARS,
  isParseFailure,
  parseClientMessage,
  roomLinkName,
} from '../../signaling/protocol.js';
import { RoomLinks } from '../../signaling/room-links.js';
import { parseLiveRooms, type ClassroomServer } from '../../src/app/classroom-server.js';
import { checkLiveRooms, lookUpName } from '../../src/app/live-rooms.js';
import type { RoomParams } from '../../src/core/params.js';
import { roomFromQuery, roomToQuery } from '../../src/core/room.js';
import { SignalingClient, roomName } from '../../src/net/signaling-client.js';
import { Client, HANG, laptop, start } from './helpers/signaling.js';
import type { SignalingServer } from '../../signaling/server.js';

function params(query: string): RoomParams {
  const parsed = roomFromQuery(query);
  if (!('params' in parsed)) throw new Error(parsed.errors.join('; '));
  return parsed.params;
}

/** A real room: its wire name (genesis hash) and its canonical link. */
function room(query: string): { room: string; link: string; params: RoomParams } {
  const p = params(query);
  return { room: roomName(p), link: roomToQuery(p), params: p };
}

async function live(server: SignalingServer, name?: string): Promise<LiveRooms> {
  const query = name === undefined ? '' : `?name=${encodeURIComponent(name)}`;
  const res = await fetch(`http://127.0.0.1:${server.port}${LIVE_ROOMS_PATH}${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as LiveRooms;
}

async function joinWithLink(
  server: SignalingServer,
  wire: string,
  link: string | undefined,
  localAddress?: string,
) {
  const client = await Client.connect(server, localAddress ? { localAddress } : undefined);
  client.send({ type: 'join', room: wire, ...(link === undefined ? {} : { link }) });
  await client.next('welcome');
  return client;
}

describe('room links on the wire', () => {
  it('reads the short name of a room link, and nothing else', () => {
    expect(roomLinkName('room=lesson1')).toBe('lesson1');
    expect(roomLinkName('room=lesson1&t=20&bits=207fffff&retarget=window:20:4')).toBe('lesson1');
    expect(roomLinkName(room('room=a_b-1&t=7&subsidy=0.5&retarget=period:10').link)).toBe('a_b-1');
    for (const bad of [
      '',
      'lesson1',
      't=20&room=lesson1',
      'room=',
      'room=a b',
      'room=x&T=1',
      'room=x&t=1&',
      'room=x&t=<script>',
      'room=x&t=%22"',
      `room=x${'&t=1'.repeat(17)}`,
      `room=${'x'.repeat(65)}`,
    ])
      expect(roomLinkName(bad), bad).toBeUndefined();
    expect(roomLinkName(`room=x${'&t=1'.repeat(16)}`)).toBe('x');
    expect(roomLinkName(`room=x&a=${'1'.repeat(MAX_ROOM_LINK_CHARS)}`)).toBeUndefined();
  });

  it('parses a join with a link, and refuses a bad link with bad-link', () => {
    expect(parseClientMessage('{"type":"join","room":"r","link":"room=x&t=5"}')).toEqual({
      type: 'join',
      room: 'r',
      link: 'room=x&t=5',
    });
    for (const link of ['x', 7, null, 'room=x&t=<b>']) {
      const m = parseClientMessage(JSON.stringify({ type: 'join', room: 'r', link }));
      expect(isParseFailure(m) && m.error).toBe('bad-link');
    }
  });
});

describe('RoomLinks', () => {
  it('counts members per link, most announced first, and forgets a room as it empties', () => {
    const links = new RoomLinks(2);
    expect(links.add('r', 'room=a')).toBe(true);
    expect(links.add('r', 'room=a&t=5')).toBe(true);
    expect(links.add('r', 'room=a&t=5')).toBe(true);
    expect(links.add('r', 'room=a&t=9')).toBe(false); // a third distinct link: not recorded
    expect(links.add('r', 'room=a')).toBe(true); // a known one still counts
    expect(links.add('r', 'room=a')).toBe(true);
    expect([...links.entries()]).toEqual([{ room: 'r', links: ['room=a', 'room=a&t=5'] }]);
    links.remove('r', 'room=a');
    links.remove('r', 'room=a');
    expect([...links.entries()]).toEqual([{ room: 'r', links: ['room=a&t=5', 'room=a'] }]);
    expect([...links.entries('b')]).toEqual([]);
    for (const l of ['room=a', 'room=a&t=5', 'room=a&t=5']) links.remove('r', l);
    links.remove('r', 'room=a'); // already gone: a no-op
    expect([...links.entries()]).toEqual([]);
  });
});

describe('GET /api/rooms', HANG, () => {
  it('lists live rooms by short name with member counts, most members first', async () => {
    const server = await start();
    const lessonA = room('room=lesson1&t=7&bits=207fffff&retarget=fixed');
    const lessonB = room('room=lesson1&t=9&bits=207fffff&retarget=fixed');
    const other = room('room=physics&t=7');
    await joinWithLink(server, lessonA.room, lessonA.link);
    await joinWithLink(server, lessonB.room, lessonB.link);
    await joinWithLink(server, lessonB.room, lessonB.link);
    await joinWithLink(server, other.room, other.link);
    await joinWithLink(server, 'unlisted', undefined);

    expect(await live(server, 'lesson1')).toEqual({
      rooms: [
        { room: lessonB.room, members: 2, links: [lessonB.link] },
        { room: lessonA.room, members: 1, links: [lessonA.link] },
      ],
      more: false,
    });
    expect((await live(server, 'nobody')).rooms).toEqual([]);
    const all = await live(server);
    expect(all.rooms.map((r) => r.room).sort()).toEqual(
      [lessonA.room, lessonB.room, other.room].sort(),
    );
  });

  it('drops a room when its last member leaves or its socket closes', async () => {
    const server = await start();
    const lesson = room('room=lesson1&t=7');
    const a = await joinWithLink(server, lesson.room, lesson.link);
    const b = await joinWithLink(server, lesson.room, lesson.link);
    a.send({ type: 'leave' });
    await b.next('peer-left');
    expect((await live(server, 'lesson1')).rooms).toEqual([
      { room: lesson.room, members: 1, links: [lesson.link] },
    ]);
    b.ws.close();
    await b.closed;
    await expect.poll(async () => (await live(server, 'lesson1')).rooms).toEqual([]);
  });

  it('closes a socket that announces a malformed link (bad-link, 1008)', async () => {
    const server = await start();
    const bad = await Client.connect(server);
    bad.send({ type: 'join', room: 'r', link: 'room=x&t="><script>' });
    await expect(bad.closed).resolves.toMatchObject({
      code: CloseCode.policyViolation,
      reason: 'bad-link',
    });
    expect((await live(server)).rooms).toEqual([]);
  });

  it('keeps at most MAX_LINKS_PER_ROOM links a room, the honest one first', async () => {
    const server = await start();
    const lesson = room('room=lesson1&t=7');
    await joinWithLink(server, lesson.room, lesson.link);
    await joinWithLink(server, lesson.room, lesson.link);
    // Another laptop announces many wrong links for the same room.
    for (let i = 0; i < MAX_LINKS_PER_ROOM + 2; i++) {
      await joinWithLink(server, lesson.room, `room=lesson1&t=${100 + i}`, laptop(2));
    }
    const [listed] = (await live(server, 'lesson1')).rooms;
    expect(listed!.links).toHaveLength(MAX_LINKS_PER_ROOM);
    expect(listed!.links[0]).toBe(lesson.link);
    expect(listed!.members).toBe(2 + MAX_LINKS_PER_ROOM + 2);
  });

  it('lists at most MAX_LISTED_ROOMS rooms and says there are more', async () => {
    const server = await start();
    for (let i = 0; i <= MAX_LISTED_ROOMS; i++) {
      await joinWithLink(server, `room-${i}`, `room=same&t=${i + 1}`);
    }
    const answer = await live(server, 'same');
    expect(answer.rooms).toHaveLength(MAX_LISTED_ROOMS);
    expect(answer.more).toBe(true);
  });

  it('answers 400 to a malformed name', async () => {
    const server = await start();
    for (const name of ['', 'a b', 'x'.repeat(65), '../x']) {
      const res = await fetch(
        `http://127.0.0.1:${server.port}${LIVE_ROOMS_PATH}?name=${encodeURIComponent(name)}`,
      );
      expect(res.status, name).toBe(400);
    }
  });

  it('hears the link a SignalingClient announces', async () => {
    const server = await start();
    const lesson = room('room=lesson1&t=7');
    const client = new SignalingClient({
      url: `ws://127.0.0.1:${server.port}/signal`,
      room: lesson.room,
      link: lesson.link,
      WebSocket,
    });
    try {
      await expect
        .poll(async () => (await live(server, 'lesson1')).rooms)
        .toEqual([{ room: lesson.room, members: 1, links: [lesson.link] }]);
    } finally {
      client.close();
    }
    expect(
      () =>
        new SignalingClient({
          url: 'ws://x/signal',
          room: 'r',
          link: 'nope',
          WebSocket,
        }),
    ).toThrow(RangeError);
  });
});

describe('the page checks what the server lists', () => {
  const lessonA = room('room=lesson1&t=7&bits=207fffff&retarget=fixed');
  const lessonB = room('room=lesson1&t=9&bits=207fffff&retarget=fixed');

  it('keeps well-formed entries within bounds', () => {
    const many = Array.from({ length: MAX_LISTED_ROOMS + 5 }, (_, i) => ({
      room: `r${i}`,
      members: 1,
      links: ['room=x'],
    }));
    expect(parseLiveRooms({ rooms: many, more: false })?.rooms).toHaveLength(MAX_LISTED_ROOMS);
    const answer = parseLiveRooms({
      rooms: [
        { room: 'ok', members: 2, links: ['room=x', 'bad', 7, ...Array<string>(9).fill('room=y')] },
        { room: 'bad room', members: 1, links: ['room=x'] },
        { room: 'neg', members: -1, links: ['room=x'] },
        { room: 'nolinks', members: 1, links: ['junk'] },
        'junk',
      ],
      more: 'yes',
    });
    expect(answer).toEqual({
      // The first MAX_LINKS_PER_ROOM entries are read, and the malformed ones dropped.
      rooms: [{ room: 'ok', members: 2, links: ['room=x', 'room=y'] }],
      more: false,
    });
    for (const bad of [null, [], { rooms: 'x' }, 'text'])
      expect(parseLiveRooms(bad)).toBeUndefined();
  });

  it('keeps a room only with a link that hashes to it, and of the name asked', () => {
    const lying = { room: lessonA.room, members: 5, links: [lessonB.link, lessonA.link] };
    const checked = checkLiveRooms({ rooms: [lying], more: false }, 'lesson1');
    expect(checked).toEqual([{ params: lessonA.params, genesis: lessonA.room, members: 5 }]);
    const onlyLies = { room: lessonA.room, members: 5, links: [lessonB.link, 'room=lesson1'] };
    expect(checkLiveRooms({ rooms: [onlyLies], more: false })).toEqual([]);
    const other = { room: lessonA.room, members: 1, links: [lessonA.link] };
    expect(checkLiveRooms({ rooms: [other], more: false }, 'lesson2')).toEqual([]);
  });

  function fakeServer(rooms: LiveRooms['rooms'] | undefined): ClassroomServer {
    return {
      info: () => Promise.resolve(undefined),
      liveRooms: (name) =>
        Promise.resolve(
          rooms === undefined
            ? undefined
            : {
                rooms: rooms.filter(
                  (r) => name === undefined || r.links.some((l) => roomLinkName(l) === name),
                ),
                more: false,
              },
        ),
    };
  }

  it('resolves a name to one room, several, none with the live ones, or unknown', async () => {
    const a = { room: lessonA.room, members: 2, links: [lessonA.link] };
    const b = { room: lessonB.room, members: 1, links: [lessonB.link] };
    const physics = room('room=physics&t=30');
    const p = { room: physics.room, members: 3, links: [physics.link] };
    expect(await lookUpName(fakeServer([a, p]), 'lesson1')).toEqual({
      kind: 'one',
      room: { params: lessonA.params, genesis: lessonA.room, members: 2 },
    });
    const several = await lookUpName(fakeServer([a, b, p]), 'lesson1');
    expect(several.kind === 'several' && several.rooms.map((r) => r.genesis)).toEqual([
      lessonA.room,
      lessonB.room,
    ]);
    const none = await lookUpName(fakeServer([a, p]), 'lesson9');
    expect(none.kind === 'none' && none.live.map((r) => r.params.name)).toEqual([
      'lesson1',
      'physics',
    ]);
    expect(await lookUpName(fakeServer(undefined), 'lesson1')).toEqual({ kind: 'unknown' });
  });
});
