/**
 * The client of the signaling server (signaling/protocol.ts), for the browser and for Node.
 * It joins one room, reports who to dial and relays opaque signals, paced under the server's
 * rate limit. When the socket drops it reconnects with exponential backoff and jitter and
 * joins again under a new id. The mesh does not need it once connected (peers relay signals
 * for each other), so losing the server only stops newcomers from joining.
 */
import type { RoomParams } from '../core/params.js';
import { genesisHash } from '../core/room.js';
import { hashId } from '../core/tree.js';
import { Emitter } from '../lib/emitter.js';
import {
  MAX_CLIENT_MESSAGE_BYTES,
  MAX_SIGNAL_DATA_BYTES,
  PEER_ID_PATTERN,
  ROOM_PATTERN,
  roomLinkName,
  SIGNAL_PATH,
  type ServerMessage,
  type SignalingErrorCode,
} from '../../signaling/protocol.js';
import { REAL_TIMERS, type Timers } from '../lib/timers.js';
import { TokenBucket } from './protocol/bounded.js';
import { backoffDelay, type BackoffOptions } from './webrtc/backoff.js';

/**
 * The few members of a WebSocket this client uses; both the DOM's WebSocket and the `ws`
 * package's fit. Handlers are typed `never` so that either's event types are accepted.
 */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: never) => void) | null;
  onmessage: ((event: never) => void) | null;
  onclose: ((event: never) => void) | null;
  onerror: ((event: never) => void) | null;
}

/** A WebSocket constructor (the DOM's, or `ws`'s in Node 20, which has none built in). */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** Where the client is: connecting, joined, or waiting `delayMs` before the next try. */
export type SignalingState = 'connecting' | 'joined' | 'waiting' | 'closed';

/** What the client reports, by event name. */
export interface SignalingEvents {
  /** The connection state changed; `code` is the WebSocket close code that ended the last. */
  state: {
    readonly state: SignalingState;
    readonly attempt: number;
    readonly delayMs?: number;
    readonly code?: number;
  };
  /** Joined (again) as `id`: dial `peers` (only the newcomer dials). */
  welcome: { readonly id: string; readonly room: string; readonly peers: readonly string[] };
  /** A newcomer will dial us: wait for its offer. */
  'peer-joined': { readonly id: string };
  /** A signal from `from`, stamped by the server. */
  signal: { readonly from: string; readonly data: unknown };
  /** A peer left the room: its half-done attempts will never finish. */
  'peer-left': { readonly id: string };
  /** The server refused a request; `code` is a protocol error code (never match `message`). */
  error: { readonly code: string; readonly message: string; readonly peer?: string };
}

/** What the mesh manager needs from signaling (a test may supply its own). */
export interface SignalingPort {
  /** Our id in the room while joined. */
  readonly id: string | undefined;
  on<K extends keyof SignalingEvents>(
    name: K,
    fn: (payload: SignalingEvents[K]) => void,
  ): () => void;
  /** Sends `data` to peer `to`; false if not joined or over the queue bound. */
  sendSignal(to: string, data: unknown): boolean;
}

/** Options of {@link SignalingClient}. */
export interface SignalingClientOptions {
  /** ws:// or wss:// URL of the server's signaling path ({@link signalingUrl}). */
  readonly url: string;
  /** The room: the genesis hash ({@link roomName}). */
  readonly room: string;
  /**
   * The room's link (core/room.ts roomToQuery), announced so the server can resolve the
   * room's short name for others; none keeps the room unlisted.
   */
  readonly link?: string;
  /** The WebSocket constructor; the global one by default. */
  readonly WebSocket?: WebSocketConstructor;
  readonly backoff?: Partial<BackoffOptions>;
  /** Signals sent per second and in a burst, under the server's limit. */
  readonly rate?: { readonly perSecond: number; readonly burst: number };
  /** Signals waiting for the rate at most; beyond it sendSignal refuses. */
  readonly maxQueued?: number;
  readonly timers?: Timers;
  readonly now?: () => number;
  readonly random?: () => number;
}

/** The defaults, each with where its number comes from. */
export const SIGNALING_CLIENT_DEFAULTS = {
  // ws's and y-webrtc's reconnect start near 1 s; 30 s caps a long outage's retries at two
  // a minute per laptop.
  backoff: { baseMs: 1_000, maxMs: 30_000 },
  // Under half the server's token bucket (50/s, burst 100: signaling/server.ts), so a burst of
  // dials never gets the socket closed with 1008.
  rate: { perSecond: 20, burst: 40 },
  // 8 dials of a trickling peer send ~90 signals (server.ts); a dozen dials of ours, a dozen.
  maxQueued: 256,
} as const;

/**
 * Largest server frame read: a relayed signal is at most MAX_SIGNAL_DATA_BYTES of data plus
 * its envelope, and nothing else the server sends comes close.
 */
const MAX_SERVER_MESSAGE_CHARS = MAX_CLIENT_MESSAGE_BYTES;
/** Peers read from a welcome; the server sends at most 8 (WELCOME_SAMPLE_SIZE). */
const MAX_WELCOME_PEERS = 64;
const OPEN = 1; // WebSocket.OPEN, the same in the DOM and in ws
const NORMAL_CLOSURE = 1000; // RFC 6455 7.4.1

/** The room of a chain: its genesis hash in hex, so rooms with different parameters never mix. */
export function roomName(params: RoomParams): string {
  return hashId(genesisHash(params));
}

/** The signaling URL of the server that served this page (same host and port). */
export function signalingUrl(location: {
  readonly protocol: string;
  readonly host: string;
}): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${SIGNAL_PATH}`;
}

/** A signaling session that rejoins after every drop until closed. */
export class SignalingClient extends Emitter<SignalingEvents> implements SignalingPort {
  /** The server's signaling URL. */
  readonly url: string;
  /** The room joined (again) after every reconnect. */
  readonly room: string;
  /** The room's link announced with every join, if any. */
  readonly link: string | undefined;
  readonly #WebSocket: WebSocketConstructor;
  readonly #backoff: BackoffOptions;
  readonly #maxQueued: number;
  readonly #timers: Timers;
  readonly #random: () => number;
  readonly #bucket: TokenBucket;
  readonly #perSecond: number;
  #ws: WebSocketLike | null = null;
  #state: SignalingState = 'connecting';
  #id: string | undefined;
  #attempt = 0;
  #retryTimer: unknown;
  #flushTimer: unknown;
  #queue: string[] = [];

  /** Connects at once; listeners attached right after construction miss nothing. */
  constructor(opts: SignalingClientOptions) {
    super();
    if (!ROOM_PATTERN.test(opts.room)) throw new RangeError(`bad room name: ${opts.room}`);
    // The server closes a socket that announces a malformed link (bad-link, 1008).
    if (opts.link !== undefined && roomLinkName(opts.link) === undefined) {
      throw new RangeError(`bad room link: ${opts.link}`);
    }
    const Ctor = opts.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (Ctor === undefined) throw new Error('no WebSocket here: pass one (ws in Node 20)');
    this.url = opts.url;
    this.room = opts.room;
    this.link = opts.link;
    this.#WebSocket = Ctor;
    this.#backoff = { ...SIGNALING_CLIENT_DEFAULTS.backoff, ...opts.backoff };
    this.#maxQueued = opts.maxQueued ?? SIGNALING_CLIENT_DEFAULTS.maxQueued;
    this.#timers = opts.timers ?? REAL_TIMERS;
    this.#random = opts.random ?? Math.random;
    const rate = opts.rate ?? SIGNALING_CLIENT_DEFAULTS.rate;
    this.#perSecond = rate.perSecond;
    this.#bucket = new TokenBucket(rate.burst, rate.perSecond, opts.now ?? (() => Date.now()));
    this.#connect();
  }

  /** Our id in the room while joined; a new one after each reconnect. */
  get id(): string | undefined {
    return this.#id;
  }

  /** The connection state. */
  get state(): SignalingState {
    return this.#state;
  }

  /** Sends `data` to peer `to`; false if not joined, too large, or over the queue bound. */
  sendSignal(to: string, data: unknown): boolean {
    if (this.#state !== 'joined' || !PEER_ID_PATTERN.test(to)) return false;
    if (this.#queue.length >= this.#maxQueued) return false;
    let json: string;
    try {
      json = JSON.stringify(data);
    } catch {
      return false;
    }
    // The server closes a socket that sends more (too-large, 1009).
    if (json === undefined || new TextEncoder().encode(json).length > MAX_SIGNAL_DATA_BYTES) {
      return false;
    }
    this.#queue.push(`{"type":"signal","to":${JSON.stringify(to)},"data":${json}}`);
    this.#flush();
    return true;
  }

  /** Leaves for good: closes the socket and stops reconnecting. */
  close(): void {
    if (this.#state === 'closed') return;
    this.#timers.clearTimeout(this.#retryTimer);
    this.#dropSession();
    const ws = this.#ws;
    this.#ws = null;
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = null;
      // A socket closed while still connecting reports an error (Node's ws throws it when
      // nothing listens): leaving on purpose, we ignore it.
      ws.onerror = () => {};
      ws.close(NORMAL_CLOSURE, 'leaving');
    }
    this.#setState('closed');
  }

  #connect(): void {
    this.#retryTimer = undefined;
    let ws: WebSocketLike;
    try {
      ws = new this.#WebSocket(this.url);
    } catch {
      return this.#retry(undefined); // e.g. a URL the constructor rejects: retried, reported
    }
    this.#ws = ws;
    this.#setState('connecting');
    const join = { type: 'join', room: this.room, ...(this.link ? { link: this.link } : {}) };
    ws.onopen = () => ws.send(JSON.stringify(join));
    ws.onmessage = (event: { data: unknown }) => this.#onMessage(event.data);
    ws.onclose = (event: { code: number }) => {
      if (this.#ws !== ws) return;
      this.#ws = null;
      this.#dropSession();
      this.#retry(event.code);
    };
    ws.onerror = () => {}; // a close event always follows and carries the code
  }

  #retry(code: number | undefined): void {
    if (this.#state === 'closed') return;
    const delayMs = Math.round(backoffDelay(this.#attempt, this.#backoff, this.#random));
    this.#attempt++;
    this.#retryTimer = this.#timers.setTimeout(() => this.#connect(), delayMs);
    this.#setState('waiting', { delayMs, ...(code !== undefined ? { code } : {}) });
  }

  #onMessage(data: unknown): void {
    const m = parseServerText(data);
    if (m === undefined) return;
    switch (m.type) {
      case 'welcome':
        this.#id = m.id;
        this.#attempt = 0;
        this.#setState('joined');
        return this.emit('welcome', { id: m.id, room: m.room, peers: m.peers });
      case 'peer-joined':
        return this.emit('peer-joined', { id: m.id });
      case 'signal':
        return this.emit('signal', { from: m.from, data: m.data });
      case 'peer-left':
        return this.emit('peer-left', { id: m.id });
      case 'error':
        this.emit('error', {
          code: m.code,
          message: m.message,
          ...(m.peer !== undefined ? { peer: m.peer } : {}),
        });
        // A full room stays full for a while: back off, then try again from scratch.
        if (m.code === 'room-full' || m.code === 'too-many-rooms') this.#ws?.close(NORMAL_CLOSURE);
        return;
    }
  }

  #flush(): void {
    const ws = this.#ws;
    while (this.#queue.length > 0 && ws !== null && ws.readyState === OPEN) {
      if (!this.#bucket.take()) {
        this.#flushTimer ??= this.#timers.setTimeout(() => {
          this.#flushTimer = undefined;
          this.#flush();
        }, 1000 / this.#perSecond);
        return;
      }
      ws.send(this.#queue.shift() as string);
    }
  }

  /** Signals are addressed within one session: a new id makes every queued one stale. */
  #dropSession(): void {
    this.#id = undefined;
    this.#queue = [];
    this.#timers.clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
  }

  #setState(state: SignalingState, extra: { delayMs?: number; code?: number } = {}): void {
    this.#state = state;
    this.emit('state', { state, attempt: this.#attempt, ...extra });
  }
}

/**
 * One frame from the server, checked and copied; undefined for anything else (a binary or
 * oversized frame, text that is not JSON, JSON that is not a server message). Never throws:
 * the server is trusted with nothing, so its garbage is dropped.
 */
export function parseServerText(data: unknown): ServerMessage | undefined {
  if (typeof data !== 'string' || data.length > MAX_SERVER_MESSAGE_CHARS) return undefined;
  let msg: unknown;
  try {
    msg = JSON.parse(data);
  } catch {
    return undefined;
  }
  return parseServerMessage(msg);
}

/** Checks and copies one server message; undefined for anything malformed. */
function parseServerMessage(value: unknown): ServerMessage | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  const id = (x: unknown): x is string => typeof x === 'string' && PEER_ID_PATTERN.test(x);
  switch (v.type) {
    case 'welcome': {
      if (!id(v.id) || typeof v.room !== 'string' || !Array.isArray(v.peers)) return undefined;
      const peers = v.peers.slice(0, MAX_WELCOME_PEERS).filter(id);
      return { type: 'welcome', id: v.id, room: v.room, peers };
    }
    case 'peer-joined':
    case 'peer-left':
      return id(v.id) ? { type: v.type, id: v.id } : undefined;
    case 'signal':
      return id(v.from) ? { type: 'signal', from: v.from, data: v.data } : undefined;
    case 'error': {
      if (typeof v.code !== 'string' || typeof v.message !== 'string') return undefined;
      // Codes are passed on as strings: a newer server may send codes this client predates.
      const code = v.code as SignalingErrorCode;
      return { type: 'error', code, message: v.message, ...(id(v.peer) ? { peer: v.peer } : {}) };
    }
    default:
      return undefined;
  }
}
