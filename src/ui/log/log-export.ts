/** The log as files for lab reports: JSON for programs, CSV for spreadsheets. */
import type { LogEntry } from '../../app/event-log.js';

/** Columns every CSV row has; whatever else an entry carries goes in `details` as JSON. */
export const CSV_COLUMNS = [
  'seq',
  'time',
  'kind',
  'event',
  'height',
  'id',
  'code',
  'from',
] as const;

/** What the export says about where it came from. */
export interface ExportMeta {
  readonly room: string;
  readonly genesis: string;
  readonly node: string;
}

/** The log as pretty JSON with ISO times. */
export function logToJson(entries: readonly LogEntry[], meta: ExportMeta): string {
  return JSON.stringify(
    {
      ...meta,
      exported: new Date().toISOString(),
      entries: entries.map((e) => ({
        seq: e.seq,
        time: new Date(e.at).toISOString(),
        kind: e.kind,
        event: e.event,
        ...e.fields,
      })),
    },
    null,
    2,
  );
}

/** One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break. */
export function csvCell(value: string | number | boolean | undefined): string {
  const s = value === undefined ? '' : String(value);
  // A leading = + - @ makes spreadsheets run a formula: prefix a quote (OWASP CSV injection).
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The log as CSV, one row per entry. */
export function logToCsv(entries: readonly LogEntry[]): string {
  const lines = [[...CSV_COLUMNS, 'details'].join(',')];
  for (const e of entries) {
    const { height, id, code, from, ...rest } = e.fields;
    const details = Object.keys(rest).length > 0 ? JSON.stringify(rest) : '';
    const row = [e.seq, new Date(e.at).toISOString(), e.kind, e.event, height, id, code, from];
    lines.push([...row, details].map(csvCell).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

/** Offers text as a file download through a Blob URL (no server involved). */
export function download(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  // The click has started the download; the URL can go once the event loop moves on.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
