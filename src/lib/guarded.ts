/** Runs a callback of a timer or the transport, logging instead of throwing: our bug must not kill the node. */
export function guarded(what: string, fn: () => void): void {
  try {
    fn();
  } catch (e) {
    console.error(`${what} failed`, e);
  }
}
