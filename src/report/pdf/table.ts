// The one table drawer: wrapped cells, a header repeated on every page the table spans, rows
// moved whole to the next page unless taller than a page, then split line by line.
import { BAND, MONO_SMALL, MUTED, RULE, SMALL_MUTED, STRIPE, type Style } from './palette.ts';
import type { Layout } from './layout.ts';

/** One run of text inside a table cell or paragraph, in one style. */
export interface Part {
  text: string;
  style?: Style;
}

/** A table cell: text parts stacked on separate lines, or a status badge. */
export interface Cell {
  parts?: Part[];
  badge?: string;
  align?: 'left' | 'right';
}

export interface Column {
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
export type TableRow = Cell[] | { cells: Cell[]; detail: Part[] };

export const text = (t: string | number, style?: Style): Cell => ({ parts: [{ text: String(t), ...(style ? { style } : {}) }] });
export const num = (n: number): Cell => ({ parts: [{ text: String(n) }], align: 'right' });
export const mono = (t: string): Cell => text(t, MONO_SMALL);
export const badge = (status: string): Cell => ({ badge: status });
export const dash = (): Cell => text('—', SMALL_MUTED);

export interface TableOptions {
  caption?: string;
  indent?: number;
  /** Width of the table; the layout's width less the indent by default. */
  width?: number;
  /** Font size of the body and header. */
  size?: number;
}

export function drawTable(layout: Layout, columns: Column[], rows: Iterable<TableRow>, opts: TableOptions = {}): void {
  const size = opts.size ?? 7.5;
  const bodyStyle: Style = { font: 'body', size };
  const headStyle: Style = { font: 'bold', size };
  const lh = layout.lineHeight(bodyStyle);
  const pad = 3;
  const x0 = layout.left + (opts.indent ?? 0);
  const total = opts.width ?? layout.width - (opts.indent ?? 0);
  const widths = columns.map((c) => c.width * total);
  const xs = widths.map((_, i) => x0 + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const inner = (i: number) => (widths[i] ?? 0) - 2 * pad;
  const captionStyle: Style = { font: 'bold', size: size + 0.5, color: MUTED };
  const captionH = opts.caption ? layout.lineHeight(captionStyle) + 1 : 0;
  const headLines = columns.map((c, i) => layout.wrap(c.header, headStyle, inner(i)));
  const headH = Math.max(...headLines.map((l) => l.length)) * lh + 2 * pad;

  const header = (continued: boolean) => {
    if (opts.caption) {
      const caption = continued ? `${opts.caption} (continued)` : opts.caption;
      layout.draw(layout.fit(caption, captionStyle, total), x0, layout.y, captionStyle);
      layout.y += captionH;
    }
    layout.fillRect(x0, layout.y, total, headH, BAND);
    headLines.forEach((lines, i) =>
      lines.forEach((line, k) => {
        const right = columns[i]?.align === 'right';
        const x = right ? (xs[i] ?? 0) + (widths[i] ?? 0) - pad - layout.measure(line, headStyle) : (xs[i] ?? 0) + pad;
        layout.draw(line, x, layout.y + pad + k * lh, headStyle);
      }),
    );
    layout.y += headH;
    layout.hline(x0, x0 + total, layout.y, MUTED, 0.6);
  };

  layout.ensure(captionH + headH + lh + 2 * pad);
  header(false);

  const lines = (parts: Part[], width: number): Line[] =>
    parts.flatMap((p) => {
      const style = p.style ?? bodyStyle;
      return layout.wrap(p.text, style, width).map((t) => ({ text: t, style }));
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
    const fullPage = layout.bottom - layout.top - captionH - headH;
    // Move a row that fits on a fresh page; split only rows taller than a page.
    if (layout.y + rowH > layout.bottom && (rowH <= fullPage || layout.bottom - layout.y < 2 * pad + 3 * lh)) {
      layout.newPage();
      header(true);
    }
    let offset = 0;
    while (offset < n) {
      const available = Math.floor((layout.bottom - layout.y - 2 * pad) / lh);
      if (available < 1) {
        layout.newPage();
        header(true);
        continue;
      }
      const take = Math.min(available, n - offset);
      const sliceH = take * lh + 2 * pad;
      if (r % 2 === 1) layout.fillRect(x0, layout.y, total, sliceH, STRIPE);
      if (layout.drawing) {
        row.forEach((cell, i) => {
          const cx = xs[i] ?? 0;
          if (cell.badge !== undefined && offset === 0) layout.badge(cell.badge, cx + pad, layout.y + pad, size * 0.9);
          (cells[i] ?? []).slice(offset, Math.min(offset + take, cellN)).forEach((line, k) => {
            const right = (cell.align ?? columns[i]?.align) === 'right';
            const x = right ? cx + (widths[i] ?? 0) - pad - layout.measure(line.text, line.style) : cx + pad;
            layout.draw(line.text, x, layout.y + pad + k * lh + (size - line.style.size) * 0.5, line.style);
          });
        });
        for (let j = Math.max(offset, cellN); j < offset + take; j++) {
          const line = detail[j - cellN];
          if (line) layout.draw(line.text, x0 + pad + 8, layout.y + pad + (j - offset) * lh + (size - line.style.size) * 0.5, line.style);
        }
      }
      layout.y += sliceH;
      layout.hline(x0, x0 + total, layout.y, RULE, 0.4);
      offset += take;
      if (offset < n) {
        layout.newPage();
        header(true);
      }
    }
  }
  layout.y += 8;
}
