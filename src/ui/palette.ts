/**
 * The node palette: Okabe & Ito's eight colours, safe for the common colour-vision
 * deficiencies, each paired with a shape so that no one has to tell colours apart at all
 * (WCAG 1.4.1: colour is never the only cue). An identity's `colour` indexes this list.
 */

/** Shapes drawn next to a node's colour: the second cue. */
export type ShapeName =
  'circle' | 'square' | 'triangle' | 'diamond' | 'pentagon' | 'hexagon' | 'star' | 'cross';

/** One palette slot: the colour's translation key, its CSS variable and its shape. */
export interface PaletteSlot {
  readonly key: string;
  /** `var(--node-N)`: themes.css sets each for light and dark backgrounds. */
  readonly css: string;
  readonly shape: ShapeName;
}

/** Okabe-Ito order (Okabe & Ito 2008, "Color Universal Design"), black last. */
export const PALETTE: readonly PaletteSlot[] = [
  { key: 'colour.orange', css: 'var(--node-0)', shape: 'circle' },
  { key: 'colour.sky', css: 'var(--node-1)', shape: 'square' },
  { key: 'colour.green', css: 'var(--node-2)', shape: 'triangle' },
  { key: 'colour.yellow', css: 'var(--node-3)', shape: 'diamond' },
  { key: 'colour.blue', css: 'var(--node-4)', shape: 'pentagon' },
  { key: 'colour.vermillion', css: 'var(--node-5)', shape: 'hexagon' },
  { key: 'colour.purple', css: 'var(--node-6)', shape: 'star' },
  { key: 'colour.black', css: 'var(--node-7)', shape: 'cross' },
];

/** A neutral slot for nodes nobody has introduced (a miner we never met). */
export const UNKNOWN_SLOT: PaletteSlot = {
  key: 'colour.unknown',
  css: 'var(--node-unknown)',
  shape: 'circle',
};

/** The slot of a colour index; out-of-range indexes (a peer's claim) get the neutral slot. */
export function paletteSlot(colour: number | undefined): PaletteSlot {
  if (colour === undefined || !Number.isInteger(colour)) return UNKNOWN_SLOT;
  return PALETTE[colour] ?? UNKNOWN_SLOT;
}

/** SVG path data of each shape in a 20 x 20 box, centred on (10, 10). */
export const SHAPE_PATHS: Readonly<Record<ShapeName, string>> = {
  circle: 'M10 2a8 8 0 1 0 0.001 0z',
  square: 'M3 3h14v14H3z',
  triangle: 'M10 2l8.5 15h-17z',
  diamond: 'M10 1.5l8.5 8.5-8.5 8.5-8.5-8.5z',
  pentagon: 'M10 2l8 5.8-3 9.4H5l-3-9.4z',
  hexagon: 'M5.5 2.2h9l4.5 7.8-4.5 7.8h-9L1 10z',
  star: 'M10 1.5l2.5 5.6 6 .6-4.5 4 1.3 6-5.3-3.1-5.3 3.1 1.3-6-4.5-4 6-.6z',
  cross: 'M7 2h6v5h5v6h-5v5H7v-5H2V7h5z',
};
