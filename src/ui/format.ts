/** Number and hash formatting shared by every panel; language-neutral (digits and units). */
import { formatCoins } from '../core/money.js';

/** `a1b2…9f0e`: enough of a hash or address to tell two apart on a projector. */
export function shortHex(hex: string, head = 4, tail = 4): string {
  if (hex.length <= head + tail + 1) return hex;
  return `${hex.slice(0, head)}…${hex.slice(-tail)}`;
}

/** A block id as the tree and the tables show it: the last 8 hex digits hold the entropy. */
export function shortHash(id: string): string {
  // Bitcoin-style ids start with zeros (the proof of work), so show the tail.
  return `…${id.slice(-8)}`;
}

/** Hashes per second with an SI prefix: `2.41 MH/s`. */
export function formatRate(hashesPerSecond: number): string {
  const h = Math.max(0, hashesPerSecond);
  if (h >= 1e9) return `${(h / 1e9).toFixed(2)} GH/s`;
  if (h >= 1e6) return `${(h / 1e6).toFixed(2)} MH/s`;
  if (h >= 1e3) return `${(h / 1e3).toFixed(1)} kH/s`;
  return `${Math.round(h)} H/s`;
}

/** A count of hashes with an SI prefix: `16.8 M`. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '∞';
  if (n >= 1e12) return `${(n / 1e12).toFixed(1)} T`;
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return String(Math.round(n));
}

/** Seconds as `42 s`, `3 min 5 s`, `2 h 10 min`; `—` when unknown or unbounded. */
export function formatSeconds(s: number | undefined): string {
  if (s === undefined || !Number.isFinite(s) || s < 0) return '—';
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 7200) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  if (s < 172_800) return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
  return `${Math.round(s / 86_400)} d`;
}

/** Coin amounts for display: the core's exact decimal, never a float. */
export function coins(units: bigint): string {
  return formatCoins(units);
}

/** Local wall-clock time of a millisecond timestamp, `14:03:27`. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
