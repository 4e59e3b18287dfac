/**
 * What the page is showing: the side panel's tab, the teacher (projector) view and the block
 * open in the inspector. Presentation state only; nothing of the chain lives here.
 */

/** The side panels, in tab order. */
export const PANELS = ['network', 'mining', 'wallet', 'rooms', 'lab', 'log'] as const;

/** One side panel. */
export type PanelName = (typeof PANELS)[number];

const TEACHER_KEY = 'tabchain:teacher';
const PANEL_KEY = 'tabchain:panel';

function read(storage: 'local' | 'session', key: string): string | null {
  try {
    return (storage === 'local' ? globalThis.localStorage : globalThis.sessionStorage)?.getItem(
      key,
    );
  } catch {
    return null; // storage refused: defaults
  }
}

function write(storage: 'local' | 'session', key: string, value: string): void {
  try {
    (storage === 'local' ? globalThis.localStorage : globalThis.sessionStorage)?.setItem(
      key,
      value,
    );
  } catch {
    // Not remembered across reloads; still applied.
  }
}

function isPanel(v: string | null): v is PanelName {
  return (PANELS as readonly string[]).includes(v ?? '');
}

/** The page's view. */
export class ViewState {
  #panel = $state<PanelName>('mining');
  #teacher = $state(false);
  #selected = $state<string | undefined>(undefined);

  constructor() {
    const panel = read('session', PANEL_KEY);
    if (isPanel(panel)) this.#panel = panel;
    this.#teacher = read('local', TEACHER_KEY) === '1';
    this.#applyTeacher();
    // `#block=<id>` opens a block in the inspector: a link to show the class one block.
    this.#fromHash();
    globalThis.addEventListener?.('hashchange', () => this.#fromHash());
  }

  /** The side panel on show. */
  get panel(): PanelName {
    return this.#panel;
  }

  /** Shows a side panel (remembered for this tab, so a reload keeps the lesson's place). */
  showPanel(panel: PanelName): void {
    this.#panel = panel;
    write('session', PANEL_KEY, panel);
  }

  /** The projector view: large type, tree and network side by side, no controls. */
  get teacher(): boolean {
    return this.#teacher;
  }

  /** Switches the projector view. */
  setTeacher(on: boolean): void {
    this.#teacher = on;
    write('local', TEACHER_KEY, on ? '1' : '0');
    this.#applyTeacher();
  }

  /** The block open in the inspector, by id. */
  get selectedBlock(): string | undefined {
    return this.#selected;
  }

  /** Opens a block in the inspector. */
  inspect(id: string): void {
    this.#selected = id;
  }

  /** Closes the inspector (and forgets a `#block=` link, so a reload does not reopen it). */
  closeInspector(): void {
    this.#selected = undefined;
    if (globalThis.location?.hash.startsWith('#block=')) {
      history.replaceState(null, '', location.pathname + location.search);
    }
  }

  #fromHash(): void {
    const m = /^#block=([0-9a-f]{64})$/.exec(globalThis.location?.hash ?? '');
    if (m) this.#selected = m[1];
  }

  #applyTeacher(): void {
    // The root font size scales every rem: the teacher view is the same page, larger.
    globalThis.document?.documentElement.classList.toggle('teacher', this.#teacher);
  }
}
