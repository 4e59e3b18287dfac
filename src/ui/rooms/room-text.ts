/** A room's parameters in words, for the current-room summary and the share card. */
import { formatCoins } from '../../core/money.js';
import type { RetargetRule } from '../../core/params.js';
import { t } from '../i18n/i18n.svelte.js';

/** The retarget rule in words ("every block, over 20 blocks, at most ×4"). */
export function retargetText(r: RetargetRule): string {
  if (r.mode === 'fixed') return t('rooms.retarget.fixedText');
  if (r.mode === 'period') return t('rooms.retarget.periodText', { n: r.interval });
  return t('rooms.retarget.windowText', { w: r.window, s: r.maxStep });
}

/** A reward in coins with its unit. */
export function rewardText(units: bigint): string {
  return t('rooms.coins', { n: formatCoins(units) });
}
