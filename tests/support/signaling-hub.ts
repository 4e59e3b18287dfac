/**
 * An in-memory signaling room for WebRTC tests: stands in for the server so a test can
 * introduce nodes to each other at exactly the moment it wants. Signals are delivered a task
 * later and stamped with the sender, as the real server does.
 */
import { REAL_TIMERS, type Timers } from '../../src/lib/timers.js';
import type { SignalingEvents, SignalingPort } from '../../src/net/signaling-client.js';
import { Emitter } from '../../src/lib/emitter.js';

/** One member of an in-memory signaling room. */
export class HubMember extends Emitter<SignalingEvents> implements SignalingPort {
  constructor(
    readonly id: string,
    readonly hub: Map<string, HubMember>,
    /** Real timers by default; virtual ones make delivery part of a deterministic run. */
    readonly timers: Timers = REAL_TIMERS,
  ) {
    super();
    hub.set(id, this);
  }

  sendSignal(to: string, data: unknown): boolean {
    const target = this.hub.get(to);
    if (!target) return false;
    const copy: unknown = structuredClone(data);
    this.timers.setTimeout(() => target.fire('signal', { from: this.id, data: copy }), 0);
    return true;
  }

  /** Delivers an event to this member, as the server would. */
  fire<K extends keyof SignalingEvents>(name: K, payload: SignalingEvents[K]): void {
    this.emit(name, payload);
  }
}
