/**
 * Everything this node saw, as one bounded log: blocks, reorganisations, orphans, transfers,
 * peers, persistence, mining. The Log panel shows it, the console's `events()` returns it and
 * lab reports export it. Timestamps are wall-clock milliseconds with sub-millisecond
 * precision where the browser allows, so tabs of one machine can be compared (the
 * propagation benchmark).
 */
import { formatCoins } from '../core/money.js';
import type { NetworkEvents } from '../net/events.js';
import type { NodeEvents } from '../node/types.js';

/** The log's groups, for filtering. */
export const LOG_KINDS = ['block', 'reorg', 'orphan', 'tx', 'peer', 'storage', 'mining'] as const;

/** One group. */
export type LogKind = (typeof LOG_KINDS)[number];

/** A field value: plain data, so entries export as they are. */
export type LogValue = string | number | boolean;

/** One thing the node saw. */
export interface LogEntry {
  readonly seq: number;
  /** Milliseconds since the epoch (performance.timeOrigin + performance.now()). */
  readonly at: number;
  readonly kind: LogKind;
  /** The node or network event name, e.g. `block-rejected`. */
  readonly event: string;
  /**
   * What happened. `from` is where a block or transfer came from as the node names it
   * ('self', 'console', 'tamper', a peer's remote id, '' when unknown); `peer` is a remote id,
   * except on `peer-ready`, which carries the peer's name.
   */
  readonly fields: Readonly<Record<string, LogValue>>;
}

/** Entries kept: about an hour of a busy classroom; older ones drop off the front. */
export const LOG_LIMIT = 5000;

/** What the log listens to on the node. */
export interface LoggedNode {
  on<K extends keyof NodeEvents>(name: K, fn: (payload: NodeEvents[K]) => void): () => void;
}

/** What the log listens to on the network. */
export interface LoggedNetwork {
  on<K extends keyof NetworkEvents>(name: K, fn: (payload: NetworkEvents[K]) => void): () => void;
}

/** The node's event log. */
export class EventLog {
  readonly #entries: LogEntry[] = [];
  readonly #listeners = new Set<(entry: LogEntry) => void>();
  readonly #off: (() => void)[] = [];
  readonly #now: () => number;
  #seq = 0;
  #dropped = 0;

  constructor(
    node: LoggedNode,
    network: LoggedNetwork | undefined,
    now: () => number = () => performance.timeOrigin + performance.now(),
  ) {
    this.#now = now;
    this.#listenNode(node);
    if (network) this.#listenNetwork(network);
  }

  /** Entries, oldest first (a live array: copy it to keep a snapshot). */
  get entries(): readonly LogEntry[] {
    return this.#entries;
  }

  /** Entries that fell off the front since the page opened. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Calls `listener` with each new entry; returns the function that unsubscribes. */
  onEntry(listener: (entry: LogEntry) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Adds an entry. */
  add(kind: LogKind, event: string, fields: Record<string, LogValue> = {}): void {
    const entry: LogEntry = { seq: ++this.#seq, at: this.#now(), kind, event, fields };
    this.#entries.push(entry);
    if (this.#entries.length > LOG_LIMIT) {
      this.#entries.shift();
      this.#dropped++;
    }
    for (const l of this.#listeners) l(entry);
  }

  /** Empties the log. */
  clear(): void {
    this.#entries.length = 0;
  }

  /** Stops listening. */
  dispose(): void {
    for (const off of this.#off) off();
    this.#listeners.clear();
  }

  #listenNode(node: LoggedNode): void {
    const on = node.on.bind(node);
    this.#off.push(
      on('block-connected', ({ entry, block }) =>
        this.add('block', 'block-connected', {
          height: entry.height,
          id: entry.id,
          txs: block.txs.filter((tx) => tx.type === 'transfer').length,
        }),
      ),
      on('block-mined', ({ entry }) =>
        this.add('block', 'block-mined', { height: entry.height, id: entry.id }),
      ),
      on('block-stale', ({ entry }) =>
        this.add('block', 'block-stale', { height: entry.height, id: entry.id }),
      ),
      on('block-disconnected', ({ entry }) =>
        this.add('block', 'block-disconnected', { height: entry.height, id: entry.id }),
      ),
      on('block-rejected', (e) =>
        this.add('block', 'block-rejected', {
          id: e.id,
          code: e.code,
          penalty: e.penalty,
          mutated: e.mutated,
          from: e.source ?? '',
        }),
      ),
      on('block-future', (e) =>
        this.add('block', 'block-future', { id: e.id, from: e.source ?? '' }),
      ),
      on('orphan', (e) =>
        this.add('orphan', 'orphan', { id: e.id, missing: e.missing, from: e.source ?? '' }),
      ),
      on('reorg', (r) =>
        this.add('reorg', 'reorg', {
          fork: r.fork.height,
          forkId: r.fork.id,
          depth: r.disconnected.length,
          added: r.connected.length,
          oldTip: r.disconnected[0]?.id ?? '',
          newTip: r.connected[r.connected.length - 1]?.id ?? '',
          returned: r.returnedTxs.length,
          reversed: r.droppedTxs.length,
        }),
      ),
      on('tx-accepted', (e) =>
        this.add('tx', 'tx-accepted', {
          id: e.id,
          amount: formatCoins(e.tx.amount),
          fee: formatCoins(e.tx.fee),
          from: e.source ?? '',
        }),
      ),
      on('tx-rejected', (e) =>
        this.add('tx', 'tx-rejected', { id: e.id, code: e.code, from: e.source ?? '' }),
      ),
      on('persistence', (p) =>
        this.add(
          'storage',
          'persistence',
          p.state === 'ok' ? { state: 'ok', code: '' } : { state: p.state, code: p.code },
        ),
      ),
      on('mining', ({ active }) => this.add('mining', active ? 'mining-on' : 'mining-off')),
    );
  }

  #listenNetwork(net: LoggedNetwork): void {
    this.#off.push(
      net.on('peer-ready', (p) =>
        this.add('peer', 'peer-ready', {
          peer: p.name,
          key: p.key.slice(0, 8),
          height: p.tip.height,
        }),
      ),
      net.on('peer-closed', (p) =>
        this.add('peer', 'peer-closed', { peer: p.remoteId, reason: p.reason }),
      ),
      net.on('peer-misbehaved', (p) =>
        this.add('peer', 'peer-misbehaved', {
          peer: p.remoteId,
          code: p.code,
          penalty: p.penalty,
          score: p.score,
        }),
      ),
      net.on('peer-banned', (p) =>
        this.add('peer', 'peer-banned', { peer: p.remoteId, code: p.code }),
      ),
    );
  }
}
