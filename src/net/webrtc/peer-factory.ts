/**
 * Making simple-peer instances. This file knows simple-peer's options but imports only its
 * types, so Node code (tests, a headless peer) can inject the npm module with a WebRTC
 * implementation (@roamhq/wrtc) while the browser injects the prebuilt bundle
 * (browser-peer.ts): neither pulls in the other.
 */
import type SimplePeer from 'simple-peer';

/** One simple-peer: a duplex stream around one RTCPeerConnection and its data channel. */
export type SimplePeerInstance = SimplePeer.Instance;

/** simple-peer's constructor: the browser bundle's, or the npm module's in Node. */
export type SimplePeerConstructor = new (opts?: SimplePeer.Options) => SimplePeer.Instance;

/** Makes the simple-peer of one connection attempt, as initiator (offerer) or responder. */
export type PeerFactory = (opts: { readonly initiator: boolean }) => SimplePeerInstance;

/** How peers are made; every field is optional. */
export interface PeerFactoryOptions {
  /** ICE servers; none by default: a classroom LAN needs no STUN (DESIGN, "Mesh"). */
  readonly iceServers?: readonly RTCIceServer[];
  /**
   * Trickle ICE (one signal per candidate). Off by default: the offer and the answer then carry
   * every candidate, so a connection costs two signals. That keeps dialing far below the
   * server's rate limit (50/s) and the mesh's relay limit (burst 60, then 10/s per peer);
   * without STUN, gathering host candidates takes milliseconds, so nothing is lost waiting.
   */
  readonly trickle?: boolean;
  /** A WebRTC implementation for Node (`@roamhq/wrtc`); browsers use their own. */
  readonly wrtc?: unknown;
}

/** A factory over `Ctor` with the given options. */
export function createPeerFactory(
  Ctor: SimplePeerConstructor,
  opts: PeerFactoryOptions = {},
): PeerFactory {
  const iceServers = [...(opts.iceServers ?? [])];
  return ({ initiator }) =>
    new Ctor({
      initiator,
      trickle: opts.trickle ?? false,
      config: { iceServers },
      // One pushed chunk per data-channel message: frame boundaries survive the stream.
      objectMode: true,
      // @roamhq/wrtc's classes differ from the DOM's only in their type declarations.
      ...(opts.wrtc !== undefined ? { wrtc: opts.wrtc as SimplePeer.Options['wrtc'] } : {}),
    });
}
