/**
 * Real Bitcoin mainnet headers as vectors for our header codec, SHA-256d, display order,
 * compact targets, proof of work, chain work and Bitcoin's retarget (the `period` rule).
 * The files in ./data (provenance in ./data/README.md) are read as they are, never edited.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  bytesEqual,
  bytesToHex,
  hexToBytes,
  bigIntToBytesBE,
  reversed,
} from '../../src/core/bytes.js';
import { bitcoinRetarget, nextBits } from '../../src/core/difficulty.js';
import { hashToHex } from '../../src/core/hash.js';
import {
  decodeHeader,
  encodeHeader,
  headerHash,
  type BlockHeader,
  type HeaderCtx,
} from '../../src/core/header.js';
import { BITCOIN_PERIOD, DEFAULT_PARAMS, type RoomParams } from '../../src/core/params.js';
import {
  checkProofOfWork,
  encodeCompact,
  hashToNumber,
  targetFromBits,
  workFromBits,
} from '../../src/core/pow.js';

interface Line {
  readonly height: number;
  readonly headerHex: string;
  readonly hashHex: string;
}

/** Reads `height header-hex block-hash` lines, skipping # comments. */
function readLines(file: string): Line[] {
  const url = new URL(`./data/${file}`, import.meta.url);
  return readFileSync(url, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => {
      const [height, headerHex, hashHex] = l.trim().split(/\s+/);
      return { height: Number(height), headerHex: headerHex ?? '', hashHex: hashHex ?? '' };
    });
}

const POW_LIMIT = targetFromBits(BITCOIN_PERIOD.powLimitBits) as bigint;
const headers = readLines('bitcoin-mainnet-headers-822528-826560.txt');
const boundaries = readLines('bitcoin-mainnet-retarget-boundaries-0-415296.txt');
const [stale] = readLines('bitcoin-mainnet-stale-823226.txt');
const decoded = headers.map((l) => decodeHeader(hexToBytes(l.headerHex)));

/** Bitcoin mainnet as a room using the `period` rule. */
const BITCOIN_ROOM: RoomParams = {
  ...DEFAULT_PARAMS,
  targetBlockTime: BITCOIN_PERIOD.targetBlockTime,
  initialBits: BITCOIN_PERIOD.powLimitBits,
  powLimitBits: BITCOIN_PERIOD.powLimitBits,
  retarget: { mode: 'period', interval: BITCOIN_PERIOD.interval },
};

/**
 * Block proof as Bitcoin Core writes it in 256-bit arithmetic (GetBlockProof:
 * ~target / (target + 1) + 1), an independent route to 2^256 / (target + 1).
 */
function coreBlockProof(target: bigint): bigint {
  const notTarget = (1n << 256n) - 1n - target;
  return notTarget / (target + 1n) + 1n;
}

describe('Bitcoin mainnet headers 822,528 to 826,560', () => {
  it('holds 4,033 consecutive heights', () => {
    expect(headers).toHaveLength(4033);
    headers.forEach((l, i) => expect(l.height).toBe(822_528 + i));
  });

  it('decode then encode gives back the same 80 bytes', () => {
    decoded.forEach((h, i) => {
      expect(bytesToHex(encodeHeader(h))).toBe(headers[i]?.headerHex);
    });
  });

  it('SHA-256d in display order equals the file hash', () => {
    decoded.forEach((h, i) => expect(hashToHex(headerHash(h))).toBe(headers[i]?.hashHex));
  });

  it('each prevHash is the previous header hash', () => {
    for (let i = 1; i < decoded.length; i++) {
      expect(hashToHex((decoded[i] as BlockHeader).prevHash)).toBe(headers[i - 1]?.hashHex);
    }
  });

  it('every header meets its own bits under the mainnet pow limit', () => {
    for (const h of decoded) {
      expect(checkProofOfWork(headerHash(h), h.bits, POW_LIMIT)).toBe(true);
    }
  });

  it('a tampered nonce gives a high hash that fails proof of work', () => {
    const h = decoded[0] as BlockHeader;
    const tampered = { ...h, nonce: (h.nonce + 1) >>> 0 };
    const target = targetFromBits(h.bits) as bigint;
    expect(hashToNumber(headerHash(tampered)) > target).toBe(true);
    expect(checkProofOfWork(headerHash(tampered), h.bits, POW_LIMIT)).toBe(false);
  });

  it('the pow boundary is exact: hash == target passes, target + 1 fails', () => {
    const bits = (decoded[0] as BlockHeader).bits;
    const target = targetFromBits(bits) as bigint;
    const asHash = (n: bigint): Uint8Array => reversed(bigIntToBytesBE(n, 32));
    expect(checkProofOfWork(asHash(target), bits, POW_LIMIT)).toBe(true);
    expect(checkProofOfWork(asHash(target + 1n), bits, POW_LIMIT)).toBe(false);
    // Valid bits easier than the limit fail whatever the hash.
    expect(checkProofOfWork(asHash(0n), encodeCompact(POW_LIMIT * 2n), POW_LIMIT)).toBe(false);
  });

  it('chain work: summed per block equals per-period work times 2,016, as Core computes it', () => {
    const total = decoded.reduce((sum, h) => sum + workFromBits(h.bits), 0n);
    const bitsAt = (i: number): number => (decoded[i] as BlockHeader).bits;
    const byPeriod =
      2016n * workFromBits(bitsAt(0)) +
      2016n * workFromBits(bitsAt(2016)) +
      workFromBits(bitsAt(4032));
    expect(total).toBe(byPeriod);
    const coreTotal = decoded.reduce(
      (sum, h) => sum + coreBlockProof(targetFromBits(h.bits) as bigint),
      0n,
    );
    expect(total).toBe(coreTotal);
    // Period 408 (bits 0x1703e8b3) had difficulty 72.01 T, as block explorers show it:
    // difficulty = powLimit target / target, and a block's work is difficulty * 2^48 / 65535
    // (the "difficulty 1 = 2^32 hashes" rule of thumb, exactly).
    expect(bitsAt(0)).toBe(0x1703e8b3);
    const target = targetFromBits(0x1703e8b3) as bigint;
    expect(POW_LIMIT / target).toBe(72_006_146_478_567n);
    const w = workFromBits(0x1703e8b3);
    expect(w / (POW_LIMIT / target)).toBe((1n << 48n) / 0xffffn);
  });
});

describe('a real stale block at 823,226', () => {
  const main = headers.findIndex((l) => l.height === 823_226);
  const mainHeader = decoded[main] as BlockHeader;
  const staleLine = stale as Line;
  const staleHeader = decodeHeader(hexToBytes(staleLine.headerHex));

  it('shares its parent with the main-chain header of that height', () => {
    expect(bytesEqual(staleHeader.prevHash, mainHeader.prevHash)).toBe(true);
    expect(hashToHex(staleHeader.prevHash)).toBe(headers[main - 1]?.hashHex);
    expect(staleLine.hashHex).not.toBe(headers[main]?.hashHex);
  });

  it('hashes to the file hash and passes proof of work at the same bits', () => {
    expect(hashToHex(headerHash(staleHeader))).toBe(staleLine.hashHex);
    expect(staleHeader.bits).toBe(mainHeader.bits);
    expect(checkProofOfWork(headerHash(staleHeader), staleHeader.bits, POW_LIMIT)).toBe(true);
  });
});

describe("Bitcoin's retarget over 206 periods (heights 0 to 415,296)", () => {
  const byHeight = new Map<number, BlockHeader>();
  for (const l of boundaries) byHeight.set(l.height, decodeHeader(hexToBytes(l.headerHex)));
  const at = (height: number): BlockHeader => {
    const h = byHeight.get(height);
    if (!h) throw new Error(`no header at ${height} in the boundaries file`);
    return h;
  };

  it('holds genesis and both sides of 206 boundaries, each hashing to its file hash', () => {
    expect(boundaries).toHaveLength(1 + 2 * 206);
    for (const l of boundaries) {
      expect(hashToHex(headerHash(at(l.height)))).toBe(l.hashHex);
      expect(checkProofOfWork(headerHash(at(l.height)), at(l.height).bits, POW_LIMIT)).toBe(true);
    }
  });

  it('starts at the genesis block', () => {
    expect(hashToHex(headerHash(at(0)))).toBe(
      '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f',
    );
  });

  it('every period boundary follows from the period before it', () => {
    let checked = 0;
    for (let k = 1; k * 2016 <= 415_296; k++) {
      const expected = bitcoinRetarget(
        at(k * 2016 - 1).bits,
        at((k - 1) * 2016).time,
        at(k * 2016 - 1).time,
        BITCOIN_PERIOD,
      );
      expect(expected, `period ${k}`).toBe(at(k * 2016).bits);
      checked++;
    }
    expect(checked).toBe(206);
  });

  it('includes clamped and capped periods (the rule is exercised at its edges)', () => {
    // Early periods sit at the pow limit: the cap is exercised.
    expect(at(2016).bits).toBe(BITCOIN_PERIOD.powLimitBits);
    // Period 16 (2,016 blocks in under a week): harder than the limit for the first time.
    expect(at(32_256).bits).not.toBe(BITCOIN_PERIOD.powLimitBits);
  });
});

describe('nextBits in period mode over the 4,033 headers', () => {
  // Link the file into HeaderCtx; the first header's own parent is outside the file.
  const ctxs: HeaderCtx[] = [];
  decoded.forEach((header, i) => {
    ctxs.push({ header, height: 822_528 + i, parent: ctxs[i - 1] });
  });

  it('reproduces the retargets at 824,544 and 826,560', () => {
    for (const height of [824_544, 826_560]) {
      const child = ctxs[height - 822_528] as HeaderCtx;
      expect(child.header.bits).not.toBe(child.parent?.header.bits);
      expect(nextBits(child.parent as HeaderCtx, BITCOIN_ROOM)).toBe(child.header.bits);
    }
  });

  it("keeps the parent's bits at every other height", () => {
    let kept = 0;
    for (const child of ctxs.slice(1)) {
      if (child.height % 2016 === 0) continue;
      expect(nextBits(child.parent as HeaderCtx, BITCOIN_ROOM)).toBe(child.parent?.header.bits);
      expect(child.header.bits).toBe(child.parent?.header.bits);
      kept++;
    }
    expect(kept).toBe(4030);
  });
});
