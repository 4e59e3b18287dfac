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
import { SignalingHub, type HubLimits, type SignalingStats } from './hub.js';
import { MAX_CLIENT_MESSAGE_BYTES, SIGNAL_PATH, WELCOME_SAMPLE_SIZE } from './protocol.js';
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
  /** Heartbeat period; a socket that misses one pong is terminated at the next beat. */
  pingIntervalMs?: number;
  /**
   * Page origins allowed to open a socket (e.g. "http://10.0.0.5:8080"); empty or absent
   * allows any. A request without an Origin header is allowed: browsers always send one, and
   * anything else could forge it, so the list stops cross-site pages, not scripts.
   */
  allowedOrigins?: readonly string[];
  /** How long shutdown waits for clients to answer the close frame before terminating. */
  closeGraceMs?: number;
  /** One line per refused upgrade or server-closed socket; silent by default. */
  log?: (line: string) => void;
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

/** The defaults, each with where its number comes from. */
export const SIGNALING_DEFAULTS = {
  port: 8080,
  // Loopback unless asked: a library should not open a LAN port by surprise; the CLI asks.
  host: '127.0.0.1',
  staticDir: 'dist',
  // ws's default is 100 MiB (threat model G43); a signal payload is a few KiB.
  maxPayload: MAX_CLIENT_MESSAGE_BYTES,
  // A newcomer dialing 8 peers with trickle ICE sends an offer and ~10 candidates to each at
  // once, ~90 messages: the burst covers that, the rate any steady renegotiation.
  rateLimit: { perSecond: 50, burst: 100 },
  // A class of 30 laptops with a second tab each, plus headroom (y-webrtc has no cap; G45).
  maxRoomSize: 64,
  // Rooms are cheap when empty of traffic; 256 is many classes on one teacher's laptop.
  maxRooms: 256,
  // A thousand idle sockets cost Node a few tens of MiB; several classrooms' worth.
  maxConnections: 1024,
  sampleSize: WELCOME_SAMPLE_SIZE,
  // The ws README's heartbeat example and y-webrtc's server both use 30 s.
  pingIntervalMs: 30_000,
  // A tab joins right after its socket opens; 10 s covers a slow laptop loading the page.
  joinTimeoutMs: 10_000,
  // 16 full frames queued; simple-peer itself backs off at 64 KiB.
  maxBufferedBytes: 1024 * 1024,
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
  const origins = new Set((options.allowedOrigins ?? []).map((origin) => new URL(origin).origin));
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

  const http = createServer((req, res) => {
    handleRequest(req, res, staticDir, hub).catch(() => {
      if (!res.headersSent) sendText(res, 500, 'Internal error\n');
      else res.destroy();
    });
  });
  http.on('error', (error) => log(`http: ${error.message}`));

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Until ws takes the socket, a reset from the client must not become an uncaught error.
    socket.on('error', () => socket.destroy());
    const refusal = closing !== null ? 503 : upgradeRefusal(req, origins, hub, opt.maxConnections);
    if (refusal !== null) {
      log(
        // JSON.stringify: the Origin header is the client's text, not to reach a terminal raw.
        `${req.socket.remoteAddress ?? '?'}: upgrade refused ${refusal}, origin ${JSON.stringify(req.headers.origin ?? null)}`,
      );
      return refuseUpgrade(socket, refusal);
    }
    wss.handleUpgrade(req, socket, head, (ws) => hub.accept(ws, req.socket.remoteAddress));
  });

  await listen(http, opt.port, opt.host);
  // The sweep waits one turn of the event loop: if this process stalled (GC, a throttled
  // laptop), pongs that arrived meanwhile are read in the poll phase first, so our own delay
  // is not taken for the clients' silence.
  const heartbeat = setInterval(() => setImmediate(() => hub.sweep()), opt.pingIntervalMs);
  const port = (http.address() as AddressInfo).port;

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
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return sendText(res, 405, 'Method not allowed\n');
  }
  const pathname = pathOf(req.url);
  if (pathname === '/healthz') {
    return sendText(res, 200, JSON.stringify({ ok: true, ...hub.stats() }), 'application/json');
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
  origins: ReadonlySet<string>,
  hub: SignalingHub,
  maxConnections: number,
): number | null {
  if (pathOf(req.url) !== SIGNAL_PATH) return 404;
  // Checked here, before any WebSocket exists: a refused page never gets a socket (G47).
  if (!originAllowed(req.headers.origin, origins)) return 403;
  if (hub.connectionCount >= maxConnections) return 503;
  return null;
}

function pathOf(url: string | undefined): string {
  return (url ?? '/').split(/[?#]/, 1)[0] ?? '/';
}

function originAllowed(origin: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (allowed.size === 0 || origin === undefined) return true;
  try {
    // URL.origin lowercases the host and drops a default port, as the allow-list entries were.
    return allowed.has(new URL(origin).origin);
  } catch {
    return false; // "null" (sandboxed frames, file://) or garbage
  }
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
