/**
 * IndexedDB failures as StoreErrors with stable codes, so the node decides on a code
 * (stop persisting, show why) and never on a browser's message text.
 */
import { StoreError, type StoreErrorCode } from '../node/ports.js';

/** The name of a DOMException-like value, if it has one. */
function nameOf(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null || !('name' in e)) return undefined;
  return typeof e.name === 'string' ? e.name : undefined;
}

/** The code for an exception name (DOMException names from the IndexedDB spec). */
function codeOfName(name: string | undefined): StoreErrorCode | undefined {
  switch (name) {
    case 'QuotaExceededError':
      return 'quota';
    // The connection closed under us: close(), versionchange, or the browser dropped it.
    case 'InvalidStateError':
      return 'closed';
    // The database on disk is newer than this code (another tab runs a newer version).
    case 'VersionError':
      return 'version';
    default:
      return undefined;
  }
}

/**
 * Maps an IndexedDB failure to a StoreError. A transaction that aborts on a full disk may
 * report a bare AbortError while its `error` holds the QuotaExceededError (threat model 39),
 * so the transaction's own error is consulted before the thrown value.
 */
export function toStoreError(e: unknown, what: string, tx?: IDBTransaction): StoreError {
  if (e instanceof StoreError) return e;
  let txError: unknown;
  try {
    txError = tx?.error ?? undefined;
  } catch {
    // Reading error before the transaction finished throws InvalidStateError in some engines.
    txError = undefined;
  }
  const inner = codeOfName(nameOf(txError));
  const outer = codeOfName(nameOf(e));
  const code = inner === 'quota' || outer === 'quota' ? 'quota' : (outer ?? inner ?? 'unknown');
  const detail = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return new StoreError(code, `${what} failed (${code}): ${detail}`, { cause: txError ?? e });
}

/**
 * Settles when a transaction ends: resolves on complete, rejects on abort with the
 * transaction's error. Listens to abort rather than error because `tx.error` is only set when
 * the abort happens, after the request's error event (idb's `done` can miss it).
 */
export function transactionEnd(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.addEventListener('complete', () => resolve(), { once: true });
    tx.addEventListener(
      'abort',
      () => reject(tx.error ?? new DOMException('transaction aborted', 'AbortError')),
      { once: true },
    );
  });
}
