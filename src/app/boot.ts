/**
 * Boots the node of this tab: claims an identity, opens its database, starts the miner and
 * the network. Composes only: src/main.ts picks the adapters (TabAdapters) and mounts the
 * interface on what this returns.
 */
import type { RoomParams } from '../core/params.js';
import { genesisHash } from '../core/room.js';
import type { ClaimedIdentity } from '../identity/claim.js';
import { Node } from '../node/node.js';
import type { BlockStore, MinerPort } from '../node/ports.js';
import { nodeDatabaseName } from '../store/databases.js';
import type { TabAdapters } from './adapters.js';
import { EventLog } from './event-log.js';
import { Lab } from './lab.js';
import { startNetwork, type TabNetwork } from './network.js';

/** A running tab node and what it was built from. */
export interface BootedNode {
  readonly node: Node;
  readonly claim: ClaimedIdentity;
  readonly store: BlockStore;
  readonly miner: MinerPort;
  readonly databaseName: string;
  /** Why the chain is only in memory, if it is. */
  readonly storageProblem: string | undefined;
  /** The mesh this node joined. */
  readonly net: TabNetwork;
  /** The teaching lab's controls on this node. */
  readonly lab: Lab;
  /** Everything the node and its network saw: the Log panel and the console read it. */
  readonly log: EventLog;
}

/** Opens this tab's node in a room from the adapters; `online: false` keeps it off the network. */
export async function bootNode(
  params: RoomParams,
  adapters: TabAdapters,
  online = true,
): Promise<BootedNode> {
  const claim = await adapters.claimIdentity();
  const chainId = genesisHash(params);
  const databaseName = nodeDatabaseName(claim.identity.id, chainId, params.name);
  let store: BlockStore;
  let storageProblem: string | undefined;
  try {
    store = await adapters.openStore(databaseName);
  } catch (e) {
    // No IndexedDB (private mode, blocked upgrade): the node still runs, in memory.
    storageProblem = e instanceof Error ? e.message : String(e);
    store = adapters.memoryStore();
  }
  const miner = adapters.createMiner();
  const node = await Node.open({
    params,
    identity: claim.identity,
    store,
    clock: adapters.clock,
    miner,
  });
  const net = startNetwork(node, params, adapters, online);
  claim.signal.addEventListener('abort', () => {
    net.mesh.close();
    net.network.close();
    void node.close();
  });
  const lab = new Lab(node, net);
  const log = new EventLog(node, net.network);
  return { node, claim, store, miner, databaseName, storageProblem, net, lab, log };
}
