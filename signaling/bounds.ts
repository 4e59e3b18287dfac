/**
 * Every bound the classroom server holds a client to, each with where its number comes from.
 * `SIGNALING_DEFAULTS` (server.ts) takes these as defaults; docs/protocol.md, "Signaling
 * server bounds", lists them with the attack each one answers.
 *
 * "Address" means one laptop: an IPv4 address, or an IPv6 /64 (one host can pick any address
 * in its /64, so counting whole addresses there would count nothing). See address.ts.
 */

/** A class of 30 laptops with a second tab each, plus headroom (y-webrtc has no cap). */
export const MAX_ROOM_SIZE = 64;

/** Rooms are cheap when empty of traffic; 256 is many classes on one teacher's laptop. */
export const MAX_ROOMS = 256;

/** A thousand idle sockets cost Node a few tens of MiB; several classrooms' worth. */
export const MAX_CONNECTIONS = 1024;

/**
 * WebSockets open from one address. A tab holds one; a student with a dozen tabs and a
 * headless peer fits, and 1,024 / 16 = 64 laptops are needed to fill the server.
 */
export const MAX_SOCKETS_PER_ADDRESS = 16;

/**
 * TCP connections open from one address, HTTP and WebSocket together: the 16 sockets above
 * plus Chrome's 6 connections per host for page loads, twice (two browsers). Above it a new
 * connection is closed unread, so a slowloris from one laptop holds at most this many.
 */
export const MAX_TCP_PER_ADDRESS = 32;

/**
 * Distinct rooms one address is in. A laptop's tabs follow a chain or two (the lab compares a
 * few parameter sets); 256 / 8 = 32 laptops are needed to fill the room table.
 */
export const MAX_ROOMS_PER_ADDRESS = 8;

/**
 * Members of one room from one address: a handful of tabs on one laptop (the fork exercises
 * use three). One address then holds 8 of a room's 64 places, not all of them.
 */
export const MAX_MEMBERS_PER_ADDRESS = 8;

/**
 * Addresses the per-address caps skip: the server machine's own loopback. That machine is the
 * teacher's (projector demos with many tabs, the test suite, the soak); no other machine can
 * send from it. Other 127.x addresses are capped, so tests use them to stand for laptops.
 */
export const UNCAPPED_ADDRESSES: readonly string[] = ['127.0.0.1', '::1'];

/**
 * A request's headers must arrive within this long, or the connection gets 408 and is closed
 * (slowloris). A browser sends them in one packet; 10 s covers a congested classroom Wi-Fi.
 * Node's default is 60 s.
 */
export const HEADERS_TIMEOUT_MS = 10_000;

/**
 * The whole request (our requests have no body). Node's default is 300 s; it must not be
 * below the headers timeout.
 */
export const REQUEST_TIMEOUT_MS = 20_000;

/**
 * An HTTP connection with no byte in either direction for this long is closed (a stalled
 * download, a silent keep-alive). Upgraded sockets leave this behind: ws clears it, and the
 * join timeout and the heartbeat take over.
 */
export const IDLE_TIMEOUT_MS = 30_000;

/** A signaling socket must join a room within this; a slow laptop loads the page in less. */
export const JOIN_TIMEOUT_MS = 10_000;

/** The ws README's heartbeat example and y-webrtc's server both use 30 s. */
export const PING_INTERVAL_MS = 30_000;

/**
 * A newcomer dialing 8 peers with trickle ICE sends an offer and ~10 candidates to each at
 * once, ~90 messages: the burst covers that, the rate any steady renegotiation.
 */
export const RATE_LIMIT = { perSecond: 50, burst: 100 } as const;

/**
 * Bytes queued unsent to one recipient at which relays to it are refused (`recipient-busy`,
 * to the sender): 16 full frames; simple-peer itself backs off at 64 KiB. The recipient is
 * never closed for what others send it.
 */
export const MAX_RECIPIENT_QUEUED_BYTES = 1024 * 1024;

/**
 * Bytes one sender may have queued unsent across all recipients; beyond it its signals are
 * refused. Four full signals (an honest newcomer's 8 offers of a few KiB fit many times), so a
 * slow recipient fills up only from many senders, each charged for its own share.
 */
export const MAX_SENDER_QUEUED_BYTES = 128 * 1024;

/**
 * A socket with this much of the server's own notices (welcome, peer-left, errors) queued is
 * not reading at all and is terminated. Relays stop at half of it, so only a socket that has
 * left 2 MiB unread gets here; the heartbeat would drop it soon anyway.
 */
export const MAX_QUEUED_BYTES = 2 * MAX_RECIPIENT_QUEUED_BYTES;

/**
 * Ids of recent dialers remembered per member, to tell an answer from an unsolicited signal
 * (liveness proof). A room holds 64, so this many covers everyone who could have dialed.
 */
export const MAX_REMEMBERED_DIALERS = MAX_ROOM_SIZE;
