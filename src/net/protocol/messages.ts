/**
 * The wire messages and their limits. One message per frame:
 * `[wire version u8][type u8][payload]`, the payload's layout per type in wire.ts.
 * Hashes travel in internal byte order (as Bitcoin's do); ids shown to people are display hex.
 */
import type { Block } from '../../core/block.js';
import type { Hash } from '../../core/hash.js';
import type { BlockHeader } from '../../core/header.js';
import type { TransferTx } from '../../core/tx.js';

/** The protocol version this code speaks; peers must speak the same (checked at handshake). */
export const WIRE_VERSION = 1;

/**
 * Largest frame accepted or sent: Chromium's data-channel maxMessageSize (256 KiB), where
 * Bitcoin Core allows MAX_PROTOCOL_MESSAGE_LENGTH = 4,000,000. A frame over it is dropped
 * before any decoding and its sender disconnected (threat model 23).
 */
export const MAX_FRAME_BYTES = 256 * 1024;

/** Bytes before the payload: wire version and message type. */
export const FRAME_HEADER_BYTES = 2;

/**
 * Most inventory items (inv, getdata, notfound) in one message. Core's MAX_INV_SZ is 50,000
 * (50,000 x 36 B = 1.8 MB in a 4 MB message); ours must fit one 256 KiB frame:
 * 5,000 x 33 B = 165 kB, and a classroom never has more to announce at once.
 */
export const MAX_INV_ITEMS = 5000;

/** Most nodes in one `peers` message (Core's addr messages carry up to 1,000; a room is small). */
export const MAX_PEERS_ITEMS = 64;

/** Longest transport id (signaling peer id) on the wire, in UTF-8 bytes. */
export const MAX_PEER_ID_BYTES = 64;

/** Longest node name in a hello, in UTF-8 bytes. */
export const MAX_NAME_BYTES = 32;

/** Largest opaque signaling payload relayed through the mesh (an SDP offer is 2-6 kB). */
export const MAX_SIGNAL_BYTES = 16 * 1024;

/** Bytes of a handshake challenge (random, fresh per connection). */
export const CHALLENGE_BYTES = 32;

/** Wire type of each message. Never renumber: peers of the same version rely on them. */
export const MESSAGE_TYPE = {
  hello: 0,
  auth: 1,
  ping: 2,
  pong: 3,
  inv: 4,
  getdata: 5,
  notfound: 6,
  block: 7,
  tx: 8,
  getheaders: 9,
  headers: 10,
  peers: 11,
  'relay-signal': 12,
} as const;

/** Name of a message type. */
export type MessageName = keyof typeof MESSAGE_TYPE;

/** The tip a node reports in its hello. */
export interface TipInfo {
  readonly hash: Hash;
  readonly height: number;
  readonly chainWork: bigint;
}

/** What an inventory item names. */
export type InvKind = 'block' | 'tx';

/** One inventory item. */
export interface InvItem {
  readonly kind: InvKind;
  readonly hash: Hash;
}

/** A node of the mesh: its transport id (as the sender knows it) and its node key. */
export interface MeshPeer {
  readonly id: string;
  readonly key: Uint8Array;
}

/** First message each way: who I am, which room, where my chain is, and a challenge. */
export interface HelloMessage {
  readonly type: 'hello';
  readonly version: number;
  readonly genesis: Hash;
  readonly tip: TipInfo;
  /** Ed25519 node key, 32 bytes: the identity scores and bans attach to. */
  readonly publicKey: Uint8Array;
  readonly name: string;
  readonly colour: number;
  readonly challenge: Uint8Array;
}

/** Proof of the node key: a signature over the peer's challenge (protocol/handshake.ts). */
export interface AuthMessage {
  readonly type: 'auth';
  readonly signature: Uint8Array;
}

/** Every message, by its `type`. */
export type Message =
  | HelloMessage
  | AuthMessage
  | { readonly type: 'ping'; readonly nonce: bigint }
  | { readonly type: 'pong'; readonly nonce: bigint }
  | { readonly type: 'inv'; readonly items: readonly InvItem[] }
  | { readonly type: 'getdata'; readonly items: readonly InvItem[] }
  | { readonly type: 'notfound'; readonly items: readonly InvItem[] }
  | { readonly type: 'block'; readonly block: Block }
  | { readonly type: 'tx'; readonly tx: TransferTx }
  | { readonly type: 'getheaders'; readonly locator: readonly Hash[]; readonly stop: Hash }
  | { readonly type: 'headers'; readonly headers: readonly BlockHeader[] }
  | { readonly type: 'peers'; readonly peers: readonly MeshPeer[] }
  /**
   * Signaling through the mesh. From the originator `from` is empty: "relay this to `to`";
   * the relaying node stamps `from` with the originator's id before forwarding (as the
   * signaling server stamps senders), so a non-empty `from` means "delivered to you".
   */
  | {
      readonly type: 'relay-signal';
      readonly to: string;
      readonly from: string;
      readonly payload: Uint8Array;
    };

/** The message of one type. */
export type MessageOf<T extends MessageName> = Extract<Message, { type: T }>;
