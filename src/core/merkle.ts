/**
 * Bitcoin's merkle root over transaction ids, with the CVE-2012-2459 mutation check
 * (Bitcoin Core consensus/merkle.cpp ComputeMerkleRoot): an odd level repeats its last hash,
 * so a body with a duplicated tail has the same root; such a body is "mutated".
 */
import { concatBytes } from './bytes.js';
import { bytesEqual } from './bytes.js';
import { ZERO_HASH, sha256d, type Hash } from './hash.js';

/** A merkle root and whether two equal siblings were seen (the block is mutated). */
export interface MerkleResult {
  readonly root: Hash;
  readonly mutated: boolean;
}

/** Computes the merkle root of ids in internal byte order. */
export function merkleRoot(ids: readonly Hash[]): MerkleResult {
  if (ids.length === 0) return { root: ZERO_HASH, mutated: false };
  let level: Hash[] = [...ids];
  let mutated = false;
  while (level.length > 1) {
    for (let i = 0; i + 1 < level.length; i += 2) {
      if (bytesEqual(level[i] as Hash, level[i + 1] as Hash)) mutated = true;
    }
    if (level.length & 1) level.push(level[level.length - 1] as Hash);
    const next: Hash[] = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(sha256d(concatBytes(level[i] as Hash, level[i + 1] as Hash)));
    }
    level = next;
  }
  return { root: level[0] as Hash, mutated };
}
