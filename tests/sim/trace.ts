/**
 * The run's fingerprint: SHA-256 over the sequence of every event (sends, drops, deliveries,
 * blocks mined), so two runs can be compared by one hash. Node's own SHA-256: the trace sees
 * hundreds of thousands of lines and is the simulator's, not consensus code.
 */
import { createHash } from 'node:crypto';

/** An incremental hash of event lines, with a count. */
export class Trace {
  readonly #hash = createHash('sha256');
  #events = 0;

  /** Appends one event line. */
  record(line: string): void {
    this.#hash.update(`${line}\n`);
    this.#events++;
  }

  /** Number of events recorded. */
  get events(): number {
    return this.#events;
  }

  /** Hex digest of everything recorded (call once, at the end). */
  digest(): string {
    return this.#hash.digest('hex');
  }
}
