// Colours and text styles shared by every PDF (framework reports, the pack summary, the diff).
import type { ReportFont } from '../fonts.ts';

export const INK = '#1b1f24';
export const MUTED = '#57606a';
export const RULE = '#d0d7de';
export const BAND = '#eef1f4';
export const STRIPE = '#f8f9fa';
export const CODE_BG = '#f3f5f7';
export const WARN = '#b42318';
export const WARN_BG = '#fdecea';
export const LINK = '#0b5cad';

export interface Style {
  font: ReportFont;
  size: number;
  color?: string;
}

export const BODY: Style = { font: 'body', size: 9 };
export const SMALL: Style = { font: 'body', size: 7.5 };
export const SMALL_MUTED: Style = { font: 'body', size: 7.5, color: MUTED };
export const SMALL_BOLD: Style = { font: 'bold', size: 7.5 };
export const MONO_SMALL: Style = { font: 'mono', size: 6.8 };
export const H1: Style = { font: 'bold', size: 22 };
export const H2: Style = { font: 'bold', size: 15 };
export const H3: Style = { font: 'bold', size: 10.5 };
export const H4: Style = { font: 'bold', size: 9 };
