/**
 * Registers the tree's and the inspector's messages once, and the small helpers both use:
 * English plurals (`key.one` / `key.other`; Chinese has one form, stored twice) and the plain
 * name of a rule code.
 */
import type { RuleCode } from '../../core/errors.js';
import { i18n, t } from '../i18n/i18n.svelte.js';
import { treeMessages } from '../i18n/messages-tree.js';
import { inspectorMessages } from '../inspector/inspector-messages.js';

// A hot reload evaluates this module again; registering twice would throw.
if (i18n.t('blocktree.title') === 'blocktree.title') {
  i18n.register(treeMessages);
  i18n.register(inspectorMessages);
}

/** `key.one` for 1, `key.other` otherwise, with `{n}` filled. */
export function plural(key: string, n: number, vars: Record<string, string | number> = {}): string {
  return t(`${key}.${n === 1 ? 'one' : 'other'}`, { ...vars, n });
}

/** A rule's plain-language name in the current language. */
export function ruleName(code: RuleCode): string {
  return t(`rules.${code}`);
}

/** The translator, re-exported so tree and inspector components import one module. */
export { t };
