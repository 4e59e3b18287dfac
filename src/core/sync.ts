/**
 * What a node serves to peers that sync from it: headers after a locator (Bitcoin Core's
 * getheaders handling, at most 2,000 a message).
 */
import type { BlockHeader } from './header.js';
import type { Hash } from './hash.js';
import type { BlockEntry } from './tree.js';

/** Most headers in one message (Bitcoin Core MAX_HEADERS_RESULTS). */
export const MAX_HEADERS_PER_MESSAGE = 2000;
/** Most locator entries accepted (Bitcoin Core MAX_LOCATOR_SZ). */
export const MAX_LOCATOR_ENTRIES = 101;

/** The slice of a chain that sync needs. */
export interface ActiveChainView {
  readonly tip: BlockEntry;
  activeAt(height: number): BlockEntry | undefined;
  isActive(entry: BlockEntry): boolean;
  readonly tree: { getByHash(hash: Hash): BlockEntry | undefined };
}

/** The highest locator entry on our best chain (genesis if none). */
export function locatorFork(chain: ActiveChainView, locator: readonly Hash[]): BlockEntry {
  for (const hash of locator) {
    const e = chain.tree.getByHash(hash);
    if (e && chain.isActive(e)) return e;
  }
  return chain.activeAt(0) as BlockEntry;
}

/** Headers of our best chain after the locator's fork point, up to `max` or the stop hash. */
export function headersAfter(
  chain: ActiveChainView,
  locator: readonly Hash[],
  max = MAX_HEADERS_PER_MESSAGE,
): BlockHeader[] {
  const fork = locatorFork(chain, locator);
  const out: BlockHeader[] = [];
  for (let h = fork.height + 1; h <= chain.tip.height && out.length < max; h++) {
    out.push((chain.activeAt(h) as BlockEntry).header);
  }
  return out;
}
