/**
 * A room of real nodes, each with its real Network and MeshManager, over fake WebRTC
 * (fake-webrtc.ts) and an in-memory signaling hub, all on one virtual clock. Joining works as
 * with the server: the newcomer gets a welcome naming up to 8 random members and dials them;
 * everything after that (refusals, eviction, relayed dials, retries) is the mesh's own doing.
 */
import { MeshManager, type LinkInfo } from '../../src/net/webrtc/mesh-manager.js';
import { Rng } from '../sim/rng.js';
import { FakeWebRtc } from './fake-webrtc.js';
import { makeNode, seededRandom, type NetNode, type VirtualTime } from './net-harness.js';
import { HubMember } from './signaling-hub.js';

/** The server's welcome sample (signaling/protocol.ts WELCOME_SAMPLE_SIZE). */
const WELCOME = 8;

/** A node of the room with its mesh and what its mesh reported. */
export interface MeshNode extends NetNode {
  readonly mesh: MeshManager;
  readonly signaling: HubMember;
  /** Every link-state the mesh reported, in order. */
  readonly states: (LinkInfo & { readonly reason?: string })[];
}

/** Mesh limits of one node (MeshManagerOptions). */
export interface MeshLimits {
  readonly targetPeers?: number;
  readonly maxPeers?: number;
}

/** Options of a room. */
export interface MeshRoomOptions {
  readonly seed?: number;
  /** One-way delay between two nodes by name, ms (1 ms by default). */
  readonly latencyMs?: (a: string, b: string) => number;
}

/** Nodes joining one signaling room, on one virtual clock. */
export class MeshRoom {
  readonly world: FakeWebRtc;
  readonly hub = new Map<string, HubMember>();
  readonly nodes: MeshNode[] = [];
  readonly #rng: Rng;

  constructor(
    readonly vt: VirtualTime,
    opts: MeshRoomOptions = {},
  ) {
    this.#rng = new Rng(opts.seed ?? 1);
    this.world = new FakeWebRtc({
      timers: vt,
      ...(opts.latencyMs ? { latencyMs: opts.latencyMs } : {}),
    });
  }

  /** Opens the next node and has it join: a welcome naming up to 8 random members. */
  async join(limits: MeshLimits = {}): Promise<MeshNode> {
    const vt = this.vt;
    const base = await makeNode(vt, this.nodes.length);
    const signaling = new HubMember(base.name, this.hub, vt);
    const mesh = new MeshManager({
      network: base.net,
      signaling,
      createPeer: this.world.factory(base.name),
      timers: vt,
      now: vt.now,
      random: () => this.#rng.next(),
      randomBytes: seededRandom(`mesh ${base.name}`),
      ...limits,
    });
    const states: MeshNode['states'] = [];
    mesh.on('link-state', (s) => states.push(s));
    const members = this.nodes.map((n) => n.name);
    const node: MeshNode = { ...base, mesh, signaling, states };
    this.nodes.push(node);
    signaling.fire('welcome', { id: base.name, room: 'r', peers: this.#sample(members) });
    return node;
  }

  /** A node leaves: its mesh and network close, and the server tells the others. */
  leave(n: MeshNode): void {
    n.mesh.close();
    n.net.close();
    this.hub.delete(n.name);
    for (const m of this.hub.values()) m.fire('peer-left', { id: n.name });
  }

  /** Handshaken peers of a node. */
  degree(n: MeshNode): number {
    return n.net.peers().length;
  }

  /** Closes every mesh, network and node. */
  async close(): Promise<void> {
    for (const n of this.nodes) {
      n.mesh.close();
      n.net.close();
    }
    for (const n of this.nodes) await n.node.close();
  }

  #sample(ids: string[]): string[] {
    const out = [...ids];
    const take = Math.min(WELCOME, out.length);
    for (let i = 0; i < take; i++) {
      const j = i + this.#rng.int(out.length - i);
      [out[i], out[j]] = [out[j] as string, out[i] as string];
    }
    return out.slice(0, take);
  }
}
