/**
 * The server's small JSON API beside the signaling socket, read by the page: where students
 * can reach this server, and which rooms are live. Shared by the Node server and the browser
 * client, so this file imports only protocol.ts and uses only globals both have. The page
 * trusts none of it: it checks every field against the bounds here and every room link
 * against the room's genesis hash (src/app/classroom-server.ts, src/app/live-rooms.ts).
 */

/** `GET` here answers {@link ServerInfo}. */
export const SERVER_INFO_PATH = '/api/server-info';

/**
 * Addresses listed at most. A laptop has one Wi-Fi and maybe a wired and a virtual adapter or
 * two; eight covers that, and bounds what a page reads.
 */
export const MAX_ADVERTISED_ADDRESSES = 8;

/** One DNS label: letters, digits and inner hyphens, at most 63 (RFC 1035). */
const DNS_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * True for an address students may type: an IPv4 address or a DNS name (a teacher may
 * advertise `teacher-laptop.local`). No IPv6: a link would need brackets, and a classroom LAN
 * has IPv4.
 */
export function isAdvertisableHost(host: string): boolean {
  if (typeof host !== 'string' || host.length === 0 || host.length > 253) return false;
  const quad = IPV4.exec(host);
  if (quad !== null) return quad.slice(1).every((n) => Number(n) <= 255 && String(Number(n)) === n);
  const labels = host.split('.');
  // All digits in the last label would be a malformed IPv4 address, not a name.
  return labels.every((label) => DNS_LABEL.test(label)) && !/^\d+$/.test(labels.at(-1)!);
}

/** What `GET /api/server-info` answers. */
export interface ServerInfo {
  /** The port the server listens on, the same for the page and the signaling socket. */
  port: number;
  /**
   * Addresses other laptops can reach this server at, best first: the machine's non-loopback
   * IPv4 addresses when it listens on every interface, or the addresses the operator
   * advertised (`--advertise`). Empty when only this machine can reach it.
   */
  addresses: string[];
}

/** True if `host` is a loopback name or address: only this machine can open it. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return (
    h === 'localhost' ||
    h.endsWith('.localhost') ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) ||
    h === '::1' ||
    h === '0:0:0:0:0:0:0:1'
  );
}

/**
 * `GET` here answers {@link LiveRooms}: every live room whose members announced a link, or
 * with `?name=NAME` those whose link carries that short name.
 */
export const LIVE_ROOMS_PATH = '/api/rooms';

/** Rooms listed at most, most members first: a list a student reads, and a bounded answer. */
export const MAX_LISTED_ROOMS = 20;

/**
 * Distinct links kept per room, most announced first. Honest members of a room all announce
 * the same link; a few more slots keep a member who announces a wrong one from hiding it.
 */
export const MAX_LINKS_PER_ROOM = 4;

/** One live room as the server knows it: its wire name, its member count, the links announced. */
export interface LiveRoom {
  /** The room on the wire: its genesis hash in hex (src/net/signaling-client.ts roomName). */
  room: string;
  /** Sockets in the room. */
  members: number;
  /** Distinct links its members announced, most announced first, at most MAX_LINKS_PER_ROOM. */
  links: string[];
}

/** What `GET /api/rooms` answers. */
export interface LiveRooms {
  /** At most {@link MAX_LISTED_ROOMS}, most members first. */
  rooms: LiveRoom[];
  /** True if more rooms matched than were listed. */
  more: boolean;
}
