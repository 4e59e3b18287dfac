/**
 * The tree's and the inspector's messages: every key in both languages, every rule code named
 * in plain words, no key shared with another part's messages (i18n.register throws on one),
 * and every placeholder the English uses present in the Chinese.
 */
import { describe, expect, it } from 'vitest';
import { RULE_PENALTIES } from '../../src/core/errors.js';
import { ALL_MESSAGES } from '../../src/ui/i18n/messages.js';
import { ruleMessages } from '../../src/ui/i18n/messages-rules.js';
import { treeMessages } from '../../src/ui/i18n/messages-tree.js';
import { inspectorMessages } from '../../src/ui/inspector/inspector-messages.js';
import { plural, ruleName } from '../../src/ui/tree/tree-i18n.js';
import { i18n } from '../../src/ui/i18n/i18n.svelte.js';

const OURS = [treeMessages, inspectorMessages];

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}

describe('tree and inspector messages', () => {
  it('have every key in English and Chinese, with the same placeholders', () => {
    for (const m of OURS) {
      expect(Object.keys(m.zh).sort()).toEqual(Object.keys(m.en).sort());
      for (const [key, en] of Object.entries(m.en)) {
        expect(placeholders(m.zh[key]!), key).toEqual(placeholders(en));
        expect(m.zh[key]!.trim(), key).not.toBe('');
      }
    }
  });

  it('name and explain every rule code in plain words, from one table', () => {
    for (const code of Object.keys(RULE_PENALTIES)) {
      for (const key of [`rules.${code}`, `code.${code}`]) {
        expect(ruleMessages.en[key], key).toBeTruthy();
        expect(ruleMessages.zh[key], key).toBeTruthy();
      }
    }
    const elsewhere = [...ALL_MESSAGES.filter((m) => m !== ruleMessages), ...OURS];
    for (const m of elsewhere) {
      const words = Object.keys(m.en).filter((k) => /^(rules|code)\./.test(k));
      expect(words.filter((k) => k.split('.')[1]! in RULE_PENALTIES)).toEqual([]);
    }
  });

  it('share no key with the other parts of the interface', () => {
    const others = new Set(ALL_MESSAGES.flatMap((m) => Object.keys(m.en)));
    for (const m of OURS)
      for (const key of Object.keys(m.en)) expect(others.has(key), key).toBe(false);
  });

  it('are registered once, and plurals and rule names read in both languages', () => {
    expect(i18n.missing()).toEqual({ en: [], zh: [] });
    i18n.set('en');
    expect(plural('blocktree.reorg.stale', 1)).toBe('1 block became stale');
    expect(plural('blocktree.reorg.stale', 2)).toBe('2 blocks became stale');
    expect(ruleName('high-hash')).toMatch(/target/);
    i18n.set('zh');
    expect(plural('blocktree.reorg.stale', 2)).toBe('2 个区块变为陈旧区块');
    expect(ruleName('high-hash')).toMatch(/目标值/);
    i18n.set('en');
  });
});
