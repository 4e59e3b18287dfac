/**
 * The browser's peer factory. The only module that imports simple-peer's prebuilt bundle
 * (plain `simple-peer` needs Node shims under Vite), so Node code never loads it.
 */
import SimplePeer from 'simple-peer/simplepeer.min.js';
import { createPeerFactory, type PeerFactory, type PeerFactoryOptions } from './peer-factory.js';

/** A factory over the browser's own RTCPeerConnection. */
export function browserPeerFactory(opts: Omit<PeerFactoryOptions, 'wrtc'> = {}): PeerFactory {
  return createPeerFactory(SimplePeer, opts);
}
