/**
 * Light or dark: follows the system (prefers-color-scheme) until the user picks one, then
 * remembers the choice. The theme is applied as `data-theme` on <html>, read by themes.css.
 */

/** The two themes. */
export type ThemeName = 'light' | 'dark';

const STORAGE_KEY = 'tabchain:theme';

function stored(): ThemeName | undefined {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    return v === 'light' || v === 'dark' ? v : undefined;
  } catch {
    return undefined; // storage refused: follow the system
  }
}

/** The page's theme. */
export class Theme {
  #name = $state<ThemeName>('light');
  #chosen = false;

  constructor() {
    const saved = stored();
    const media = globalThis.matchMedia?.('(prefers-color-scheme: dark)');
    this.#chosen = saved !== undefined;
    this.#name = saved ?? (media?.matches ? 'dark' : 'light');
    // Only the system's changes while the user has not chosen: a choice is a choice.
    media?.addEventListener('change', (e) => {
      if (!this.#chosen) this.#apply(e.matches ? 'dark' : 'light');
    });
    this.#apply(this.#name);
  }

  /** The theme in use. */
  get name(): ThemeName {
    return this.#name;
  }

  /** Switches to the other theme and remembers it. */
  toggle(): void {
    this.set(this.#name === 'dark' ? 'light' : 'dark');
  }

  /** Picks a theme and remembers it. */
  set(name: ThemeName): void {
    this.#chosen = true;
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, name);
    } catch {
      // Not remembered; still applied.
    }
    this.#apply(name);
  }

  #apply(name: ThemeName): void {
    this.#name = name;
    if (globalThis.document) document.documentElement.dataset.theme = name;
  }
}
