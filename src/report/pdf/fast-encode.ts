// A cheaper glyph encoding and text drawing. To draw a string pdfkit runs fontkit's full layout
// (script detection, GSUB and GPOS lookups) on each space-separated word it has not seen, keeps
// the result only until the layout trims its caches, then turns the glyphs into a TJ operator
// glyph by glyph. Here each word's glyphs and positions are kept per font for the document:
//  - for text where layout reduces to one glyph per character plus pair kerning (the same
//    SIMPLE_TEXT test the width cache relies on) they are built from per-character and per-pair
//    layouts, so fontkit never lays out the word itself;
//  - any other word (ligatures, other scripts) is laid out once by fontkit, as pdfkit would.
// A word's piece of the TJ operator is built once too, when it is first drawn. The output is the
// same bytes: pdfkit also lays out text word by word (each with its trailing space), its positions
// are fontkit's, and glyphs enter the font subset in the order they are first drawn either way.
import { fontFileOf, LIGATURE, pairLayout, SIMPLE_TEXT } from './text.ts';

type Doc = PDFKit.PDFDocument;

interface Position {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth: number;
}
interface Glyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}
interface Run {
  glyphs: Glyph[];
  positions: Position[];
}
interface EmbeddedFont {
  id: string;
  scale: number;
  ascender: number;
  subset: { includeGlyph(id: number): number };
  widths: number[];
  unicode: number[][];
  layoutRun(text: string, features?: unknown): Run;
  encode(text: string, features?: unknown): [string[], Position[]];
  ref(): unknown;
}

/** One character's glyph, and its position when nothing kerns it. */
interface Single {
  glyph: Glyph;
  position: Position;
}

/** A word (with its trailing space) as pdfkit lays it out, and once drawn its part of a TJ operator. */
interface Word {
  glyphs: Glyph[];
  positions: Position[];
  /** Whether no glyph is offset: pdfkit then writes the whole line as one TJ array. */
  flat: boolean;
  /**
   * The TJ pieces: hex up to and including the first glyph followed by a kerning adjustment, that
   * adjustment, the complete `<hex> adjustment` pieces after it, and the hex after the last one.
   * `kern` is undefined when no glyph of the word is adjusted (then `head` is all of its hex).
   */
  head?: string;
  kern?: string;
  mid?: string;
  tail?: string;
}

/** What is kept per embedded font of a document. */
interface FontCache {
  font: EmbeddedFont;
  singles: Map<number, Single | null>;
  /** Position of the first character of a pair, kerned by the second (keyed first * 65536 + second). */
  pairs: Map<number, Position | null>;
  words: Map<string, Word>;
  /** A drawn line's TJ operator, or null when a glyph is offset (pdfkit draws the line). */
  lines: Map<string, string | null>;
  /** Each subset glyph id's four hex digits. */
  hex: string[];
  /** The operators before and after a line's position, for the last page height and size drawn. */
  opening: { height: number; size: number; before: string; after: string };
}

/**
 * Words kept per font: past this many the cache starts again (distinct resource ids are unbounded,
 * and the render process's heap is not). About 2,600 distinct words for the NIST 800-53 report.
 */
const MAX_WORDS = 20_000;
/** Lines kept per font, likewise: a report draws the same lines again and again (captions, notes). */
const MAX_LINES = 10_000;

const caches = new WeakMap<object, FontCache>();

/** pdfkit's number formatting in content streams (PDFObject.number). */
function num(n: number): string {
  return `${Math.round(n * 1e6) / 1e6}`;
}

/** A shaped word's layout: plain glyph records (no fontkit objects) and fontkit's positions. */
interface Shaped {
  glyphs: Glyph[];
  positions: Position[];
  flat: boolean;
}
/**
 * Shaped words by font file, for every document of the process: a render process draws several
 * reports in the same fonts, and fontkit's full layout of a word is the costly part of drawing it.
 */
const shapedWords = new WeakMap<object, Map<string, Shaped>>();

function shapedWord(font: EmbeddedFont, text: string): Shaped {
  const key = fontFileOf(font);
  let known = shapedWords.get(key);
  if (!known) shapedWords.set(key, (known = new Map()));
  let s = known.get(text);
  if (!s) {
    const run = font.layoutRun(text);
    s = {
      glyphs: run.glyphs.map((g) => ({ id: g.id, advanceWidth: g.advanceWidth, codePoints: g.codePoints })),
      positions: run.positions.map((p) => ({ xAdvance: p.xAdvance, yAdvance: p.yAdvance, xOffset: p.xOffset, yOffset: p.yOffset, advanceWidth: p.advanceWidth })),
      flat: run.positions.every((p) => !p.xOffset && !p.yOffset),
    };
    if (known.size >= MAX_WORDS) known.clear();
    known.set(text, s);
  }
  return s;
}

/** The layout of one character, or null when it is not one glyph without offsets. */
function single(c: FontCache, code: number): Single | null {
  let s = c.singles.get(code);
  if (s !== undefined) return s;
  const run = shapedWord(c.font, String.fromCharCode(code));
  const p = run.positions[0];
  s = run.glyphs.length === 1 && p && !p.xOffset && !p.yOffset && !p.yAdvance ? { glyph: run.glyphs[0]!, position: p } : null;
  c.singles.set(code, s);
  return s;
}

/** The first character's position in the two-character run, or null when the pair is shaped otherwise. */
function pair(c: FontCache, a: number, b: number): Position | null {
  const key = a * 65536 + b;
  let known = c.pairs.get(key);
  if (known !== undefined) return known;
  // Laid out once per font file for the process, most often already by the measuring document.
  const run = pairLayout(c.font, a, b);
  const first = run.positions[0];
  known = run.ids.length !== 2 || !first || first.xOffset || first.yOffset || first.yAdvance || run.ids[0] !== c.singles.get(a)?.glyph.id ? null : first;
  c.pairs.set(key, known);
  return known;
}

/** A simple word from per-character and per-pair layouts, or null when it must be shaped whole. */
function simpleWord(c: FontCache, text: string): Word | null {
  const glyphs: Glyph[] = [];
  const positions: Position[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const s = single(c, code);
    if (!s) return null;
    // A space ends its word: nothing kerns it.
    const next = i + 1 < text.length && code !== 32 ? text.charCodeAt(i + 1) : -1;
    let position = s.position;
    if (next >= 0) {
      if (!single(c, next)) return null;
      const kerned = pair(c, code, next);
      if (!kerned) return null;
      position = kerned;
    }
    glyphs.push(s.glyph);
    positions.push(position);
  }
  return { glyphs, positions, flat: true };
}

function word(c: FontCache, text: string): Word {
  const known = c.words.get(text);
  if (known) return known;
  let w = SIMPLE_TEXT.test(text) && !LIGATURE.test(text) ? simpleWord(c, text) : null;
  if (!w) {
    const s = shapedWord(c.font, text);
    // The TJ pieces depend on the document's subset, so each document has its own Word.
    w = { glyphs: s.glyphs, positions: s.positions, flat: s.flat };
  }
  if (c.words.size >= MAX_WORDS) c.words.clear();
  c.words.set(text, w);
  return w;
}

/** The words of `text` as pdfkit splits it: after each space or tab, each keeping its separator. */
function words(c: FontCache, text: string): Word[] {
  const out: Word[] = [];
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 32 || ch === 9) {
      out.push(word(c, text.slice(last, i + 1)));
      last = i + 1;
    }
  }
  if (last < text.length) out.push(word(c, text.slice(last)));
  return out;
}

/** Puts the word's glyphs in the subset (in order, as pdfkit's encode does) and returns their hex codes. */
function include(c: FontCache, w: Word): string[] {
  const font = c.font;
  const hex: string[] = [];
  for (const glyph of w.glyphs) {
    const gid = font.subset.includeGlyph(glyph.id);
    let code = c.hex[gid];
    if (code === undefined) {
      code = `0000${gid.toString(16)}`.slice(-4);
      c.hex[gid] = code;
    }
    hex.push(code);
    if (font.widths[gid] == null) font.widths[gid] = glyph.advanceWidth * font.scale;
    if (font.unicode[gid] == null) font.unicode[gid] = glyph.codePoints;
  }
  return hex;
}

/** The word's TJ pieces (see Word), built from its included glyphs. */
function pieces(c: FontCache, w: Word): void {
  if (w.head !== undefined) return;
  const hex = include(c, w);
  const commands: string[] = [];
  let start = 0;
  for (let i = 0; i < w.positions.length; i++) {
    const p = w.positions[i]!;
    const advance = p.xAdvance - p.advanceWidth;
    if (advance !== 0) {
      commands.push(hex.slice(start, i + 1).join(''), num(-advance));
      start = i + 1;
    }
  }
  const rest = hex.slice(start).join('');
  if (commands.length === 0) {
    w.head = rest;
    return;
  }
  w.head = commands[0]!;
  w.kern = commands[1]!;
  const mid: string[] = [];
  for (let k = 2; k < commands.length; k += 2) mid.push(`<${commands[k]!}> ${commands[k + 1]!}`);
  w.mid = mid.join(' ');
  w.tail = rest;
}

function cacheFor(font: EmbeddedFont): FontCache {
  let c = caches.get(font);
  if (!c) {
    c = { font, singles: new Map(), pairs: new Map(), words: new Map(), lines: new Map(), hex: [], opening: { height: Number.NaN, size: Number.NaN, before: '', after: '' } };
    caches.set(font, c);
  }
  return c;
}

function install(font: EmbeddedFont): void {
  if (caches.has(font)) return;
  const c = cacheFor(font);
  const encode = font.encode.bind(font);
  font.encode = (text: string, features?: unknown): [string[], Position[]] => {
    if (features) return encode(text, features);
    const res: string[] = [];
    const positions: Position[] = [];
    for (const w of words(c, text)) {
      res.push(...include(c, w));
      positions.push(...w.positions);
    }
    return [res, positions];
  };
}

interface TextDoc {
  _font?: EmbeddedFont;
  _fontSize: number;
  page: { height: number; fonts: Record<string, unknown> };
  addContent(data: string): unknown;
}

/** The TJ operator that shows `text`, its glyphs put in the subset; null when a glyph is offset. */
function textOperator(c: FontCache, text: string): string | null {
  const ws = words(c, text);
  for (const w of ws) if (!w.flat) return null;
  const commands: string[] = [];
  let open = '';
  for (const w of ws) {
    pieces(c, w);
    if (w.kern === undefined) open += w.head!;
    else {
      commands.push(`<${open}${w.head!}> ${w.kern}`);
      if (w.mid) commands.push(w.mid);
      open = w.tail!;
    }
  }
  if (open !== '') commands.push(`<${open}> 0`);
  return `[${commands.join(' ')}] TJ`;
}

/**
 * Draws one line of text at (x, y), its top at y, as pdfkit's `_fragment` would with no options
 * (left aligned, no spacing, links or decoration), writing the same operators in one piece.
 * Returns false, drawing nothing, when the font is not one whose words are cached or a glyph is
 * offset (pdfkit then positions it on its own); the caller draws the line through pdfkit.
 */
export function drawLine(doc: Doc, text: string, x: number, y: number): boolean {
  const d = doc as unknown as TextDoc;
  const font = d._font;
  if (!font) return false;
  const c = caches.get(font);
  if (!c) return false;
  if (text.length === 0) return true;
  let tj = c.lines.get(text);
  if (tj === undefined) {
    tj = textOperator(c, text);
    if (c.lines.size >= MAX_LINES) c.lines.clear();
    c.lines.set(text, tj);
  }
  if (tj === null) return false;
  const size = d._fontSize;
  const height = d.page.height;
  const baseline = height - y - (font.ascender / 1000) * size;
  if (d.page.fonts[font.id] == null) d.page.fonts[font.id] = font.ref();
  let open = c.opening;
  if (open.height !== height || open.size !== size) {
    open = { height, size, before: `q\n1 0 0 -1 0 ${num(height)} cm\nBT\n1 0 0 1 `, after: ` Tm\n/${font.id} ${num(size)} Tf\n` };
    c.opening = open;
  }
  d.addContent(`${open.before}${num(x)} ${num(baseline)}${open.after}${tj}\nET\nQ`);
  return true;
}

/** Makes `doc` encode text through the cache above, for each embedded font it selects. */
export function fastTextEncoding(doc: Doc): void {
  const select = doc.font.bind(doc) as (...args: unknown[]) => Doc;
  (doc as unknown as { font: (...args: unknown[]) => Doc }).font = (...args: unknown[]) => {
    select(...args);
    const font = (doc as unknown as { _font?: Partial<EmbeddedFont> })._font;
    if (font && typeof font.layoutRun === 'function' && font.subset && typeof font.encode === 'function') install(font as EmbeddedFont);
    return doc;
  };
}
