/**
 * Answers to getdata, within a budget per peer. Bitcoin Core answers a getdata in order and
 * pauses while the peer's send buffer is full, keeping the rest for later (ProcessGetData,
 * vRecvGetData); nothing else bounds it, and here one getdata naming a 54 KB block 5,000 times
 * made a tab send 272 MB. So each request is deduplicated and queued (bounded), and items are
 * answered while the peer's item and byte buckets allow. An item named twice in one request,
 * or again soon after it was answered, is answered once and scored: an honest node never asks
 * twice. Bytes sent to one peer over any t seconds stay under
 * serveBytesBurst + serveBytesPerSecond * t + maxServeOutstanding * MAX_FRAME_BYTES.
 */
import { hashId } from '../core/tree.js';
import { guarded } from '../lib/guarded.js';
import type { NetContext } from './context.js';
import type { PeerSession } from './peer-session.js';
import { TokenBucket } from './protocol/bounded.js';
import { encodeMessage, type InvItem } from './wire.js';

/** What is owed to one peer and what it may still draw. */
interface PeerServe {
  /** Items waiting, oldest first, from `head` on. */
  queue: InvItem[];
  head: number;
  /** Keys of the waiting items. */
  readonly queued: Set<string>;
  /** Key -> when it was answered, oldest first (for spotting repeats). */
  readonly served: Map<string, number>;
  readonly items: TokenBucket;
  readonly bytes: TokenBucket;
  /** Block answers queued on the link and not yet made. */
  outstanding: number;
  timer: unknown;
}

/** Serves getdata from the chain and the mempool. */
export class GetDataServer {
  readonly #peers = new Map<PeerSession, PeerServe>();

  constructor(readonly ctx: NetContext) {}

  /** A request: queue what is new, score repeats, answer what the budget allows. */
  onGetData(peer: PeerSession, items: readonly InvItem[]): void {
    const st = this.#state(peer);
    const { maxServeQueue } = this.ctx.limits;
    const now = this.ctx.clock.now();
    const named = new Set<string>();
    let repeats = 0;
    let dropped = 0;
    for (const item of items) {
      const key = itemKey(item);
      if (named.has(key) || st.queued.has(key) || this.#servedRecently(st, key, now)) {
        repeats++;
        continue;
      }
      named.add(key);
      if (st.queue.length - st.head >= maxServeQueue) {
        dropped++;
        continue;
      }
      st.queue.push(item);
      st.queued.add(key);
    }
    if (repeats > 0) this.ctx.violation(peer, 'getdata-repeat');
    if (dropped > 0 && peer.state === 'ready') this.ctx.violation(peer, 'getdata-overflow');
    if (peer.state === 'ready') this.#pump(peer, st);
  }

  /** Items of this peer waiting for its budget. */
  waiting(peer: PeerSession): number {
    const st = this.#peers.get(peer);
    return st ? st.queue.length - st.head : 0;
  }

  /** Forgets a closed peer. */
  peerClosed(peer: PeerSession): void {
    const st = this.#peers.get(peer);
    if (st?.timer !== undefined) this.ctx.timers.clearTimeout(st.timer);
    this.#peers.delete(peer);
  }

  #state(peer: PeerSession): PeerServe {
    let st = this.#peers.get(peer);
    if (st) return st;
    const { limits, clock } = this.ctx;
    const now = () => clock.now();
    st = {
      queue: [],
      head: 0,
      queued: new Set(),
      served: new Map(),
      items: new TokenBucket(limits.serveItemsBurst, limits.serveItemsPerSecond, now),
      bytes: new TokenBucket(limits.serveBytesBurst, limits.serveBytesPerSecond, now),
      outstanding: 0,
      timer: undefined,
    };
    this.#peers.set(peer, st);
    return st;
  }

  /** Answers waiting items in order while the budget lasts; schedules the rest. */
  #pump(peer: PeerSession, st: PeerServe): void {
    const chain = this.ctx.node.chain;
    const missing: InvItem[] = [];
    const now = this.ctx.clock.now();
    while (st.head < st.queue.length && peer.state === 'ready') {
      const item = st.queue[st.head] as InvItem;
      if (item.kind === 'block' && st.outstanding >= this.ctx.limits.maxServeOutstanding) break;
      if (st.bytes.level <= 0 || !st.items.take()) break;
      st.head++;
      const key = itemKey(item);
      st.queued.delete(key);
      const id = hashId(item.hash);
      if (item.kind === 'block') {
        if (!chain.getBlock(id)) {
          missing.push(item);
          continue;
        }
        this.#remember(st, key, now);
        peer.known.add(id);
        st.outstanding++;
        // Made when the channel has room; its bytes are charged then.
        peer.sendLazy(() => {
          st.outstanding--;
          const block = chain.getBlock(id);
          const frame = block && encodeMessage({ type: 'block', block });
          if (frame) st.bytes.charge(frame.length);
          this.#arm(peer, st, 0);
          return frame;
        });
      } else {
        const tx = chain.mempool.get(item.hash);
        if (!tx) {
          missing.push(item);
          continue;
        }
        this.#remember(st, key, now);
        const frame = encodeMessage({ type: 'tx', tx });
        st.bytes.charge(frame.length);
        peer.sendFrame(frame);
      }
    }
    if (st.head > 1024 || st.head === st.queue.length) {
      st.queue = st.queue.slice(st.head);
      st.head = 0;
    }
    if (missing.length > 0) peer.send({ type: 'notfound', items: missing });
    this.#armForBudget(peer, st);
  }

  /** When items wait on the budget (not on outstanding answers), pumps once it refills. */
  #armForBudget(peer: PeerSession, st: PeerServe): void {
    const next = st.queue[st.head];
    if (!next || peer.state !== 'ready') return;
    if (next.kind === 'block' && st.outstanding >= this.ctx.limits.maxServeOutstanding) return;
    const { serveBytesPerSecond, serveItemsPerSecond } = this.ctx.limits;
    const bytesWait = ((1 - st.bytes.level) / serveBytesPerSecond) * 1000;
    const itemsWait = ((1 - st.items.level) / serveItemsPerSecond) * 1000;
    this.#arm(peer, st, Math.ceil(Math.max(0, bytesWait, itemsWait)));
  }

  #arm(peer: PeerSession, st: PeerServe, ms: number): void {
    if (st.timer !== undefined) return;
    st.timer = this.ctx.timers.setTimeout(() => {
      st.timer = undefined;
      if (this.#peers.get(peer) === st) guarded('serving getdata', () => this.#pump(peer, st));
    }, ms);
  }

  #servedRecently(st: PeerServe, key: string, now: number): boolean {
    const at = st.served.get(key);
    return at !== undefined && now - at < this.ctx.limits.serveRepeatWindowMs;
  }

  #remember(st: PeerServe, key: string, now: number): void {
    st.served.delete(key);
    st.served.set(key, now);
    const { maxServedRemembered, serveRepeatWindowMs } = this.ctx.limits;
    for (const [k, at] of st.served) {
      if (st.served.size <= maxServedRemembered && now - at < serveRepeatWindowMs) break;
      st.served.delete(k);
    }
  }
}

function itemKey(item: InvItem): string {
  return `${item.kind}:${hashId(item.hash)}`;
}
