// The layout engine of every PDF: a cursor over A4 pages, text wrapping and fitting, and page
// breaks it decides itself. pdfkit's own flow cannot repeat a table's header on a new page,
// clamps table rows taller than a page, and may add pages on its own at the bottom margin.
import { STATUS_COLOURS } from '../display.ts';
import { BODY, INK, MUTED, RULE, type Style } from './palette.ts';
import { drawLine } from './fast-encode.ts';
import { clean, trimFontCaches, Widths } from './text.ts';

type Doc = PDFKit.PDFDocument;

/** A page size and the margins the layout keeps to. */
export interface PageGeometry {
  width: number;
  height: number;
  margin: { top: number; bottom: number; left: number; right: number };
}

/** A4 with the framework report's margins (room for its running head and foot). */
export const REPORT_PAGE: PageGeometry = { width: 595.28, height: 841.89, margin: { top: 62, bottom: 58, left: 50, right: 50 } };

const LINE_FACTOR = 1.3;

/**
 * Page layout over a pdfkit document: a cursor, wrapping, and page breaks we control. In the
 * measuring pass nothing is drawn and no page is created; only the cursor and the page count move.
 */
export class Layout {
  y: number;
  pages = 0;
  /** The text state last set on the page, so unchanged font, size and colour are not set again. */
  private state: { font?: string; size?: number; color?: string } = {};

  constructor(
    readonly doc: Doc,
    readonly drawing: boolean,
    private readonly widths: Widths,
    private readonly onPage: (layout: Layout) => void = () => undefined,
    readonly page: PageGeometry = REPORT_PAGE,
  ) {
    this.y = page.margin.top;
  }

  get left(): number {
    return this.page.margin.left;
  }
  get width(): number {
    return this.page.width - this.page.margin.left - this.page.margin.right;
  }
  get top(): number {
    return this.page.margin.top;
  }
  get bottom(): number {
    return this.page.height - this.page.margin.bottom;
  }
  get pageNumber(): number {
    return this.pages;
  }

  use(style: Style): void {
    const color = style.color ?? INK;
    if (this.state.font !== style.font) this.doc.font(style.font);
    if (this.state.size !== style.size) this.doc.fontSize(style.size);
    if (this.state.color !== color) this.doc.fillColor(color);
    this.state.font = style.font;
    this.state.size = style.size;
    this.state.color = color;
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
   * width, then how far to move the cursor) before laying it out to draw it; drawLine writes the
   * operators its fragment writer would from words encoded once per document, and the fragment
   * writer, given the width we measured, draws what drawLine leaves to it. Same bytes either way.
   */
  draw(value: string, x: number, y: number, style: Style): void {
    if (!this.drawing) return;
    this.use(style);
    if (!value.includes('\n') && drawLine(this.doc, value, x, y)) return;
    const doc = this.doc as unknown as { _fragment?: (text: string, x: number, y: number, options: object) => void };
    // textWidth only sizes links and underlines, which these lines never have.
    if (typeof doc._fragment === 'function') doc._fragment(value, x, y, { textWidth: 0, wordCount: 0 });
    else this.doc.text(value, x, y, { lineBreak: false });
  }

  fillRect(x: number, y: number, w: number, h: number, color: string, radius = 0): void {
    if (!this.drawing) return;
    (radius > 0 ? this.doc.roundedRect(x, y, w, h, radius) : this.doc.rect(x, y, w, h)).fill(color);
    this.state.color = color;
  }

  hline(x1: number, x2: number, y: number, color = RULE, weight = 0.6): void {
    if (!this.drawing) return;
    this.doc.moveTo(x1, y).lineTo(x2, y).lineWidth(weight).strokeColor(color).stroke();
  }

  /** A line through the points; a null point breaks it. */
  polyline(points: ({ x: number; y: number } | null)[], color: string, weight: number): void {
    if (!this.drawing) return;
    let open = false;
    for (const p of points) {
      if (!p) {
        open = false;
        continue;
      }
      if (open) this.doc.lineTo(p.x, p.y);
      else this.doc.moveTo(p.x, p.y);
      open = true;
    }
    this.doc.lineWidth(weight).strokeColor(color).stroke();
  }

  disc(x: number, y: number, radius: number, color: string): void {
    if (!this.drawing) return;
    this.doc.circle(x, y, radius).fill(color);
    this.state.color = color;
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
  wrap(value: string, style: Style, width: number): readonly string[] {
    return this.widths.memo(this.widths.wraps, value, style, width, () => this.wrapText(value, style, width));
  }

  private wrapText(value: string, style: Style, width: number): string[] {
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
    return this.widths.memo(this.widths.fits, value, style, width, () => this.fitText(value, style, width));
  }

  private fitText(value: string, style: Style, width: number): string {
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
}

/** What the measuring pass of `layOutTwice` found. */
export interface Measured<T> {
  pages: number;
  result: T;
}

/**
 * Lays out `body` twice: once on `measuring` (never written) to count the pages and learn what
 * `body` returns (say, where its contents entries fall), then into `doc`, with the running lines
 * made for that page count and the first pass's findings given to `body`.
 */
export async function layOutTwice<T>(
  doc: Doc,
  measuring: Doc,
  running: (total: number) => (layout: Layout) => void,
  body: (layout: Layout, measured: Measured<T> | null) => T | Promise<T>,
  page: PageGeometry = REPORT_PAGE,
): Promise<void> {
  const widths = new Widths(measuring);
  const first = new Layout(measuring, false, widths, undefined, page);
  const measured = { result: await body(first, null), pages: 0 };
  measured.pages = first.pages;
  const second = new Layout(doc, true, widths, running(first.pages), page);
  await body(second, measured);
  if (second.pages !== first.pages) throw new Error(`PDF layout: drew ${second.pages} pages, measured ${first.pages}`);
}
