import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import { addressKey, plainAddress } from './address.js';

/**
 * The per-address key of a client for the caps, or null for an address they skip (the server
 * machine's own loopback, see bounds.ts).
 */
export function quotaKey(
  remoteAddress: string | undefined,
  uncapped: ReadonlySet<string>,
): string | null {
  return uncapped.has(plainAddress(remoteAddress)) ? null : addressKey(remoteAddress);
}

/**
 * Caps the TCP connections open from one address: above `max`, a new connection is destroyed
 * before a byte of it is read, so one laptop cannot hold the server's file descriptors with
 * idle or slowloris connections (the headers timeout then closes the ones it keeps).
 */
export function capConnectionsPerAddress(
  http: Server,
  max: number,
  uncapped: ReadonlySet<string>,
  log: (line: string) => void,
): void {
  const open = new Map<string, number>();
  http.on('connection', (socket: Socket) => {
    const key = quotaKey(socket.remoteAddress, uncapped);
    if (key === null) return;
    const count = open.get(key) ?? 0;
    if (count >= max) {
      log(`${plainAddress(socket.remoteAddress)}: over ${max} connections, closed`);
      socket.destroy();
      return;
    }
    open.set(key, count + 1);
    socket.once('close', () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left > 0) open.set(key, left);
      else open.delete(key);
    });
  });
}

/**
 * True if the request declares a body. No request of the app has one; Node would read a
 * refused request's body to the end to keep the connection alive (a 1 GiB POST was read
 * whole), so such a request is answered at once and its connection closed instead.
 */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
