/**
 * This browser's nodes and chains (DESIGN "Persistence": old node databases on the origin can
 * be listed and deleted). Lists every node database with its room, node and size, and every
 * node identity, each marked by who uses it; deletes a chain or forgets a node, refusing
 * what a live tab uses. The interface reaches storage and identities only through here.
 *
 * "In use" is decided by node, not by database: a tab holds its node's identity (Web Lock or
 * claim protocol) but says nowhere which room it is in. So the chains of a node that another
 * tab runs are all kept; this tab's own node's chains in other rooms can go, its current one
 * cannot. A tab that claims the node between the check and the delete loses its chain to the
 * delete and goes on in memory, as after any lost database (docs/decisions.md).
 */
import { bytesToHex } from '../core/bytes.js';
import { addressOf } from '../core/tx.js';
import type { IdentitySummary } from '../identity/claim.js';
import { StoreError } from '../node/ports.js';
import type { NodeDatabaseStats } from '../store/database-stats.js';
import { parseNodeDatabaseName, type NodeDatabase } from '../store/databases.js';

/** Databases whose size is read per listing; the rest show none (a listing stays quick). */
export const MAX_DATABASES_MEASURED = 64;

/** Who uses a chain or a node: this tab, another live tab, or no tab. */
export type Use = 'here' | 'elsewhere' | 'free';

/** A node database on this origin, as the list shows it. */
export interface StoredChain {
  /** The database name (what deleteChain takes). */
  readonly name: string;
  readonly room: string | undefined;
  /** Short chain id: the first hex digits of the room's genesis hash. */
  readonly chain: string;
  readonly nodeId: string;
  /** The node's friendly name; undefined once its identity was forgotten. */
  readonly nodeName: string | undefined;
  readonly colour: number | undefined;
  /** Blocks stored and tip height, when cheaply read. */
  readonly stats: NodeDatabaseStats | undefined;
  /** 'here': this tab's chain; 'elsewhere': its node runs in another tab. */
  readonly use: Use;
}

/** A node identity registered in this browser. */
export interface KnownNode {
  readonly id: string;
  readonly name: string;
  readonly colour: number;
  /** Its wallet's address (hex): forgetting the node loses the coins there. */
  readonly address: string;
  readonly created: number;
  readonly lastUsed: number;
  /** How many of the listed chains are this node's. */
  readonly chains: number;
  readonly use: Use;
}

/** Everything the list shows. */
export interface BrowserNodesList {
  /** This tab's chain first, then by room and name. */
  readonly chains: readonly StoredChain[];
  /** This tab's node first, then most recently used first. */
  readonly nodes: readonly KnownNode[];
  /** False where the browser cannot list databases (Firefox before 126): chains is empty. */
  readonly canListChains: boolean;
}

/** Why a delete or a forget did not happen; the interface words each code. */
export type NodesRefusal =
  /** This tab's own chain or node. */
  | 'in-use'
  /** Another live tab runs this node. */
  | 'elsewhere'
  /** Another connection keeps the database open; the browser deletes it once that closes. */
  | 'blocked'
  /** Not a node database name. */
  | 'invalid'
  /** The browser refused (the detail says how). */
  | 'failed';

/** What a delete or a forget did. */
export type NodesOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: NodesRefusal; readonly detail: string };

/**
 * Where the lists come from: the store's and the identity registry's functions, picked by
 * src/main.ts (IndexedDB and localStorage in a tab; fakes in unit tests).
 */
export interface BrowserNodesPorts {
  listDatabases(): Promise<NodeDatabase[]>;
  canListDatabases(): boolean;
  databaseStats(name: string): Promise<NodeDatabaseStats | undefined>;
  deleteDatabase(name: string): Promise<void>;
  listIdentities(): Promise<IdentitySummary[]>;
  forgetIdentity(id: string): Promise<boolean>;
}

/** What this tab runs, so the list can tell its own node and chain apart. */
export interface ThisTab {
  readonly databaseName: string;
  readonly identityId: string;
}

/** Lists, deletes and forgets this browser's nodes and chains on behalf of one tab. */
export class BrowserNodes {
  readonly #here: ThisTab;
  readonly #ports: BrowserNodesPorts;

  constructor(here: ThisTab, ports: BrowserNodesPorts) {
    this.#here = here;
    this.#ports = ports;
  }

  /** The chains and nodes of this browser, each with who uses it. */
  async list(): Promise<BrowserNodesList> {
    const [databases, identities] = await Promise.all([
      this.#ports.listDatabases(),
      this.#ports.listIdentities(),
    ]);
    const byId = new Map(identities.map((i) => [i.id, i]));
    const stats: (NodeDatabaseStats | undefined)[] = await Promise.all(
      databases
        .slice(0, MAX_DATABASES_MEASURED)
        .map((d) => this.#ports.databaseStats(d.name).catch(() => undefined)),
    );
    const chains = databases.map((d, i): StoredChain => {
      const node = byId.get(d.nodeId);
      return {
        name: d.name,
        room: d.room,
        chain: d.chain,
        nodeId: d.nodeId,
        nodeName: node?.name,
        colour: node?.colour,
        stats: stats[i],
        use:
          d.name === this.#here.databaseName
            ? 'here'
            : this.#elsewhere(node)
              ? 'elsewhere'
              : 'free',
      };
    });
    chains.sort(
      (a, b) =>
        Number(b.use === 'here') - Number(a.use === 'here') ||
        compare(a.room ?? '', b.room ?? '') ||
        compare(a.name, b.name),
    );
    const nodes = identities.map((i): KnownNode => ({
      id: i.id,
      name: i.name,
      colour: i.colour,
      address: bytesToHex(addressOf(i.publicKey)),
      created: i.created,
      lastUsed: i.lastUsed,
      chains: databases.filter((d) => d.nodeId === i.id).length,
      use: i.id === this.#here.identityId ? 'here' : i.held ? 'elsewhere' : 'free',
    }));
    nodes.sort((a, b) => Number(b.use === 'here') - Number(a.use === 'here'));
    return { chains, nodes, canListChains: this.#ports.canListDatabases() };
  }

  /** Deletes an old chain: never this tab's, nor one whose node runs in another tab. */
  async deleteChain(name: string): Promise<NodesOutcome> {
    if (name === this.#here.databaseName) return refused('in-use', name);
    const parsed = parseNodeDatabaseName(name);
    if (!parsed) return refused('invalid', name);
    // Asked again now, not taken from the list: a tab may have opened the node since.
    const node = (await this.#ports.listIdentities()).find((i) => i.id === parsed.nodeId);
    if (this.#elsewhere(node)) return refused('elsewhere', name);
    try {
      await this.#ports.deleteDatabase(name);
      return { ok: true };
    } catch (e) {
      if (e instanceof StoreError && e.code === 'blocked') return refused('blocked', e.message);
      return refused('failed', e instanceof Error ? e.message : String(e));
    }
  }

  /** Forgets a node for good (its secret key too): never this tab's, nor one a tab holds. */
  async forgetNode(id: string): Promise<NodesOutcome> {
    if (id === this.#here.identityId) return refused('in-use', id);
    try {
      return (await this.#ports.forgetIdentity(id)) ? { ok: true } : refused('elsewhere', id);
    } catch (e) {
      return refused('failed', e instanceof Error ? e.message : String(e));
    }
  }

  /** True when another live tab holds the node (this tab's own node does not count). */
  #elsewhere(node: IdentitySummary | undefined): boolean {
    return node !== undefined && node.held && node.id !== this.#here.identityId;
  }
}

function refused(code: NodesRefusal, detail: string): NodesOutcome {
  return { ok: false, code, detail };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
