/**
 * Everything this node saw, as a bounded event log for the Log panel and for lab reports:
 * blocks, reorganisations, orphans, transfers, peers, persistence, mining. Events are
 * buffered and published a few times a second, so a sync of thousands of blocks stays cheap.
 */
import { formatCoins } from '../../core/money.js';
import type { Node } from '../../node/node.js';
import { transferCount } from '../block-info.js';
import { coalesce } from '../coalesce.js';
import type { NetworkSource } from '../network/network-source.js';

/** The log's filter groups. */
export const LOG_KINDS = ['block', 'reorg', 'orphan', 'tx', 'peer', 'storage', 'mining'] as const;

/** One filter group. */
export type LogKind = (typeof LOG_KINDS)[number];

/** A field value: plain data, so entries export as they are. */
export type LogValue = string | number | boolean;

/** One thing the node saw. */
export interface LogEntry {
  readonly seq: number;
  /** Milliseconds since the epoch. */
  readonly at: number;
  readonly kind: LogKind;
  /** The node or network event name, e.g. `block-rejected`. */
  readonly event: string;
  readonly fields: Readonly<Record<string, LogValue>>;
}

/** Entries kept: about an hour of a busy classroom; older ones drop off the front. */
export const LOG_LIMIT = 5000;
/** Publish period, ms. */
export const LOG_FLUSH_MS = 250;

/** The event log. */
export class LogState {
  #entries = $state.raw<readonly LogEntry[]>([]);
  #dropped = $state(0);
  readonly #buffer: LogEntry[] = [];
  readonly #off: (() => void)[] = [];
  readonly #nameOf: (remoteId: string) => string | undefined;
  readonly #flush = coalesce(() => this.#publish(), LOG_FLUSH_MS);
  #seq = 0;

  constructor(
    node: Node,
    network: NetworkSource | undefined,
    nameOf: (remoteId: string) => string | undefined = () => undefined,
  ) {
    this.#nameOf = nameOf;
    this.#listenNode(node);
    if (network) this.#listenNetwork(network);
  }

  /** Entries, oldest first. */
  get entries(): readonly LogEntry[] {
    return this.#entries;
  }

  /** Entries that fell off the front since the page opened. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Adds an entry (the panels log their own actions too, e.g. a lab step). */
  add(kind: LogKind, event: string, fields: Record<string, LogValue> = {}): void {
    this.#buffer.push({ seq: ++this.#seq, at: Date.now(), kind, event, fields });
    this.#flush();
  }

  /** Empties the log. */
  clear(): void {
    this.#buffer.length = 0;
    this.#entries = [];
  }

  /** Stops listening. */
  dispose(): void {
    for (const off of this.#off) off();
    this.#flush.cancel();
  }

  #from(source: string | undefined): string {
    if (source === undefined) return '';
    if (source === 'self' || source === 'console' || source === 'tamper') return source;
    return this.#nameOf(source) ?? source.slice(0, 8);
  }

  #listenNode(node: Node): void {
    const on = node.on.bind(node);
    this.#off.push(
      on('block-connected', ({ entry, block }) =>
        this.add('block', 'block-connected', {
          height: entry.height,
          id: entry.id,
          txs: transferCount(block),
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
          from: this.#from(e.source),
        }),
      ),
      on('block-future', (e) =>
        this.add('block', 'block-future', { id: e.id, from: this.#from(e.source) }),
      ),
      on('orphan', (e) =>
        this.add('orphan', 'orphan', { id: e.id, missing: e.missing, from: this.#from(e.source) }),
      ),
      on('reorg', (r) =>
        this.add('reorg', 'reorg', {
          fork: r.fork.height,
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
          from: this.#from(e.source),
        }),
      ),
      on('tx-rejected', (e) =>
        this.add('tx', 'tx-rejected', { id: e.id, code: e.code, from: this.#from(e.source) }),
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

  #listenNetwork(net: NetworkSource): void {
    this.#off.push(
      net.on('peer-ready', (p) =>
        this.add('peer', 'peer-ready', {
          peer: p.name,
          key: p.key.slice(0, 8),
          height: p.tip.height,
        }),
      ),
      net.on('peer-closed', (p) =>
        this.add('peer', 'peer-closed', { peer: this.#from(p.remoteId), reason: p.reason }),
      ),
      net.on('peer-misbehaved', (p) =>
        this.add('peer', 'peer-misbehaved', {
          peer: this.#from(p.remoteId),
          code: p.code,
          penalty: p.penalty,
          score: p.score,
        }),
      ),
      net.on('peer-banned', (p) =>
        this.add('peer', 'peer-banned', { peer: this.#from(p.remoteId), code: p.code }),
      ),
    );
  }

  #publish(): void {
    if (this.#buffer.length === 0) return;
    const all = [...this.#entries, ...this.#buffer];
    this.#buffer.length = 0;
    const over = all.length - LOG_LIMIT;
    if (over > 0) this.#dropped += over;
    this.#entries = over > 0 ? all.slice(over) : all;
  }
}
