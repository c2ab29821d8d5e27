// PDF report: the same content as the HTML report, laid out for paper and for auditors' archives.
// It presents the view model and computes nothing about compliance.
//
// Text is wrapped and paginated here rather than by pdfkit, because pdfkit's own flow cannot
// repeat a table's header on a new page, clamps table rows taller than a page (cutting off long
// untrusted values), and may add pages on its own when text reaches the bottom margin.
//
// The report is laid out twice. The first pass only measures: it counts pages and records the
// page of every contents entry, drawing nothing. The second pass draws and streams: each page
// carries its running head and "Page n of N" from the moment it is created, the contents pages
// are written with the page numbers the first pass found, and pdfkit flushes every finished page
// to the output, so a report of thousands of pages is never held in memory whole.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import PDFDocument from 'pdfkit';
import { PASS_RATE_DEFINITION } from '../evaluate/index.ts';
import { formatPassRate, STATUS_COLOURS, STATUS_DISPLAY_ORDER } from './html.ts';
import { reportFonts, type ReportFont } from './fonts.ts';
import type { AttestationView, CheckView, ControlView, ExceptionView, ReportViewModel } from './types.ts';

type Doc = PDFKit.PDFDocument;

const MARGIN = { top: 62, bottom: 58, left: 50, right: 50 } as const;
const A4 = { width: 595.28, height: 841.89 } as const;
const INK = '#1b1f24';
const MUTED = '#57606a';
const RULE = '#d0d7de';
const BAND = '#eef1f4';
const STRIPE = '#f8f9fa';
const CODE_BG = '#f3f5f7';
const WARN = '#b42318';
const WARN_BG = '#fdecea';
const LINE_FACTOR = 1.3;

interface Style {
  font: ReportFont;
  size: number;
  color?: string;
}

const BODY: Style = { font: 'body', size: 9 };
const SMALL: Style = { font: 'body', size: 7.5 };
const SMALL_MUTED: Style = { font: 'body', size: 7.5, color: MUTED };
const SMALL_BOLD: Style = { font: 'bold', size: 7.5 };
const MONO_SMALL: Style = { font: 'mono', size: 6.8 };
const H1: Style = { font: 'bold', size: 22 };
const H2: Style = { font: 'bold', size: 15 };
const H3: Style = { font: 'bold', size: 10.5 };
const H4: Style = { font: 'bold', size: 9 };

/** One run of text inside a table cell or paragraph, in one style. */
interface Part {
  text: string;
  style?: Style;
}

/** A table cell: text parts stacked on separate lines, or a status badge. */
interface Cell {
  parts?: Part[];
  badge?: string;
  align?: 'left' | 'right';
}

interface Column {
  header: string;
  /** Fraction of the table width. */
  width: number;
  align?: 'left' | 'right';
}

interface Line {
  text: string;
  style: Style;
}

/** A table row; `detail` runs under the cells across the full width of the table. */
type TableRow = Cell[] | { cells: Cell[]; detail: Part[] };

const text = (t: string | number, style?: Style): Cell => ({ parts: [{ text: String(t), ...(style ? { style } : {}) }] });
const num = (n: number): Cell => ({ parts: [{ text: String(n) }], align: 'right' });
const mono = (t: string): Cell => text(t, MONO_SMALL);
const badge = (status: string): Cell => ({ badge: status });
const dash = (): Cell => text('—', SMALL_MUTED);

/**
 * Control characters have no glyphs and could upset text layout; tabs and other line separators
 * become the plain whitespace the wrapper understands.
 */
function clean(value: string): string {
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

/** An entry of the contents pages, and where the first pass found it. */
interface TocEntry {
  level: 1 | 2;
  label: string;
  status?: string;
  dest: string;
  page: number;
}

/** What the first pass learns and the second pass needs. */
interface Plan {
  pages: number;
  toc: TocEntry[];
}

/**
 * Text where shaping reduces to each glyph's advance plus pair kerning: Latin, Greek, Cyrillic and
 * common punctuation, without combining marks. Checked against pdfkit's shaped widths for these
 * fonts (test/report/pdf-widths.test.ts); anything else (Arabic, Hebrew, emoji…) is shaped.
 */
const SIMPLE_TEXT = /^[\u0020-\u007e\u00a0-\u02ff\u0370-\u058f\u2000-\u206f\u20a0-\u20cf\u2190-\u21ff]*$/;
/** Sequences the body fonts turn into ligatures (fi, fl, ff, ffi…): shaped too. */
const LIGATURE = /f[fijl]/;

/**
 * Text widths, shared by both passes (the same font files give the same widths in either
 * document). Widths scale linearly with the font size, so they are kept at 1000 units: for simple
 * text as per-character advances and per-pair kerning (a few thousand numbers however large the
 * report), for other text per string, bounded so memory does not grow without end.
 */
export class Widths {
  /** Per font: advance by character code (NaN: not measured yet), kerning of pairs of codes. */
  private readonly advance = new Map<string, Float64Array>();
  private readonly kerning = new Map<string, Map<number, number>>();
  /** Per font: kerning of pairs of ASCII codes, the common case, without a map lookup. */
  private readonly asciiKerning = new Map<string, Float64Array>();
  private readonly shaped = new Map<string, number>();
  constructor(readonly doc: Doc) {}

  /** pdfkit's own (shaped) width of a string at 1000 units. */
  private shape(font: ReportFont, value: string): number {
    this.doc.font(font).fontSize(1000);
    return this.doc.widthOfString(value);
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
        a = this.shape(font, value[i]!);
        adv[c] = a;
      }
      w += a;
      if (prev >= 0) {
        if (prev < 128 && c < 128) {
          let k = ascii[prev * 128 + c]!;
          if (Number.isNaN(k)) {
            k = this.shape(font, String.fromCharCode(prev, c)) - prevAdvance - a;
            ascii[prev * 128 + c] = k;
          }
          w += k;
        } else {
          const pair = prev * 65536 + c;
          let k = kern.get(pair);
          if (k === undefined) {
            k = this.shape(font, String.fromCharCode(prev, c)) - prevAdvance - a;
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

  measure(value: string, style: Style): number {
    if (SIMPLE_TEXT.test(value) && (style.font === 'mono' || !LIGATURE.test(value))) return (this.simpleUnits(style.font, value) * style.size) / 1000;
    const key = `${style.font}\u0000${value}`;
    let w = this.shaped.get(key);
    if (w === undefined) {
      w = this.shape(style.font, value);
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
function trimFontCaches(doc: Doc): void {
  const families = (doc as unknown as { _fontFamilies?: Record<string, { layoutCache?: Record<string, unknown> }> })._fontFamilies ?? {};
  for (const font of Object.values(families)) if (font.layoutCache) font.layoutCache = Object.create(null) as Record<string, unknown>;
}

/**
 * Page layout over a pdfkit document: a cursor, wrapping, and page breaks we control. In the
 * measuring pass nothing is drawn and no page is created; only the cursor and the page count move.
 */
class Layout {
  y: number = MARGIN.top;
  pages = 0;
  /** The text state last set on the page, so unchanged font, size and colour are not set again. */
  private state: { font?: string; size?: number; color?: string } = {};

  constructor(
    readonly doc: Doc,
    readonly drawing: boolean,
    private readonly widths: Widths,
    private readonly onPage: (layout: Layout) => void = () => undefined,
  ) {}

  get left(): number {
    return MARGIN.left;
  }
  get width(): number {
    return A4.width - MARGIN.left - MARGIN.right;
  }
  get top(): number {
    return MARGIN.top;
  }
  get bottom(): number {
    return A4.height - MARGIN.bottom;
  }
  get pageNumber(): number {
    return this.pages;
  }

  use(style: Style): void {
    const color = style.color ?? INK;
    if (this.state.font !== style.font) this.doc.font(style.font);
    if (this.state.size !== style.size) this.doc.fontSize(style.size);
    if (this.state.color !== color) this.doc.fillColor(color);
    this.state = { font: style.font, size: style.size, color };
  }

  lineHeight(style: Style): number {
    return style.size * LINE_FACTOR;
  }

  measure(value: string, style: Style): number {
    return this.widths.measure(value, style);
  }

  newPage(): void {
    this.pages += 1;
    if (this.pages % 25 === 0) {
      trimFontCaches(this.doc);
      trimFontCaches(this.widths.doc);
    }
    if (this.drawing) this.doc.addPage();
    // A new page starts from the default graphics state.
    this.state = {};
    this.y = this.top;
    if (this.drawing) this.onPage(this);
  }

  ensure(height: number): void {
    if (this.y + height > this.bottom) this.newPage();
  }

  // --- drawing primitives: no-ops in the measuring pass ---

  /**
   * Draws one already-fitted line. pdfkit's text() would measure the line twice more (its own
   * width, then how far to move the cursor) before laying it out to draw it; its fragment writer,
   * given the width we measured, lays it out once. Same bytes either way.
   */
  draw(value: string, x: number, y: number, style: Style): void {
    if (!this.drawing) return;
    this.use(style);
    const doc = this.doc as unknown as { _fragment?: (text: string, x: number, y: number, options: object) => void };
    // textWidth only sizes links and underlines, which these lines never have.
    if (typeof doc._fragment === 'function') doc._fragment(value, x, y, { textWidth: 0, wordCount: 0 });
    else this.doc.text(value, x, y, { lineBreak: false });
  }

  fillRect(x: number, y: number, w: number, h: number, color: string, radius = 0): void {
    if (!this.drawing) return;
    (radius > 0 ? this.doc.roundedRect(x, y, w, h, radius) : this.doc.rect(x, y, w, h)).fill(color);
    this.state = { ...this.state, color };
  }

  hline(x1: number, x2: number, y: number, color = RULE, weight = 0.6): void {
    if (!this.drawing) return;
    this.doc.moveTo(x1, y).lineTo(x2, y).lineWidth(weight).strokeColor(color).stroke();
  }

  dotted(x1: number, x2: number, y: number): void {
    if (!this.drawing) return;
    this.doc.moveTo(x1, y).lineTo(x2, y).lineWidth(0.5).dash(0.5, { space: 2.5 }).strokeColor(MUTED).stroke().undash();
  }

  destination(name: string): void {
    if (this.drawing) this.doc.addNamedDestination(name, 'XYZ', this.left, this.y, null);
  }

  link(x: number, y: number, w: number, h: number, dest: string): void {
    if (this.drawing) this.doc.goTo(x, y, w, h, dest);
  }

  bookmark(title: string, parent?: PDFKit.PDFOutline | null): PDFKit.PDFOutline | null {
    if (!this.drawing) return null;
    return (parent ?? this.doc.outline).addItem(title);
  }

  /**
   * Breaks text into lines no wider than `width`: at spaces, then after punctuation, then anywhere.
   * A line's width is the sum of its words' widths, each with the space after it but the last:
   * exactly how pdfkit measures and lays out text (piece by piece, split after each space), so
   * every word is measured once however long the paragraph.
   */
  wrap(value: string, style: Style, width: number): string[] {
    const out: string[] = [];
    for (const paragraph of clean(value).split('\n')) {
      let line: string[] = [];
      // Width of the line's words, each followed by its space.
      let spaced = 0;
      for (const word of paragraph.split(' ')) {
        const w = this.measure(word, style);
        if (line.length > 0 && spaced + w <= width) {
          line.push(word);
          spaced += this.widths.measureSpaced(word, w, style);
          continue;
        }
        if (line.length > 0) out.push(line.join(' '));
        if (w <= width) {
          line = [word];
          spaced = this.widths.measureSpaced(word, w, style);
          continue;
        }
        const pieces = this.breakWord(word, style, width);
        out.push(...pieces.slice(0, -1));
        const last = pieces.at(-1) ?? '';
        line = [last];
        spaced = this.measure(`${last} `, style);
      }
      out.push(line.join(' '));
    }
    return out;
  }

  private breakWord(word: string, style: Style, width: number): string[] {
    const pieces: string[] = [];
    let current = '';
    for (const segment of word.split(/(?<=[-/_.:,;=&?@])/)) {
      if (this.measure(current + segment, style) <= width) {
        current += segment;
        continue;
      }
      if (current) pieces.push(current);
      current = '';
      if (this.measure(segment, style) <= width) {
        current = segment;
        continue;
      }
      // Code points, not UTF-16 units, so emoji and other astral characters are never split.
      const chars = Array.from(segment);
      let i = 0;
      while (i < chars.length) {
        const fits = (k: number) => this.measure(chars.slice(i, i + k).join(''), style) <= width;
        let lo = 1;
        let hi = 1;
        while (i + hi < chars.length && fits(hi * 2)) hi *= 2;
        hi = Math.min(hi * 2, chars.length - i);
        // Largest k in [lo, hi] that fits; at least one character per line even if it does not.
        while (lo < hi) {
          const mid = Math.ceil((lo + hi) / 2);
          if (fits(mid)) lo = mid;
          else hi = mid - 1;
        }
        const chunk = chars.slice(i, i + lo).join('');
        i += lo;
        if (i < chars.length) pieces.push(chunk);
        else current = chunk;
      }
    }
    pieces.push(current);
    return pieces;
  }

  /** Shortens text to one line, with an ellipsis when it had to be cut. */
  fit(value: string, style: Style, width: number): string {
    const first = this.wrap(value, style, width);
    if (first.length <= 1 && this.measure(first[0] ?? '', style) <= width) return first[0] ?? '';
    const chars = Array.from(first[0] ?? '');
    while (chars.length > 0 && this.measure(`${chars.join('')}…`, style) > width) chars.pop();
    return `${chars.join('')}…`;
  }

  paragraph(value: string, style: Style = BODY, opts: { indent?: number; after?: number; background?: string } = {}): void {
    const indent = opts.indent ?? 0;
    const lh = this.lineHeight(style);
    const pad = opts.background ? 4 : 0;
    for (const line of this.wrap(value, style, this.width - indent - 2 * pad)) {
      this.ensure(lh);
      if (opts.background) this.fillRect(this.left + indent, this.y, this.width - indent, lh, opts.background);
      this.draw(line, this.left + indent + pad, this.y + (lh - style.size) / 2 - style.size * 0.12, style);
      this.y += lh;
    }
    this.y += opts.after ?? 4;
  }

  badgeWidth(status: string, size: number): number {
    return this.measure(status, { font: 'bold', size }) + size * 0.9;
  }

  /** A status as text on its colour, so it reads in greyscale print and to text extraction. */
  badge(status: string, x: number, y: number, size: number): number {
    const colours = STATUS_COLOURS[status as keyof typeof STATUS_COLOURS] ?? { background: '#ffffff', text: INK };
    const w = this.badgeWidth(status, size);
    this.fillRect(x, y, w, size * 1.45, colours.background, 1.5);
    this.draw(status, x + size * 0.45, y + size * 0.2, { font: 'bold', size, color: colours.text });
    return w;
  }

  /** A badge followed by text that wraps with a hanging indent beside it. */
  badgedLine(status: string, value: string, style: Style, indent = 0): void {
    const lh = this.lineHeight(style);
    const bsize = Math.min(style.size * 0.8, 8);
    const bw = this.badgeWidth(status, bsize) + 6;
    const lines = this.wrap(value, style, this.width - indent - bw);
    lines.forEach((line, i) => {
      this.ensure(lh);
      if (i === 0) this.badge(status, this.left + indent, this.y + (lh - bsize * 1.45) / 2, bsize);
      this.draw(line, this.left + indent + bw, this.y + (lh - style.size) / 2 - style.size * 0.12, style);
      this.y += lh;
    });
    this.y += 2;
  }

  rule(color = RULE, weight = 0.6): void {
    this.hline(this.left, this.left + this.width, this.y, color, weight);
  }

  table(columns: Column[], rows: Iterable<TableRow>, opts: { caption?: string; indent?: number; width?: number; size?: number } = {}): void {
    const size = opts.size ?? 7.5;
    const bodyStyle: Style = { font: 'body', size };
    const headStyle: Style = { font: 'bold', size };
    const lh = this.lineHeight(bodyStyle);
    const pad = 3;
    const x0 = this.left + (opts.indent ?? 0);
    const total = opts.width ?? this.width - (opts.indent ?? 0);
    const widths = columns.map((c) => c.width * total);
    const xs = widths.map((_, i) => x0 + widths.slice(0, i).reduce((a, b) => a + b, 0));
    const inner = (i: number) => (widths[i] ?? 0) - 2 * pad;
    const captionStyle: Style = { font: 'bold', size: size + 0.5, color: MUTED };
    const captionH = opts.caption ? this.lineHeight(captionStyle) + 1 : 0;
    const headLines = columns.map((c, i) => this.wrap(c.header, headStyle, inner(i)));
    const headH = Math.max(...headLines.map((l) => l.length)) * lh + 2 * pad;

    const header = (continued: boolean) => {
      if (opts.caption) {
        const caption = continued ? `${opts.caption} (continued)` : opts.caption;
        this.draw(this.fit(caption, captionStyle, total), x0, this.y, captionStyle);
        this.y += captionH;
      }
      this.fillRect(x0, this.y, total, headH, BAND);
      headLines.forEach((lines, i) =>
        lines.forEach((line, k) => {
          const right = columns[i]?.align === 'right';
          const x = right ? (xs[i] ?? 0) + (widths[i] ?? 0) - pad - this.measure(line, headStyle) : (xs[i] ?? 0) + pad;
          this.draw(line, x, this.y + pad + k * lh, headStyle);
        }),
      );
      this.y += headH;
      this.hline(x0, x0 + total, this.y, MUTED, 0.6);
    };

    this.ensure(captionH + headH + lh + 2 * pad);
    header(false);

    const lines = (parts: Part[], width: number): Line[] =>
      parts.flatMap((p) => {
        const style = p.style ?? bodyStyle;
        return this.wrap(p.text, style, width).map((t) => ({ text: t, style }));
      });

    let r = -1;
    for (const entry of rows) {
      r += 1;
      const row = Array.isArray(entry) ? entry : entry.cells;
      const cells: Line[][] = row.map((cell, i) => lines(cell.parts ?? [], inner(i)));
      const cellN = Math.max(1, ...cells.map((c) => c.length));
      const detail = Array.isArray(entry) ? [] : lines(entry.detail, total - 2 * pad - 8);
      const n = cellN + detail.length;
      const rowH = n * lh + 2 * pad;
      const fullPage = this.bottom - this.top - captionH - headH;
      // Move a row that fits on a fresh page; split only rows taller than a page.
      if (this.y + rowH > this.bottom && (rowH <= fullPage || this.bottom - this.y < 2 * pad + 3 * lh)) {
        this.newPage();
        header(true);
      }
      let offset = 0;
      while (offset < n) {
        const available = Math.floor((this.bottom - this.y - 2 * pad) / lh);
        if (available < 1) {
          this.newPage();
          header(true);
          continue;
        }
        const take = Math.min(available, n - offset);
        const sliceH = take * lh + 2 * pad;
        if (r % 2 === 1) this.fillRect(x0, this.y, total, sliceH, STRIPE);
        if (this.drawing) {
          row.forEach((cell, i) => {
            const cx = xs[i] ?? 0;
            if (cell.badge !== undefined && offset === 0) this.badge(cell.badge, cx + pad, this.y + pad, size * 0.9);
            (cells[i] ?? []).slice(offset, Math.min(offset + take, cellN)).forEach((line, k) => {
              const right = (cell.align ?? columns[i]?.align) === 'right';
              const x = right ? cx + (widths[i] ?? 0) - pad - this.measure(line.text, line.style) : cx + pad;
              this.draw(line.text, x, this.y + pad + k * lh + (size - line.style.size) * 0.5, line.style);
            });
          });
          for (let j = Math.max(offset, cellN); j < offset + take; j++) {
            const line = detail[j - cellN];
            if (line) this.draw(line.text, x0 + pad + 8, this.y + pad + (j - offset) * lh + (size - line.style.size) * 0.5, line.style);
          }
        }
        this.y += sliceH;
        this.hline(x0, x0 + total, this.y, RULE, 0.4);
        offset += take;
        if (offset < n) {
          this.newPage();
          header(true);
        }
      }
    }
    this.y += 8;
  }
}

function facts(layout: Layout, rows: [string, string, Style?][], labelWidth = 130): void {
  const labelStyle: Style = { font: 'bold', size: 8, color: MUTED };
  for (const [label, value, style] of rows) {
    const s = style ?? BODY;
    const labelLines = layout.wrap(label, labelStyle, labelWidth - 8);
    const lines = layout.wrap(value, s, layout.width - labelWidth);
    const lh = layout.lineHeight(s);
    layout.ensure(lh);
    labelLines.forEach((l, i) => layout.draw(l, layout.left, layout.y + 1 + i * layout.lineHeight(labelStyle), labelStyle));
    const startY = layout.y;
    for (const line of lines) {
      layout.ensure(lh);
      layout.draw(line, layout.left + labelWidth, layout.y, s);
      layout.y += lh;
    }
    if (layout.y >= startY) layout.y = Math.max(layout.y, startY + labelLines.length * layout.lineHeight(labelStyle));
    layout.y += 3;
  }
}

class Recorder {
  readonly toc: TocEntry[] = [];
}

function sectionStart(layout: Layout, rec: Recorder, title: string, dest: string): PDFKit.PDFOutline | null {
  layout.newPage();
  layout.destination(dest);
  const bookmark = layout.bookmark(title);
  rec.toc.push({ level: 1, label: title, dest, page: layout.pageNumber });
  layout.draw(title, layout.left, layout.y, H2);
  layout.y += layout.lineHeight(H2) + 2;
  layout.rule(INK, 1.2);
  layout.y += 10;
  return bookmark;
}

function subheading(layout: Layout, title: string): void {
  layout.ensure(layout.lineHeight(H3) + 50);
  layout.y += 4;
  layout.paragraph(title, H3, { after: 3 });
}

/** issue 8: a shard run's report says on its cover that it is not about the whole organization. */
function drawShardNotice(layout: Layout, shard: NonNullable<ReportViewModel['run']['shard']>): void {
  const style: Style = { font: 'bold', size: 9, color: WARN };
  const msg = `Shard ${shard.index} of ${shard.count}. This run covers ${shard.accounts} of the ${shard.of} accounts in scope: it is not a report on the whole organization. The merged run (evidence merge) is.`;
  const lines = layout.wrap(msg, style, layout.width - 20);
  const h = lines.length * layout.lineHeight(style) + 12;
  layout.fillRect(layout.left, layout.y, layout.width, h, WARN_BG);
  layout.fillRect(layout.left, layout.y, 4, h, WARN);
  layout.y += 6;
  for (const line of lines) {
    layout.draw(line, layout.left + 14, layout.y, style);
    layout.y += layout.lineHeight(style);
  }
  layout.y += 18;
}

function drawCover(layout: Layout, vm: ReportViewModel): void {
  layout.newPage();
  layout.y = layout.top + 40;
  const eyebrow = vm.organization ? `COMPLIANCE EVIDENCE REPORT · ${vm.organization.name}` : 'COMPLIANCE EVIDENCE REPORT';
  layout.draw(layout.fit(eyebrow, { font: 'bold', size: 9 }, layout.width), layout.left, layout.y, { font: 'bold', size: 9, color: MUTED });
  layout.y += 18;
  layout.paragraph(vm.framework.name, H1, { after: 2 });
  layout.paragraph(`Version ${vm.framework.version} · framework ${vm.framework.id}`, { font: 'body', size: 12, color: MUTED }, { after: 8 });
  if (vm.framework.description) layout.paragraph(vm.framework.description, { font: 'body', size: 9.5, color: MUTED }, { after: 12 });
  if (vm.run.status !== 'complete') {
    const style: Style = { font: 'bold', size: 9, color: WARN };
    const msg = `Run status: ${vm.run.status}. Some evidence could not be collected; the affected controls say so, and the Coverage section lists every gap.`;
    const lines = layout.wrap(msg, style, layout.width - 20);
    const h = lines.length * layout.lineHeight(style) + 12;
    layout.fillRect(layout.left, layout.y, layout.width, h, WARN_BG);
    layout.fillRect(layout.left, layout.y, 4, h, WARN);
    layout.y += 6;
    for (const line of lines) {
      layout.draw(line, layout.left + 14, layout.y, style);
      layout.y += layout.lineHeight(style);
    }
    layout.y += 18;
  }
  if (vm.run.shard) drawShardNotice(layout, vm.run.shard); // issue 8
  layout.y += 6;
  const cert = vm.signer.pdfCertificate;
  facts(layout, [
    ...(vm.organization ? [['Organization', vm.organization.name] as [string, string]] : []),
    ['Run', vm.run.runId, { font: 'mono', size: 9 }],
    ['Run status', vm.run.status],
    ...(vm.run.mergedFrom ? [['Merged from shards', vm.run.mergedFrom.join(', ')] as [string, string]] : []), // issue 8
    ['Observation period', `${vm.run.startedAt} to ${vm.run.finishedAt}`],
    ['Report generated', vm.generatedAt],
    ['Accounts', vm.scope.accounts.join(', ')],
    ['Regions', vm.scope.regions.join(', ')],
    ['Evidence store', vm.run.store, { font: 'mono', size: 8.5 }],
    ['Previous run', vm.run.previousRunId ?? 'None (first run)'],
    ['Signed with', `${vm.signer.algorithm}, key ${vm.signer.keyId}`],
    ...(cert ? [['PDF signed by (PAdES)', cert.subject] as [string, string]] : []),
    ['Tool version', `aws-evidence-collector ${vm.toolVersion}`],
  ]);
  layout.y += 16;
  layout.paragraph(
    "Every status in this report is taken from the run's signed results. The Verification section at the end says how to check the evidence and the signatures without this tool.",
    { font: 'body', size: 8.5, color: MUTED },
  );
}

function drawSummary(layout: Layout, vm: ReportViewModel): void {
  const startY = layout.y;
  const tableWidth = 190;
  layout.table(
    [
      { header: 'Status', width: 0.6 },
      { header: 'Controls', width: 0.4, align: 'right' },
    ],
    [
      ...STATUS_DISPLAY_ORDER.map((s) => [badge(s), num(vm.summary.byStatus[s] ?? 0)]),
      [text('Total', SMALL_BOLD), { ...text(vm.summary.total, SMALL_BOLD), align: 'right' as const }],
      [text('Pass rate', SMALL_BOLD), { ...text(formatPassRate(vm.summary.passRate), SMALL_BOLD), align: 'right' as const }],
    ],
    { caption: `Controls by status (${vm.summary.total} in total)`, width: tableWidth, size: 8.5 },
  );
  const afterTable = layout.y;

  // Bar chart beside the table, mirroring the HTML report's SVG.
  const chartX = layout.left + tableWidth + 30;
  const labelW = 70;
  const barMax = layout.width - tableWidth - 30 - labelW - 30;
  const max = Math.max(1, ...STATUS_DISPLAY_ORDER.map((s) => vm.summary.byStatus[s] ?? 0));
  let y = startY + 14;
  layout.draw('Controls by status', chartX, startY, { font: 'bold', size: 9, color: MUTED });
  for (const s of STATUS_DISPLAY_ORDER) {
    const count = vm.summary.byStatus[s] ?? 0;
    const w = (count / max) * barMax;
    layout.draw(s, chartX, y + 3, { font: 'mono', size: 7.5 });
    if (w > 0) layout.fillRect(chartX + labelW, y + 2, w, 12, STATUS_COLOURS[s].background);
    layout.draw(String(count), chartX + labelW + w + 4, y + 3, { font: 'body', size: 8 });
    y += 19;
  }
  layout.y = Math.max(afterTable, y) + 10;
  layout.paragraph(
    `Pass rate ${formatPassRate(vm.summary.passRate)}: ${PASS_RATE_DEFINITION}`,
    { font: 'body', size: 8.5, color: MUTED },
    { after: 8 },
  );
  const x = vm.summary.exceptions;
  const a = vm.summary.attestations;
  layout.paragraph(
    `Accepted risks: ${x.active} active exception${x.active === 1 ? '' : 's'}, ${x.expired} expired. Attestations: ${a.valid} valid, ${a.expired} expired${a.notYetValid ? `, ${a.notYetValid} not yet valid` : ''}.`,
    { font: 'body', size: 8.5 },
    { after: 10 },
  );
  subheading(layout, 'Changes since the previous run');
  const ch = vm.summary.changes;
  if (!ch) {
    layout.paragraph(
      vm.run.previousRunId ? `None: the previous run ${vm.run.previousRunId} has no results for this framework.` : 'None: this is the first run.',
      BODY,
      { after: 8 },
    );
  } else {
    layout.paragraph(
      `Compared with run ${ch.previousRunId} (finished ${ch.previousFinishedAt}): pass rate ${formatPassRate(ch.previousPassRate)} then, ${formatPassRate(vm.summary.passRate)} now; ${ch.newlyFailingResources} resource finding${ch.newlyFailingResources === 1 ? '' : 's'} new, ${ch.resolvedResources} no longer non-compliant.`,
      BODY,
      { after: 6 },
    );
    if (ch.changed.length === 0) layout.paragraph('No control changed status.', BODY, { after: 8 });
    else
      layout.table(
        [
          { header: 'Control', width: 0.18 },
          { header: 'Title', width: 0.5 },
          { header: 'Was', width: 0.16 },
          { header: 'Now', width: 0.16 },
        ],
        ch.changed.map((c) => [text(c.controlId, SMALL_BOLD), text(c.title), c.from ? badge(c.from) : text('new control', SMALL_MUTED), badge(c.to)]),
        { caption: `${ch.changed.length} control${ch.changed.length === 1 ? '' : 's'} changed status` },
      );
  }
  subheading(layout, 'Run');
  facts(layout, [
    ['Run status', vm.run.status],
    ['Observation period', `${vm.run.startedAt} to ${vm.run.finishedAt}`],
    ['Scope', `${vm.scope.accounts.length} account(s): ${vm.scope.accounts.join(', ')}; region(s): ${vm.scope.regions.join(', ')}`],
  ]);
}

function drawCheck(layout: Layout, check: CheckView): void {
  layout.ensure(90);
  layout.y += 3;
  layout.badgedLine(check.status, `Check ${check.id} (${check.kind}): ${check.title}`, H4, 10);
  layout.table(
    [
      { header: 'Account', width: 0.18 },
      { header: 'Region', width: 0.14 },
      { header: 'Status', width: 0.16 },
      { header: 'Compliant', width: 0.13, align: 'right' },
      { header: 'Non-compliant', width: 0.13, align: 'right' },
      { header: 'Not applicable', width: 0.13, align: 'right' },
      { header: 'Insufficient data', width: 0.13, align: 'right' },
    ],
    check.targets.map((t) => ({
      cells: [
        text(t.account),
        text(t.region),
        badge(t.status),
        num(t.counts.COMPLIANT),
        num(t.counts.NON_COMPLIANT),
        num(t.counts.NOT_APPLICABLE),
        num(t.counts.INSUFFICIENT_DATA),
      ],
      detail: [
        ...(t.reason ? [{ text: `Reason: ${t.reason}`, style: { font: 'body', size: 7 } as Style }] : []),
        ...(t.evidenceKeys.length
          ? t.evidenceKeys.map((k) => ({ text: k, style: { ...MONO_SMALL, size: 6.3, color: MUTED } }))
          : [{ text: 'No evidence objects.', style: SMALL_MUTED }]),
      ],
    })),
    { caption: `Results of ${check.id} per account and region`, indent: 10, size: 7 },
  );
  if (check.failingResources.length > 0) {
    layout.table(
      [
        { header: 'Account', width: 0.14 },
        { header: 'Region', width: 0.1 },
        { header: 'Type', width: 0.16 },
        { header: 'Resource', width: 0.25 },
        { header: 'Annotation', width: 0.23 },
        { header: 'Exception', width: 0.12 },
      ],
      check.failingResources.map((f) => [
        text(f.account),
        text(f.region),
        text(f.resourceType),
        mono(f.resourceId),
        f.annotation ? text(f.annotation) : dash(),
        f.exceptionIds?.length ? text(f.exceptionIds.join(', '), SMALL_BOLD) : dash(),
      ]),
      { caption: `Non-compliant resources for ${check.id}`, indent: 10, size: 7 },
    );
  }
  if (check.failingResourcesOmitted > 0) {
    const n = check.failingResourcesOmitted;
    layout.y -= 4;
    layout.paragraph(`…and ${n} more non-compliant resource${n === 1 ? '' : 's'} not listed here: the CSV report lists every one, and the evidence objects above hold them.`, SMALL_MUTED, {
      indent: 10,
      after: 8,
    });
  }
}

function exceptionScope(e: ExceptionView): string {
  const what = e.control !== undefined ? `control ${e.control}` : `check ${e.check ?? ''}`;
  const fw = e.framework ? ` in ${e.framework}` : '';
  const res = e.resources
    ? `; resources: ${e.resources.map((r) => `${r.id}${r.account || r.region ? ` (${[r.account, r.region].filter(Boolean).join('/')})` : ''}`).join(', ')}`
    : '; all resources';
  return `${what}${fw}${res}`;
}

function drawAcceptance(layout: Layout, control: ControlView): void {
  if (control.exceptions.length > 0) {
    layout.table(
      [
        { header: 'Exception', width: 0.12 },
        { header: 'State', width: 0.09 },
        { header: 'Scope', width: 0.2 },
        { header: 'Reason', width: 0.26 },
        { header: 'Approver', width: 0.13 },
        { header: 'Expires', width: 0.11 },
        { header: 'Covers', width: 0.09, align: 'right' },
      ],
      control.exceptions.map((e) => ({
        cells: [
          text(e.id, SMALL_BOLD),
          text(e.state, e.state === 'active' ? SMALL : { ...SMALL_BOLD, color: WARN }),
          text(exceptionScope(e)),
          text(e.reason),
          text(e.approver),
          text(e.expires),
          { parts: [{ text: `${e.coveredResources} of ${e.failingResources}` }], align: 'right' as const },
        ],
        detail: [{ text: `Source: ${e.source.file} line ${e.source.line}, stored as ${e.source.key}`, style: { ...SMALL_MUTED, size: 6.5 } }],
      })),
      { caption: `Exceptions (accepted risks) naming ${control.id}`, indent: 10, size: 7 },
    );
  }
  if (control.attestations.length > 0) {
    layout.table(
      [
        { header: 'State', width: 0.1 },
        { header: 'Statement', width: 0.34 },
        { header: 'Attester', width: 0.16 },
        { header: 'Date', width: 0.1 },
        { header: 'Valid until', width: 0.1 },
        { header: 'Document', width: 0.2 },
      ],
      control.attestations.map((a: AttestationView) => ({
        cells: [
          text(a.state, a.state === 'valid' ? SMALL : { ...SMALL_BOLD, color: WARN }),
          text(a.statement),
          text(a.attester),
          text(a.date),
          text(a.validUntil),
          a.document ? { parts: [{ text: a.document.name }, { text: a.document.key, style: { ...MONO_SMALL, size: 6 } }] } : text('none attached', SMALL_MUTED),
        ],
        detail: [
          ...(a.document ? [{ text: `Document SHA-256 ${a.document.sha256}, ${a.document.size} bytes, version ${a.document.versionId}`, style: { ...MONO_SMALL, size: 6, color: MUTED } }] : []),
          { text: `Source: ${a.source.file} line ${a.source.line}, stored as ${a.source.key}`, style: { ...SMALL_MUTED, size: 6.5 } },
        ],
      })),
      { caption: `Attestations for ${control.id}`, indent: 10, size: 7 },
    );
  }
}

function drawControl(layout: Layout, control: ControlView, index: number, parent: PDFKit.PDFOutline | null, rec: Recorder): void {
  layout.ensure(80);
  const dest = `c${String(index).padStart(5, '0')}`;
  layout.destination(dest);
  layout.bookmark(`${control.id} ${control.status}`, parent);
  rec.toc.push({ level: 2, label: `${control.id}  ${control.title}`, status: control.status, dest, page: layout.pageNumber });

  layout.badgedLine(control.status, `${control.id}  ${control.title}`, H3);
  if (control.description) layout.paragraph(control.description, { font: 'body', size: 8, color: MUTED }, { after: 3 });
  layout.paragraph(`Why ${control.status}: ${control.statusReason}`, BODY, { after: control.evaluatedStatus ? 1 : 5 });
  if (control.evaluatedStatus) layout.paragraph(`From the evidence alone: ${control.evaluatedStatus}.`, SMALL_MUTED, { after: 5 });
  if (control.manual) {
    layout.paragraph('Manual control. Evidence a person must attest:', { font: 'bold', size: 8.5 }, { indent: 10, after: 1 });
    layout.paragraph(control.guidance ?? 'No guidance was given in the catalog.', { font: 'body', size: 8.5 }, { indent: 10, after: 6, background: CODE_BG });
    if (control.attestations.length === 0) layout.paragraph('No attestation on file.', { font: 'bold', size: 8.5 }, { indent: 10, after: 6 });
  } else if (control.checks.length === 0) {
    layout.paragraph('This control has no checks.', SMALL_MUTED, { indent: 10 });
  }
  drawAcceptance(layout, control);
  for (const check of control.checks) drawCheck(layout, check);
  layout.y += 4;
  layout.ensure(12);
  layout.rule();
  layout.y += 10;
}

function drawCoverage(layout: Layout, vm: ReportViewModel): void {
  const { coverage } = vm;
  layout.paragraph(
    'What was and was not collected in this run. A gap here never reads as a pass: the controls it affects show NO_EVIDENCE or ERROR.',
    BODY,
    { after: 8 },
  );
  const none = () => layout.paragraph('None.', BODY, { after: 8 });

  subheading(layout, 'Scope and services');
  layout.paragraph(`Accounts: ${vm.scope.accounts.join(', ')}. Regions: ${vm.scope.regions.join(', ')}.`, BODY, { after: 6 });
  if (coverage.services.length === 0) layout.paragraph('No AWS service was collected.', BODY, { after: 8 });
  else
    layout.table(
      [
        { header: 'Service', width: 0.16 },
        { header: 'Collections succeeded', width: 0.14, align: 'right' },
        { header: 'Collections failed', width: 0.12, align: 'right' },
        { header: 'Accounts', width: 0.26 },
        { header: 'Regions', width: 0.32 },
      ],
      coverage.services.map((s) => [
        mono(s.service),
        num(s.collected),
        s.failed ? { parts: [{ text: String(s.failed), style: { ...SMALL_BOLD, color: WARN } }], align: 'right' as const } : num(0),
        text(s.accounts.join(', ')),
        text(s.regions.join(', ')),
      ]),
      { caption: 'AWS services collected' },
    );

  subheading(layout, 'AWS calls');
  const c = coverage.calls;
  layout.table(
    [
      { header: 'Total', width: 1 / 7, align: 'right' },
      { header: 'OK', width: 1 / 7, align: 'right' },
      { header: 'OK after retry', width: 1 / 7, align: 'right' },
      { header: 'Throttled past retries', width: 1 / 7, align: 'right' },
      { header: 'Access denied', width: 1 / 7, align: 'right' },
      { header: 'Failed', width: 1 / 7, align: 'right' },
      { header: 'Not found (expected)', width: 1 / 7, align: 'right' },
    ],
    [[num(c.total), num(c.ok), num(c.retried), num(c.throttled), num(c.denied), num(c.failed), num(c.notFound)]],
    { caption: "Every AWS call of the run, by outcome (throttled and denied are counted after the SDK's retries)" },
  );

  subheading(layout, 'Collections');
  if (coverage.collections.length === 0) none();
  else
    layout.table(
      [
        { header: 'Account', width: 0.15 },
        { header: 'Region', width: 0.11 },
        { header: 'Collector', width: 0.2 },
        { header: 'Status', width: 0.1 },
        { header: 'Calls', width: 0.08, align: 'right' },
        { header: 'Failed calls', width: 0.08, align: 'right' },
        { header: 'Reason', width: 0.28 },
      ],
      coverage.collections.map((col) => [
        text(col.account),
        text(col.region),
        mono(col.collector),
        text(col.status, col.status === 'collected' ? SMALL : { ...SMALL_BOLD, color: WARN }),
        num(col.calls),
        num(col.failedCalls),
        col.reason ? text(col.reason) : dash(),
      ]),
      { caption: 'Collections per account, region and collector' },
    );

  subheading(layout, 'Collection failures');
  if (coverage.failures.length === 0) none();
  else
    layout.table(
      [
        { header: 'Account', width: 0.15 },
        { header: 'Region', width: 0.11 },
        { header: 'Collector', width: 0.2 },
        { header: 'Operation', width: 0.16 },
        { header: 'Reason', width: 0.38 },
      ],
      coverage.failures.map((f) => [text(f.account), text(f.region), mono(f.collector), text(f.operation ?? '—'), text(f.reason)]),
      { caption: 'Collection failures' },
    );

  subheading(layout, 'Config rules not deployed');
  if (coverage.rulesNotDeployed.length === 0) none();
  else
    layout.table(
      [
        { header: 'Account', width: 0.3 },
        { header: 'Region', width: 0.3 },
        { header: 'Source identifier', width: 0.4 },
      ],
      coverage.rulesNotDeployed.map((r) => [text(r.account), text(r.region), mono(r.sourceIdentifier)]),
      { caption: 'AWS Config managed rules the catalog needs but the account-region does not run' },
    );

  subheading(layout, 'Controls without evidence');
  if (coverage.controlsWithoutEvidence.length === 0) none();
  else
    layout.table(
      [
        { header: 'Control', width: 0.2 },
        { header: 'Status', width: 0.16 },
        { header: 'Reason', width: 0.64 },
      ],
      coverage.controlsWithoutEvidence.map((x) => [text(x.controlId, SMALL_BOLD), badge(x.status), text(x.reason)]),
      { caption: 'Controls that could not be judged from evidence' },
    );
}

function drawEvidence(layout: Layout, vm: ReportViewModel): void {
  layout.paragraph(
    "Every evidence object this report relies on, pinned by store version and SHA-256 in the run's signed manifest: datasets and rule results collected from AWS, and the exception and attestation files and documents people supplied. Fetch a version from the store and hash it to check it was not altered.",
    BODY,
    { after: 8 },
  );
  if (vm.evidence.length === 0) {
    layout.paragraph('None.');
    return;
  }
  layout.table(
    [
      { header: 'Key', width: 0.3 },
      { header: 'Kind', width: 0.08 },
      { header: 'Version id', width: 0.13 },
      // Wide enough for a SHA-256 in exactly two lines of the small monospace font.
      { header: 'SHA-256', width: 0.28 },
      { header: 'Collected at', width: 0.13 },
      { header: 'Bytes', width: 0.08, align: 'right' },
    ],
    vm.evidence.map((e) => [mono(e.key), text(e.kind), mono(e.versionId), mono(e.sha256), text(e.collectedAt), num(e.size)]),
    { caption: `${vm.evidence.length} evidence objects`, size: 7 },
  );
}

function drawVerification(layout: Layout, vm: ReportViewModel): void {
  const v = vm.verification;
  layout.paragraph(
    "The run's manifest lists every evidence object with its SHA-256 and is signed. These checks need only the public key, not the private key or this tool's cooperation.",
    BODY,
    { after: 10 },
  );
  const monoFact: Style = { font: 'mono', size: 8 };
  const cert = vm.signer.pdfCertificate;
  facts(
    layout,
    [
      ['Manifest', v.manifestKey, monoFact],
      ['Manifest SHA-256', v.manifestSha256, monoFact],
      ['Manifest signature', v.manifestSignatureKey, monoFact],
      ['Signer', `${vm.signer.algorithm}, key ${vm.signer.keyId}`],
      ['Public key fingerprint', v.publicKeyFingerprint, monoFact],
      ['Detached signatures', `Each report file F has F.sig beside it: ${vm.signer.algorithm} over the file's exact bytes${v.pades ? ", made after the PDF's embedded signature" : ''}.`],
      ...(cert
        ? ([
            ['PDF signature (PAdES)', `ETSI.CAdES.detached, embedded in this file, by ${cert.subject}; issued by ${cert.issuer}`],
            ['Certificate serial', cert.serialNumber, monoFact],
            ['Certificate validity', `${cert.notBefore} to ${cert.notAfter}`],
            ['Certificate SHA-256', cert.sha256, monoFact],
          ] as [string, string, Style?][])
        : []),
    ],
    120,
  );
  layout.paragraph('The fingerprint is the SHA-256 of the DER-encoded public key.', SMALL_MUTED, { after: 10 });
  subheading(layout, 'Commands');
  if (v.commands.length === 0) {
    layout.paragraph('None.');
    return;
  }
  v.commands.forEach((c, i) => {
    layout.ensure(40);
    layout.paragraph(`${i + 1}. ${c.label}`, { font: 'bold', size: 9 }, { after: 2 });
    layout.paragraph(c.command, { font: 'mono', size: 8 }, { background: CODE_BG, after: 10 });
  });
}

// --- contents pages ---

const TOC_LINE = 15;
const TOC_HEAD = 40;

function tocLineStyle(level: 1 | 2): Style {
  return level === 1 ? { font: 'bold', size: 10 } : { font: 'body', size: 8.5 };
}

/** Where each contents entry goes: its page (0-based within the contents) and y. Depends only on the levels. */
function tocPositions(levels: (1 | 2)[]): { page: number; y: number }[] {
  const bottom = A4.height - MARGIN.bottom;
  let page = 0;
  let y = MARGIN.top + TOC_HEAD;
  return levels.map((level) => {
    if (y + TOC_LINE > bottom) {
      page += 1;
      y = MARGIN.top;
    }
    const at = { page, y };
    y += TOC_LINE + (level === 1 ? 6 : 0);
    return at;
  });
}

/** Executive summary, Controls, one entry per control, Coverage, Evidence index, Verification. */
function tocLevels(vm: ReportViewModel): (1 | 2)[] {
  return [1, 1, ...vm.controls.map(() => 2 as const), 1, 1, 1];
}

function drawToc(layout: Layout, toc: TocEntry[]): void {
  const positions = tocPositions(toc.map((e) => e.level));
  layout.newPage();
  layout.draw('Contents', layout.left, layout.y, H2);
  let page = 0;
  toc.forEach((entry, i) => {
    const at = positions[i]!;
    while (page < at.page) {
      layout.newPage();
      page += 1;
    }
    const style = tocLineStyle(entry.level);
    const indent = entry.level === 1 ? 0 : 14;
    const pageLabel = String(entry.page);
    const pageW = layout.measure(pageLabel, style);
    const bsize = 6.5;
    const bw = entry.status ? layout.badgeWidth(entry.status, bsize) + 6 : 0;
    const y = at.y + (entry.level === 1 ? 4 : 0);
    if (entry.status) layout.badge(entry.status, layout.left + indent, y + 1, bsize);
    const labelX = layout.left + indent + bw;
    const label = layout.fit(entry.label, style, layout.width - indent - bw - pageW - 24);
    layout.draw(label, labelX, y, style);
    // Dotted leader between the label and the page number.
    const leaderStart = labelX + layout.measure(label, style) + 4;
    const leaderEnd = layout.left + layout.width - pageW - 4;
    if (leaderEnd > leaderStart) layout.dotted(leaderStart, leaderEnd, y + style.size * 0.95);
    layout.draw(pageLabel, layout.left + layout.width - pageW, y, style);
    layout.link(layout.left, y - 2, layout.width, TOC_LINE, entry.dest);
  });
  // Reserve every contents page even if the last ones stayed short.
  const last = positions.at(-1)?.page ?? 0;
  while (page < last) {
    layout.newPage();
    page += 1;
  }
}

function runningHeadAndFoot(vm: ReportViewModel, total: number): (layout: Layout) => void {
  const style: Style = { font: 'body', size: 7.5, color: MUTED };
  const runLabel = `Run ${vm.run.runId}`;
  return (layout) => {
    const right = layout.left + layout.width;
    const runW = Math.min(layout.measure(runLabel, style), layout.width / 2);
    const run = layout.fit(runLabel, style, runW + 0.01);
    layout.draw(run, right - layout.measure(run, style), 30, style);
    const org = vm.organization ? ` · ${vm.organization.name}` : '';
    layout.draw(layout.fit(`${vm.framework.name} ${vm.framework.version} · compliance report${org}`, style, layout.width - runW - 20), layout.left, 30, style);
    layout.hline(layout.left, right, 42, RULE, 0.5);
    const footY = A4.height - 38;
    layout.hline(layout.left, right, footY - 6, RULE, 0.5);
    const pageLabel = `Page ${layout.pageNumber} of ${total}`;
    const pageW = layout.measure(pageLabel, style);
    layout.draw(pageLabel, right - pageW, footY, style);
    layout.draw(layout.fit(`Generated ${vm.generatedAt} by aws-evidence-collector ${vm.toolVersion}`, style, layout.width - pageW - 20), layout.left, footY, style);
  };
}

/** Waits while more than this many bytes of output are waiting to be read, so output streams. */
const HIGH_WATER = 4 * 1024 * 1024;

async function drain(doc: Doc): Promise<void> {
  for (let i = 0; i < 10_000 && doc.readableLength > HIGH_WATER && doc.readableFlowing !== null; i++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Lays out the whole report. In the measuring pass `plan` is null and the contents are only reserved. */
async function layoutReport(layout: Layout, vm: ReportViewModel, plan: Plan | null): Promise<Recorder> {
  const rec = new Recorder();
  drawCover(layout, vm);
  const levels = tocLevels(vm);
  if (plan) drawToc(layout, plan.toc);
  else {
    const tocPages = (tocPositions(levels).at(-1)?.page ?? 0) + 1;
    for (let i = 0; i < tocPages; i++) layout.newPage();
  }

  sectionStart(layout, rec, 'Executive summary', 's1');
  drawSummary(layout, vm);

  const controlsOutline = sectionStart(layout, rec, 'Controls', 's2');
  layout.paragraph(`All ${vm.summary.total} controls of ${vm.framework.name}, in catalog order.`, BODY, { after: 10 });
  for (let i = 0; i < vm.controls.length; i++) {
    drawControl(layout, vm.controls[i]!, i, controlsOutline, rec);
    if (layout.drawing && i % 16 === 15) await drain(layout.doc);
  }

  sectionStart(layout, rec, 'Coverage', 's3');
  drawCoverage(layout, vm);
  sectionStart(layout, rec, 'Evidence index', 's4');
  drawEvidence(layout, vm);
  sectionStart(layout, rec, 'Verification', 's5');
  drawVerification(layout, vm);
  if (rec.toc.length !== levels.length) throw new Error(`report layout: ${rec.toc.length} contents entries, expected ${levels.length}`);
  return rec;
}

function createDocument(vm: ReportViewModel): Doc {
  const date = new Date(vm.generatedAt);
  if (Number.isNaN(date.getTime())) throw new Error(`report generatedAt is not a valid timestamp: ${JSON.stringify(vm.generatedAt)}`);
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    autoFirstPage: false,
    bufferPages: false,
    lang: 'en',
    displayTitle: true,
    info: {
      Title: `${vm.framework.name} ${vm.framework.version} compliance report`,
      Author: vm.organization ? `${vm.organization.name} (aws-evidence-collector)` : 'aws-evidence-collector',
      Subject: `Run ${vm.run.runId}, ${vm.framework.id}, observed ${vm.run.startedAt} to ${vm.run.finishedAt}`,
      Creator: `aws-evidence-collector ${vm.toolVersion}`,
      // Fixed per run: pdfkit would otherwise stamp the wall clock, and the date feeds the file ID.
      CreationDate: date,
      ModDate: date,
    },
  });
  const fonts = reportFonts();
  for (const name of Object.keys(fonts) as ReportFont[]) doc.registerFont(name, fonts[name]);
  return doc;
}

/** First pass: pages and contents entries, nothing drawn or written. */
async function measure(vm: ReportViewModel, widths: Widths): Promise<Plan> {
  const layout = new Layout(widths.doc, false, widths);
  const rec = await layoutReport(layout, vm, null);
  return { pages: layout.pages, toc: rec.toc };
}

/** Second pass into `doc`, which is ended; its output must be consumed as it is produced. */
async function drawReport(doc: Doc, vm: ReportViewModel): Promise<void> {
  // Measuring uses a document of its own that is never written, so nothing it does shows in the output.
  const widths = new Widths(createDocument(vm));
  const plan = await measure(vm, widths);
  // pdfkit derives the trailer /ID from the info dictionary alone, so two different reports with
  // the same metadata would share an ID. Derive it from the whole view model instead: still
  // deterministic, and distinct whenever the content differs.
  (doc as unknown as { _id: Uint8Array })._id = documentId(vm);
  const layout = new Layout(doc, true, widths, runningHeadAndFoot(vm, plan.pages));
  await layoutReport(layout, vm, plan);
  if (layout.pages !== plan.pages) throw new Error(`report layout: drew ${layout.pages} pages, measured ${plan.pages}`);
  doc.end();
}

/** The PDF trailer /ID: the first 16 bytes of the SHA-256 of the view model's JSON. */
export function documentId(vm: ReportViewModel): Buffer {
  const h = createHash('sha256');
  // Hashed in pieces: one JSON string of a very large view model could exceed V8's string limit.
  const { controls, evidence, ...rest } = vm;
  h.update(JSON.stringify(rest));
  for (const c of controls) h.update(JSON.stringify(c));
  for (const e of evidence) h.update(JSON.stringify(e));
  return h.digest().subarray(0, 16);
}

/** Renders the report to a PDF in memory; same view model, same bytes. */
export async function renderPdfBuffer(vm: ReportViewModel): Promise<Buffer> {
  const doc = createDocument(vm);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  await drawReport(doc, vm);
  return done;
}

/** Renders the report and streams it to `outPath` page by page; a partial file is removed on failure. */
export async function renderPdf(vm: ReportViewModel, outPath: string): Promise<void> {
  const doc = createDocument(vm);
  const written = pipeline(doc, createWriteStream(outPath));
  try {
    await drawReport(doc, vm);
  } catch (err) {
    doc.destroy(err as Error);
    await written.catch(() => undefined);
    await rm(outPath, { force: true });
    throw err;
  }
  try {
    await written;
  } catch (err) {
    await rm(outPath, { force: true });
    throw err;
  }
}
