/**
 * Every message exists in English and Simplified Chinese, and every rule code has a
 * plain-words explanation. Runs in Node on the message tables themselves: no browser.
 */
import { expect, test } from '@playwright/test';
import { RULE_PENALTIES } from '../../src/core/errors.ts';
import { appMessages } from '../../src/ui/i18n/messages-app.ts';
import { codeMessages } from '../../src/ui/i18n/messages-codes.ts';
import { labMessages } from '../../src/ui/i18n/messages-lab.ts';
import { logMessages } from '../../src/ui/i18n/messages-log.ts';
import { miningMessages } from '../../src/ui/i18n/messages-mining.ts';
import { networkMessages } from '../../src/ui/i18n/messages-network.ts';
import { roomsMessages } from '../../src/ui/i18n/messages-rooms.ts';
import { ruleMessages } from '../../src/ui/i18n/messages-rules.ts';
import { walletMessages } from '../../src/ui/i18n/messages-wallet.ts';

const TABLES = {
  appMessages,
  codeMessages,
  labMessages,
  logMessages,
  miningMessages,
  networkMessages,
  roomsMessages,
  ruleMessages,
  walletMessages,
};

test('every message has both languages with the same placeholders', () => {
  for (const [name, m] of Object.entries(TABLES)) {
    expect(Object.keys(m.zh).sort(), name).toEqual(Object.keys(m.en).sort());
    for (const key of Object.keys(m.en)) {
      const holes = (s: string | undefined) =>
        [...(s ?? '').matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
      expect(holes(m.zh[key]), `${name} ${key}`).toEqual(holes(m.en[key]));
      expect(m.zh[key]?.trim(), `${name} ${key}`).not.toBe('');
    }
  }
});

test('no key is defined by two tables', () => {
  const seen = new Map<string, string>();
  for (const [name, m] of Object.entries(TABLES)) {
    for (const key of Object.keys(m.en)) {
      expect(seen.get(key), `${key} in ${name}`).toBeUndefined();
      seen.set(key, name);
    }
  }
});

test('every rule code is explained in plain words', () => {
  for (const code of Object.keys(RULE_PENALTIES)) {
    expect(ruleMessages.en[`code.${code}`], code).toBeTruthy();
    expect(ruleMessages.zh[`code.${code}`], code).toBeTruthy();
  }
});
