/** The node's one event log: what it records, its bound, and who hears of each entry. */
import { describe, expect, it } from 'vitest';
import { EventLog, LOG_LIMIT, type LoggedNode } from '../../src/app/event-log.ts';
import type { NodeEvents } from '../../src/node/types.ts';

/** A node that only emits what the test tells it to. */
function fakeNode() {
  const handlers = new Map<string, ((p: unknown) => void)[]>();
  const node: LoggedNode = {
    on(name, fn) {
      const list = handlers.get(name) ?? [];
      list.push(fn as (p: unknown) => void);
      handlers.set(name, list);
      return () =>
        handlers.set(
          name,
          list.filter((f) => f !== fn),
        );
    },
  };
  const emit = <K extends keyof NodeEvents>(name: K, payload: NodeEvents[K]) => {
    for (const fn of handlers.get(name) ?? []) fn(payload);
  };
  return { node, emit };
}

describe('EventLog', () => {
  it('records a rejected block with its code and source, stamped by its clock', () => {
    const { node, emit } = fakeNode();
    const log = new EventLog(node, undefined, () => 1234.5);
    emit('block-rejected', {
      id: 'ab',
      code: 'high-hash',
      penalty: 100,
      mutated: false,
      source: 'peer-1',
    });
    emit('mining', { active: true });
    expect(log.entries).toEqual([
      {
        seq: 1,
        at: 1234.5,
        kind: 'block',
        event: 'block-rejected',
        fields: { id: 'ab', code: 'high-hash', penalty: 100, mutated: false, from: 'peer-1' },
      },
      { seq: 2, at: 1234.5, kind: 'mining', event: 'mining-on', fields: {} },
    ]);
  });

  it(`keeps the newest ${LOG_LIMIT} entries and counts the ones dropped`, () => {
    const log = new EventLog(fakeNode().node, undefined, () => 0);
    for (let i = 0; i < LOG_LIMIT + 3; i++) log.add('tx', 'x', { i });
    expect(log.entries).toHaveLength(LOG_LIMIT);
    expect(log.entries[0]!.fields.i).toBe(3);
    expect(log.dropped).toBe(3);
  });

  it('tells listeners of each entry until they unsubscribe; clear empties it', () => {
    const log = new EventLog(fakeNode().node, undefined, () => 0);
    const heard: string[] = [];
    const off = log.onEntry((e) => heard.push(e.event));
    log.add('peer', 'a');
    off();
    log.add('peer', 'b');
    expect(heard).toEqual(['a']);
    log.clear();
    expect(log.entries).toEqual([]);
  });
});
