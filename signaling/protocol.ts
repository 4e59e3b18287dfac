/**
 * The signaling protocol: JSON text frames over one WebSocket at {@link SIGNAL_PATH}.
 *
 * Shared by the Node server and the browser client, so this file imports nothing and uses only
 * globals that both have. The server only introduces peers and relays opaque WebRTC signal
 * payloads; it holds no chain and is trusted with nothing (DESIGN.md, "The network").
 *
 * A session:
 *
 *   client                         server
 *   join {room, link?}   ──────▶
 *                        ◀──────   welcome {id, room, peers}   (newcomer dials each of `peers`)
 *                                  peer-joined {id} ──▶ each peer listed in that welcome
 *   signal {to, data}    ──────▶   signal {from, data} ──▶ `to`   (`from` stamped by the server)
 *   leave                ──────▶   peer-left {id} ──▶ the rest of the room
 *
 * Only the newcomer dials. A `peer-joined` recipient waits for the newcomer's offer instead of
 * dialing back, so two peers never both initiate (no WebRTC glare).
 */

/** URL path of the WebSocket endpoint, on the same port that serves the app. */
export const SIGNAL_PATH = '/signal';

/**
 * Room names: 1..64 of [A-Za-z0-9_-]. 64 because a room is named by its genesis hash, and a
 * SHA-256 hash in hex is 64 characters; the charset keeps names safe in URLs and logs.
 */
export const ROOM_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A room's link as a member announces it: the query of its share link (`room=physics&t=20&...`,
 * core/room.ts roomToQuery), so that a short name can be resolved to the live room's full
 * parameters. The server holds no chain and cannot check that the link hashes to the room:
 * it checks the shape and the bound only, and the page checks the hash before joining.
 * `room=` comes first and names the room; then up to 16 `key=value` pairs of URL-safe text.
 */
export const ROOM_LINK_PATTERN =
  /^room=([A-Za-z0-9_-]{1,64})(?:&[a-z]{1,16}=[A-Za-z0-9_.:%-]{1,64}){0,16}$/;

/**
 * Longest room link: a canonical link of every parameter is about 200 characters (a 40
 * character name, ten numbers), so 512 is twice that and more.
 */
export const MAX_ROOM_LINK_CHARS = 512;

/** The short name a room link carries, or undefined if the link is not one. */
export function roomLinkName(link: string): string | undefined {
  if (typeof link !== 'string' || link.length > MAX_ROOM_LINK_CHARS) return undefined;
  return ROOM_LINK_PATTERN.exec(link)?.[1];
}

/** Peer ids as the server issues them (crypto.randomUUID, 36 chars); 64 leaves room to change. */
export const PEER_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Largest client frame, in UTF-8 bytes; the server's default ws `maxPayload` (ws's own default
 * is 100 MiB). A simple-peer offer with all ICE candidates is a few KiB.
 */
export const MAX_CLIENT_MESSAGE_BYTES = 64 * 1024;

/** Largest `signal.data` once serialised as JSON: half a frame, so a relayed frame always fits. */
export const MAX_SIGNAL_DATA_BYTES = 32 * 1024;

/**
 * Deepest nesting allowed in `signal.data`. simple-peer's payloads nest 3 deep
 * ({candidate: {...}}); the cap keeps JSON.stringify off deep recursion on hostile input.
 */
export const MAX_SIGNAL_DATA_DEPTH = 16;

/** At most this many peers are offered in a welcome: Bitcoin Core's 8 outbound connections. */
export const WELCOME_SAMPLE_SIZE = 8;

/** WebSocket close codes the server uses (RFC 6455 section 7.4.1). */
export const CloseCode = {
  /** The server is shutting down; reconnect later. */
  goingAway: 1001,
  /** A binary frame: this protocol is text only. */
  unsupportedData: 1003,
  /** The peer vanished without a close frame (ws reports this locally; never sent). */
  abnormal: 1006,
  /** Invalid UTF-8 in a text frame (ws closes with this by itself). */
  invalidPayload: 1007,
  /** A protocol violation: malformed message, rate limit, join timeout. */
  policyViolation: 1008,
  /** A frame over maxPayload (ws closes with this by itself), or a field over its bound. */
  messageTooBig: 1009,
} as const;

/** A close code from {@link CloseCode}. */
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/**
 * Stable error codes (tests and clients match on these, never on `message`), each mapped to
 * the close code that follows it, or null when the socket stays open. Fatal errors are the
 * ones an honest client never causes; the others can happen in an honest race (a peer left
 * just before our signal reached the server) and only fail that one request.
 */
export const ERROR_CLOSE_CODES = {
  /** A binary frame. */
  'binary-frame': CloseCode.unsupportedData,
  /** Text that is not JSON. */
  'bad-json': CloseCode.policyViolation,
  /** JSON, but not a message: not an object, missing or mistyped fields. */
  'bad-message': CloseCode.policyViolation,
  /** An object whose `type` is not a client message type. */
  'unknown-type': CloseCode.policyViolation,
  /** A room name that does not match {@link ROOM_PATTERN}. */
  'bad-room': CloseCode.policyViolation,
  /** A join's `link` that does not match {@link ROOM_LINK_PATTERN} or is too long. */
  'bad-link': CloseCode.policyViolation,
  /** A field over its bound, e.g. `signal.data` over {@link MAX_SIGNAL_DATA_BYTES}. */
  'too-large': CloseCode.messageTooBig,
  /** More messages than the per-connection token bucket allows. */
  'rate-limited': CloseCode.policyViolation,
  /** Connected but did not join a room in time; sockets outside a room are idle by definition. */
  'join-timeout': CloseCode.policyViolation,
  /** The room is at its size cap; try later or another room. */
  'room-full': null,
  /** The server is at its room cap and this join would open a new room. */
  'too-many-rooms': null,
  /** `signal` or `leave` before `join`. */
  'not-joined': null,
  /** `join` while already in a room: send `leave` first. */
  'already-joined': null,
  /** `signal` to an id that is not in the sender's room (or never existed, or is the sender). */
  'unknown-peer': null,
  /**
   * `signal` refused because its recipient is not reading fast enough (too much queued for
   * it), or the sender itself has too much queued unsent: the flood is charged to the sender,
   * never to the recipient. `peer` names the recipient. Retry later.
   */
  'recipient-busy': null,
} as const satisfies Record<string, CloseCode | null>;

/** A stable error code; see {@link ERROR_CLOSE_CODES}. */
export type SignalingErrorCode = keyof typeof ERROR_CLOSE_CODES;

// ---------------------------------------------------------------------------------------------
// Client -> server

/** Enter a room. The server answers with `welcome`, or `error` (room-full, too-many-rooms, ...). */
export interface JoinMessage {
  type: 'join';
  /** The room name; see {@link ROOM_PATTERN}. */
  room: string;
  /**
   * The room's link ({@link ROOM_LINK_PATTERN}), so the server can answer who asks for a
   * room by its short name (`GET /api/rooms`). Optional: a member may stay unlisted.
   */
  link?: string;
}

/**
 * Relay an opaque payload to one peer in the same room. There is no `from`: the server stamps
 * the sender itself, so a field named `from` here is ignored (PeerJS does the same:
 * `message.src = client.getId()`).
 */
export interface SignalRequest {
  type: 'signal';
  /** The recipient's server-assigned id. */
  to: string;
  /** Any JSON value (a simple-peer signal), at most {@link MAX_SIGNAL_DATA_BYTES} serialised. */
  data: unknown;
}

/** Leave the current room; the socket may then join another one. Closing the socket also leaves. */
export interface LeaveMessage {
  type: 'leave';
}

/** Any message a client sends. Unknown extra fields are ignored, for forward compatibility. */
export type ClientMessage = JoinMessage | SignalRequest | LeaveMessage;

// ---------------------------------------------------------------------------------------------
// Server -> client

/** The answer to a successful join. */
export interface WelcomeMessage {
  type: 'welcome';
  /** This socket's id, random and server-assigned; clients never choose ids (no takeover). */
  id: string;
  /** The room joined, echoed back. */
  room: string;
  /** A random sample of at most {@link WELCOME_SAMPLE_SIZE} other peers in the room to dial. */
  peers: string[];
}

/** A newcomer was told to dial you: expect its offer; do not dial it yourself. */
export interface PeerJoinedMessage {
  type: 'peer-joined';
  id: string;
}

/** A relayed payload. `from` is the sender's id as the server knows it, never client-supplied. */
export interface SignalMessage {
  type: 'signal';
  from: string;
  data: unknown;
}

/** A peer of your room left or its socket died: drop any half-done handshake with it. */
export interface PeerLeftMessage {
  type: 'peer-left';
  id: string;
}

/** A refused request. If the code is fatal (see {@link ERROR_CLOSE_CODES}) a close follows. */
export interface ErrorMessage {
  type: 'error';
  code: SignalingErrorCode;
  /** Human-readable detail for logs; may change, never match on it. */
  message: string;
  /** For `unknown-peer` and `recipient-busy`: the id the failed signal was addressed to. */
  peer?: string;
}

/** Any message the server sends. */
export type ServerMessage =
  WelcomeMessage | PeerJoinedMessage | SignalMessage | PeerLeftMessage | ErrorMessage;

// ---------------------------------------------------------------------------------------------
// Validation

/** What {@link parseClientMessage} returns for input it refuses. */
export interface ParseFailure {
  error: SignalingErrorCode;
  message: string;
}

/**
 * Validates one text frame from a client. Never throws: every input yields either a fresh
 * message holding only the known fields, or a failure with a stable code.
 */
export function parseClientMessage(text: string): ClientMessage | ParseFailure {
  if (typeof text !== 'string') return fail('bad-message', 'not text');
  // Length in UTF-16 units never exceeds the UTF-8 byte length, so this refuses nothing valid.
  if (text.length > MAX_CLIENT_MESSAGE_BYTES) return fail('too-large', 'message too large');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail('bad-json', 'not valid JSON');
  }
  if (!isRecord(value)) return fail('bad-message', 'not a JSON object');
  switch (value.type) {
    case 'join':
      return parseJoin(value);
    case 'signal':
      return parseSignal(value);
    case 'leave':
      return { type: 'leave' };
    default:
      return fail('unknown-type', 'unknown message type');
  }
}

/** True if `value` is a {@link ParseFailure} rather than a message. */
export function isParseFailure(value: ClientMessage | ParseFailure): value is ParseFailure {
  return 'error' in value;
}

function parseJoin(value: Record<string, unknown>): JoinMessage | ParseFailure {
  const room = value.room;
  if (typeof room !== 'string') return fail('bad-message', 'join.room must be a string');
  if (!ROOM_PATTERN.test(room)) return fail('bad-room', 'room must be 1-64 of [A-Za-z0-9_-]');
  const link = value.link;
  if (link === undefined) return { type: 'join', room };
  if (typeof link !== 'string' || roomLinkName(link) === undefined) {
    return fail('bad-link', 'link must be a room query: room=NAME&key=value...');
  }
  return { type: 'join', room, link };
}

function parseSignal(value: Record<string, unknown>): SignalRequest | ParseFailure {
  const to = value.to;
  if (typeof to !== 'string' || !PEER_ID_PATTERN.test(to)) {
    return fail('bad-message', 'signal.to must be a peer id');
  }
  if (!('data' in value)) return fail('bad-message', 'signal.data is missing');
  const data = value.data;
  if (depthExceeds(data, MAX_SIGNAL_DATA_DEPTH)) return fail('too-large', 'signal.data too deep');
  let json: string;
  try {
    json = JSON.stringify(data);
  } catch {
    return fail('bad-message', 'signal.data cannot be serialised');
  }
  if (!fitsUtf8(json, MAX_SIGNAL_DATA_BYTES)) return fail('too-large', 'signal.data too large');
  return { type: 'signal', to, data };
}

function fail(error: SignalingErrorCode, message: string): ParseFailure {
  return { error, message };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Stops descending at `max`, so the check itself is bounded whatever the input's depth. */
function depthExceeds(value: unknown, max: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (max === 0) return true;
  const children: unknown[] = Array.isArray(value) ? value : Object.values(value);
  return children.some((child) => depthExceeds(child, max - 1));
}

function fitsUtf8(text: string, maxBytes: number): boolean {
  // Bounds first, to skip encoding: a UTF-16 unit takes 1 to 3 UTF-8 bytes.
  if (text.length > maxBytes) return false;
  if (text.length * 3 <= maxBytes) return true;
  return new TextEncoder().encode(text).length <= maxBytes;
}
