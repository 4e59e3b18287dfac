import { randomUUID } from 'node:crypto';
import { WebSocket, type RawData } from 'ws';
import {
  CloseCode,
  ERROR_CLOSE_CODES,
  isParseFailure,
  parseClientMessage,
  type ErrorMessage,
  type JoinMessage,
  type ServerMessage,
  type SignalingErrorCode,
  type SignalRequest,
} from './protocol.js';
import { addressKey, plainAddress } from './address.js';
import { MAX_LISTED_ROOMS, type LiveRooms } from './api.js';
import { MAX_REMEMBERED_DIALERS } from './bounds.js';
import { TokenBucket } from './rate-limit.js';
import { RoomLinks } from './room-links.js';
import { Rooms, type RoomLimits } from './rooms.js';

/**
 * The per-connection, per-address and per-room limits the hub enforces; the server fills in
 * defaults from bounds.ts.
 */
export interface HubLimits extends RoomLimits {
  /** Token bucket per connection: sustained messages per second and the burst on top. */
  rateLimit: { perSecond: number; burst: number };
  /** Open sockets from one address. */
  maxSocketsPerAddress: number;
  /** Peers offered to a newcomer in its welcome. */
  sampleSize: number;
  /** A socket outside any room is closed after this long (at connect and after `leave`). */
  joinTimeoutMs: number;
  /** Relays to a recipient with this much queued unsent are refused to their sender. */
  maxBufferedBytes: number;
  /** Relays of a sender with this much queued unsent (over all recipients) are refused. */
  maxSenderQueuedBytes: number;
  /** A socket with this much queued unsent is not reading at all; it is terminated. */
  maxQueuedBytes: number;
  /** Addresses the per-address caps skip (plain form, e.g. "127.0.0.1"). */
  uncappedAddresses: readonly string[];
}

/** Counts for /healthz and tests. */
export interface SignalingStats {
  /** Non-empty rooms. */
  rooms: number;
  /** Sockets in a room. */
  peers: number;
  /** Open sockets, in a room or not. */
  connections: number;
}

interface Peer {
  readonly id: string;
  readonly ws: WebSocket;
  /** For logs. */
  readonly address: string;
  /** One laptop: an IPv4 address or an IPv6 /64 (address.ts). */
  readonly addressKey: string;
  /** False for an address the per-address caps skip. */
  readonly capped: boolean;
  readonly bucket: TokenBucket;
  room: string | null;
  /** The room link this member announced and the room's links counted, if any. */
  link: string | null;
  /** Cleared by each ping sweep, set by each pong; still clear at the next sweep = dead. */
  alive: boolean;
  /** Answered at least one ping: the socket is read by something. */
  answeredPing: boolean;
  /** Answered a dial from another address: a live node behind it, not a held slot. */
  answeredDial: boolean;
  /** Ids that signalled this peer lately, oldest first, to recognise its answers. */
  readonly dialers: Set<string>;
  /** Bytes of this peer's relays still queued unsent at their recipients. */
  queued: number;
  joinTimer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Rooms and relay over accepted WebSockets, independent of HTTP: the server upgrades and
 * hands each socket to {@link SignalingHub.accept}; the hub owns it from then on.
 */
export class SignalingHub {
  readonly #peers = new Set<Peer>();
  /** Open sockets per capped address key. */
  readonly #perAddress = new Map<string, number>();
  readonly #uncapped: ReadonlySet<string>;
  readonly #rooms: Rooms<Peer>;
  readonly #links = new RoomLinks();

  /** `log` receives one line per socket closed by the server, for the operator's terminal. */
  constructor(
    private readonly limits: HubLimits,
    private readonly log: (line: string) => void = () => {},
  ) {
    this.#rooms = new Rooms(limits);
    this.#uncapped = new Set(limits.uncappedAddresses);
  }

  /** Open sockets, for the connection cap at upgrade. */
  get connectionCount(): number {
    return this.#peers.size;
  }

  /** True if one more socket from this address would pass its per-address cap. */
  addressFull(remoteAddress: string | undefined): boolean {
    if (this.#uncapped.has(plainAddress(remoteAddress))) return false;
    const open = this.#perAddress.get(addressKey(remoteAddress)) ?? 0;
    return open >= this.limits.maxSocketsPerAddress;
  }

  /** Current counts. */
  stats(): SignalingStats {
    return {
      rooms: this.#rooms.roomCount,
      peers: this.#rooms.memberCount,
      connections: this.#peers.size,
    };
  }

  /**
   * The live rooms whose members announced a link (with `name`, a link of that short name),
   * most members first, at most {@link MAX_LISTED_ROOMS}.
   */
  liveRooms(name?: string): LiveRooms {
    const all = [...this.#links.entries(name)].map(({ room, links }) => ({
      room,
      members: this.#rooms.sizeOf(room),
      links,
    }));
    all.sort((a, b) => b.members - a.members);
    return { rooms: all.slice(0, MAX_LISTED_ROOMS), more: all.length > MAX_LISTED_ROOMS };
  }

  /** Takes ownership of an open socket: assigns its id and starts its join timer. */
  accept(ws: WebSocket, remoteAddress?: string): void {
    const { perSecond, burst } = this.limits.rateLimit;
    const address = plainAddress(remoteAddress);
    const peer: Peer = {
      id: randomUUID(),
      ws,
      address,
      addressKey: addressKey(remoteAddress),
      capped: !this.#uncapped.has(address),
      bucket: new TokenBucket(perSecond, burst),
      room: null,
      link: null,
      alive: true,
      answeredPing: false,
      answeredDial: false,
      dialers: new Set(),
      queued: 0,
      joinTimer: undefined,
    };
    this.#peers.add(peer);
    if (peer.capped) {
      this.#perAddress.set(peer.addressKey, (this.#perAddress.get(peer.addressKey) ?? 0) + 1);
    }
    this.#startJoinTimer(peer);
    ws.on('message', (data, isBinary) => this.#onMessage(peer, data, isBinary));
    ws.on('pong', () => {
      peer.alive = true;
      peer.answeredPing = true;
    });
    // A first ping at once, so a newcomer's liveness is known long before the first sweep.
    ws.ping();
    // ws emits 'error' and then closes the socket itself (1009 for an oversized frame, 1007
    // for bad UTF-8); without a listener that error would be thrown and end the process.
    ws.on('error', (error) => {
      this.log(`${this.#name(peer)}: ${error.message}`);
      this.#leaveRoom(peer);
    });
    ws.on('close', () => this.#onClose(peer));
  }

  /**
   * One heartbeat round: terminates sockets that did not answer the previous ping, pings the
   * rest. Called every ping interval, so a dead socket goes within two intervals.
   */
  sweep(): void {
    for (const peer of this.#peers) {
      if (!peer.alive) {
        this.log(`${this.#name(peer)}: no pong, terminated`);
        peer.ws.terminate();
        continue;
      }
      peer.alive = false;
      peer.ws.ping();
    }
  }

  /** Closes every socket with 1001, then terminates those still open after `graceMs`. */
  async closeAll(graceMs: number): Promise<void> {
    const open = [...this.#peers];
    const closed = open.map(
      (peer) =>
        new Promise<void>((resolve) => {
          if (peer.ws.readyState === WebSocket.CLOSED) resolve();
          else peer.ws.once('close', () => resolve());
        }),
    );
    for (const peer of open) peer.ws.close(CloseCode.goingAway, 'server-shutdown');
    const timer = setTimeout(() => open.forEach((peer) => peer.ws.terminate()), graceMs);
    await Promise.all(closed);
    clearTimeout(timer);
  }

  #onMessage(peer: Peer, data: RawData, isBinary: boolean): void {
    // ws still delivers frames that were in flight after we closed; they get no answer.
    if (peer.ws.readyState !== WebSocket.OPEN) return;
    // The bucket comes first so that even malformed frames cost a token.
    if (!peer.bucket.take()) return this.#fail(peer, 'rate-limited', 'too many messages');
    if (isBinary) return this.#fail(peer, 'binary-frame', 'binary frames are not accepted');
    const message = parseClientMessage(rawToText(data));
    if (isParseFailure(message)) return this.#fail(peer, message.error, message.message);
    switch (message.type) {
      case 'join':
        return this.#join(peer, message);
      case 'signal':
        return this.#relay(peer, message);
      case 'leave':
        if (peer.room === null) return this.#fail(peer, 'not-joined', 'not in a room');
        this.#leaveRoom(peer);
        return this.#startJoinTimer(peer);
    }
  }

  #join(peer: Peer, { room, link }: JoinMessage): void {
    if (peer.room !== null) return this.#fail(peer, 'already-joined', 'send leave first');
    const refusal = this.#rooms.join(room, peer.id, peer, peer.capped ? peer.addressKey : null);
    if (refusal !== null) return this.#fail(peer, refusal, `cannot join: ${refusal}`);
    peer.room = room;
    if (link !== undefined && this.#links.add(room, link)) peer.link = link;
    clearTimeout(peer.joinTimer);
    const peers = this.#rooms.sample(room, peer.id, this.limits.sampleSize, livenessRank);
    this.#send(peer, { type: 'welcome', id: peer.id, room, peers });
    // Only the peers the newcomer will dial hear of it, so a join costs O(sampleSize) sends.
    for (const id of peers) {
      const other = this.#rooms.get(room, id);
      if (other !== undefined) this.#send(other, { type: 'peer-joined', id: peer.id });
    }
  }

  #relay(peer: Peer, { to, data }: SignalRequest): void {
    if (peer.room === null) return this.#fail(peer, 'not-joined', 'join a room first');
    // One answer for "no such id" and "someone else's room": ids of other rooms do not leak.
    const target = to === peer.id ? undefined : this.#rooms.get(peer.room, to);
    if (target === undefined || target.ws.readyState !== WebSocket.OPEN) {
      return this.#fail(peer, 'unknown-peer', 'no such peer in this room', to);
    }
    const text = JSON.stringify({ type: 'signal', from: peer.id, data } satisfies ServerMessage);
    const bytes = Buffer.byteLength(text);
    // A slow recipient's queue is charged to those who fill it: their signals are refused,
    // and the recipient, which did nothing, keeps its socket.
    if (
      peer.queued + bytes > this.limits.maxSenderQueuedBytes ||
      target.ws.bufferedAmount + bytes > this.limits.maxBufferedBytes
    ) {
      return this.#fail(peer, 'recipient-busy', 'the recipient is not keeping up', to);
    }
    this.#noteLiveness(peer, target);
    peer.queued += bytes;
    // ws calls back once the frame has left its queue for the kernel, or failed to.
    target.ws.send(text, () => {
      peer.queued -= bytes;
    });
  }

  /** `from` signals `to`: an answer if `to` signalled `from` before, from another laptop. */
  #noteLiveness(from: Peer, to: Peer): void {
    if (from.dialers.has(to.id) && from.addressKey !== to.addressKey) from.answeredDial = true;
    to.dialers.delete(from.id); // re-inserted as the newest
    to.dialers.add(from.id);
    if (to.dialers.size > MAX_REMEMBERED_DIALERS) {
      to.dialers.delete(to.dialers.values().next().value!);
    }
  }

  #leaveRoom(peer: Peer): void {
    const room = peer.room;
    if (room === null) return;
    this.#rooms.leave(room, peer.id);
    peer.room = null;
    if (peer.link !== null) this.#links.remove(room, peer.link);
    peer.link = null;
    peer.dialers.clear();
    // Bounded by maxRoomSize; everyone may hold a half-done handshake with the leaver.
    for (const other of this.#rooms.others(room, peer.id)) {
      this.#send(other, { type: 'peer-left', id: peer.id });
    }
  }

  #onClose(peer: Peer): void {
    clearTimeout(peer.joinTimer);
    this.#leaveRoom(peer);
    if (this.#peers.delete(peer) && peer.capped) {
      const left = (this.#perAddress.get(peer.addressKey) ?? 1) - 1;
      if (left > 0) this.#perAddress.set(peer.addressKey, left);
      else this.#perAddress.delete(peer.addressKey);
    }
  }

  #startJoinTimer(peer: Peer): void {
    clearTimeout(peer.joinTimer);
    peer.joinTimer = setTimeout(() => {
      if (peer.room === null && peer.ws.readyState === WebSocket.OPEN) {
        this.#fail(peer, 'join-timeout', 'no join in time');
      }
    }, this.limits.joinTimeoutMs);
  }

  /** Replies with an error; if the code is fatal, closes with its close code after it. */
  #fail(peer: Peer, code: SignalingErrorCode, message: string, target?: string): void {
    const reply: ErrorMessage = { type: 'error', code, message };
    if (target !== undefined) reply.peer = target;
    this.#send(peer, reply);
    const closeCode = ERROR_CLOSE_CODES[code];
    if (closeCode === null) return;
    this.log(`${this.#name(peer)}: closed ${closeCode} ${code}`);
    // Out of the room now, not when the close handshake ends (up to ws's closeTimeout later),
    // so that no newcomer is sent to dial a socket that is going away.
    this.#leaveRoom(peer);
    peer.ws.close(closeCode, code);
  }

  #send(peer: Peer, message: ServerMessage): void {
    if (peer.ws.readyState !== WebSocket.OPEN) return;
    // Relays stop below this (see #relay), so only a socket that has left the server's
    // own notices unread gets here: it is not reading, and queueing more would let it grow
    // server memory without bound.
    if (peer.ws.bufferedAmount > this.limits.maxQueuedBytes) {
      this.log(`${this.#name(peer)}: not reading, terminated`);
      peer.ws.terminate();
      return;
    }
    peer.ws.send(JSON.stringify(message));
  }

  #name(peer: Peer): string {
    return `${peer.address} ${peer.id}`;
  }
}

/** Members that answered a dial first, then those that answered a ping, then the rest. */
function livenessRank(peer: Peer): number {
  if (peer.answeredDial) return 0;
  return peer.answeredPing ? 1 : 2;
}

/** ws hands text as a Buffer, or as fragments/ArrayBuffer if configured otherwise. */
function rawToText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
