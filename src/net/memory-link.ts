/**
 * An in-memory PeerLink pair for tests and simulations (libp2p's mock transport, gossipsub's
 * mock network): ordered frames per direction, optional latency, loss and bandwidth, a
 * bufferedAmount that grows until a frame is "transmitted", Chromium's close of a channel
 * with 16 MiB queued, and a silent cut (a peer that vanishes without closing, threat model 36).
 */
import type { PeerLink } from './link.js';

/** The timer functions a link schedules deliveries with (real ones by default). */
export interface LinkTimers {
  setTimeout(fn: () => void, ms: number): unknown;
}

/** What the network between the two ends does; mutable while the pair is in use. */
export interface LinkConditions {
  /** One-way delay of each frame, ms. */
  latencyMs: number | ((frame: Uint8Array) => number);
  /** Return true to lose a frame (it still drains from the sender's buffer). */
  lose: ((frame: Uint8Array, fromId: string) => boolean) | undefined;
  /** Bytes per millisecond leaving each sender's buffer (Infinity: instant). */
  bytesPerMs: number;
}

/** Options of linkPair. */
export interface LinkPairOptions extends Partial<LinkConditions> {
  /** Transport ids of the two ends: end a sees remoteId ids[1], end b sees ids[0]. */
  readonly ids?: readonly [string, string];
  readonly timers?: LinkTimers;
  readonly now?: () => number;
  /** Bytes queued at which the channel closes itself (Chromium: 16 MiB). */
  readonly maxBufferedBytes?: number;
  /** onDrain fires when the buffer falls to this many bytes (bufferedAmountLowThreshold). */
  readonly lowWaterBytes?: number;
  /** Give both ends DTLS fingerprints; 'mitm' gives each a different, wrong remote one. */
  readonly fingerprints?: boolean | 'mitm';
}

/** Chromium closes a data channel whose send queue passes 16 MiB (threat model 37). */
export const CHROMIUM_MAX_BUFFERED = 16 * 1024 * 1024;

interface Shared {
  readonly conditions: LinkConditions;
  readonly timers: LinkTimers;
  readonly now: () => number;
  readonly maxBuffered: number;
  readonly lowWater: number;
  closed: boolean;
  cut: boolean;
}

/** One end of an in-memory pair. */
export class MemoryLink implements PeerLink {
  readonly #frameFns: ((frame: Uint8Array) => void)[] = [];
  readonly #closeFns: ((reason: string) => void)[] = [];
  readonly #drainFns: (() => void)[] = [];
  #buffered = 0;
  #busyUntil = 0;
  #lastDeliverAt = 0;
  /** Most bytes this end ever had buffered (for backpressure tests). */
  maxBufferedSeen = 0;
  /** Frames this end sent. */
  framesSent = 0;
  peer!: MemoryLink;

  constructor(
    readonly localId: string,
    readonly remoteId: string,
    readonly shared: Shared,
    readonly fingerprints: { readonly local: string; readonly remote: string } | undefined,
  ) {}

  /** What the network between the ends does now (mutable). */
  get conditions(): LinkConditions {
    return this.shared.conditions;
  }

  get bufferedAmount(): number {
    return this.#buffered;
  }

  /** True once either end closed. */
  get closed(): boolean {
    return this.shared.closed;
  }

  send(frame: Uint8Array): boolean {
    const s = this.shared;
    if (s.closed) return false;
    if (this.#buffered + frame.length > s.maxBuffered) {
      this.#closeBoth('buffer-overflow', 'buffer-overflow');
      return false;
    }
    const copy = frame.slice();
    this.framesSent++;
    this.#buffered += copy.length;
    this.maxBufferedSeen = Math.max(this.maxBufferedSeen, this.#buffered);
    const now = s.now();
    const c = s.conditions;
    const wire = Number.isFinite(c.bytesPerMs) ? copy.length / c.bytesPerMs : 0;
    this.#busyUntil = Math.max(now, this.#busyUntil) + wire;
    s.timers.setTimeout(() => this.#transmitted(copy), this.#busyUntil - now);
    return true;
  }

  #transmitted(frame: Uint8Array): void {
    const before = this.#buffered;
    this.#buffered -= frame.length;
    const s = this.shared;
    if (s.closed) return;
    if (before > s.lowWater && this.#buffered <= s.lowWater) {
      for (const fn of this.#drainFns) fn();
    }
    if (s.cut || s.conditions.lose?.(frame, this.localId)) return;
    const latency = s.conditions.latencyMs;
    const now = s.now();
    const delay = typeof latency === 'function' ? latency(frame) : latency;
    // A data channel is ordered: a frame never overtakes the one before it.
    this.#lastDeliverAt = Math.max(now + delay, this.#lastDeliverAt);
    s.timers.setTimeout(() => {
      if (!s.closed && !s.cut) for (const fn of this.peer.#frameFns) fn(frame);
    }, this.#lastDeliverAt - now);
  }

  close(reason: string): void {
    this.#closeBoth(reason, 'closed-by-peer');
  }

  /** Silently stops all traffic both ways, with no close event (ICE 'disconnected'). */
  cut(): void {
    this.shared.cut = true;
  }

  #closeBoth(local: string, remote: string): void {
    const s = this.shared;
    if (s.closed) return;
    s.closed = true;
    s.timers.setTimeout(() => {
      for (const fn of this.#closeFns) fn(local);
      for (const fn of this.peer.#closeFns) fn(remote);
    }, 0);
  }

  onFrame(fn: (frame: Uint8Array) => void): void {
    this.#frameFns.push(fn);
  }

  onClose(fn: (reason: string) => void): void {
    this.#closeFns.push(fn);
  }

  onDrain(fn: () => void): void {
    this.#drainFns.push(fn);
  }
}

/** Two connected in-memory ends. */
export function linkPair(opts: LinkPairOptions = {}): [MemoryLink, MemoryLink] {
  const [idA, idB] = opts.ids ?? ['a', 'b'];
  const shared: Shared = {
    conditions: {
      latencyMs: opts.latencyMs ?? 0,
      lose: opts.lose,
      bytesPerMs: opts.bytesPerMs ?? Infinity,
    },
    timers: opts.timers ?? { setTimeout: (fn, ms) => setTimeout(fn, ms) },
    now: opts.now ?? (() => Date.now()),
    maxBuffered: opts.maxBufferedBytes ?? CHROMIUM_MAX_BUFFERED,
    lowWater: opts.lowWaterBytes ?? 256 * 1024,
    closed: false,
    cut: false,
  };
  const fp = (id: string): string => `sha-256 ${id}`;
  const fps = (local: string, remote: string): MemoryLink['fingerprints'] =>
    opts.fingerprints
      ? {
          local: fp(local),
          remote: opts.fingerprints === 'mitm' ? fp(`mitm-${local}`) : fp(remote),
        }
      : undefined;
  const a = new MemoryLink(idA, idB, shared, fps(idA, idB));
  const b = new MemoryLink(idB, idA, shared, fps(idB, idA));
  a.peer = b;
  b.peer = a;
  return [a, b];
}
