// The layout engine shared by every PDF: its measured widths, tables across pages, and page numbers.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPdfDocument, renderToBuffer } from '../../src/report/pdf/document.ts';
import { layOutTwice } from '../../src/report/pdf/layout.ts';
import { runningHeadAndFoot } from '../../src/report/pdf/running.ts';
import { drawTable, text } from '../../src/report/pdf/table.ts';
import { Widths } from '../../src/report/pdf/text.ts';
import type { ReportFont } from '../../src/report/fonts.ts';

const work = mkdtempSync(path.join(tmpdir(), 'pdf-layout-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const newDoc = () => createPdfDocument({ margins: { top: 62, bottom: 58, left: 50, right: 50 }, info: { Title: 'layout test', CreationDate: new Date(0), ModDate: new Date(0) } });

function pdfText(pdf: Buffer): string {
  const file = path.join(work, 'out.pdf');
  writeFileSync(file, pdf);
  const r = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  if (r.error) throw new Error(`pdftotext is required (apt-get install poppler-utils): ${r.error.message}`);
  return r.stdout;
}

describe('documents', () => {
  it('measuring documents share the parsed fonts; each written document parses its own', () => {
    const measuring = () => createPdfDocument({ measuring: true, margins: { top: 62, bottom: 58, left: 50, right: 50 }, info: {} });
    const parsed = (doc: ReturnType<typeof newDoc>, font: ReportFont): unknown => (doc.font(font) as unknown as { _font: { font: unknown } })._font.font;
    for (const font of ['body', 'bold', 'mono'] as const) {
      expect(parsed(measuring(), font)).toBe(parsed(measuring(), font));
      const written = parsed(newDoc(), font);
      expect(written).not.toBe(parsed(newDoc(), font));
      expect(written).not.toBe(parsed(measuring(), font));
    }
  });
});

describe('Widths', () => {
  it("equals pdfkit's own shaped width, for simple text (per-character cache) and for text it must shape", () => {
    const widths = new Widths(newDoc());
    const reference = newDoc();
    const samples = ['AV To Ta WAVE', 'office affluent', 'arn:aws:iam::123456789012:role/Admin', 'Ελληνικά Кириллица', 'مرحبا שלום', '😀 emoji', ''];
    for (const font of ['body', 'bold', 'mono'] as ReportFont[]) {
      for (const s of samples) {
        for (const size of [6.5, 9, 22]) {
          const expected = reference.font(font).fontSize(size).widthOfString(s);
          // Twice: the second answer comes from the caches.
          expect(widths.measure(s, { font, size })).toBeCloseTo(expected, 6);
          expect(widths.measure(s, { font, size })).toBeCloseTo(expected, 6);
        }
      }
    }
  });
});

describe('layout', () => {
  it('repeats a long table\'s header on every page and numbers the pages from the measuring pass', async () => {
    const doc = newDoc();
    const running = (total: number) => runningHeadAndFoot({ headLeft: 'Left head', headRight: 'Right head', footLeft: 'Foot', total });
    const rows = Array.from({ length: 150 }, (_, i) => [text(`row-${i}`), text(i % 10 === 0 ? 'a long cell '.repeat(30) : 'short')]);
    const pdf = await renderToBuffer(doc, () =>
      layOutTwice(doc, newDoc(), running, (l) => {
        l.newPage();
        drawTable(l, [{ header: 'Name', width: 0.3 }, { header: 'Value', width: 0.7 }], rows, { caption: 'Rows' });
      }),
    );
    const pages = pdfText(pdf).split('\f').filter((p) => p.trim() !== '');
    expect(pages.length).toBeGreaterThan(2);
    pages.forEach((page, i) => {
      expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
      expect(page).toContain('Right head');
      expect(page).toMatch(i === 0 ? /Rows\n/ : /Rows \(continued\)/);
      expect(page).toMatch(/Name\s+Value/);
    });
    const all = pages.join('\n');
    for (const i of [0, 75, 149]) expect(all).toContain(`row-${i} `);
  });
});
