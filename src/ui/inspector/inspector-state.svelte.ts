/**
 * The inspector's link to the node: one revision rune bumped by the events that can change
 * what a block is (a new tip, a reorganisation, a body arriving, a rejection), so an open
 * inspector follows its block from best chain to stale without polling.
 */
import type { Node } from '../../node/node.js';
import { inspect, type Inspected } from './block-view.js';

/** The inspector's state. */
export class InspectorState {
  #revision = $state(0);
  readonly #node: Node;
  readonly #off: (() => void)[];

  constructor(node: Node) {
    this.#node = node;
    const bump = (): void => {
      this.#revision++;
    };
    this.#off = [
      node.on('tip', bump),
      node.on('block-added', bump),
      node.on('block-connected', bump),
      node.on('block-stale', bump),
      node.on('block-rejected', bump),
      node.on('orphan', bump),
    ];
  }

  /** The node inspected. */
  get node(): Node {
    return this.#node;
  }

  /** Increases whenever a block's standing may have changed. */
  get revision(): number {
    return this.#revision;
  }

  /** The block with this id as it stands now (a dependency on the revision). */
  inspect(id: string): Inspected | undefined {
    void this.#revision;
    return inspect(this.#node, id);
  }

  /** Stops listening to the node. */
  dispose(): void {
    for (const off of this.#off) off();
  }
}
