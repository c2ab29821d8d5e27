// A cheaper glyph encoding for plain text. To draw a string pdfkit runs fontkit's full layout
// (script detection, GSUB and GPOS lookups) on each space-separated word it has not seen, and a
// report names hundreds of thousands of distinct resources. For text where that layout reduces to
// one glyph per character plus pair kerning (the same SIMPLE_TEXT test the width cache relies on)
// the glyphs and positions are built here from per-character and per-pair layouts, cached for the
// document. Everything else goes through pdfkit unchanged. The output is the same bytes: pdfkit's
// positions are fontkit's, taken from the same layouts.
import { SIMPLE_TEXT, LIGATURE } from './text.ts';

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
  scale: number;
  subset: { includeGlyph(id: number): number };
  widths: number[];
  unicode: number[][];
  layoutRun(text: string, features?: unknown): Run;
  encode(text: string, features?: unknown): [string[], Position[]];
}

/** One character's glyph, and its position when nothing kerns it. */
interface Single {
  glyph: Glyph;
  position: Position;
}

const patched = new WeakSet<object>();

function install(font: EmbeddedFont): void {
  if (patched.has(font)) return;
  patched.add(font);
  const encode = font.encode.bind(font);
  const singles = new Map<number, Single | null>();
  // Position of the first character of a pair, kerned by the second (keyed first * 65536 + second).
  const pairs = new Map<number, Position>();

  /** The layout of one character, or null when it is not one glyph without offsets. */
  const single = (code: number): Single | null => {
    let s = singles.get(code);
    if (s !== undefined) return s;
    const run = font.layoutRun(String.fromCharCode(code));
    const p = run.positions[0];
    s = run.glyphs.length === 1 && p && !p.xOffset && !p.yOffset && !p.yAdvance ? { glyph: run.glyphs[0]!, position: p } : null;
    singles.set(code, s);
    return s;
  };
  /** The first character's position in the two-character run, or null when the pair is shaped otherwise. */
  const pair = (a: number, b: number): Position | null => {
    const key = a * 65536 + b;
    const known = pairs.get(key);
    if (known) return known;
    const run = font.layoutRun(String.fromCharCode(a, b));
    const first = run.positions[0];
    if (run.glyphs.length !== 2 || !first || first.xOffset || first.yOffset || first.yAdvance || run.glyphs[0]!.id !== singles.get(a)?.glyph.id) return null;
    pairs.set(key, first);
    return first;
  };

  font.encode = (text: string, features?: unknown): [string[], Position[]] => {
    if (features || !SIMPLE_TEXT.test(text) || LIGATURE.test(text)) return encode(text, features);
    const res: string[] = [];
    const positions: Position[] = [];
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      const s = single(code);
      if (!s) return encode(text, features);
      // pdfkit lays out each word with its trailing space or tab as one run: no kerning across runs.
      const next = i + 1 < text.length && code !== 32 ? text.charCodeAt(i + 1) : -1;
      let position = s.position;
      if (next >= 0) {
        if (!single(next)) return encode(text, features);
        const kerned = pair(code, next);
        if (!kerned) return encode(text, features);
        position = kerned;
      }
      const glyph = s.glyph;
      const gid = font.subset.includeGlyph(glyph.id);
      res.push(`0000${gid.toString(16)}`.slice(-4));
      if (font.widths[gid] == null) font.widths[gid] = glyph.advanceWidth * font.scale;
      if (font.unicode[gid] == null) font.unicode[gid] = glyph.codePoints;
      positions.push(position);
    }
    return [res, positions];
  };
}

/** Makes `doc` encode plain text through the cache above, for each embedded font it selects. */
export function fastTextEncoding(doc: Doc): void {
  const select = doc.font.bind(doc) as (...args: unknown[]) => Doc;
  (doc as unknown as { font: (...args: unknown[]) => Doc }).font = (...args: unknown[]) => {
    select(...args);
    const font = (doc as unknown as { _font?: Partial<EmbeddedFont> })._font;
    if (font && typeof font.layoutRun === 'function' && font.subset && typeof font.encode === 'function') install(font as EmbeddedFont);
    return doc;
  };
}
