/** A small typed event emitter: the events of the node, the network and the mesh, typed per name. */

/** Listener of one event. */
export type Listener<T> = (payload: T) => void;

/** Emits events of a map from name to payload type. */
export class Emitter<Events extends object> {
  readonly #listeners = new Map<keyof Events, Set<Listener<never>>>();

  /** Subscribes; returns the function that unsubscribes. */
  on<K extends keyof Events>(name: K, fn: Listener<Events[K]>): () => void {
    let set = this.#listeners.get(name);
    if (!set) this.#listeners.set(name, (set = new Set()));
    set.add(fn);
    return () => set.delete(fn);
  }

  /** Calls every listener of the event; a throwing listener does not stop the others. */
  protected emit<K extends keyof Events>(name: K, payload: Events[K]): void {
    const set = this.#listeners.get(name);
    if (!set) return;
    for (const fn of set) {
      try {
        (fn as Listener<Events[K]>)(payload);
      } catch (e) {
        console.error(`listener of ${String(name)} failed`, e);
      }
    }
  }
}
