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
import { TokenBucket } from './rate-limit.js';
import { Rooms } from './rooms.js';

/** The per-connection and per-room limits the hub enforces; the server fills in defaults. */
export interface HubLimits {
  /** Token bucket per connection: sustained messages per second and the burst on top. */
  rateLimit: { perSecond: number; burst: number };
  /** Members per room. */
  maxRoomSize: number;
  /** Non-empty rooms on the server. */
  maxRooms: number;
  /** Peers offered to a newcomer in its welcome. */
  sampleSize: number;
  /** A socket outside any room is closed after this long (at connect and after `leave`). */
  joinTimeoutMs: number;
  /** A recipient with more than this queued unsent is not reading; it is terminated. */
  maxBufferedBytes: number;
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
  readonly address: string;
  readonly bucket: TokenBucket;
  room: string | null;
  /** Cleared by each ping sweep, set by each pong; still clear at the next sweep = dead. */
  alive: boolean;
  joinTimer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Rooms and relay over accepted WebSockets, independent of HTTP: the server upgrades and
 * hands each socket to {@link SignalingHub.accept}; the hub owns it from then on.
 */
export class SignalingHub {
  readonly #peers = new Set<Peer>();
  readonly #rooms: Rooms<Peer>;

  /** `log` receives one line per socket closed by the server, for the operator's terminal. */
  constructor(
    private readonly limits: HubLimits,
    private readonly log: (line: string) => void = () => {},
  ) {
    this.#rooms = new Rooms(limits.maxRooms, limits.maxRoomSize);
  }

  /** Open sockets, for the connection cap at upgrade. */
  get connectionCount(): number {
    return this.#peers.size;
  }

  /** Current counts. */
  stats(): SignalingStats {
    return {
      rooms: this.#rooms.roomCount,
      peers: this.#rooms.memberCount,
      connections: this.#peers.size,
    };
  }

  /** Takes ownership of an open socket: assigns its id and starts its join timer. */
  accept(ws: WebSocket, address = 'unknown'): void {
    const { perSecond, burst } = this.limits.rateLimit;
    const peer: Peer = {
      id: randomUUID(),
      ws,
      address,
      bucket: new TokenBucket(perSecond, burst),
      room: null,
      alive: true,
      joinTimer: undefined,
    };
    this.#peers.add(peer);
    this.#startJoinTimer(peer);
    ws.on('message', (data, isBinary) => this.#onMessage(peer, data, isBinary));
    ws.on('pong', () => {
      peer.alive = true;
    });
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

  #join(peer: Peer, { room }: JoinMessage): void {
    if (peer.room !== null) return this.#fail(peer, 'already-joined', 'send leave first');
    const refusal = this.#rooms.join(room, peer.id, peer);
    if (refusal !== null) return this.#fail(peer, refusal, `cannot join: ${refusal}`);
    peer.room = room;
    clearTimeout(peer.joinTimer);
    const peers = this.#rooms.sample(room, peer.id, this.limits.sampleSize);
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
    this.#send(target, { type: 'signal', from: peer.id, data });
  }

  #leaveRoom(peer: Peer): void {
    const room = peer.room;
    if (room === null) return;
    this.#rooms.leave(room, peer.id);
    peer.room = null;
    // Bounded by maxRoomSize; everyone may hold a half-done handshake with the leaver.
    for (const other of this.#rooms.others(room, peer.id)) {
      this.#send(other, { type: 'peer-left', id: peer.id });
    }
  }

  #onClose(peer: Peer): void {
    clearTimeout(peer.joinTimer);
    this.#leaveRoom(peer);
    this.#peers.delete(peer);
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
    // A socket that lets this much pile up is not reading; queueing more would let one stalled
    // client grow server memory without bound.
    if (peer.ws.bufferedAmount > this.limits.maxBufferedBytes) {
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

/** ws hands text as a Buffer, or as fragments/ArrayBuffer if configured otherwise. */
function rawToText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
