/**
 * The Log panel's view of the node's event log (src/app/event-log.ts): new entries are
 * buffered and published a few times a second, so a sync of thousands of blocks stays cheap,
 * and peers appear by the names the Network panel knows them by.
 */
import { LOG_LIMIT, type EventLog, type LogEntry, type LogValue } from '../../app/event-log.js';
import { coalesce } from '../coalesce.js';

/** Publish period, ms. */
export const LOG_FLUSH_MS = 250;

/** Sources the node names itself; every other source is a peer's remote id. */
const OWN_SOURCES = new Set(['self', 'console', 'tamper']);

/** The event log as the panel shows it. */
export class LogState {
  #entries = $state.raw<readonly LogEntry[]>([]);
  #dropped = $state(0);
  readonly #log: EventLog;
  readonly #buffer: LogEntry[] = [];
  readonly #off: () => void;
  readonly #nameOf: (remoteId: string) => string | undefined;
  readonly #flush = coalesce(() => this.#publish(), LOG_FLUSH_MS);

  constructor(log: EventLog, nameOf: (remoteId: string) => string | undefined = () => undefined) {
    this.#log = log;
    this.#nameOf = nameOf;
    this.#buffer.push(...log.entries.map((e) => this.#named(e)));
    this.#publish();
    this.#off = log.onEntry((e) => {
      this.#buffer.push(this.#named(e));
      this.#flush();
    });
  }

  /** Entries, oldest first. */
  get entries(): readonly LogEntry[] {
    return this.#entries;
  }

  /** Entries that fell off the front since the page opened. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Empties the log. */
  clear(): void {
    this.#log.clear();
    this.#buffer.length = 0;
    this.#entries = [];
  }

  /** Stops listening. */
  dispose(): void {
    this.#off();
    this.#flush.cancel();
  }

  /** The entry with peers' remote ids replaced by their names, as it is read now. */
  #named(e: LogEntry): LogEntry {
    const { from, peer } = e.fields;
    const named = e.event !== 'peer-ready' && typeof peer === 'string';
    if (typeof from !== 'string' && !named) return e;
    const fields: Record<string, LogValue> = { ...e.fields };
    if (typeof from === 'string') fields.from = this.#name(from);
    if (named) fields.peer = this.#name(peer);
    return { ...e, fields };
  }

  #name(source: string): string {
    if (source === '' || OWN_SOURCES.has(source)) return source;
    return this.#nameOf(source) ?? source.slice(0, 8);
  }

  #publish(): void {
    this.#dropped = this.#log.dropped;
    if (this.#buffer.length === 0) return;
    const all = [...this.#entries, ...this.#buffer];
    this.#buffer.length = 0;
    this.#entries = all.length > LOG_LIMIT ? all.slice(all.length - LOG_LIMIT) : all;
  }
}
