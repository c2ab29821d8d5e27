// Fonts for the PDF report. They come from the pinned `dejavu-fonts-ttf` npm package so that
// every machine (CI, a fresh `npm ci`) embeds exactly the same glyphs and the PDF stays
// byte-stable; system fonts are never consulted. DejaVu covers Latin, Greek, Cyrillic, Arabic and
// Hebrew; characters it lacks (emoji) render as the font's missing-glyph box rather than failing.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const FILES = {
  body: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  mono: 'DejaVuSansMono.ttf',
} as const;

export type ReportFont = keyof typeof FILES;

let cache: Record<ReportFont, Buffer> | undefined;

/** The report's font files, read once per process. */
export function reportFonts(): Record<ReportFont, Buffer> {
  if (!cache) {
    const load = (file: string): Buffer => readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`));
    cache = { body: load(FILES.body), bold: load(FILES.bold), mono: load(FILES.mono) };
  }
  return cache;
}
