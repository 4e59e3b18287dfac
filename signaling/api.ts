/**
 * The server's small JSON API beside the signaling socket, read by the page: where students
 * can reach this server. Shared by the Node server and the browser client, so this file
 * imports nothing and uses only globals both have. The page trusts none of it: it checks
 * every field against the bounds here (src/app/classroom-server.ts).
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
