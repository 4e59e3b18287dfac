/**
 * The PeerLink port over one connected simple-peer (link.ts has the contract). simple-peer
 * is used for negotiation only; frames go straight to and from its RTCDataChannel, because
 * simple-peer's send() ignores buffer limits and its stream hides bufferedAmount.
 *
 * Reaches into two simple-peer privates (9.11.1; nothing public exposes them):
 * - `_channel`, the RTCDataChannel: bufferedAmount, bufferedamountlow, send;
 * - `_pc`, the RTCPeerConnection: both session descriptions, for the DTLS fingerprints.
 */
import { guarded } from '../../lib/guarded.js';
import { REAL_TIMERS, type Timers } from '../../lib/timers.js';
import type { PeerLink } from '../link.js';
import { MAX_FRAME_BYTES } from '../wire.js';
import type { SimplePeerInstance } from './peer-factory.js';

/** Tunables of one link. */
export interface SimplePeerLinkOptions {
  /**
   * onDrain fires when bufferedAmount falls to this. A quarter of the network's 1 MiB
   * high-water mark (NetLimits.sendHighWaterBytes), as memory-link.ts: refilled well before
   * the channel runs dry.
   */
  readonly lowWaterBytes?: number;
  /**
   * send() refuses a frame that would take bufferedAmount past this. Chromium closes a channel
   * at 16 MiB and @roamhq/wrtc silently drops frames past it (threat model 37); the network
   * never queues more than 4 MiB plus a frame, so 8 MiB is reached only by a bug.
   */
  readonly maxBufferedBytes?: number;
  /**
   * ICE 'disconnected' for this long destroys the connection. simple-peer only reacts to
   * 'failed'/'closed' (threat model 36, simple-peer #553); Chromium itself waits ~30 s before
   * 'failed', and a Wi-Fi hiccup recovers within a few seconds.
   */
  readonly iceDisconnectedTimeoutMs?: number;
  /** Poll period for bufferedAmount where the channel has no bufferedamountlow (wrtc), ms. */
  readonly drainPollMs?: number;
  /** Artificial one-way delay of every outgoing frame, ms (the teaching lab's latency). */
  readonly latencyMs?: number;
  readonly timers?: Timers;
  readonly now?: () => number;
}

/** The defaults of {@link SimplePeerLinkOptions}. */
export const LINK_DEFAULTS = {
  lowWaterBytes: 256 * 1024,
  maxBufferedBytes: 8 * 1024 * 1024,
  iceDisconnectedTimeoutMs: 10_000,
  // NetLimits.drainPollMs: the network's own fallback polls at the same period.
  drainPollMs: 20,
} as const;

/** simple-peer's error codes, as close reasons. */
const ERROR_REASONS: Readonly<Record<string, string>> = {
  ERR_ICE_CONNECTION_FAILURE: 'ice-failed',
  ERR_ICE_CONNECTION_CLOSED: 'ice-closed',
  ERR_CONNECTION_FAILURE: 'connection-failed',
  ERR_DATA_CHANNEL: 'channel-error',
};

/** The simple-peer privates this file reads; see the header comment. */
interface SimplePeerPrivates {
  readonly _pc?: RTCPeerConnection | null;
  readonly _channel?: RTCDataChannel | null;
}

/** A PeerLink over one connected simple-peer. */
export class SimplePeerLink implements PeerLink {
  /** DTLS fingerprints from both session descriptions, read once the connection is up. */
  readonly fingerprints: { readonly local: string; readonly remote: string } | undefined;
  readonly #peer: SimplePeerInstance;
  readonly #channel: RTCDataChannel | null;
  readonly #timers: Timers;
  readonly #now: () => number;
  readonly #lowWater: number;
  readonly #maxBuffered: number;
  readonly #iceTimeoutMs: number;
  readonly #pollMs: number;
  readonly #frameFns: ((frame: Uint8Array) => void)[] = [];
  readonly #closeFns: ((reason: string) => void)[] = [];
  readonly #drainFns: (() => void)[] = [];
  /** Frames held back by the artificial latency, oldest first, each with its due time. */
  #delayed: { readonly frame: Uint8Array; readonly at: number }[] = [];
  #delayedBytes = 0;
  #delayTimer: unknown;
  #iceTimer: unknown;
  #pollTimer: unknown;
  #error: string | undefined;
  #closed = false;
  #latencyMs: number;

  constructor(
    peer: SimplePeerInstance,
    /** The remote's transport id: its signaling peer id (link.ts). */
    readonly remoteId: string,
    opts: SimplePeerLinkOptions = {},
  ) {
    this.#peer = peer;
    const internals = peer as unknown as SimplePeerPrivates;
    this.#channel = internals._channel ?? null;
    this.#timers = opts.timers ?? REAL_TIMERS;
    this.#now = opts.now ?? (() => Date.now());
    this.#lowWater = opts.lowWaterBytes ?? LINK_DEFAULTS.lowWaterBytes;
    this.#maxBuffered = opts.maxBufferedBytes ?? LINK_DEFAULTS.maxBufferedBytes;
    this.#iceTimeoutMs = opts.iceDisconnectedTimeoutMs ?? LINK_DEFAULTS.iceDisconnectedTimeoutMs;
    this.#pollMs = opts.drainPollMs ?? LINK_DEFAULTS.drainPollMs;
    this.#latencyMs = opts.latencyMs ?? 0;
    this.fingerprints = fingerprintsOf(internals._pc ?? null);
    const channel = this.#channel;
    if (channel && typeof channel.bufferedAmountLowThreshold === 'number') {
      // Replaces simple-peer's 64 KiB threshold, which only paces its own write().
      channel.bufferedAmountLowThreshold = this.#lowWater;
      channel.addEventListener('bufferedamountlow', () => this.#drained());
    }
    peer.on('data', (data: unknown) => this.#receive(data));
    peer.on('iceStateChange', (state: string) => this.#iceState(state));
    // simple-peer emits 'error' (with a code) just before 'close' when it tears down itself.
    peer.on('error', (err: Error & { code?: string }) => {
      this.#error ??= ERROR_REASONS[err.code ?? ''] ?? 'channel-error';
    });
    peer.on('close', () => this.#finish(this.#error ?? 'closed-by-peer'));
    const ice = internals._pc?.iceConnectionState;
    if (ice !== undefined) this.#iceState(ice);
    if (channel === null || channel.readyState !== 'open') {
      // Closed before we were handed it: report it as any other close, after the caller
      // had the chance to subscribe.
      this.#timers.setTimeout(() => this.#finish('closed-by-peer'), 0);
    }
  }

  /** Bytes queued in the channel plus frames held back by the artificial latency. */
  get bufferedAmount(): number {
    return (this.#channel?.bufferedAmount ?? 0) + this.#delayedBytes;
  }

  /** The artificial one-way delay, ms; changing it never reorders frames. */
  get latencyMs(): number {
    return this.#latencyMs;
  }

  set latencyMs(ms: number) {
    this.#latencyMs = Number.isFinite(ms) && ms > 0 ? ms : 0;
  }

  /** True once closed, from either side. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Writes one frame, or holds it for the artificial latency; false instead of throwing. */
  send(frame: Uint8Array): boolean {
    if (this.#closed || frame.length > MAX_FRAME_BYTES) return false;
    if (this.bufferedAmount + frame.length > this.#maxBuffered) return false;
    if (this.#latencyMs === 0 && this.#delayed.length === 0) return this.#write(frame);
    const last = this.#delayed[this.#delayed.length - 1]?.at ?? 0;
    const copy = frame.slice(); // the caller may reuse its buffer before the delay is over
    this.#delayed.push({ frame: copy, at: Math.max(this.#now() + this.#latencyMs, last) });
    this.#delayedBytes += copy.length;
    this.#armDelay();
    return true;
  }

  /** Reports `reason` to our onClose listeners, then tears the connection down. */
  close(reason: string): void {
    if (this.#closed) return;
    this.#finish(reason);
    this.#peer.destroy();
  }

  /** Called with each frame received, in order. */
  onFrame(fn: (frame: Uint8Array) => void): void {
    this.#frameFns.push(fn);
  }

  /** Called once when the link closes, from either side. */
  onClose(fn: (reason: string) => void): void {
    this.#closeFns.push(fn);
  }

  /** Called when bufferedAmount falls to the low-water mark. */
  onDrain(fn: () => void): void {
    this.#drainFns.push(fn);
  }

  #write(frame: Uint8Array): boolean {
    const channel = this.#channel;
    if (!channel || channel.readyState !== 'open') return false;
    // A view into a larger buffer is copied: not every implementation honours byteOffset.
    const whole = frame.byteOffset === 0 && frame.byteLength === frame.buffer.byteLength;
    try {
      channel.send((whole ? frame : frame.slice()) as Uint8Array<ArrayBuffer>);
    } catch {
      return false; // closing, or over maxMessageSize: refused, never thrown (link.ts)
    }
    if (channel.bufferedAmount > this.#lowWater) this.#armPoll();
    return true;
  }

  #receive(data: unknown): void {
    if (this.#closed) return;
    const frame = toFrame(data);
    if (frame === undefined) return;
    for (const fn of this.#frameFns) fn(frame);
  }

  #iceState(state: string): void {
    if (state === 'disconnected') {
      this.#iceTimer ??= this.#timers.setTimeout(() => {
        this.#iceTimer = undefined;
        this.close('ice-disconnected');
      }, this.#iceTimeoutMs);
    } else if (this.#iceTimer !== undefined) {
      this.#timers.clearTimeout(this.#iceTimer);
      this.#iceTimer = undefined;
    }
  }

  #armDelay(): void {
    if (this.#delayTimer !== undefined || this.#closed) return;
    const next = this.#delayed[0];
    if (!next) return;
    this.#delayTimer = this.#timers.setTimeout(
      () => {
        this.#delayTimer = undefined;
        guarded('delayed send', () => this.#releaseDue());
      },
      Math.max(0, next.at - this.#now()),
    );
  }

  #releaseDue(): void {
    const now = this.#now();
    const before = this.bufferedAmount;
    let released = 0;
    while (!this.#closed && this.#delayed.length > released) {
      const item = this.#delayed[released] as { frame: Uint8Array; at: number };
      if (item.at > now) break;
      released++;
      this.#delayedBytes -= item.frame.length;
      // Refused means closing: its close event is on the way.
      this.#write(item.frame);
    }
    this.#delayed.splice(0, released);
    this.#armDelay();
    if (before > this.#lowWater && this.bufferedAmount <= this.#lowWater) this.#drained();
  }

  /** Where the channel has no bufferedamountlow event, polls for it while over the mark. */
  #armPoll(): void {
    const channel = this.#channel;
    if (!channel || typeof channel.bufferedAmountLowThreshold === 'number') return;
    if (this.#pollTimer !== undefined || this.#closed) return;
    this.#pollTimer = this.#timers.setTimeout(() => {
      this.#pollTimer = undefined;
      if (this.#closed) return;
      if (channel.bufferedAmount > this.#lowWater) return this.#armPoll();
      this.#drained();
    }, this.#pollMs);
  }

  #drained(): void {
    if (this.#closed) return;
    for (const fn of this.#drainFns) guarded('drain', fn);
  }

  #finish(reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of [this.#iceTimer, this.#delayTimer, this.#pollTimer]) {
      if (timer !== undefined) this.#timers.clearTimeout(timer);
    }
    this.#iceTimer = this.#delayTimer = this.#pollTimer = undefined;
    this.#delayed = [];
    this.#delayedBytes = 0;
    for (const fn of this.#closeFns) guarded('link closed', () => fn(reason));
  }
}

/**
 * A received message as a plain Uint8Array. simple-peer hands a Buffer (Node's, or the
 * bundle's polyfill); a Buffer's slice() shares memory where a Uint8Array's copies, so
 * nothing above this layer gets one. Text frames become their UTF-8 bytes: the wire decoder
 * then rejects them as it rejects any garbage.
 */
export function toFrame(data: unknown): Uint8Array | undefined {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data))
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (typeof data === 'string') return new TextEncoder().encode(data);
  return undefined;
}

/**
 * The first `a=fingerprint:` of an SDP as "<algorithm> <hex>", lower-cased. Both ends take the
 * first line of the same SDP text (one end's local is the other's remote), so they agree.
 */
export function sdpFingerprint(sdp: string | undefined): string | undefined {
  const m = /^a=fingerprint:(\S+)[ \t]+([0-9A-Fa-f:]+)\s*$/m.exec(sdp ?? '');
  return m ? `${(m[1] as string).toLowerCase()} ${(m[2] as string).toLowerCase()}` : undefined;
}

/** Both fingerprints, or undefined unless both are known (link.ts: both or neither). */
export function fingerprintsOf(
  pc: Pick<RTCPeerConnection, 'localDescription' | 'remoteDescription'> | null,
): { readonly local: string; readonly remote: string } | undefined {
  const local = sdpFingerprint(pc?.localDescription?.sdp);
  const remote = sdpFingerprint(pc?.remoteDescription?.sdp);
  return local !== undefined && remote !== undefined ? { local, remote } : undefined;
}
