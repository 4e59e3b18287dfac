/**
 * The simulated wire protocol: a simplified version of the real one (announce and request
 * with a seen-set, freshly mined blocks pushed whole, tip exchange and headers-first catch-up).
 * Messages are passed as objects; nothing is encoded, since the codecs have their own tests.
 */
import type { Block } from '../../src/core/block.js';
import type { Hash } from '../../src/core/hash.js';
import type { BlockHeader } from '../../src/core/header.js';
import { hashId } from '../../src/core/tree.js';

/** One message between two neighbours. */
export type Message =
  /** A whole block (pushed by its finder, or the answer to getdata). */
  | { readonly type: 'block'; readonly id: string; readonly block: Block }
  /** Announcement of block ids the sender has, lowest first. */
  | { readonly type: 'inv'; readonly ids: readonly string[] }
  /** Request of blocks by id. */
  | { readonly type: 'getdata'; readonly ids: readonly string[] }
  /** Periodic tip exchange: the sender's best tip and its cumulative work. */
  | { readonly type: 'tip'; readonly id: string; readonly work: bigint }
  /** Request of the sender's best-chain headers after the locator's fork point. */
  | { readonly type: 'getheaders'; readonly locator: readonly Hash[] }
  /** Answer to getheaders, lowest first. */
  | { readonly type: 'headers'; readonly headers: readonly BlockHeader[] };

/** Every message type, for counters. */
export const MESSAGE_TYPES = ['block', 'inv', 'getdata', 'tip', 'getheaders', 'headers'] as const;

/** A short, deterministic description of a message for the trace hash. */
export function describe(m: Message): string {
  switch (m.type) {
    case 'block':
      return `block:${m.id}`;
    case 'inv':
    case 'getdata':
      return `${m.type}:${m.ids.join(',')}`;
    case 'tip':
      return `tip:${m.id}:${m.work}`;
    case 'getheaders':
      return `getheaders:${m.locator.length}:${m.locator[0] ? hashId(m.locator[0]) : ''}`;
    case 'headers':
      return `headers:${m.headers.length}`;
  }
}
