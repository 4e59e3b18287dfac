/**
 * Block 830,000's merkle root from its 1,851 real transaction ids: an odd count at several
 * levels, so Bitcoin's "repeat the last hash" rule is exercised on real data. Plus the
 * CVE-2012-2459 mutation that rule makes possible.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesEqual, hexToBytes } from '../../src/core/bytes.js';
import { hashToHex, hexToHash, sha256d, type Hash } from '../../src/core/hash.js';
import { decodeHeader, headerHash } from '../../src/core/header.js';
import { merkleRoot } from '../../src/core/merkle.js';

interface BlockVector {
  readonly height: number;
  readonly header: string;
  readonly blockHash: string;
  readonly merkleRoot: string;
  readonly txids: readonly string[];
}

const url = new URL('./data/bitcoin-mainnet-block-830000-txids.json', import.meta.url);
const vector = JSON.parse(readFileSync(url, 'utf8')) as BlockVector;
/** Ids in internal byte order: the JSON shows them byte-reversed, as Bitcoin displays them. */
const ids = vector.txids.map(hexToHash);
const header = decodeHeader(hexToBytes(vector.header));

/** Level sizes of the tree, to show that odd levels really occur. */
function levelSizes(n: number): number[] {
  const sizes = [n];
  while (n > 1) sizes.push((n = Math.ceil(n / 2)));
  return sizes;
}

describe('block 830,000', () => {
  it('has 1,851 transactions, odd at several levels', () => {
    expect(vector.height).toBe(830_000);
    expect(ids).toHaveLength(1851);
    const oddLevels = levelSizes(ids.length).filter((n) => n > 1 && n % 2 === 1);
    expect(oddLevels.length).toBeGreaterThanOrEqual(3);
  });

  it('its header hashes to the block hash', () => {
    expect(hashToHex(headerHash(header))).toBe(vector.blockHash);
  });

  it('the merkle root of its txids is the header merkle root and the JSON root', () => {
    const { root, mutated } = merkleRoot(ids);
    expect(mutated).toBe(false);
    expect(bytesEqual(root, header.merkleRoot)).toBe(true);
    expect(hashToHex(root)).toBe(vector.merkleRoot);
  });

  it('any changed, dropped or swapped id changes the root', () => {
    const { root } = merkleRoot(ids);
    const changed = [...ids];
    changed[1000] = sha256d(ids[1000] as Hash);
    expect(bytesEqual(merkleRoot(changed).root, root)).toBe(false);
    expect(bytesEqual(merkleRoot(ids.slice(0, -1)).root, root)).toBe(false);
    const swapped = [...ids];
    [swapped[1], swapped[2]] = [ids[2] as Hash, ids[1] as Hash];
    expect(bytesEqual(merkleRoot(swapped).root, root)).toBe(false);
  });
});

describe('CVE-2012-2459: a duplicated tail has the same root and is flagged', () => {
  it('on the real block: 1,851 ids and the same with the last one repeated', () => {
    const honest = merkleRoot(ids);
    const mutated = merkleRoot([...ids, ids[ids.length - 1] as Hash]);
    expect(bytesEqual(mutated.root, honest.root)).toBe(true);
    expect(mutated.mutated).toBe(true);
  });

  it('on small odd lists', () => {
    const leaf = (i: number): Hash => sha256d(new Uint8Array([i]));
    // Not n = 1: a lone id is the root itself, while [a, a] hashes to H(a || a).
    for (const n of [3, 5, 7, 9, 11]) {
      const list = Array.from({ length: n }, (_, i) => leaf(i));
      const honest = merkleRoot(list);
      const mutated = merkleRoot([...list, list[n - 1] as Hash]);
      expect(honest.mutated).toBe(false);
      expect(bytesEqual(mutated.root, honest.root)).toBe(true);
      expect(mutated.mutated).toBe(true);
    }
  });

  it('a duplicate deeper in the tree (a repeated pair of subtrees) is flagged too', () => {
    const leaf = (i: number): Hash => sha256d(new Uint8Array([i]));
    const six = Array.from({ length: 6 }, (_, i) => leaf(i));
    // 6 leaves pad to 8 by repeating the last pair at level 1: same root as [0..5, 4, 5].
    const mutated = merkleRoot([...six, leaf(4), leaf(5)]);
    expect(bytesEqual(mutated.root, merkleRoot(six).root)).toBe(true);
    expect(mutated.mutated).toBe(true);
  });

  it('an even list with no equal siblings is not flagged', () => {
    expect(merkleRoot(ids.slice(0, 1850)).mutated).toBe(false);
  });
});
