/**
 * A scripted peer for adversarial tests: it speaks the wire protocol by hand over one end of
 * an in-memory link, completes the handshake with its own key (so its misbehaviour is
 * attributable), records what it receives, and sends whatever frames a test wants.
 */
import { genesisHash } from '../../src/core/room.js';
import type { RoomParams } from '../../src/core/params.js';
import { linkPair, type LinkPairOptions, type MemoryLink } from '../../src/net/memory-link.js';
import { signAuth } from '../../src/net/protocol/handshake.js';
import {
  WIRE_VERSION,
  decodeFrame,
  encodeMessage,
  type Message,
  type MessageOf,
  type MessageName,
  type TipInfo,
} from '../../src/net/wire.js';
import { TEST_PARAMS, wallet } from './blocks.js';
import { seededRandom, type NetNode, type VirtualTime } from './net-harness.js';

/** Options of a raw peer. */
export interface RawPeerOptions {
  /** Key index (wallet 200 + n). */
  readonly keyIndex?: number;
  readonly params?: RoomParams;
  /** The tip it claims in its hello (genesis by default). */
  readonly tip?: TipInfo;
  /** Send auth when the node's hello arrives (default true). */
  readonly autoAuth?: boolean;
  /** Answer pings (default true). */
  readonly autoPong?: boolean;
  /** Fields of the hello attachRaw sends, or false to send none. */
  readonly hello?: Partial<MessageOf<'hello'>> | false;
  /** Called with every message received, after the automatic answers. */
  readonly respond?: (msg: Message, peer: RawPeer) => void;
}

/** A hand-driven peer on one end of a link. */
export class RawPeer {
  readonly inbox: Message[] = [];
  closedReason: string | undefined;
  readonly secretKey: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly genesis: Uint8Array;
  readonly #random = seededRandom('raw');

  constructor(
    readonly link: MemoryLink,
    readonly opts: RawPeerOptions = {},
  ) {
    const w = wallet(200 + (opts.keyIndex ?? 0));
    this.secretKey = w.secretKey;
    this.publicKey = w.publicKey;
    this.genesis = genesisHash(opts.params ?? TEST_PARAMS);
    link.onFrame((frame) => this.#receive(frame));
    link.onClose((reason) => (this.closedReason = reason));
  }

  /** The key as the network reports it. */
  get key(): string {
    return Buffer.from(this.publicKey).toString('hex');
  }

  #receive(frame: Uint8Array): void {
    const msg = decodeFrame(frame);
    this.inbox.push(msg);
    if (msg.type === 'hello' && this.opts.autoAuth !== false) {
      const signature = signAuth(
        this.secretKey,
        this.publicKey,
        msg.challenge,
        this.genesis,
        this.link.fingerprints,
      );
      this.send({ type: 'auth', signature });
    }
    if (msg.type === 'ping' && this.opts.autoPong !== false) {
      this.send({ type: 'pong', nonce: msg.nonce });
    }
    this.opts.respond?.(msg, this);
  }

  /** Sends our hello. */
  hello(overrides: Partial<MessageOf<'hello'>> = {}): void {
    this.send({
      type: 'hello',
      version: WIRE_VERSION,
      genesis: this.genesis,
      tip: this.opts.tip ?? { hash: this.genesis, height: 0, chainWork: 0n },
      publicKey: this.publicKey,
      name: 'raw',
      colour: 7,
      challenge: this.#random(32),
      ...overrides,
    });
  }

  /** Sends a message. */
  send(msg: Message): boolean {
    return this.link.send(encodeMessage(msg));
  }

  /** Sends raw bytes as one frame. */
  sendFrame(frame: Uint8Array): boolean {
    return this.link.send(frame);
  }

  /** Messages of one type received so far. */
  received<T extends MessageName>(type: T): MessageOf<T>[] {
    return this.inbox.filter((m): m is MessageOf<T> => m.type === type);
  }
}

/** Connects a raw peer to a node (the node's end added to its network) and says hello. */
export function attachRaw(
  vt: VirtualTime,
  target: NetNode,
  id: string,
  opts: RawPeerOptions = {},
  link: LinkPairOptions = {},
): RawPeer {
  const [mine, theirs] = linkPair({ timers: vt, now: vt.now, ids: [target.name, id], ...link });
  target.net.addLink(mine);
  const raw = new RawPeer(theirs, opts);
  if (opts.hello !== false) raw.hello(opts.hello);
  return raw;
}
