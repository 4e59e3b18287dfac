/**
 * What the interface needs of the network: its events and two queries. src/net's Network
 * satisfies it as is; a tab without a network passes `undefined` and the panels say so.
 */
import type { Block } from '../../core/block.js';
import type { NetworkEvents } from '../../net/events.js';
import type { PeerInfo } from '../../net/network.js';

/** A Network, or anything with the same events and queries (a test double, a replay). */
export interface NetworkSource {
  /** Subscribes to one event; returns the function that unsubscribes. */
  on<K extends keyof NetworkEvents>(name: K, fn: (payload: NetworkEvents[K]) => void): () => void;
  /** Peers whose handshake completed, with their latest ping round trip. */
  peers(): readonly PeerInfo[];
  /** Our tip height and the best header's height (equal when caught up). */
  syncProgress(): { readonly have: number; readonly target: number };
  /** Sends a block to every peer as is, unvalidated (the inspector's tamper lesson). */
  offerBlock?(block: Block): number;
}

/** The network's event payloads, re-exported so the panels import one module. */
export type { NetworkEvents, PeerInfo };
