/**
 * What the page shows of the node, as Svelte 5 state fed by node events. Components read it;
 * they hold no chain logic (STYLE 11).
 */
import { bytesToHex } from '../core/bytes.js';
import type { Node } from '../node/node.js';
import type { PersistenceState } from '../node/types.js';

/** The node's live figures. */
export class NodeState {
  height = $state(0);
  tipId = $state('');
  blocks = $state(0);
  stale = $state(0);
  mining = $state(false);
  hashrate = $state(0);
  workers = $state(0);
  persistence = $state.raw<PersistenceState>({ state: 'ok' });
  readonly #node: Node;

  constructor(node: Node) {
    this.#node = node;
    this.#refresh();
    node.on('tip', () => this.#refresh());
    node.on('block-added', () => this.#refresh());
    node.on('block-stale', () => this.#refresh());
    node.on('mining', ({ active }) => (this.mining = active));
    node.on('persistence', (p) => (this.persistence = p));
    // Hash rate is sampled, not pushed: workers report counts, the pool averages them.
    setInterval(() => {
      const stats = node.miner?.stats();
      this.hashrate = stats?.total ?? 0;
      this.workers = stats?.perWorker.length ?? 0;
    }, 1000);
  }

  #refresh(): void {
    const chain = this.#node.chain;
    this.height = chain.tip.height;
    this.tipId = chain.tip.id;
    this.blocks = chain.storedBlocks;
    this.stale = chain.storedBlocks - (chain.tip.height + 1);
  }

  /** The node's address in hex. */
  get address(): string {
    return bytesToHex(this.#node.address);
  }
}
