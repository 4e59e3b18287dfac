/**
 * Re-mining a tampered copy on the page: nonces ground in slices of a few milliseconds with
 * the core's SHA-256d and proof-of-work check (tamper.ts grind), yielding to the page between
 * slices so it stays responsive, with progress and a cancel. The worker miner is the node's;
 * this one is deliberately visible and slow, for a single copy.
 */
import type { BlockHeader } from '../../core/header.js';
import { workFromBits } from '../../core/pow.js';
import { grind } from '../../node/tamper.js';

/** Where a re-mine stands. */
export type RemineStatus = 'idle' | 'running' | 'found' | 'cancelled' | 'exhausted';

/** Milliseconds of hashing per slice: well under a frame, so typing and painting go on. */
const SLICE_MS = 12;
/** Nonces per grind call inside a slice. */
const BATCH = 512;
/** Every nonce of the 32-bit field. */
const NONCES = 2 ** 32;

/** A cancellable nonce search for one header. */
export class Remine {
  #status = $state<RemineStatus>('idle');
  #tried = $state(0);
  #expected = $state(0);
  #nonce = $state<number | undefined>(undefined);
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** Where the search stands. */
  get status(): RemineStatus {
    return this.#status;
  }

  /** Nonces tried so far. */
  get tried(): number {
    return this.#tried;
  }

  /** Tries expected on average at the header's bits: 2^256 / (target + 1). */
  get expected(): number {
    return this.#expected;
  }

  /** The nonce found, once found. */
  get nonce(): number | undefined {
    return this.#nonce;
  }

  /** Searches from the header's nonce + 1; `onFound` gets the first nonce that meets the bits. */
  start(header: BlockHeader, powLimit: bigint, onFound: (nonce: number) => void): void {
    this.cancel();
    this.#status = 'running';
    this.#tried = 0;
    this.#nonce = undefined;
    this.#expected = Number(workFromBits(header.bits));
    let next = (header.nonce + 1) >>> 0;
    let tried = 0;
    const slice = (): void => {
      const until = performance.now() + SLICE_MS;
      do {
        const batch = Math.min(BATCH, NONCES - tried);
        const found = grind(header, powLimit, next, batch);
        if (found !== undefined) {
          this.#tried = tried + ((found - next) >>> 0) + 1;
          this.#nonce = found;
          this.#status = 'found';
          this.#timer = undefined;
          onFound(found);
          return;
        }
        tried += batch;
        next = (next + batch) >>> 0;
        if (tried >= NONCES) {
          this.#tried = tried;
          this.#status = 'exhausted';
          this.#timer = undefined;
          return;
        }
      } while (performance.now() < until);
      this.#tried = tried;
      this.#timer = setTimeout(slice, 0);
    };
    this.#timer = setTimeout(slice, 0);
  }

  /** Stops a running search. */
  cancel(): void {
    if (this.#timer === undefined) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#status = 'cancelled';
  }
}
