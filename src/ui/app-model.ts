/**
 * Everything the interface shows, built once per page from the booted node and the optional
 * parts the composition root hands over (the network, the lab controls). Components receive
 * this model and read its state classes; they hold no chain logic.
 */
import type { BootedNode } from '../app/boot.js';
import type { ClassroomServer } from '../app/classroom-server.js';
import type { RoomParams } from '../core/params.js';
import type { LabControls } from '../app/lab-controls.js';
import { LabState } from './lab/lab-state.svelte.js';
import { LogState } from './log/log-state.svelte.js';
import { MiningState } from './mining/mining-state.svelte.js';
import type { NetworkSource } from './network/network-source.js';
import { NetworkState } from './network/network-state.svelte.js';
import { NodeState } from './node-state.svelte.js';
import { BrowserNodesState, type BrowserNodesSource } from './rooms/browser-nodes-state.svelte.js';
import { RoomsState } from './rooms/rooms-state.svelte.js';
import { Theme } from './theme.svelte.js';
import { ViewState } from './view-state.svelte.js';
import { WalletState } from './wallet/wallet-state.svelte.js';

/** Parts of the app that may not exist yet (or at all) in a tab. */
export interface AppSources {
  /** The tab's Network; undefined while it is not wired or failed to start. */
  readonly network?: NetworkSource | undefined;
  /** The teaching scenarios; undefined hides nothing but disables the Lab's controls. */
  readonly lab?: LabControls | undefined;
  /** The server that served the page, asked where students can reach it. */
  readonly server?: ClassroomServer | undefined;
  /** This browser's nodes and chains (app/browser-nodes.ts); undefined hides the section. */
  readonly nodes?: BrowserNodesSource | undefined;
}

/** The interface's state, one instance per page. */
export class AppModel {
  readonly booted: BootedNode;
  readonly params: RoomParams;
  readonly node: NodeState;
  readonly network: NetworkState;
  readonly mining: MiningState;
  readonly wallet: WalletState;
  readonly rooms: RoomsState;
  readonly log: LogState;
  readonly lab: LabState;
  /** This browser's saved chains and nodes, when the app provides them. */
  readonly nodes: BrowserNodesState | undefined;
  readonly view = new ViewState();
  readonly theme = new Theme();

  constructor(booted: BootedNode, params: RoomParams, sources: AppSources = {}) {
    this.booted = booted;
    this.params = params;
    const node = booted.node;
    this.node = new NodeState(node);
    this.network = new NetworkState(node, sources.network);
    this.mining = new MiningState(node);
    this.wallet = new WalletState(node);
    this.rooms = new RoomsState(params, sources.server);
    this.log = new LogState(booted.log, (id) => this.network.nameOfRemote(id));
    this.lab = new LabState(sources.lab);
    this.nodes = sources.nodes && new BrowserNodesState(sources.nodes);
  }
}
