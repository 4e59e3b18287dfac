/**
 * Headers presync (Bitcoin Core's HeadersSyncState, headerssync.cpp, adapted): a peer's branch
 * that forks from our tree but does not yet carry nearly our tip's work is not stored. It is
 * first checked in memory (chaining, proof of work within the room's floor, cumulative work),
 * keeping one salted bit per header and nothing else. Once its work reaches the threshold the
 * peer is asked for the branch again (redownload), and each header is released for storage
 * only after PRESYNC_LAG later ones matched their bits, so a peer cannot show us a chain with
 * the work and then store a cheaper one. Core keeps a bit every ~600 headers to span
 * Bitcoin's 900,000; a classroom chain is short, so a bit a header is cheap and needs no
 * simulation to size. Memory: maxPresyncHeaders / 8 bytes, plus one message and the lag.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesEqual } from '../core/bytes.js';
import type { Hash } from '../core/hash.js';
import { headerHash, type BlockHeader } from '../core/header.js';
import { checkProofOfWork, workFromBits } from '../core/pow.js';
import { MAX_HEADERS_PER_MESSAGE } from '../core/sync.js';
import type { BlockEntry } from '../core/tree.js';

/**
 * Headers held back during redownload until this many later ones matched their commitment
 * bits: a swapped chain passes with probability 2^-64 (Core's REDOWNLOAD_BUFFER_SIZE does the
 * same job with ~24 bits spread over 14,000 headers).
 */
export const PRESYNC_LAG = 64;

/** Why a presync ended without reaching the threshold. */
export type PresyncFailure =
  /** A header's hash does not meet its bits, or its bits are easier than the room allows. */
  | 'high-hash'
  /** A message did not continue the branch (the peer may have reorganised). */
  | 'not-chaining'
  /** The redownloaded branch is not the one presynced (or the peer reorganised). */
  | 'mismatch'
  /** The branch ended below the threshold. */
  | 'low-work'
  /** The branch ran past maxPresyncHeaders without reaching the threshold. */
  | 'too-long';

/** What to do after a headers message. */
export type PresyncStep =
  /** Store `release` (possibly empty) and ask for more with this locator. */
  | { readonly status: 'more'; readonly release: BlockHeader[]; readonly locator: Hash[] }
  /** The branch reached the threshold: store `release`; the rest is ordinary sync. */
  | { readonly status: 'done'; readonly release: BlockHeader[]; readonly full: boolean }
  | { readonly status: 'failed'; readonly reason: PresyncFailure; readonly work: bigint };

/** What a presync is started with. */
export interface PresyncStart {
  /** The entry of our tree the branch forks from. */
  readonly fork: BlockEntry;
  /** Our locator from the fork, to ask for the branch (again). */
  readonly forkLocator: readonly Hash[];
  /** Work the branch must reach to be stored. */
  readonly threshold: bigint;
  /** The easiest target a header may carry (powLimitOf the room). */
  readonly powLimit: bigint;
  /** Secret salt of the commitment bits, so a peer cannot grind a chain that matches them. */
  readonly salt: Uint8Array;
  /** Most headers presynced before giving up. */
  readonly maxHeaders: number;
}

/** One peer's presync of one branch. */
export class HeadersPresync {
  readonly #s: PresyncStart;
  #commits = new Uint8Array(256);
  /** Headers presynced (their bits are committed). */
  #count = 0;
  #last: Hash;
  #work: bigint;
  /** Set once the threshold was reached: the redownload's progress and held-back headers. */
  #redownload: { last: Hash; work: bigint; count: number; held: BlockHeader[] } | undefined;

  constructor(start: PresyncStart) {
    this.#s = start;
    this.#last = start.fork.hash;
    this.#work = start.fork.chainWork;
  }

  /** The branch's work presynced so far (its last header's chain work). */
  get work(): bigint {
    return this.#redownload ? this.#redownload.work : this.#work;
  }

  /** True once the branch proved its work and is being downloaded again. */
  get redownloading(): boolean {
    return this.#redownload !== undefined;
  }

  /** Headers presynced so far. */
  get count(): number {
    return this.#count;
  }

  /** Takes the next headers message of the branch (headers already known to chain together). */
  feed(headers: readonly BlockHeader[]): PresyncStep {
    return this.#redownload ? this.#feedRedownload(headers) : this.#feedPresync(headers);
  }

  #feedPresync(headers: readonly BlockHeader[]): PresyncStep {
    for (const h of headers) {
      if (!bytesEqual(h.prevHash, this.#last)) return this.#fail('not-chaining');
      const hash = headerHash(h);
      if (!checkProofOfWork(hash, h.bits, this.#s.powLimit)) return this.#fail('high-hash');
      if (this.#count >= this.#s.maxHeaders) return this.#fail('too-long');
      this.#commit(this.#count++, this.#bit(hash));
      this.#work += workFromBits(h.bits);
      this.#last = hash;
      if (this.#work >= this.#s.threshold) {
        const fork = this.#s.fork;
        this.#redownload = { last: fork.hash, work: fork.chainWork, count: 0, held: [] };
        return { status: 'more', release: [], locator: [...this.#s.forkLocator] };
      }
    }
    if (headers.length < MAX_HEADERS_PER_MESSAGE) return this.#fail('low-work');
    return { status: 'more', release: [], locator: [this.#last, ...this.#s.forkLocator] };
  }

  #feedRedownload(headers: readonly BlockHeader[]): PresyncStep {
    const r = this.#redownload!;
    for (let i = 0; i < headers.length; i++) {
      const h = headers[i] as BlockHeader;
      if (!bytesEqual(h.prevHash, r.last)) return this.#fail('not-chaining');
      const hash = headerHash(h);
      if (r.count >= this.#count || this.#bitAt(r.count) !== this.#bit(hash)) {
        return this.#fail('mismatch');
      }
      r.count++;
      r.work += workFromBits(h.bits);
      r.last = hash;
      r.held.push(h);
      if (r.work >= this.#s.threshold) {
        // Proven again: everything held and the rest of this message go to storage.
        const release = [...r.held, ...headers.slice(i + 1)];
        r.held = [];
        return { status: 'done', release, full: headers.length >= MAX_HEADERS_PER_MESSAGE };
      }
    }
    if (headers.length < MAX_HEADERS_PER_MESSAGE) return this.#fail('mismatch');
    const release = r.held.splice(0, Math.max(0, r.held.length - PRESYNC_LAG));
    return { status: 'more', release, locator: [r.last, ...this.#s.forkLocator] };
  }

  #fail(reason: PresyncFailure): PresyncStep {
    return { status: 'failed', reason, work: this.work };
  }

  /** The commitment bit of a header: one bit of SHA-256(salt || hash). */
  #bit(hash: Hash): number {
    const buf = new Uint8Array(this.#s.salt.length + hash.length);
    buf.set(this.#s.salt);
    buf.set(hash, this.#s.salt.length);
    return (sha256(buf)[0] as number) & 1;
  }

  #commit(index: number, bit: number): void {
    const byte = index >> 3;
    if (byte >= this.#commits.length) {
      const grown = new Uint8Array(this.#commits.length * 2);
      grown.set(this.#commits);
      this.#commits = grown;
    }
    if (bit) this.#commits[byte]! |= 1 << (index & 7);
  }

  #bitAt(index: number): number {
    return ((this.#commits[index >> 3] as number) >> (index & 7)) & 1;
  }
}
