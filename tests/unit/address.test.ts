/** The one address parser: what it forgives and what it refuses. */
import { describe, expect, it } from 'vitest';
import { parseAddress } from '../../src/core/address.ts';
import { bytesToHex } from '../../src/core/bytes.ts';

const HEX = '00112233445566778899aabbccddeeff00112233';

describe('parseAddress', () => {
  it.each([
    HEX,
    HEX.toUpperCase(),
    `0x${HEX}`,
    `0X${HEX}`,
    `  ${HEX}\n`,
    '0011 2233 4455 6677 8899 aabb ccdd eeff 0011 2233',
  ])('reads %j as the address', (text) => {
    expect(bytesToHex(parseAddress(text)!)).toBe(HEX);
  });

  it.each(['', '0x', HEX.slice(1), `${HEX}0`, `${HEX.slice(2)}zz`, `00${HEX}`, '0x0x' + HEX])(
    'refuses %j',
    (text) => {
      expect(parseAddress(text)).toBeUndefined();
    },
  );
});
