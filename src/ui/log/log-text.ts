/** How a log entry reads, in the current language: one sentence with short ids. */
import { shortHash } from '../format.js';
import { t } from '../i18n/i18n.svelte.js';
import type { LogEntry, LogValue } from '../../app/event-log.js';

/** Fields whose values are hashes: shown by their tail, as everywhere on the page. */
const HASH_FIELDS = new Set(['id', 'missing', 'oldTip', 'newTip']);

/** The entry as a sentence; codes are followed by their plain-words explanation. */
export function describe(e: LogEntry): string {
  const vars: Record<string, string | number> = {};
  for (const [k, v] of Object.entries<LogValue>(e.fields)) {
    vars[k] = HASH_FIELDS.has(k) && typeof v === 'string' ? shortHash(v) : String(v);
  }
  if (typeof e.fields.from === 'string') vars.from = fromText(e.fields.from);
  const text = t(`log.ev.${e.event}`, vars);
  const code = e.fields.code;
  if (typeof code === 'string' && (e.event === 'block-rejected' || e.event === 'tx-rejected')) {
    return `${text} — ${t(`code.${code}`)}`;
  }
  return text;
}

function fromText(from: string): string {
  if (from === '') return t('log.from.unknown');
  if (from === 'self') return t('log.from.self');
  if (from === 'console') return t('log.from.console');
  if (from === 'tamper') return t('log.from.tamper');
  return from;
}
