/**
 * Backpressure for one link (threat model 37). Bulk messages are written only while the
 * channel's bufferedAmount is under a high-water mark; above it they wait in a bounded queue
 * that resumes on the link's onDrain hook, or by polling when the link has none. Answers to
 * getdata are queued lazily, so a block is encoded only when the channel has room for it.
 * Nothing is written while 16 MiB could be queued: Chromium closes the channel there.
 */
import { guarded } from '../lib/guarded.js';
import type { Timers } from '../lib/timers.js';
import type { PeerLink } from './link.js';
import type { NetLimits } from './protocol/limits.js';

/** A frame to send, or a function that makes it when the link has room (undefined: skip). */
type Outgoing = Uint8Array | (() => Uint8Array | undefined);

/** The bounded send queue of one peer. */
export class SendQueue {
  readonly #items: Outgoing[] = [];
  #bytes = 0;
  #head = 0;
  #timer: unknown;
  #closed = false;

  constructor(
    readonly link: PeerLink,
    readonly limits: NetLimits,
    readonly timers: Timers,
    /** Called when the queue overflows or the link refuses a frame; the session closes. */
    readonly fail: (reason: string) => void,
  ) {
    link.onDrain?.(() => guarded('sending', () => this.flush()));
  }

  /** Messages waiting. */
  get length(): number {
    return this.#items.length - this.#head;
  }

  /** Encoded bytes waiting (lazy items count when made). */
  get bytes(): number {
    return this.#bytes;
  }

  /**
   * A small control message (handshake, ping, pong, requests): written at once unless the
   * channel is far over its high-water mark, so liveness never waits behind bulk data.
   */
  control(frame: Uint8Array): void {
    if (this.link.bufferedAmount < this.limits.sendHighWaterBytes * 4) this.#write(frame);
    else this.push(frame);
  }

  /** A bulk message, in order behind the ones already waiting. */
  push(item: Outgoing): void {
    if (this.#closed) return;
    if (this.length === 0 && this.link.bufferedAmount < this.limits.sendHighWaterBytes) {
      const frame = typeof item === 'function' ? item() : item;
      if (frame) this.#write(frame);
      return;
    }
    const size = typeof item === 'function' ? 0 : item.length;
    if (
      this.length >= this.limits.maxQueuedMessages ||
      this.#bytes + size > this.limits.maxQueuedBytes
    ) {
      this.fail('send-overflow');
      return;
    }
    this.#items.push(item);
    this.#bytes += size;
    this.#arm();
  }

  /** Writes waiting messages while the channel is under its high-water mark. */
  flush(): void {
    while (!this.#closed && this.length > 0) {
      if (this.link.bufferedAmount >= this.limits.sendHighWaterBytes) {
        this.#arm();
        return;
      }
      const item = this.#items[this.#head] as Outgoing;
      this.#items[this.#head++] = EMPTY;
      if (this.#head > 1024) {
        this.#items.splice(0, this.#head);
        this.#head = 0;
      }
      if (typeof item !== 'function') this.#bytes -= item.length;
      const frame = typeof item === 'function' ? item() : item;
      if (frame && !this.#write(frame)) return;
    }
    if (this.length === 0) {
      this.#items.length = 0;
      this.#head = 0;
    }
  }

  /** Drops everything and stops polling. */
  close(): void {
    this.#closed = true;
    this.#items.length = 0;
    this.#head = 0;
    this.#bytes = 0;
    if (this.#timer !== undefined) this.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #write(frame: Uint8Array): boolean {
    if (this.#closed) return false;
    let sent = false;
    try {
      sent = this.link.send(frame);
    } catch {
      // RTCDataChannel.send throws when the channel is not open or its buffer is full.
    }
    if (sent) return true;
    this.fail('send-failed');
    return false;
  }

  /** Polls for room; the onDrain hook, when the link has one, usually comes first. */
  #arm(): void {
    if (this.#timer !== undefined || this.#closed) return;
    this.#timer = this.timers.setTimeout(() => {
      this.#timer = undefined;
      guarded('sending', () => this.flush());
    }, this.limits.drainPollMs);
  }
}

const EMPTY = new Uint8Array(0);
