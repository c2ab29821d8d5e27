// Text measuring for the layout engine: cleaning untrusted text and fast, exact widths.
import type { ReportFont } from '../fonts.ts';
import type { Style } from './palette.ts';

type Doc = PDFKit.PDFDocument;

/**
 * Control characters have no glyphs and could upset text layout; tabs and other line separators
 * become the plain whitespace the wrapper understands.
 */
export function clean(value: string): string {
  let out = '';
  for (const ch of value.replace(/\r\n?|[\u2028\u2029]/g, '\n')) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\n') out += ch;
    else if (ch === '\t') out += ' ';
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) out += '\ufffd';
    else out += ch;
  }
  return out;
}

/**
 * Text where shaping reduces to each glyph's advance plus pair kerning: Latin, Greek, Cyrillic and
 * common punctuation, without combining marks. Checked against pdfkit's shaped widths for these
 * fonts (test/report/pdf-layout.test.ts); anything else (Arabic, Hebrew, emoji…) is shaped.
 */
export const SIMPLE_TEXT = /^[\u0020-\u007e\u00a0-\u02ff\u0370-\u058f\u2000-\u206f\u20a0-\u20cf\u2190-\u21ff]*$/;
/** Sequences the body fonts turn into ligatures (fi, fl, ff, ffi…): shaped too. */
export const LIGATURE = /f[fijl]/;

/** Results by font, size, width and text (see Widths.wraps), with how many it holds. */
interface Memo<T> {
  entries: Map<string, Map<number, Map<number, Map<string, T>>>>;
  size: number;
}
/** Entries a memo holds before it starts again, so memory stays bounded however large the report. */
const MEMO_ENTRIES = 20_000;

/** What a pdfkit embedded font gives for a layout: fontkit's glyphs and positions, scaled to 1000 units. */
interface ScaledRun {
  glyphs: { id: number }[];
  positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number; advanceWidth: number }[];
}
interface LayoutFont {
  font?: { stream?: { buffer?: unknown } };
  layoutRun(text: string): ScaledRun;
}
/** The glyph ids and positions of a two-character layout (numbers only). */
export interface PairLayout {
  ids: number[];
  positions: ScaledRun['positions'];
}

/**
 * Two-character layouts by font file, for every document of the process: the measuring document
 * measures every pair of characters it meets and the drawing document encodes the same pairs, each
 * through fontkit's full layout. Only glyph ids and positions are kept, never fontkit's glyph
 * objects (they carry the code points a document's text extraction map is made from).
 */
const pairLayouts = new WeakMap<object, Map<number, PairLayout>>();

/** What identifies an embedded font across documents: its font file's bytes; a font without them is its own. */
export function fontFileOf(font: object): object {
  const file = (font as { font?: { stream?: { buffer?: unknown } } }).font?.stream?.buffer;
  return typeof file === 'object' && file !== null ? file : font;
}

export function pairLayout(font: LayoutFont, a: number, b: number): PairLayout {
  const key = fontFileOf(font);
  let pairs = pairLayouts.get(key);
  if (!pairs) pairLayouts.set(key, (pairs = new Map()));
  const code = a * 65536 + b;
  let known = pairs.get(code);
  if (!known) {
    const run = font.layoutRun(String.fromCharCode(a, b));
    known = { ids: run.glyphs.map((g) => g.id), positions: run.positions };
    if (pairs.size >= 100_000) pairs.clear();
    pairs.set(code, known);
  }
  return known;
}

/**
 * What the report fonts measure, for every document the process draws: the fonts are always the
 * same files (reportFonts), so a width, a wrapped string or a fitted string found for one report
 * holds for the next one a render process draws, and for both passes of each.
 */
interface Metrics {
  /** Per font: advance by character code (NaN: not measured yet), kerning of pairs of codes. */
  advance: Map<string, Float64Array>;
  kerning: Map<string, Map<number, number>>;
  /** Per font: kerning of pairs of ASCII codes, the common case, without a map lookup. */
  asciiKerning: Map<string, Float64Array>;
  shaped: Map<string, number>;
  /** Per font: widths of the words shaped text is made of (with their trailing space or tab). */
  words: Map<string, Map<string, number>>;
  /**
   * Wrapped and fitted text by font, size, width and text. A report wraps the same strings again
   * and again (the same caption on every check, and every string again in the drawing pass): the
   * NIST 800-53 sandbox report wraps about 200,000 times fewer than 7,000 distinct strings.
   */
  wraps: Memo<readonly string[]>;
  fits: Memo<string>;
}
const metrics: Metrics = {
  advance: new Map(),
  kerning: new Map(),
  asciiKerning: new Map(),
  shaped: new Map(),
  words: new Map(),
  wraps: { entries: new Map(), size: 0 },
  fits: { entries: new Map(), size: 0 },
};

/**
 * Text widths at 1000 units (they scale linearly with the font size): for simple text as
 * per-character advances and per-pair kerning (a few thousand numbers however large the report),
 * for other text per string, bounded so memory does not grow without end. New strings are
 * measured on `doc`, the measuring document.
 */
export class Widths {
  private readonly advance = metrics.advance;
  private readonly kerning = metrics.kerning;
  private readonly asciiKerning = metrics.asciiKerning;
  private readonly shaped = metrics.shaped;
  private readonly words = metrics.words;
  /** The measuring document's embedded font of each report font. */
  private readonly fonts = new Map<ReportFont, LayoutFont>();
  readonly wraps = metrics.wraps;
  readonly fits = metrics.fits;
  constructor(readonly doc: Doc) {}

  /** `compute()`'s result for the text in this style and width, computed once while the memo holds it. */
  memo<T>(m: Memo<T>, value: string, style: Style, width: number, compute: () => T): T {
    let result = m.entries.get(style.font)?.get(style.size)?.get(width)?.get(value);
    if (result === undefined) {
      result = compute();
      if (m.size >= MEMO_ENTRIES) {
        m.entries.clear();
        m.size = 0;
      }
      this.memoSet(m, value, style, width, result);
    }
    return result;
  }

  private memoSet<T>(m: Memo<T>, value: string, style: Style, width: number, result: T): void {
    let byFont = m.entries.get(style.font);
    if (!byFont) m.entries.set(style.font, (byFont = new Map()));
    let bySize = byFont.get(style.size);
    if (!bySize) byFont.set(style.size, (bySize = new Map()));
    let byValue = bySize.get(width);
    if (!byValue) bySize.set(width, (byValue = new Map()));
    byValue.set(value, result);
    m.size += 1;
  }

  /**
   * pdfkit's width of the pair of characters at 1000 units, from the shared pair layout. A pair
   * that starts with a space or tab is two words to pdfkit, measured as such.
   */
  private pairUnits(font: ReportFont, a: number, b: number): number {
    if (a === 32 || a === 9) return this.shapedUnits(font, String.fromCharCode(a, b));
    // As pdfkit adds it up: the word's run (fontkit's sum of its advances) onto zero.
    let run = 0;
    for (const p of pairLayout(this.layoutFont(font), a, b).positions) run += p.xAdvance;
    return 0 + run;
  }

  private simpleUnits(font: ReportFont, value: string): number {
    let adv = this.advance.get(font);
    let kern = this.kerning.get(font);
    let ascii = this.asciiKerning.get(font);
    if (!adv || !kern || !ascii) {
      adv = new Float64Array(0x2200).fill(Number.NaN);
      kern = new Map();
      ascii = new Float64Array(128 * 128).fill(Number.NaN);
      this.advance.set(font, adv);
      this.kerning.set(font, kern);
      this.asciiKerning.set(font, ascii);
    }
    let w = 0;
    let prev = -1;
    let prevAdvance = 0;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      let a = adv[c]!;
      if (Number.isNaN(a)) {
        a = this.shapedUnits(font, value[i]!);
        adv[c] = a;
      }
      w += a;
      if (prev >= 0) {
        if (prev < 128 && c < 128) {
          let k = ascii[prev * 128 + c]!;
          if (Number.isNaN(k)) {
            k = this.pairUnits(font, prev, c) - prevAdvance - a;
            ascii[prev * 128 + c] = k;
          }
          w += k;
        } else {
          const pair = prev * 65536 + c;
          let k = kern.get(pair);
          if (k === undefined) {
            k = this.pairUnits(font, prev, c) - prevAdvance - a;
            kern.set(pair, k);
          }
          w += k;
        }
      }
      prev = c;
      prevAdvance = a;
    }
    return w;
  }

  /** The width of `word + ' '`, given the width of `word`, without building the string when it is simple text. */
  measureSpaced(word: string, wordWidth: number, style: Style): number {
    if (word.length > 0 && SIMPLE_TEXT.test(word) && (style.font === 'mono' || !LIGATURE.test(word))) {
      const last = word.charCodeAt(word.length - 1);
      return wordWidth + ((this.simpleUnits(style.font, String.fromCharCode(last, 32)) - this.simpleUnits(style.font, String.fromCharCode(last))) * style.size) / 1000;
    }
    return this.measure(`${word} `, style);
  }

  /** The embedded font of the measuring document for a report font. */
  private layoutFont(font: ReportFont): LayoutFont {
    let f = this.fonts.get(font);
    if (!f) {
      this.doc.font(font);
      f = (this.doc as unknown as { _font: LayoutFont })._font;
      this.fonts.set(font, f);
    }
    return f;
  }

  /** One word's shaped width at 1000 units, as pdfkit's layout has it: its run's advances added up from zero. */
  private wordUnits(font: ReportFont, word: string): number {
    let byFont = this.words.get(font);
    if (!byFont) this.words.set(font, (byFont = new Map()));
    let w = byFont.get(word);
    if (w === undefined) {
      w = 0;
      for (const p of this.layoutFont(font).layoutRun(word).positions) w += p.xAdvance;
      if (byFont.size >= MEMO_ENTRIES) byFont.clear();
      byFont.set(word, w);
    }
    return w;
  }

  /**
   * pdfkit's width of shaped text at 1000 units, added up as pdfkit does (after each space or tab
   * a new word, each word's width onto the sum from zero), from words shaped once per process.
   */
  private shapedUnits(font: ReportFont, value: string): number {
    let total = 0;
    let last = 0;
    for (let i = 0; i <= value.length; i++) {
      const ch = value.charCodeAt(i);
      if (i === value.length ? last < i : ch === 32 || ch === 9) {
        total += this.wordUnits(font, value.slice(last, i + 1));
        last = i + 1;
      }
    }
    return total;
  }

  measure(value: string, style: Style): number {
    if (SIMPLE_TEXT.test(value) && (style.font === 'mono' || !LIGATURE.test(value))) return (this.simpleUnits(style.font, value) * style.size) / 1000;
    const key = `${style.font}\u0000${value}`;
    let w = this.shaped.get(key);
    if (w === undefined) {
      w = this.shapedUnits(style.font, value);
      if (value.length < 200) {
        if (this.shaped.size > 50_000) this.shaped.clear();
        this.shaped.set(key, w);
      }
    }
    return (w * style.size) / 1000;
  }
}

/**
 * pdfkit keeps the glyph layout of every distinct word it has measured or drawn, for the life of
 * the document: with hundreds of thousands of distinct resource ids that is most of the memory.
 * Dropping it now and then costs a little re-layout and keeps memory flat.
 */
export function trimFontCaches(doc: Doc): void {
  const families = (doc as unknown as { _fontFamilies?: Record<string, { layoutCache?: Record<string, unknown> }> })._fontFamilies ?? {};
  for (const font of Object.values(families)) if (font.layoutCache) font.layoutCache = Object.create(null) as Record<string, unknown>;
}
