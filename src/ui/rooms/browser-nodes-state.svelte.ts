/**
 * The "this browser's nodes and chains" dialog's state: the list the app gives, which row is
 * asking "are you sure?", which action runs, and what the last one did. The app's
 * BrowserNodes does the work and the refusing; this only presents it.
 */
import type { BrowserNodesList, NodesOutcome } from '../../app/browser-nodes.js';

/** The app commands the dialog calls (src/app/browser-nodes.ts's BrowserNodes). */
export interface BrowserNodesSource {
  list(): Promise<BrowserNodesList>;
  deleteChain(name: string): Promise<NodesOutcome>;
  forgetNode(id: string): Promise<NodesOutcome>;
}

/** A row of the dialog: a chain (by database name) or a node (by identity id). */
export interface RowKey {
  readonly kind: 'chain' | 'node';
  readonly key: string;
}

/** What the last delete or forget did, and to which row (named as it was shown). */
export interface ActionReport {
  readonly row: RowKey;
  /** The room (a chain) or node name (a node), for the message. */
  readonly label: string;
  readonly outcome: NodesOutcome;
}

/** The dialog's state. */
export class BrowserNodesState {
  readonly #source: BrowserNodesSource;
  #open = $state(false);
  #list = $state.raw<BrowserNodesList | undefined>(undefined);
  #loading = $state(false);
  #loadError = $state<string | undefined>(undefined);
  #confirming = $state.raw<RowKey | undefined>(undefined);
  #working = $state.raw<RowKey | undefined>(undefined);
  #report = $state.raw<ActionReport | undefined>(undefined);
  /** Bumped per refresh, so a slow listing never overwrites a newer one. */
  #generation = 0;

  constructor(source: BrowserNodesSource) {
    this.#source = source;
  }

  /** Whether the dialog is open. */
  get open(): boolean {
    return this.#open;
  }

  /** The last listing; undefined before the first one arrives. */
  get list(): BrowserNodesList | undefined {
    return this.#list;
  }

  /** True while a listing runs. */
  get loading(): boolean {
    return this.#loading;
  }

  /** Why the last listing failed, if it did. */
  get loadError(): string | undefined {
    return this.#loadError;
  }

  /** The row asking for confirmation. */
  get confirming(): RowKey | undefined {
    return this.#confirming;
  }

  /** The row whose delete or forget is running. */
  get working(): RowKey | undefined {
    return this.#working;
  }

  /** What the last action did. */
  get report(): ActionReport | undefined {
    return this.#report;
  }

  /** Opens the dialog on a fresh listing. */
  show(): void {
    this.#open = true;
    this.#report = undefined;
    this.#confirming = undefined;
    void this.refresh();
  }

  /** Closes the dialog. */
  hide(): void {
    this.#open = false;
    this.#confirming = undefined;
  }

  /** Lists again (other tabs come and go; the browser may finish a blocked delete). */
  async refresh(): Promise<void> {
    const generation = ++this.#generation;
    this.#loading = true;
    try {
      const list = await this.#source.list();
      if (generation !== this.#generation) return;
      this.#list = list;
      this.#loadError = undefined;
    } catch (e) {
      if (generation !== this.#generation) return;
      this.#loadError = e instanceof Error ? e.message : String(e);
    } finally {
      if (generation === this.#generation) this.#loading = false;
    }
  }

  /** True when this row is the one asking for confirmation. */
  isConfirming(row: RowKey): boolean {
    return this.#confirming?.kind === row.kind && this.#confirming.key === row.key;
  }

  /** True when this row's action is running. */
  isWorking(row: RowKey): boolean {
    return this.#working?.kind === row.kind && this.#working.key === row.key;
  }

  /** Asks for confirmation on a row (one row at a time). */
  ask(row: RowKey): void {
    this.#confirming = row;
    this.#report = undefined;
  }

  /** Takes the question back. */
  cancel(): void {
    this.#confirming = undefined;
  }

  /** Runs the confirmed action on the row asking, then lists again. */
  async confirm(label: string): Promise<ActionReport | undefined> {
    const row = this.#confirming;
    if (!row || this.#working) return undefined;
    this.#confirming = undefined;
    this.#working = row;
    let outcome: NodesOutcome;
    try {
      outcome =
        row.kind === 'chain'
          ? await this.#source.deleteChain(row.key)
          : await this.#source.forgetNode(row.key);
    } catch (e) {
      outcome = { ok: false, code: 'failed', detail: e instanceof Error ? e.message : String(e) };
    }
    this.#working = undefined;
    const report = { row, label, outcome };
    this.#report = report;
    await this.refresh();
    return report;
  }
}
