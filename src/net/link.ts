/**
 * The transport port: one reliable, ordered, message-oriented channel to one remote node.
 * The WebRTC layer implements it over an RTCDataChannel (simple-peer); tests use
 * memory-link.ts. Everything above it (src/net) is transport-agnostic.
 */

/** One connection to a remote node, as the transport sees it. */
export interface PeerLink {
  /** The transport's id for the remote (its signaling peer id). */
  readonly remoteId: string;
  /**
   * Queues one frame; false when it was not queued (buffer full or channel closed); never
   * throws. A frame is one whole message: the channel keeps frame boundaries (a data channel
   * does; the transport must not split or merge frames).
   */
  send(frame: Uint8Array): boolean;
  /** Bytes queued in the channel and not yet handed to the network (RTCDataChannel's). */
  readonly bufferedAmount: number;
  /** Closes the channel; onClose listeners on this side are called with `reason`. */
  close(reason: string): void;
  /** Called with each frame received, in order. */
  onFrame(fn: (frame: Uint8Array) => void): void;
  /** Called once when the channel closes, from either side. */
  onClose(fn: (reason: string) => void): void;
  /**
   * Optional: called when bufferedAmount falls to the link's low-water mark (the data
   * channel's `bufferedamountlow` event). Without it the sender polls (NetLimits.drainPollMs).
   */
  onDrain?(fn: () => void): void;
  /**
   * DTLS fingerprints of both ends as this side sees them (local: ours, remote: the one in the
   * remote SDP), for the handshake binding (threat model 48); undefined if unknown.
   */
  readonly fingerprints?: { readonly local: string; readonly remote: string };
}
