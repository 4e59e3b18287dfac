/** The events the network reports, for the interface and for the WebRTC layer. */
import type { MisbehaviourCode } from './scoring.js';

/** A peer's best known block, for the UI's markers. */
export interface PeerTip {
  /** Display-order hex id. */
  readonly id: string;
  readonly height: number;
  readonly chainWork: bigint;
}

/** Everything the network reports, by event name. */
export interface NetworkEvents {
  /** A handshake completed: the peer proved its key and is in our room. */
  'peer-ready': {
    readonly remoteId: string;
    /** Node key, hex: what scores and bans attach to. */
    readonly key: string;
    readonly name: string;
    readonly colour: number;
    /** The tip it claimed in its hello. */
    readonly tip: PeerTip;
  };
  /** A connection ended (before or after its handshake); `key` is set once proven. */
  'peer-closed': {
    readonly remoteId: string;
    readonly key: string | undefined;
    readonly reason: string;
  };
  /** A peer was scored for misbehaviour. */
  'peer-misbehaved': {
    readonly remoteId: string;
    readonly key: string;
    readonly code: MisbehaviourCode;
    readonly penalty: number;
    readonly score: number;
  };
  /** A key reached the ban threshold: disconnected and refused until `until` (ms). */
  'peer-banned': {
    readonly remoteId: string;
    readonly key: string;
    readonly code: MisbehaviourCode;
    readonly until: number;
  };
  /** Catching up: our tip height and the best header's height, and peers that can serve. */
  'sync-progress': { readonly have: number; readonly target: number; readonly peers: number };
  /** The latest known tip of a peer changed. */
  'peer-tip': { readonly remoteId: string; readonly key: string; readonly tip: PeerTip };
  /** A peer told us who it is connected to: candidates the WebRTC layer may dial through it. */
  'mesh-peers': {
    readonly via: string;
    readonly peers: readonly { readonly id: string; readonly key: string }[];
  };
  /** A signaling payload for us, relayed by peer `via` from node `from` (its transport id). */
  'relay-signal': { readonly from: string; readonly via: string; readonly payload: Uint8Array };
}
