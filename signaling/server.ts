import {
  createServer,
  STATUS_CODES,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type ServerOptions } from 'ws';
import { plainAddress } from './address.js';
import { LIVE_ROOMS_PATH, SERVER_INFO_PATH, type ServerInfo } from './api.js';
import * as bounds from './bounds.js';
import { capConnectionsPerAddress, hasBody } from './http-guard.js';
import { SignalingHub, type HubLimits, type SignalingStats } from './hub.js';
import { reachableAddresses } from './interfaces.js';
import { originAllowed, originPolicy, type OriginPolicy } from './origin.js';
import {
  MAX_CLIENT_MESSAGE_BYTES,
  ROOM_PATTERN,
  SIGNAL_PATH,
  WELCOME_SAMPLE_SIZE,
} from './protocol.js';
import { sendText, serveStatic } from './static.js';

export type { SignalingStats } from './hub.js';

/** Options of {@link createSignalingServer}; every one has a default in SIGNALING_DEFAULTS. */
export interface SignalingServerOptions extends Partial<HubLimits> {
  /** TCP port; 0 picks a free one (read it back from `server.port`). */
  port?: number;
  /** Interface to bind; the CLI passes 0.0.0.0 so other laptops can connect. */
  host?: string;
  /** Folder of the built app served over plain HTTP on the same port. */
  staticDir?: string;
  /** Largest WebSocket frame accepted; ws closes with 1009 above it. */
  maxPayload?: number;
  /** Open sockets at most; further upgrades get HTTP 503. */
  maxConnections?: number;
  /** TCP connections (HTTP and WebSocket) from one address; further ones are closed unread. */
  maxTcpPerAddress?: number;
  /** Heartbeat period; a socket that misses one pong is terminated at the next beat. */
  pingIntervalMs?: number;
  /** Request headers must arrive within this (Node's `headersTimeout`); else 408 and close. */
  headersTimeoutMs?: number;
  /** The whole request must arrive within this (Node's `requestTimeout`). */
  requestTimeoutMs?: number;
  /** An HTTP connection without traffic for this long is closed (Node's `server.timeout`). */
  idleTimeoutMs?: number;
  /**
   * Page origins allowed to open a socket besides the server's own (e.g. a page served from
   * elsewhere). Pages the server served itself are always allowed (see origin.ts), and so are
   * requests without an Origin (not a browser page).
   */
  allowedOrigins?: readonly string[];
  /** Accept any Origin: for a proxy that rewrites Host, or a page served by another host. */
  anyOrigin?: boolean;
  /** How long shutdown waits for clients to answer the close frame before terminating. */
  closeGraceMs?: number;
  /** One line per refused upgrade or server-closed socket; silent by default. */
  log?: (line: string) => void;
  /**
   * The addresses `GET /api/server-info` names for students, instead of the machine's own
   * (interfaces.ts): a DNS name, an address behind a port forward, or in tests a loopback
   * address standing for a LAN one. An empty list says no other laptop can reach this server.
   */
  advertise?: readonly string[];
}

/** A running server. */
export interface SignalingServer {
  /** The bound port (the real one when `port: 0` was asked). */
  readonly port: number;
  /** The bound host. */
  readonly host: string;
  /** Room, peer and connection counts. */
  stats(): SignalingStats;
  /** Stops accepting, closes every socket (1001) and the HTTP server; safe to call twice. */
  close(): Promise<void>;
}

/** The defaults; bounds.ts says where each number comes from. */
export const SIGNALING_DEFAULTS = {
  port: 8080,
  // Loopback unless asked: a library should not open a LAN port by surprise; the CLI asks.
  host: '127.0.0.1',
  staticDir: 'dist',
  // ws's default is 100 MiB (threat model G43); a signal payload is a few KiB.
  maxPayload: MAX_CLIENT_MESSAGE_BYTES,
  rateLimit: bounds.RATE_LIMIT,
  maxRoomSize: bounds.MAX_ROOM_SIZE,
  maxRooms: bounds.MAX_ROOMS,
  maxConnections: bounds.MAX_CONNECTIONS,
  maxSocketsPerAddress: bounds.MAX_SOCKETS_PER_ADDRESS,
  maxTcpPerAddress: bounds.MAX_TCP_PER_ADDRESS,
  maxRoomsPerAddress: bounds.MAX_ROOMS_PER_ADDRESS,
  maxMembersPerAddress: bounds.MAX_MEMBERS_PER_ADDRESS,
  uncappedAddresses: bounds.UNCAPPED_ADDRESSES,
  sampleSize: WELCOME_SAMPLE_SIZE,
  pingIntervalMs: bounds.PING_INTERVAL_MS,
  joinTimeoutMs: bounds.JOIN_TIMEOUT_MS,
  headersTimeoutMs: bounds.HEADERS_TIMEOUT_MS,
  requestTimeoutMs: bounds.REQUEST_TIMEOUT_MS,
  idleTimeoutMs: bounds.IDLE_TIMEOUT_MS,
  maxBufferedBytes: bounds.MAX_RECIPIENT_QUEUED_BYTES,
  maxSenderQueuedBytes: bounds.MAX_SENDER_QUEUED_BYTES,
  maxQueuedBytes: bounds.MAX_QUEUED_BYTES,
  closeGraceMs: 1_000,
  // ws waits 30 s for a close handshake; a client we closed for misbehaving gets 5 s.
  wsCloseTimeoutMs: 5_000,
} as const;

/**
 * Starts one HTTP server that serves the built app, `GET /healthz`, and the signaling
 * WebSocket at {@link SIGNAL_PATH}. Resolves once it is listening.
 */
export async function createSignalingServer(
  options: SignalingServerOptions = {},
): Promise<SignalingServer> {
  const opt = { ...SIGNALING_DEFAULTS, ...withoutUndefined(options) };
  const log = options.log ?? (() => {});
  const staticDir = path.resolve(opt.staticDir);
  const origins = originPolicy(options.allowedOrigins, options.anyOrigin === true);
  const hub = new SignalingHub(opt, log);
  const wsOptions: ServerOptions & { closeTimeout: number } = {
    noServer: true,
    clientTracking: false, // the hub tracks its sockets
    perMessageDeflate: false, // compression costs CPU and memory for a few-KiB payload
    maxPayload: opt.maxPayload,
    closeTimeout: opt.wsCloseTimeoutMs, // a ws 8.23 option that @types/ws 8.18 lacks
    // ws 8.23's own defaults already bound the rest: 60 pending auto-pongs (a ping flood),
    // 16,384 fragments per message, 256 Ki buffered chunks.
  };
  const wss = new WebSocketServer(wsOptions);
  let closing: Promise<void> | null = null;

  const http = createServer(
    {
      headersTimeout: opt.headersTimeoutMs,
      requestTimeout: opt.requestTimeoutMs,
      // Node checks both timeouts at this period (default 30 s, past a short timeout).
      connectionsCheckingInterval: Math.min(1_000, Math.max(10, opt.headersTimeoutMs / 4)),
    },
    (req, res) => {
      handleRequest(req, res, staticDir, hub, serverInfo).catch(() => {
        if (!res.headersSent) sendText(res, 500, 'Internal error\n');
        else res.destroy();
      });
    },
  );
  // With no 'timeout' listener, Node destroys a connection idle this long.
  http.setTimeout(opt.idleTimeoutMs);
  // "Expect: 100-continue" would otherwise be answered "100 Continue", inviting the body;
  // the handler answers the request itself, refusing any body.
  http.on('checkContinue', (req, res) => http.emit('request', req, res));
  http.on('error', (error) => log(`http: ${error.message}`));
  capConnectionsPerAddress(http, opt.maxTcpPerAddress, new Set(opt.uncappedAddresses), log);

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Until ws takes the socket, a reset from the client must not become an uncaught error.
    socket.on('error', () => socket.destroy());
    const refusal = closing !== null ? 503 : upgradeRefusal(req, origins, hub, opt.maxConnections);
    if (refusal !== null) {
      log(
        // JSON.stringify: the Origin header is the client's text, not to reach a terminal raw.
        `${plainAddress(req.socket.remoteAddress)}: upgrade refused ${refusal}, origin ${JSON.stringify(req.headers.origin ?? null)}`,
      );
      return refuseUpgrade(socket, refusal);
    }
    wss.handleUpgrade(req, socket, head, (ws) => hub.accept(ws, req.socket.remoteAddress));
  });

  await listen(http, opt.port, opt.host);
  const port = (http.address() as AddressInfo).port;
  // Asked per request: a laptop that joins the Wi-Fi after the server started is found on reload.
  function serverInfo(): ServerInfo {
    return { port, addresses: reachableAddresses(opt.host, options.advertise) };
  }
  // The sweep waits one turn of the event loop: if this process stalled (GC, a throttled
  // laptop), pongs that arrived meanwhile are read in the poll phase first, so our own delay
  // is not taken for the clients' silence.
  const heartbeat = setInterval(() => setImmediate(() => hub.sweep()), opt.pingIntervalMs);

  return {
    port,
    host: opt.host,
    stats: () => hub.stats(),
    close() {
      closing ??= (async () => {
        clearInterval(heartbeat);
        // Sockets first, so that clients get a 1001 close frame rather than a reset.
        await hub.closeAll(opt.closeGraceMs);
        wss.close();
        const httpClosed = new Promise<void>((resolve) => http.close(() => resolve()));
        http.closeAllConnections(); // idle keep-alive connections would hold close() open
        await httpClosed;
      })();
      return closing;
    },
  };
}

async function handleRequest(
  req: IncomingMessage,
  res: ServerResponse,
  staticDir: string,
  hub: SignalingHub,
  serverInfo: () => ServerInfo,
): Promise<void> {
  const readOnly = req.method === 'GET' || req.method === 'HEAD';
  if (!readOnly) res.setHeader('Allow', 'GET, HEAD');
  if (hasBody(req)) {
    // Answered before a byte of the body is read; closing the connection after the answer
    // stops Node from reading the body to its end to reuse the connection.
    res.setHeader('Connection', 'close');
    return sendText(
      res,
      readOnly ? 413 : 405,
      readOnly ? 'No body expected\n' : 'Method not allowed\n',
    );
  }
  if (!readOnly) return sendText(res, 405, 'Method not allowed\n');
  const pathname = pathOf(req.url);
  if (pathname === '/healthz') {
    return sendText(res, 200, JSON.stringify({ ok: true, ...hub.stats() }), 'application/json');
  }
  if (pathname === SERVER_INFO_PATH) {
    return sendText(res, 200, JSON.stringify(serverInfo()), 'application/json');
  }
  if (pathname === LIVE_ROOMS_PATH) {
    const name = new URLSearchParams(queryOf(req.url)).get('name');
    if (name !== null && !ROOM_PATTERN.test(name)) {
      return sendText(res, 400, JSON.stringify({ error: 'bad-name' }), 'application/json');
    }
    const live = hub.liveRooms(name ?? undefined);
    return sendText(res, 200, JSON.stringify(live), 'application/json');
  }
  if (pathname === SIGNAL_PATH) {
    res.setHeader('Upgrade', 'websocket');
    return sendText(res, 426, 'This path takes WebSocket connections.\n');
  }
  await serveStatic(staticDir, req, res);
}

/** The HTTP status refusing this upgrade, or null to accept it. */
function upgradeRefusal(
  req: IncomingMessage,
  origins: OriginPolicy,
  hub: SignalingHub,
  maxConnections: number,
): number | null {
  if (pathOf(req.url) !== SIGNAL_PATH) return 404;
  // Checked here, before any WebSocket exists: a refused page never gets a socket (G47).
  if (!originAllowed(req.headers.origin, req.headers.host, origins)) return 403;
  // Per address first: one laptop meets its own cap long before it could take every slot.
  if (hub.addressFull(req.socket.remoteAddress)) return 429;
  if (hub.connectionCount >= maxConnections) return 503;
  return null;
}

function pathOf(url: string | undefined): string {
  return (url ?? '/').split(/[?#]/, 1)[0] ?? '/';
}

/** The query of a request target, without `?` (empty if none). */
function queryOf(url: string | undefined): string {
  const target = (url ?? '').split('#', 1)[0] ?? '';
  const q = target.indexOf('?');
  return q < 0 ? '' : target.slice(q + 1);
}

/** Answers a refused upgrade with a plain HTTP status, as ws's own abortHandshake does. */
function refuseUpgrade(socket: Duplex, status: number): void {
  const body = `${STATUS_CODES[status] ?? 'Error'}\n`;
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      'Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function listen(http: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
}

/** Spreading `{port: undefined}` over the defaults would erase them; drop such keys first. */
function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
