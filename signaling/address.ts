import { isIPv4, isIPv6 } from 'node:net';

/**
 * The client address as the per-address caps count it: an IPv4 address as is (also when it
 * arrives IPv4-mapped, "::ffff:10.0.0.5", on a dual-stack socket), an IPv6 address by its /64,
 * since a host picks any address in its /64 at will (SLAAC privacy addresses), so one laptop
 * is one /64. Anything unparsable is its own key.
 */
export function addressKey(remoteAddress: string | undefined): string {
  const address = plainAddress(remoteAddress);
  if (!isIPv6(address)) return address;
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

/** The address without an IPv4-mapped prefix or an IPv6 zone, as logs and exemptions use it. */
export function plainAddress(remoteAddress: string | undefined): string {
  const address = (remoteAddress ?? 'unknown').toLowerCase().split('%', 1)[0]!;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  return mapped !== null && isIPv4(mapped[1]!) ? mapped[1]! : address;
}

/** The eight 16-bit groups of a valid IPv6 address, in lower-case hex without leading zeros. */
function expandIPv6(address: string): string[] {
  const [head = '', tail] = address.split('::', 2) as [string, string | undefined];
  const groups = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  // A trailing dotted quad ("::1.2.3.4") stands for two groups.
  const last = right.at(-1) ?? left.at(-1) ?? '';
  const dotted = last.includes('.') ? 1 : 0;
  const missing = 8 - left.length - right.length - dotted;
  const all = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...right];
  return all.map((group) =>
    group.includes('.') ? group : Number.parseInt(group, 16).toString(16),
  );
}
