/**
 * The real signaling server on 127.0.0.1 with an ephemeral port, and real `ws` clients, for
 * the signaling tests. A client may bind its own loopback source address (127.0.0.2, ...) to
 * stand for another laptop: the per-address caps see each one as a different machine.
 */
import { connect, type Socket } from 'node:net';
import { afterEach } from 'vitest';
import { WebSocket, type ClientOptions } from 'ws';
import { SIGNAL_PATH, type ServerMessage } from '../../../signaling/protocol.js';
import {
  createSignalingServer,
  type SignalingServer,
  type SignalingServerOptions,
} from '../../../signaling/server.js';

/** Each awaited event comes in milliseconds; this only turns a regression into a failure, not a hang. */
export const HANG = { timeout: 15_000 };

/** The loopback address standing for laptop `n` (n >= 2; 127.0.0.1 is the server's own). */
export function laptop(n: number): string {
  return `127.0.0.${n}`;
}

type Msg<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

const servers: SignalingServer[] = [];
const clients: Client[] = [];
const sockets: Socket[] = [];

/** Starts a server on 127.0.0.1 (stopped after the test). */
export async function start(options: SignalingServerOptions = {}): Promise<SignalingServer> {
  const server = await createSignalingServer({ port: 0, host: '127.0.0.1', ...options });
  servers.push(server);
  return server;
}

/** A raw TCP connection to `server` from `localAddress` (destroyed after the test). */
export function rawSocket(server: SignalingServer, localAddress: string): Socket {
  const socket = connect({ host: '127.0.0.1', port: server.port, localAddress });
  socket.on('error', () => {}); // tests await 'close'
  sockets.push(socket);
  return socket;
}

afterEach(async () => {
  clients.splice(0).forEach((client) => client.ws.terminate());
  sockets.splice(0).forEach((socket) => socket.destroy());
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A real ws client that queues every server message so a test can await them in order. */
export class Client {
  readonly messages: ServerMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly #waiters: Array<() => void> = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse((data as Buffer).toString('utf8')) as ServerMessage);
      this.#waiters.splice(0).forEach((wake) => wake());
    });
    ws.on('error', () => {}); // the close event carries what the tests assert
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        this.#waiters.splice(0).forEach((wake) => wake());
      });
    });
  }

  /** Opens a socket to `server`'s signaling path and waits until it is open. */
  static async connect(server: SignalingServer, options?: ClientOptions): Promise<Client> {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${SIGNAL_PATH}`, options);
    const client = new Client(ws);
    clients.push(client);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  /** Connects and joins `room`; resolves with the welcome. */
  static async joined(server: SignalingServer, room: string, options?: ClientOptions) {
    const client = await Client.connect(server, options);
    client.send({ type: 'join', room });
    const welcome = await client.next('welcome');
    return { client, id: welcome.id, welcome };
  }

  /** Tries to open a socket; resolves with the HTTP status of a refused upgrade, or 101. */
  static async status(server: SignalingServer, options?: ClientOptions): Promise<number> {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${SIGNAL_PATH}`, options);
    ws.on('error', () => {});
    clients.push(new Client(ws));
    return new Promise<number>((resolve) => {
      ws.once('open', () => resolve(101));
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    });
  }

  send(value: unknown): void {
    this.ws.send(typeof value === 'string' ? value : JSON.stringify(value));
  }

  /** Removes and returns the first queued message of `type` matching `match`, waiting if none. */
  async next<T extends ServerMessage['type']>(
    type: T,
    match: (message: Msg<T>) => boolean = () => true,
  ): Promise<Msg<T>> {
    for (;;) {
      const index = this.messages.findIndex(
        (message) => message.type === type && match(message as Msg<T>),
      );
      if (index >= 0) return this.messages.splice(index, 1)[0] as Msg<T>;
      if (this.ws.readyState === WebSocket.CLOSED) throw new Error(`closed before ${type}`);
      await new Promise<void>((wake) => this.#waiters.push(wake));
    }
  }

  /** Sends a join for `room`; resolves with "welcome" or the refusal's error code. */
  async join(room: string): Promise<string> {
    this.send({ type: 'join', room });
    for (;;) {
      const reply = this.messages.find((m) => m.type === 'welcome' || m.type === 'error');
      if (reply !== undefined) return reply.type === 'error' ? reply.code : reply.type;
      if (this.ws.readyState === WebSocket.CLOSED) throw new Error('closed before a join reply');
      await new Promise<void>((wake) => this.#waiters.push(wake));
    }
  }

  /**
   * Waits until the server has processed everything sent to this client so far: the server
   * handles one socket's messages in order and writes each socket's replies in order, so once
   * the answer to this probe arrives, anything relayed to us earlier has arrived too.
   */
  async barrier(): Promise<void> {
    const probe = `probe-${Math.random().toString(36).slice(2)}`;
    this.send({ type: 'signal', to: probe, data: null });
    await this.next('error', (error) => error.code === 'unknown-peer' && error.peer === probe);
  }
}
