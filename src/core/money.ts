/** Amounts: bigint units, bounded so that no sum can overflow (CVE-2010-5139). */

/** Units in one coin (as satoshis in a bitcoin). */
export const COIN = 100_000_000n;

/** No amount, fee, balance or sum of them may exceed this (Bitcoin's MAX_MONEY, < 2^53). */
export const MAX_MONEY = 21_000_000n * COIN;

/** True for an amount in [0, MAX_MONEY]. */
export function isMoneyRange(v: bigint): boolean {
  return v >= 0n && v <= MAX_MONEY;
}

/** Formats units as a decimal coin amount, e.g. 150000000n -> "1.5". */
export function formatCoins(units: bigint): string {
  const sign = units < 0n ? '-' : '';
  const abs = units < 0n ? -units : units;
  const whole = abs / COIN;
  const frac = (abs % COIN).toString().padStart(8, '0').replace(/0+$/, '');
  return sign + whole.toString() + (frac ? '.' + frac : '');
}

/** Parses a decimal coin amount with at most 8 decimals into units; undefined if malformed. */
export function parseCoins(text: string): bigint | undefined {
  const m = /^(\d{1,8})(?:\.(\d{1,8}))?$/.exec(text.trim());
  if (!m) return undefined;
  const units = BigInt(m[1] as string) * COIN + BigInt((m[2] ?? '').padEnd(8, '0') || '0');
  return isMoneyRange(units) ? units : undefined;
}
