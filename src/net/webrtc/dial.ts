/**
 * One connection attempt, from the first signal to the open data channel: a simple-peer,
 * the route its signals travel, and a deadline. The mesh manager owns the policy (whom to
 * dial, whom to answer); a Dial only carries one attempt through and reports how it ended.
 */
import type { Timers } from '../../lib/timers.js';
import {
  ENVELOPE_VERSION,
  toPeerSignal,
  type PeerSignal,
  type SignalEnvelope,
} from './envelope.js';
import type { PeerFactory, SimplePeerInstance } from './peer-factory.js';

/** Where an attempt's signals travel: through the signaling server, or through a mesh peer. */
export type Route = { readonly kind: 'server' } | { readonly kind: 'relay'; readonly via: string };

/** What a dial needs from its owner. */
export interface DialHost {
  readonly timers: Timers;
  /** Our node key, hex, stamped on every envelope. */
  readonly selfKey: string;
  /** Our open links, claimed in our offers (envelope.ts). */
  links(): number;
  /** How long an attempt may take before it is abandoned, ms. */
  readonly connectTimeoutMs: number;
  /** Sends an envelope along the dial's route; false if the route is gone. */
  send(dial: Dial, envelope: SignalEnvelope): boolean;
  /** The data channel is open: the owner takes the simple-peer from here. */
  connected(dial: Dial, peer: SimplePeerInstance): void;
  /** The attempt ended without a connection. */
  failed(dial: Dial, reason: string): void;
}

/** One connection attempt to one remote. */
export class Dial {
  /** 'signaling' until it connects or fails; then 'done' and inert. */
  state: 'signaling' | 'done' = 'signaling';
  readonly #host: DialHost;
  readonly #peer: SimplePeerInstance;
  readonly #timer: unknown;
  readonly #off: (() => void)[] = [];

  constructor(
    host: DialHost,
    createPeer: PeerFactory,
    /** The remote's transport id. */
    readonly remoteId: string,
    readonly attempt: string,
    /** True if we offer, false if we answer. */
    readonly initiator: boolean,
    readonly route: Route,
    /** The remote's node key when known (from the mesh, or claimed in its offer). */
    readonly key: string | undefined,
  ) {
    this.#host = host;
    this.#peer = createPeer({ initiator });
    // Never removed: an 'error' without a listener would throw out of simple-peer.
    this.#peer.on('error', () => {});
    this.#listen('signal', (data: unknown) => this.#outgoing(data));
    this.#listen('connect', () => this.#connected());
    this.#listen('error', (err: Error & { code?: string }) =>
      this.abort(err.code === 'ERR_ICE_CONNECTION_FAILURE' ? 'ice-failed' : 'peer-error'),
    );
    this.#listen('close', () => this.abort('peer-closed'));
    this.#timer = host.timers.setTimeout(
      () => this.abort('connect-timeout'),
      host.connectTimeoutMs,
    );
  }

  /** Feeds the remote's offer, answer or candidate to simple-peer. */
  signal(signal: PeerSignal): void {
    if (this.state !== 'signaling') return;
    try {
      this.#peer.signal(signal as Parameters<SimplePeerInstance['signal']>[0]);
    } catch {
      this.abort('bad-signal'); // simple-peer throws only once destroyed
    }
  }

  /** Gives up: destroys the simple-peer and reports `reason` (not when `quiet`). */
  abort(reason: string, quiet = false): void {
    if (this.state === 'done') return;
    this.#settle();
    this.#peer.destroy();
    if (!quiet) this.#host.failed(this, reason);
  }

  #outgoing(data: unknown): void {
    if (this.state !== 'signaling') return;
    const signal = toPeerSignal(data);
    if (signal === undefined) return; // renegotiation: never needed by a data-only link
    const envelope: SignalEnvelope = {
      v: ENVELOPE_VERSION,
      key: this.#host.selfKey,
      attempt: this.attempt,
      signal,
      ...(signal.type === 'offer' ? { links: this.#host.links() } : {}),
    };
    if (!this.#host.send(this, envelope)) this.abort('no-route');
  }

  #connected(): void {
    if (this.state !== 'signaling') return;
    this.#settle();
    this.#host.connected(this, this.#peer);
  }

  /** Ends the attempt: no more timer, and the simple-peer's events are no longer ours. */
  #settle(): void {
    this.state = 'done';
    this.#host.timers.clearTimeout(this.#timer);
    for (const off of this.#off) off();
  }

  #listen(event: string, fn: (...args: never[]) => void): void {
    const listener = fn as (...args: unknown[]) => void;
    this.#peer.on(event, listener);
    this.#off.push(() => this.#peer.removeListener(event, listener));
  }
}
