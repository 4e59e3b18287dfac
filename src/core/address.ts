/**
 * An address from text, the one parser every form, console command and lab step uses: what
 * the wallet accepts, the lab accepts too.
 */
import { hexToBytes } from './bytes.js';
import { ADDRESS_BYTES, type Address } from './tx.js';

const ADDRESS_HEX = new RegExp(`^[0-9a-f]{${ADDRESS_BYTES * 2}}$`);

/**
 * An address from user text: 40 hex digits in either case; an optional 0x and spaces (as a
 * pasted or hand-grouped address carries them) are forgiven. Undefined for anything else.
 */
export function parseAddress(text: string): Address | undefined {
  const hex = text.trim().replace(/^0x/i, '').replace(/\s+/g, '').toLowerCase();
  return ADDRESS_HEX.test(hex) ? hexToBytes(hex) : undefined;
}
