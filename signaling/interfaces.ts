/**
 * Where other laptops can reach this server: what the terminal prints for students and what
 * `GET /api/server-info` tells the page, so share links and QR codes name an address a
 * student can open rather than the teacher's `localhost`.
 */
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { MAX_ADVERTISED_ADDRESSES, isAdvertisableHost, isLoopbackHost } from './api.js';

/** Every non-internal IPv4 address of the machine's interfaces: what another laptop can reach. */
export function lanAddresses(
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces(),
): string[] {
  const result: string[] = [];
  for (const entries of Object.values(interfaces)) {
    for (const entry of entries ?? []) {
      // Node 18.0-18.3 reported family as the number 4; later versions as 'IPv4'.
      const family: unknown = entry.family;
      if ((family === 'IPv4' || family === 4) && !entry.internal) result.push(entry.address);
    }
  }
  return result;
}

/**
 * The addresses students can reach a server bound to `host` at, best first, at most
 * {@link MAX_ADVERTISED_ADDRESSES}. The operator's `advertise` list wins (a name, or an
 * address behind a port forward; tests use it to stand for a LAN address). Otherwise a server
 * on every interface is reachable at each LAN address, one bound to a LAN address at that
 * address, and one bound to loopback at none.
 */
export function reachableAddresses(
  host: string,
  advertise: readonly string[] | undefined,
  lan: () => string[] = lanAddresses,
): string[] {
  let addresses: string[];
  if (advertise !== undefined) addresses = [...advertise];
  else if (host === '0.0.0.0' || host === '::' || host === '') addresses = lan();
  else addresses = isLoopbackHost(host) ? [] : [host];
  return [...new Set(addresses.filter(isAdvertisableHost))].slice(0, MAX_ADVERTISED_ADDRESSES);
}

/**
 * Reads an advertise list from the command line or `TABCHAIN_ADVERTISE` (comma-separated):
 * the hosts, or the first bad one. Undefined when neither was given.
 */
export function parseAdvertise(
  flags: readonly string[] | undefined,
  env: string | undefined,
): { hosts: string[] } | { bad: string } | undefined {
  const raw = flags ?? env?.split(',');
  if (raw === undefined) return undefined;
  const hosts = raw.map((h) => h.trim()).filter((h) => h !== '');
  const bad = hosts.find((h) => !isAdvertisableHost(h));
  return bad !== undefined ? { bad } : { hosts };
}
