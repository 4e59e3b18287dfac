/** The mesh manager's table of connections: attempts in progress and open links, by transport id. */
import type { Dial } from './dial.js';
import { dialInfo, entryInfo, type LinkEntry, type LinkInfo } from './mesh-options.js';

/** Attempts and open links of one node. */
export class Connections {
  /** Attempts in progress. */
  readonly dials = new Map<string, Dial>();
  /** Open data channels, handshaken or not. */
  readonly links = new Map<string, LinkEntry>();

  /** Every connection, attempts included. */
  infos(): LinkInfo[] {
    const out: LinkInfo[] = [];
    for (const d of this.dials.values()) out.push(dialInfo(d, 'connecting'));
    for (const [remoteId, e] of this.links) out.push(entryInfo(remoteId, e));
    return out;
  }

  /** Attempts and links together: what counts against the target and the maximum. */
  count(): number {
    return this.dials.size + this.links.size;
  }

  /** True if `remoteId` has an attempt or a link. */
  inUse(remoteId: string): boolean {
    return this.dials.has(remoteId) || this.links.has(remoteId);
  }

  /** True if a link claims or proved `key`. */
  hasKey(key: string): boolean {
    for (const e of this.links.values()) if (e.key === key) return true;
    return false;
  }

  /** Ends an attempt through the server to `remoteId`, which will never finish. */
  abortServerDial(remoteId: string, reason: string): void {
    const dial = this.dials.get(remoteId);
    if (dial?.route.kind === 'server') dial.abort(reason);
  }

  /** Forgets `dial` if it is still the attempt on file for its remote. */
  endDial(dial: Dial): void {
    if (this.dials.get(dial.remoteId) === dial) this.dials.delete(dial.remoteId);
  }
}
