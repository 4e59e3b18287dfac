/**
 * The canvas cannot read CSS variables, so the tree reads the theme's colours (theme.css) once
 * per theme change and draws with the values. Fallbacks are the light theme's.
 */
import { PALETTE } from '../palette.js';

/** Colours and font the tree draws with. */
export interface DrawTheme {
  readonly bg: string;
  readonly surface: string;
  readonly text: string;
  readonly muted: string;
  readonly border: string;
  readonly accent: string;
  readonly accentSoft: string;
  readonly focus: string;
  readonly danger: string;
  /** The palette's colours, by index. */
  readonly nodes: readonly string[];
  readonly unknown: string;
  readonly font: string;
}

/** Okabe-Ito, as theme.css sets --node-0..7 for the light theme. */
const OKABE_ITO = [
  '#e69f00',
  '#56b4e9',
  '#009e73',
  '#f0e442',
  '#0072b2',
  '#d55e00',
  '#cc79a7',
  '#000000',
];

/** The light theme, for tests and for a page without theme.css. */
export const LIGHT_THEME: DrawTheme = {
  bg: '#ffffff',
  surface: '#ffffff',
  text: '#1b2330',
  muted: '#4d5766',
  border: '#d3d6dc',
  accent: '#005a8e',
  accentSoft: '#e3eef6',
  focus: '#0072b2',
  danger: '#b03a00',
  nodes: OKABE_ITO,
  unknown: '#a7adb5',
  font: 'system-ui, sans-serif',
};

/** Reads the theme's colours as computed for an element. */
export function readTheme(el: Element): DrawTheme {
  const style = getComputedStyle(el);
  const v = (name: string, fallback: string): string =>
    style.getPropertyValue(name).trim() || fallback;
  return {
    bg: v('--surface', LIGHT_THEME.bg),
    surface: v('--surface-2', LIGHT_THEME.surface),
    text: v('--text', LIGHT_THEME.text),
    muted: v('--muted', LIGHT_THEME.muted),
    border: v('--border', LIGHT_THEME.border),
    accent: v('--accent', LIGHT_THEME.accent),
    accentSoft: v('--accent-soft', LIGHT_THEME.accentSoft),
    focus: v('--focus', LIGHT_THEME.focus),
    danger: v('--danger', LIGHT_THEME.danger),
    nodes: PALETTE.map((_, i) => v(`--node-${i}`, OKABE_ITO[i]!)),
    unknown: v('--node-unknown', LIGHT_THEME.unknown),
    font: style.fontFamily || LIGHT_THEME.font,
  };
}
