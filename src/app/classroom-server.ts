/**
 * What the page asks the classroom server that served it, over its small JSON API
 * (signaling/api.ts): the addresses students can reach it at, and the live rooms (checked
 * against their genesis hashes in live-rooms.ts). The server is trusted with
 * nothing: every answer is read within a size bound and checked field by field, and a server
 * that does not answer (the Vite dev server, a static host) is simply not asked again.
 */
import {
  LIVE_ROOMS_PATH,
  MAX_ADVERTISED_ADDRESSES,
  MAX_LINKS_PER_ROOM,
  MAX_LISTED_ROOMS,
  SERVER_INFO_PATH,
  isAdvertisableHost,
  isLoopbackHost,
  type LiveRoom,
  type LiveRooms,
  type ServerInfo,
} from '../../signaling/api.js';
import { MAX_ROOM_LINK_CHARS, ROOM_PATTERN, roomLinkName } from '../../signaling/protocol.js';

export type { LiveRoom, LiveRooms, ServerInfo } from '../../signaling/api.js';

/** Largest answer read, in UTF-16 units: eight 253-character names and their JSON fit. */
export const MAX_SERVER_INFO_CHARS = 4096;

/**
 * Largest live-rooms answer read: 20 rooms of 4 links of 512 characters is 40 Ki; with the
 * JSON around them, 64 Ki.
 */
export const MAX_LIVE_ROOMS_CHARS = 64 * 1024;

/** How long a question waits for the server; a classroom LAN answers in milliseconds. */
export const SERVER_API_TIMEOUT_MS = 5_000;

/** The questions the page asks its server (a test may answer them itself). */
export interface ClassroomServer {
  /** Where students can reach the server; undefined if it did not say. */
  info(): Promise<ServerInfo | undefined>;
  /** The live rooms, or those of one short name; undefined if the server did not say. */
  liveRooms(name?: string): Promise<LiveRooms | undefined>;
}

/** The classroom server at `origin` (the page's own), asked with `fetchFn`. */
export function classroomServer(
  origin: string,
  fetchFn: typeof fetch = globalThis.fetch.bind(globalThis),
): ClassroomServer {
  return {
    async info() {
      const json = await getJson(fetchFn, `${origin}${SERVER_INFO_PATH}`, MAX_SERVER_INFO_CHARS);
      return json === undefined ? undefined : parseServerInfo(json);
    },
    async liveRooms(name) {
      const query = name === undefined ? '' : `?name=${encodeURIComponent(name)}`;
      const url = `${origin}${LIVE_ROOMS_PATH}${query}`;
      const json = await getJson(fetchFn, url, MAX_LIVE_ROOMS_CHARS);
      return json === undefined ? undefined : parseLiveRooms(json);
    },
  };
}

/** Checks and copies a live-rooms answer, dropping malformed entries; undefined if not one. */
export function parseLiveRooms(value: unknown): LiveRooms | undefined {
  if (!isRecord(value) || !Array.isArray(value.rooms)) return undefined;
  const rooms: LiveRoom[] = [];
  for (const entry of value.rooms.slice(0, MAX_LISTED_ROOMS)) {
    if (!isRecord(entry) || !Array.isArray(entry.links)) continue;
    const { room, members } = entry;
    if (typeof room !== 'string' || !ROOM_PATTERN.test(room)) continue;
    if (typeof members !== 'number' || !Number.isSafeInteger(members) || members < 0) continue;
    const links = entry.links
      .slice(0, MAX_LINKS_PER_ROOM)
      .filter(
        (l): l is string =>
          typeof l === 'string' && l.length <= MAX_ROOM_LINK_CHARS && roomLinkName(l) !== undefined,
      );
    if (links.length > 0) rooms.push({ room, members, links });
  }
  return { rooms, more: value.more === true };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks and copies a server-info answer; undefined for anything malformed. */
export function parseServerInfo(value: unknown): ServerInfo | undefined {
  if (!isRecord(value)) return undefined;
  const { port, addresses } = value;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65_535) {
    return undefined;
  }
  if (!Array.isArray(addresses)) return undefined;
  const hosts = addresses
    .slice(0, MAX_ADVERTISED_ADDRESSES)
    .filter((a): a is string => typeof a === 'string' && isAdvertisableHost(a));
  return { port, addresses: [...new Set(hosts)] };
}

/** Where a share link points, and whether students can open it. */
export interface ShareTarget {
  /** The origin of the link, e.g. `http://192.168.1.23:8080`. */
  readonly origin: string;
  /**
   * `page`: the page's own address, which other laptops can reach; `lan`: a LAN address the
   * server named, in place of the page's loopback one; `loopback-only`: the server has no
   * address another laptop can reach; `unknown`: the page is on loopback and the server did
   * not say (yet) where else it is.
   */
  readonly reach: 'page' | 'lan' | 'loopback-only' | 'unknown';
  /** The server's addresses a link may use (the teacher picks one when there are several). */
  readonly choices: readonly string[];
}

/**
 * The origin to share: the page's own, unless it is a loopback address (the teacher opened
 * `localhost`), which no student can open; then the server's chosen (or first) LAN address on
 * the port it listens on. `info` is null while unknown or when the server did not say.
 */
export function shareTarget(
  page: { readonly protocol: string; readonly hostname: string; readonly origin: string },
  info: ServerInfo | null,
  chosen?: string,
): ShareTarget {
  if (!isLoopbackHost(page.hostname)) return { origin: page.origin, reach: 'page', choices: [] };
  if (info === null) return { origin: page.origin, reach: 'unknown', choices: [] };
  const choices = info.addresses;
  const host = chosen !== undefined && choices.includes(chosen) ? chosen : choices[0];
  if (host === undefined) return { origin: page.origin, reach: 'loopback-only', choices };
  return { origin: `${page.protocol}//${host}:${info.port}`, reach: 'lan', choices };
}

/** GETs `url` as JSON, reading at most `maxChars`; undefined on any failure. */
async function getJson(fetchFn: typeof fetch, url: string, maxChars: number): Promise<unknown> {
  try {
    const res = await fetchFn(url, {
      cache: 'no-store',
      signal: AbortSignal.timeout(SERVER_API_TIMEOUT_MS),
    });
    if (!res.ok) return undefined;
    const length = Number(res.headers.get('content-length') ?? '0');
    if (length > maxChars * 3) return undefined;
    const text = await res.text();
    if (text.length > maxChars) return undefined;
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
