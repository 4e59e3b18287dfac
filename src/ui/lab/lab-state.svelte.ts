/**
 * The Lab panel's state: the scenarios' status as reported by LabControls, which action is
 * running, and the last refusal per card. Without controls (not wired yet) it reports them
 * unavailable and the cards explain without acting.
 */
import type { LabControls, LabResult, LabStatus } from '../../app/lab-controls.js';

/** The Lab panel's cards. */
export type LabCard = 'partition' | 'latency' | 'withhold' | 'share' | 'double';

/** Status shown before the controls report anything. */
export const IDLE_STATUS: LabStatus = {
  partition: { active: false, peers: [] },
  latencyMs: 0,
  withholding: { active: false, withheld: 0 },
  hashShare: undefined,
  doubleSpend: {
    step: 'idle',
    paymentId: undefined,
    confirmations: 0,
    privateBlocks: 0,
    publicBlocks: 0,
    outcome: undefined,
  },
};

/** The Lab panel's state. */
export class LabState {
  #status = $state.raw<LabStatus>(IDLE_STATUS);
  #busy = $state<LabCard | undefined>(undefined);
  #errors = $state.raw<Partial<Record<LabCard, string>>>({});
  readonly #controls: LabControls | undefined;
  readonly #off: (() => void) | undefined;

  constructor(controls: LabControls | undefined) {
    this.#controls = controls;
    if (!controls) return;
    this.#status = controls.status();
    this.#off = controls.onChange(() => (this.#status = controls.status()));
  }

  /** False when this build has no lab controls wired. */
  get available(): boolean {
    return this.#controls !== undefined;
  }

  /** The scenarios' status. */
  get status(): LabStatus {
    return this.#status;
  }

  /** The card whose action is running. */
  get busy(): LabCard | undefined {
    return this.#busy;
  }

  /** The last refusal code of a card, cleared by its next action. */
  error(card: LabCard): string | undefined {
    return this.#errors[card];
  }

  /** Runs one action of a card; a refusal or a throw becomes the card's error code. */
  async run(card: LabCard, action: (c: LabControls) => Promise<LabResult>): Promise<void> {
    const controls = this.#controls;
    if (!controls || this.#busy) return;
    this.#busy = card;
    this.#errors = { ...this.#errors, [card]: undefined };
    try {
      const r = await action(controls);
      if (!r.ok) this.#errors = { ...this.#errors, [card]: r.code };
    } catch (e) {
      console.error('lab action failed', e);
      this.#errors = { ...this.#errors, [card]: 'lab-failed' };
    } finally {
      this.#busy = undefined;
      this.#status = controls.status();
    }
  }

  /** Stops listening. */
  dispose(): void {
    this.#off?.();
  }
}
