/**
 * Strict Ed25519 verification against Wycheproof's 151 cases (C2SP/wycheproof,
 * testvectors_v1/ed25519_test.json): one verification rule for every node, so a signature
 * some nodes accept and others reject can never split a room.
 *
 * Wycheproof marks a case "valid", "invalid" or "acceptable" (implementations may differ).
 * This file has no "acceptable" case; the test asserts that, so a future version of the file
 * that adds some fails loudly here and the rule for them gets decided, not guessed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../../src/core/bytes.js';
import { verifyEd25519 } from '../../src/core/tx.js';

interface Case {
  readonly tcId: number;
  readonly comment: string;
  readonly flags: readonly string[];
  readonly msg: string;
  readonly sig: string;
  readonly result: 'valid' | 'invalid' | 'acceptable';
}

interface Group {
  readonly publicKey: { readonly pk: string };
  readonly tests: readonly Case[];
}

interface Suite {
  readonly numberOfTests: number;
  readonly testGroups: readonly Group[];
}

const url = new URL('./data/wycheproof-ed25519.json', import.meta.url);
const suite = JSON.parse(readFileSync(url, 'utf8')) as Suite;
const cases = suite.testGroups.flatMap((g) => g.tests.map((t) => ({ pk: g.publicKey.pk, ...t })));

describe('Wycheproof Ed25519', () => {
  it('has 151 cases, none of them "acceptable"', () => {
    expect(suite.numberOfTests).toBe(151);
    expect(cases).toHaveLength(151);
    expect(cases.filter((c) => c.result === 'acceptable')).toEqual([]);
  });

  it.each(cases)('case $tcId ($result) $comment', (c) => {
    // Some keys and signatures are deliberately the wrong length; hexToBytes handles any
    // even length and verifyEd25519 must answer false, never throw.
    const ok = verifyEd25519(hexToBytes(c.sig), hexToBytes(c.msg), hexToBytes(c.pk));
    expect(ok).toBe(c.result === 'valid');
  });

  it('tallies 88 valid and 63 invalid', () => {
    let valid = 0;
    for (const c of cases) {
      if (verifyEd25519(hexToBytes(c.sig), hexToBytes(c.msg), hexToBytes(c.pk))) valid++;
    }
    expect(valid).toBe(88);
    expect(cases.length - valid).toBe(63);
  });
});
