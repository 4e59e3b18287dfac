/**
 * The console's event log: what the node saw, with wall-clock timestamps in milliseconds
 * (sub-millisecond where the browser allows), so tabs of one machine can be compared
 * (the propagation benchmark) and students can replay what happened.
 */
import type { Node } from '../node/node.js';

/** One logged event. */
export interface ConsoleEvent {
  /** performance.timeOrigin + performance.now(): comparable across tabs of one machine. */
  readonly t: number;
  readonly type: string;
  readonly id?: string;
  readonly height?: number;
  readonly code?: string;
  readonly source?: string;
}

/** Events kept (the oldest go first). */
const MAX_EVENTS = 5000;

/** Starts logging a node's events; returns the log (a live array, oldest first). */
export function logEvents(node: Node): ConsoleEvent[] {
  const log: ConsoleEvent[] = [];
  const now = () => performance.timeOrigin + performance.now();
  const push = (e: Omit<ConsoleEvent, 't'>) => {
    log.push({ t: now(), ...e });
    if (log.length > MAX_EVENTS) log.shift();
  };
  node.on('block-connected', ({ entry }) =>
    push({ type: 'block-connected', id: entry.id, height: entry.height }),
  );
  node.on('block-stale', ({ entry }) =>
    push({ type: 'block-stale', id: entry.id, height: entry.height }),
  );
  node.on('block-mined', ({ entry }) =>
    push({ type: 'block-mined', id: entry.id, height: entry.height }),
  );
  node.on('block-rejected', (e) =>
    push({ type: 'block-rejected', id: e.id, code: e.code, source: e.source }),
  );
  node.on('reorg', (r) => push({ type: 'reorg', id: r.fork.id, height: r.fork.height }));
  node.on('orphan', (e) => push({ type: 'orphan', id: e.id }));
  node.on('tx-accepted', (e) => push({ type: 'tx-accepted', id: e.id, source: e.source }));
  node.on('tx-rejected', (e) =>
    push({ type: 'tx-rejected', id: e.id, code: e.code, source: e.source }),
  );
  return log;
}
