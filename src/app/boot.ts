/**
 * Boots the node of this tab: claims an identity, opens its database, starts the worker
 * miner. Picks the concrete adapters; src/main.ts mounts the interface on what this returns.
 */
import type { RoomParams } from '../core/params.js';
import { genesisHash } from '../core/room.js';
import { WorkerPoolMiner } from '../mining/pool.js';
import { claimIdentity, type ClaimedIdentity } from '../identity/claim.js';
import { Node } from '../node/node.js';
import type { BlockStore } from '../node/ports.js';
import { nodeDatabaseName, requestPersistentStorage } from '../store/databases.js';
import { IdbStore } from '../store/idb-store.js';
import { MemoryStore } from '../store/memory-store.js';
import { EventLog } from './event-log.js';
import { Lab } from './lab.js';
import { startNetwork, type TabNetwork } from './network.js';

/** Fault injection the end-to-end tests reach through window.tabchain.debug. */
export interface DebugHooks {
  /** Aborts the next commit after its blocks are written but before the tip moves. */
  crashNextCommit: boolean;
}

/** A running tab node and what it was built from. */
export interface BootedNode {
  readonly node: Node;
  readonly claim: ClaimedIdentity;
  readonly store: BlockStore;
  readonly miner: WorkerPoolMiner;
  readonly databaseName: string;
  readonly debug: DebugHooks;
  /** Why the chain is only in memory, if it is. */
  readonly storageProblem: string | undefined;
  /** The mesh this node joined. */
  readonly net: TabNetwork;
  /** The teaching lab's controls on this node. */
  readonly lab: Lab;
  /** Everything the node and its network saw: the Log panel and the console read it. */
  readonly log: EventLog;
}

/** Opens this tab's node in a room; `online: false` keeps it off the network. */
export async function bootNode(params: RoomParams, online = true): Promise<BootedNode> {
  const claim = await claimIdentity();
  const chainId = genesisHash(params);
  const databaseName = nodeDatabaseName(claim.identity.id, chainId, params.name);
  const debug: DebugHooks = { crashNextCommit: false };
  let store: BlockStore;
  let storageProblem: string | undefined;
  try {
    store = await IdbStore.open(databaseName, {
      testHooks: {
        beforeTip: (tx) => {
          if (!debug.crashNextCommit) return;
          debug.crashNextCommit = false;
          tx.abort();
        },
      },
    });
    void requestPersistentStorage();
  } catch (e) {
    // No IndexedDB (private mode, blocked upgrade): the node still runs, in memory.
    storageProblem = e instanceof Error ? e.message : String(e);
    store = new MemoryStore();
  }
  const miner = new WorkerPoolMiner();
  const node = await Node.open({
    params,
    identity: claim.identity,
    store,
    clock: { now: () => Date.now() },
    miner,
  });
  const net = startNetwork(node, params, online);
  claim.signal.addEventListener('abort', () => {
    net.mesh.close();
    net.network.close();
    void node.close();
  });
  const lab = new Lab(node, net);
  const log = new EventLog(node, net.network);
  return { node, claim, store, miner, databaseName, debug, storageProblem, net, lab, log };
}
