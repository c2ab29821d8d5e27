// PDF report: the same content as the HTML report, laid out for paper and for auditors' archives.
// It presents the view model and computes nothing about compliance.
//
// Text is wrapped and paginated here rather than by pdfkit, because pdfkit's own flow cannot
// repeat a table's header on a new page, clamps table rows taller than a page (cutting off long
// untrusted values), and may add pages on its own when text reaches the bottom margin.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import PDFDocument from 'pdfkit';
import { formatPassRate, STATUS_COLOURS, STATUS_DISPLAY_ORDER } from './html.ts';
import { reportFonts, type ReportFont } from './fonts.ts';
import type { CheckView, ControlView, ReportViewModel } from './types.ts';

type Doc = PDFKit.PDFDocument;

const MARGIN = { top: 62, bottom: 58, left: 50, right: 50 } as const;
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

/** Page layout over a pdfkit document: a cursor, wrapping, and page breaks we control. */
class Layout {
  y: number = MARGIN.top;
  private readonly widths = new Map<string, number>();

  constructor(readonly doc: Doc) {}

  get left(): number {
    return MARGIN.left;
  }
  get width(): number {
    return this.doc.page.width - MARGIN.left - MARGIN.right;
  }
  get top(): number {
    return MARGIN.top;
  }
  get bottom(): number {
    return this.doc.page.height - MARGIN.bottom;
  }
  get pageNumber(): number {
    return this.doc.bufferedPageRange().count;
  }

  use(style: Style): void {
    this.doc.font(style.font).fontSize(style.size).fillColor(style.color ?? INK);
  }

  lineHeight(style: Style): number {
    return style.size * LINE_FACTOR;
  }

  measure(value: string, style: Style): number {
    // Wrapping measures the same prefixes many times; the font layout behind it is not cheap.
    const key = `${style.font}\u0000${style.size}\u0000${value}`;
    let w = this.widths.get(key);
    if (w === undefined) {
      this.doc.font(style.font).fontSize(style.size);
      w = this.doc.widthOfString(value);
      if (value.length < 200) this.widths.set(key, w);
    }
    return w;
  }

  newPage(): void {
    this.doc.addPage();
    this.y = this.top;
  }

  ensure(height: number): void {
    if (this.y + height > this.bottom) this.newPage();
  }

  /** Draws one already-fitted line; lineBreak:false keeps pdfkit from paginating on its own. */
  draw(value: string, x: number, y: number, style: Style): void {
    this.use(style);
    this.doc.text(value, x, y, { lineBreak: false });
  }

  /** Breaks text into lines no wider than `width`: at spaces, then after punctuation, then anywhere. */
  wrap(value: string, style: Style, width: number): string[] {
    const out: string[] = [];
    for (const paragraph of clean(value).split('\n')) {
      let line: string | null = null;
      for (const word of paragraph.split(' ')) {
        const candidate: string = line === null ? word : `${line} ${word}`;
        if (this.measure(candidate, style) <= width) {
          line = candidate;
          continue;
        }
        if (line !== null) out.push(line);
        if (this.measure(word, style) <= width) {
          line = word;
          continue;
        }
        const pieces = this.breakWord(word, style, width);
        out.push(...pieces.slice(0, -1));
        line = pieces.at(-1) ?? '';
      }
      out.push(line ?? '');
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
      if (opts.background) {
        this.doc.rect(this.left + indent, this.y, this.width - indent, lh).fill(opts.background);
      }
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
    const h = size * 1.45;
    this.doc.roundedRect(x, y, w, h, 1.5).fill(colours.background);
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
    this.doc.moveTo(this.left, this.y).lineTo(this.left + this.width, this.y).lineWidth(weight).strokeColor(color).stroke();
  }

  table(columns: Column[], rows: TableRow[], opts: { caption?: string; indent?: number; width?: number; size?: number } = {}): void {
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
      this.doc.rect(x0, this.y, total, headH).fill(BAND);
      headLines.forEach((lines, i) =>
        lines.forEach((line, k) => {
          const right = columns[i]?.align === 'right';
          const x = right ? (xs[i] ?? 0) + (widths[i] ?? 0) - pad - this.measure(line, headStyle) : (xs[i] ?? 0) + pad;
          this.draw(line, x, this.y + pad + k * lh, headStyle);
        }),
      );
      this.y += headH;
      this.doc.moveTo(x0, this.y).lineTo(x0 + total, this.y).lineWidth(0.6).strokeColor(MUTED).stroke();
    };

    this.ensure(captionH + headH + lh + 2 * pad);
    header(false);

    const lines = (parts: Part[], width: number): Line[] =>
      parts.flatMap((p) => {
        const style = p.style ?? bodyStyle;
        return this.wrap(p.text, style, width).map((t) => ({ text: t, style }));
      });

    rows.forEach((entry, r) => {
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
        if (r % 2 === 1) this.doc.rect(x0, this.y, total, sliceH).fill(STRIPE);
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
        this.y += sliceH;
        this.doc.moveTo(x0, this.y).lineTo(x0 + total, this.y).lineWidth(0.4).strokeColor(RULE).stroke();
        offset += take;
        if (offset < n) {
          this.newPage();
          header(true);
        }
      }
    });
    this.y += 8;
  }
}

interface TocEntry {
  level: 1 | 2;
  label: string;
  status?: string;
  dest: string;
  page: number;
}

function facts(layout: Layout, rows: [string, string, Style?][], labelWidth = 130): void {
  const labelStyle: Style = { font: 'bold', size: 8, color: MUTED };
  for (const [label, value, style] of rows) {
    const s = style ?? BODY;
    const lines = layout.wrap(value, s, layout.width - labelWidth);
    const lh = layout.lineHeight(s);
    layout.ensure(lh);
    layout.draw(label, layout.left, layout.y + 1, labelStyle);
    for (const line of lines) {
      layout.ensure(lh);
      layout.draw(line, layout.left + labelWidth, layout.y, s);
      layout.y += lh;
    }
    layout.y += 3;
  }
}

function sectionStart(layout: Layout, toc: TocEntry[], title: string, dest: string): PDFKit.PDFOutline {
  layout.newPage();
  layout.doc.addNamedDestination(dest, 'XYZ', layout.left, layout.y, null);
  const bookmark = layout.doc.outline.addItem(title);
  toc.push({ level: 1, label: title, dest, page: layout.pageNumber });
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

function drawCover(layout: Layout, vm: ReportViewModel): void {
  const { doc } = layout;
  layout.y = layout.top + 40;
  layout.draw('COMPLIANCE EVIDENCE REPORT', layout.left, layout.y, { font: 'bold', size: 9, color: MUTED });
  layout.y += 18;
  layout.paragraph(vm.framework.name, H1, { after: 2 });
  layout.paragraph(`Version ${vm.framework.version} · framework ${vm.framework.id}`, { font: 'body', size: 12, color: MUTED }, { after: 8 });
  if (vm.framework.description) layout.paragraph(vm.framework.description, { font: 'body', size: 9.5, color: MUTED }, { after: 12 });
  if (vm.run.status !== 'complete') {
    const style: Style = { font: 'bold', size: 9, color: WARN };
    const msg = `Run status: ${vm.run.status}. Some evidence could not be collected; the affected controls say so, and the Coverage section lists every gap.`;
    const lines = layout.wrap(msg, style, layout.width - 20);
    const h = lines.length * layout.lineHeight(style) + 12;
    doc.rect(layout.left, layout.y, layout.width, h).fill(WARN_BG);
    doc.rect(layout.left, layout.y, 4, h).fill(WARN);
    layout.y += 6;
    for (const line of lines) {
      layout.draw(line, layout.left + 14, layout.y, style);
      layout.y += layout.lineHeight(style);
    }
    layout.y += 18;
  }
  layout.y += 6;
  facts(layout, [
    ['Run', vm.run.runId, { font: 'mono', size: 9 }],
    ['Run status', vm.run.status],
    ['Observation period', `${vm.run.startedAt} to ${vm.run.finishedAt}`],
    ['Report generated', vm.generatedAt],
    ['Accounts', vm.scope.accounts.join(', ')],
    ['Regions', vm.scope.regions.join(', ')],
    ['Evidence store', vm.run.store, { font: 'mono', size: 8.5 }],
    ['Previous run', vm.run.previousRunId ?? 'None (first run)'],
    ['Signed with', `${vm.signer.algorithm}, key ${vm.signer.keyId}`],
    ['Tool version', `aws-evidence-collector ${vm.toolVersion}`],
  ]);
  layout.y += 16;
  layout.paragraph(
    'Every status in this report is taken from the run\'s signed results. The Verification section at the end says how to check the evidence and the signatures without this tool.',
    { font: 'body', size: 8.5, color: MUTED },
  );
}

function drawSummary(layout: Layout, vm: ReportViewModel): void {
  const { doc } = layout;
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
    if (w > 0) doc.rect(chartX + labelW, y + 2, w, 12).fill(STATUS_COLOURS[s].background);
    layout.draw(String(count), chartX + labelW + w + 4, y + 3, { font: 'body', size: 8 });
    y += 19;
  }
  layout.y = Math.max(afterTable, y) + 10;
  layout.paragraph(
    `Pass rate ${formatPassRate(vm.summary.passRate)}: PASS divided by PASS plus FAIL. Controls that are manual, attested, excepted, without evidence or in error are not part of the rate, and are never counted as passing.`,
    { font: 'body', size: 8.5, color: MUTED },
    { after: 14 },
  );
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
        { header: 'Account', width: 0.15 },
        { header: 'Region', width: 0.11 },
        { header: 'Type', width: 0.18 },
        { header: 'Resource', width: 0.28 },
        { header: 'Annotation', width: 0.28 },
      ],
      check.failingResources.map((f) => [text(f.account), text(f.region), text(f.resourceType), mono(f.resourceId), f.annotation ? text(f.annotation) : text('—', SMALL_MUTED)]),
      { caption: `Non-compliant resources for ${check.id}`, indent: 10, size: 7 },
    );
  }
  if (check.failingResourcesOmitted > 0) {
    const n = check.failingResourcesOmitted;
    layout.y -= 4;
    layout.paragraph(`…and ${n} more non-compliant resource${n === 1 ? '' : 's'} not listed here (see the evidence objects above).`, SMALL_MUTED, { indent: 10, after: 8 });
  }
}

function drawControl(layout: Layout, control: ControlView, index: number, parent: PDFKit.PDFOutline, toc: TocEntry[]): void {
  layout.ensure(80);
  const dest = `c${String(index).padStart(5, '0')}`;
  layout.doc.addNamedDestination(dest, 'XYZ', layout.left, layout.y, null);
  parent.addItem(`${control.id} ${control.status}`);
  toc.push({ level: 2, label: `${control.id}  ${control.title}`, status: control.status, dest, page: layout.pageNumber });

  layout.badgedLine(control.status, `${control.id}  ${control.title}`, H3);
  if (control.description) layout.paragraph(control.description, { font: 'body', size: 8, color: MUTED }, { after: 3 });
  layout.paragraph(`Why ${control.status}: ${control.statusReason}`, BODY, { after: 5 });
  if (control.manual) {
    layout.paragraph('Manual control. Evidence a person must attest:', { font: 'bold', size: 8.5 }, { indent: 10, after: 1 });
    layout.paragraph(control.guidance ?? 'No guidance was given in the catalog.', { font: 'body', size: 8.5 }, { indent: 10, after: 6, background: CODE_BG });
  } else if (control.checks.length === 0) {
    layout.paragraph('This control has no checks.', SMALL_MUTED, { indent: 10 });
  }
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
      coverage.collections.map((c) => [
        text(c.account),
        text(c.region),
        mono(c.collector),
        text(c.status, c.status === 'collected' ? SMALL : { ...SMALL_BOLD, color: WARN }),
        num(c.calls),
        num(c.failedCalls),
        c.reason ? text(c.reason) : text('—', SMALL_MUTED),
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
      coverage.controlsWithoutEvidence.map((c) => [text(c.controlId, SMALL_BOLD), badge(c.status), text(c.reason)]),
      { caption: 'Controls that could not be judged from evidence' },
    );
}

function drawEvidence(layout: Layout, vm: ReportViewModel): void {
  layout.paragraph(
    'Every evidence object this report relies on, pinned by store version and SHA-256. Fetch a version from the store and hash it to check it was not altered.',
    BODY,
    { after: 8 },
  );
  if (vm.evidence.length === 0) {
    layout.paragraph('None.');
    return;
  }
  layout.table(
    [
      { header: 'Key', width: 0.33 },
      { header: 'Version id', width: 0.16 },
      // Wide enough for a SHA-256 in exactly two lines of the small monospace font.
      { header: 'SHA-256', width: 0.29 },
      { header: 'Collected at', width: 0.14 },
      { header: 'Bytes', width: 0.08, align: 'right' },
    ],
    vm.evidence.map((e) => [mono(e.key), mono(e.versionId), mono(e.sha256), text(e.collectedAt), num(e.size)]),
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
  facts(
    layout,
    [
      ['Manifest', v.manifestKey, monoFact],
      ['Manifest SHA-256', v.manifestSha256, monoFact],
      ['Manifest signature', v.manifestSignatureKey, monoFact],
      ['Signer', `${vm.signer.algorithm}, key ${vm.signer.keyId}`],
      ['Public key fingerprint', v.publicKeyFingerprint, monoFact],
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

function tocLineStyle(level: 1 | 2): Style {
  return level === 1 ? { font: 'bold', size: 10 } : { font: 'body', size: 8.5 };
}

const TOC_LINE = 15;

function tocPagesNeeded(layout: Layout, entries: number): number {
  const first = Math.floor((layout.bottom - layout.top - 40) / TOC_LINE);
  const rest = Math.floor((layout.bottom - layout.top) / TOC_LINE);
  return entries <= first ? 1 : 1 + Math.ceil((entries - first) / rest);
}

function drawToc(layout: Layout, toc: TocEntry[], firstPageIndex: number): void {
  const { doc } = layout;
  let pageIndex = firstPageIndex;
  doc.switchToPage(pageIndex);
  layout.y = layout.top;
  layout.draw('Contents', layout.left, layout.y, H2);
  layout.y += 40;
  for (const entry of toc) {
    if (layout.y + TOC_LINE > layout.bottom) {
      pageIndex += 1;
      doc.switchToPage(pageIndex);
      layout.y = layout.top;
    }
    const style = tocLineStyle(entry.level);
    const indent = entry.level === 1 ? 0 : 14;
    const pageLabel = String(entry.page);
    const pageW = layout.measure(pageLabel, style);
    const bsize = 6.5;
    const bw = entry.status ? layout.badgeWidth(entry.status, bsize) + 6 : 0;
    const y = layout.y + (entry.level === 1 ? 4 : 0);
    if (entry.status) layout.badge(entry.status, layout.left + indent, y + 1, bsize);
    const labelX = layout.left + indent + bw;
    const label = layout.fit(entry.label, style, layout.width - indent - bw - pageW - 24);
    layout.draw(label, labelX, y, style);
    // Dotted leader between the label and the page number.
    const leaderStart = labelX + layout.measure(label, style) + 4;
    const leaderEnd = layout.left + layout.width - pageW - 4;
    if (leaderEnd > leaderStart) {
      doc.moveTo(leaderStart, y + style.size * 0.95).lineTo(leaderEnd, y + style.size * 0.95).lineWidth(0.5).dash(0.5, { space: 2.5 }).strokeColor(MUTED).stroke().undash();
    }
    layout.draw(pageLabel, layout.left + layout.width - pageW, y, style);
    doc.goTo(layout.left, y - 2, layout.width, TOC_LINE, entry.dest);
    layout.y += TOC_LINE + (entry.level === 1 ? 6 : 0);
  }
}

function drawRunningHeadAndFoot(layout: Layout, vm: ReportViewModel): void {
  const { doc } = layout;
  const { count } = doc.bufferedPageRange();
  const style: Style = { font: 'body', size: 7.5, color: MUTED };
  const runLabel = `Run ${vm.run.runId}`;
  for (let i = 0; i < count; i++) {
    doc.switchToPage(i);
    const right = layout.left + layout.width;
    const runW = Math.min(layout.measure(runLabel, style), layout.width / 2);
    const run = layout.fit(runLabel, style, runW + 0.01);
    layout.draw(run, right - layout.measure(run, style), 30, style);
    layout.draw(layout.fit(`${vm.framework.name} ${vm.framework.version} · compliance report`, style, layout.width - runW - 20), layout.left, 30, style);
    doc.moveTo(layout.left, 42).lineTo(right, 42).lineWidth(0.5).strokeColor(RULE).stroke();

    const footY = doc.page.height - 38;
    doc.moveTo(layout.left, footY - 6).lineTo(right, footY - 6).lineWidth(0.5).strokeColor(RULE).stroke();
    const pageLabel = `Page ${i + 1} of ${count}`;
    const pageW = layout.measure(pageLabel, style);
    layout.draw(pageLabel, right - pageW, footY, style);
    layout.draw(layout.fit(`Generated ${vm.generatedAt} by aws-evidence-collector ${vm.toolVersion}`, style, layout.width - pageW - 20), layout.left, footY, style);
  }
}

/** Lays out the whole report into `doc` and ends it. */
function drawReport(doc: Doc, vm: ReportViewModel): void {
  const fonts = reportFonts();
  for (const name of Object.keys(fonts) as ReportFont[]) doc.registerFont(name, fonts[name]);
  const layout = new Layout(doc);
  const toc: TocEntry[] = [];

  drawCover(layout, vm);
  const tocFirst = layout.pageNumber;
  const tocPages = tocPagesNeeded(layout, 5 + vm.controls.length);
  for (let i = 0; i < tocPages; i++) layout.newPage();

  sectionStart(layout, toc, 'Executive summary', 's1');
  drawSummary(layout, vm);

  const controlsOutline = sectionStart(layout, toc, 'Controls', 's2');
  layout.paragraph(`All ${vm.summary.total} controls of ${vm.framework.name}, in catalog order.`, BODY, { after: 10 });
  vm.controls.forEach((c, i) => drawControl(layout, c, i, controlsOutline, toc));

  sectionStart(layout, toc, 'Coverage', 's3');
  drawCoverage(layout, vm);
  sectionStart(layout, toc, 'Evidence index', 's4');
  drawEvidence(layout, vm);
  sectionStart(layout, toc, 'Verification', 's5');
  drawVerification(layout, vm);

  drawToc(layout, toc, tocFirst);
  drawRunningHeadAndFoot(layout, vm);
  doc.end();
}

function createDocument(vm: ReportViewModel): Doc {
  const date = new Date(vm.generatedAt);
  if (Number.isNaN(date.getTime())) throw new Error(`report generatedAt is not a valid timestamp: ${JSON.stringify(vm.generatedAt)}`);
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    lang: 'en',
    displayTitle: true,
    info: {
      Title: `${vm.framework.name} ${vm.framework.version} compliance report`,
      Author: 'aws-evidence-collector',
      Subject: `Run ${vm.run.runId}, ${vm.framework.id}, observed ${vm.run.startedAt} to ${vm.run.finishedAt}`,
      Creator: `aws-evidence-collector ${vm.toolVersion}`,
      // Fixed per run: pdfkit would otherwise stamp the wall clock, and the date feeds the file ID.
      CreationDate: date,
      ModDate: date,
    },
  });
  // pdfkit derives the trailer /ID from the info dictionary alone, so two different reports with
  // the same metadata would share an ID. Derive it from the whole view model instead: still
  // deterministic, and distinct whenever the content differs.
  (doc as unknown as { _id: Uint8Array })._id = documentId(vm);
  return doc;
}

/** The PDF trailer /ID: the first 16 bytes of the SHA-256 of the view model's JSON. */
export function documentId(vm: ReportViewModel): Buffer {
  return createHash('sha256').update(JSON.stringify(vm)).digest().subarray(0, 16);
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
  drawReport(doc, vm);
  return done;
}

/** Renders the report and streams it to `outPath`; a partial file is removed on failure. */
export async function renderPdf(vm: ReportViewModel, outPath: string): Promise<void> {
  const doc = createDocument(vm);
  const written = pipeline(doc, createWriteStream(outPath));
  try {
    drawReport(doc, vm);
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
