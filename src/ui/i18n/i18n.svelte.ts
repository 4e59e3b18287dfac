/**
 * English and Simplified Chinese for every string. Each part of the interface keeps its own
 * message file (messages-*.ts: `{ en: {...}, zh: {...} }` with the same keys) and registers it
 * here; components call `t('key', { n: 3 })`. The language is state, so switching re-renders.
 */

/** Languages of the interface. */
export type Lang = 'en' | 'zh';

/** One part's messages in both languages; `{name}` placeholders are filled by t(). */
export interface Messages {
  readonly en: Readonly<Record<string, string>>;
  readonly zh: Readonly<Record<string, string>>;
}

const STORAGE_KEY = 'tabchain:lang';

function initialLang(): Lang {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh') return saved;
  } catch {
    // Storage refused (private mode): fall through to the browser's language.
  }
  return globalThis.navigator?.language?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

class I18n {
  lang = $state<Lang>(initialLang());
  readonly #tables: { en: Record<string, string>; zh: Record<string, string> } = { en: {}, zh: {} };

  /** Adds a part's messages; a key registered twice is a bug and throws. */
  register(messages: Messages): void {
    for (const lang of ['en', 'zh'] as const) {
      for (const [k, v] of Object.entries(messages[lang])) {
        if (k in this.#tables[lang]) throw new Error(`i18n key registered twice: ${k}`);
        this.#tables[lang][k] = v;
      }
    }
  }

  /** Switches language and remembers it. */
  set(lang: Lang): void {
    this.lang = lang;
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, lang);
    } catch {
      // Not remembered; still switched.
    }
    if (globalThis.document) document.documentElement.lang = lang === 'zh' ? 'zh-Hans' : 'en';
  }

  /** The message for a key in the current language, placeholders filled; the key if missing. */
  t(key: string, vars: Readonly<Record<string, string | number>> = {}): string {
    const text = this.#tables[this.lang][key] ?? this.#tables.en[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
  }

  /** Keys present in one language but not the other (a test asserts there are none). */
  missing(): { en: string[]; zh: string[] } {
    const en = Object.keys(this.#tables.en);
    const zh = Object.keys(this.#tables.zh);
    return {
      en: zh.filter((k) => !(k in this.#tables.en)),
      zh: en.filter((k) => !(k in this.#tables.zh)),
    };
  }
}

/** The interface's one translator. */
export const i18n = new I18n();

/** Shorthand for i18n.t. */
export function t(key: string, vars?: Readonly<Record<string, string | number>>): string {
  return i18n.t(key, vars);
}
