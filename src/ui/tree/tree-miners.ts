/**
 * Who mined a block, as the tree shows it: a palette colour and, because colour must never be
 * the only cue, the palette slot's shape and a one- or two-letter label drawn in the block.
 */
import { PALETTE } from '../palette.js';

/** A miner the page has been introduced to (this node, or a peer from its handshake). */
export interface KnownMiner {
  readonly name: string;
  /** Index into the palette (the node identity's colour). */
  readonly colour: number;
}

/** A miner seen in the tree. */
export interface MinerInfo {
  /** The reward's recipient address, hex. */
  readonly key: string;
  /** Palette index; undefined for the genesis block, which pays nobody. */
  colour: number | undefined;
  /** One or two letters drawn inside the block. */
  label: string;
  /** A name for the legend: introduced name, else the reward's message, else the address. */
  name: string;
  /** Blocks of the tree with this miner, stale ones included. */
  blocks: number;
  /** This node's own address. */
  readonly self: boolean;
}

/** The address the genesis reward pays: twenty zero bytes. */
export const NOBODY = '00'.repeat(20);

/**
 * A stable palette index for an address nobody introduced: its first byte, so every laptop in
 * the room gives an unknown miner the same colour without asking anyone.
 */
export function colourFromAddress(addressHex: string): number {
  const byte = Number.parseInt(addressHex.slice(0, 2), 16);
  return Number.isNaN(byte) ? 0 : byte % PALETTE.length;
}

/**
 * Initials of a name ("Amber Otter" -> "AO"), the first two characters of a single word
 * ("Zed" -> "Ze", "小明" -> "小明"), or the address's first two hex digits when there is no name.
 */
export function minerLabel(name: string, addressHex: string): string {
  const words = name
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0);
  if (words.length >= 2) {
    const a = Array.from(words[0]!)[0]!;
    const b = Array.from(words[1]!)[0]!;
    return (a + b).toUpperCase();
  }
  if (words.length === 1) {
    const chars = Array.from(words[0]!);
    return chars[0]!.toUpperCase() + (chars[1] ?? '');
  }
  return addressHex.slice(0, 2).toUpperCase();
}

/** Whether black text reads better than white on a colour (#rgb, #rrggbb or rgb()), by luminance. */
export function darkTextOn(colour: string): boolean {
  const rgb = parseColour(colour);
  if (!rgb) return true;
  const lin = (c: number): number => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2]);
  // The luminance where black and white text have equal contrast (WCAG formula): ~0.179.
  return l > 0.179;
}

/** Red, green, blue of a CSS colour as computed styles give it (browsers shorten #000000). */
function parseColour(colour: string): [number, number, number] | undefined {
  const s = colour.trim().toLowerCase();
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(s);
  if (short)
    return [1, 2, 3].map((i) => Number.parseInt(short[i]!.repeat(2), 16)) as [
      number,
      number,
      number,
    ];
  const long = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/.exec(s);
  if (long) return [1, 2, 3].map((i) => Number.parseInt(long[i]!, 16)) as [number, number, number];
  const fn = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/.exec(s);
  if (fn) return [Number(fn[1]), Number(fn[2]), Number(fn[3])];
  return undefined;
}

/** The name and colour of the node paid by an address (hex), if the page met it. */
export type MinerLookup = (addressHex: string) => KnownMiner | undefined;

/** Every miner seen in the tree, by reward address: who they are and how many blocks. */
export class MinerBook {
  readonly #byKey = new Map<string, MinerInfo>();
  readonly #self: { readonly key: string } & KnownMiner;
  #lookup: MinerLookup = () => undefined;
  /** Set when the legend should be rebuilt. */
  dirty = true;

  /** `self`: this node's address (hex), name and colour: its blocks wear its own. */
  constructor(self: { readonly key: string } & KnownMiner) {
    this.#self = self;
  }

  /** The miner paid by an address, made on first sight from the reward's message. */
  get(key: string, message: string): MinerInfo {
    let m = this.#byKey.get(key);
    if (m) return m;
    const self = key === this.#self.key;
    const nobody = key === NOBODY;
    const known = self ? this.#self : nobody ? undefined : this.#lookup(key);
    const name = known?.name ?? (message.trim() || `${key.slice(0, 8)}…`);
    m = {
      key,
      colour: nobody ? undefined : (known?.colour ?? colourFromAddress(key)),
      label: nobody ? 'G' : minerLabel(name, key),
      name,
      blocks: 0,
      self,
    };
    this.#byKey.set(key, m);
    this.dirty = true;
    return m;
  }

  /** Counts a block for a miner. */
  count(m: MinerInfo): void {
    m.blocks++;
    this.dirty = true;
  }

  /** Takes names and colours from a lookup, now and for miners seen later. */
  setLookup(lookup: MinerLookup): void {
    this.#lookup = lookup;
    for (const m of this.#byKey.values()) {
      const k = m.self || m.key === NOBODY ? undefined : lookup(m.key);
      if (!k) continue;
      m.colour = k.colour;
      m.name = k.name;
      m.label = minerLabel(k.name, m.key);
    }
    this.dirty = true;
  }

  /** The legend: miners with blocks, most blocks first, as copies the page may keep. */
  legend(): MinerInfo[] {
    this.dirty = false;
    return [...this.#byKey.values()]
      .filter((m) => m.key !== NOBODY && m.blocks > 0)
      .sort((a, b) => b.blocks - a.blocks || a.name.localeCompare(b.name))
      .map((m) => ({ ...m }));
  }
}
