// The cheaper text paths of the PDF documents (glyph encoding from cached layouts, page content
// kept as strings) must write exactly the bytes pdfkit's own paths write.
import { inflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { bufferPageContent, cacheColorOperators } from '../../src/report/pdf/content-stream.ts';
import { drawLine, fastTextEncoding } from '../../src/report/pdf/fast-encode.ts';
import { renderToBuffer } from '../../src/report/pdf/document.ts';
import { reportFonts, type ReportFont } from '../../src/report/fonts.ts';

const LINES = [
  'AV To Wa Ty LT P. Yo "quoted" Fj ff fi fl office (ligatures) — dashes – and ‘quotes’',
  'arn:aws:s3:::bucket-name-0001 i-0123456789abcdef0 vpc-0a1b2c3d sg-000111 AKIA... 100% [x]',
  'Ελληνικά Кириллица Ünïcödé café naïve ½ € ← → ‰ ‹›',
  'مرحبا بالعالم עברית 漢字 emoji 😀 e\u0301 combining',
  'tab\tseparated  double  space trailing ',
  'AAAA VVVV WWWW TTTT yyyy',
];

function render(fast: boolean, compress: boolean, level?: number): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', autoFirstPage: false, compress, info: { CreationDate: new Date(0), ModDate: new Date(0) } });
  const fonts = reportFonts();
  for (const name of Object.keys(fonts) as ReportFont[]) doc.registerFont(name, fonts[name]);
  if (fast) {
    bufferPageContent(doc, level);
    cacheColorOperators(doc);
    fastTextEncoding(doc);
  }
  return renderToBuffer(doc, () => {
    for (let page = 0; page < 2; page++) {
      doc.addPage();
      let y = 50;
      for (const font of ['body', 'bold', 'mono'] as const) {
        doc.font(font).fontSize(9 + page);
        // Colours as the report sets them, and others pdfkit takes (named, short hex, arrays, CMYK).
        for (const color of ['#1f2937', '#FFFFFF', '#b91c1c', 'red', '#abc', [10, 20, 30], [0, 50, 100, 0], '#1f2937']) {
          doc.fillColor(color as string).strokeColor(color as string);
          doc.rect(20, y, 5, 5).fill(color as string);
        }
        for (const line of LINES) {
          doc.text(line, 40, y, { lineBreak: false });
          y += 14;
        }
        // Words repeat across lines and pages: the second time they come from the caches.
        doc.text(LINES.join(' '), 40, y, { width: 500 });
        y = doc.y + 10;
      }
      doc.rect(10, 10, 20, 20).fill('#336699');
    }
  });
}

describe('fast PDF text paths', () => {
  it('write the same bytes as pdfkit, compressed and not', async () => {
    for (const compress of [false, true]) {
      const [plain, fast] = await Promise.all([render(false, compress), render(true, compress)]);
      expect(fast.length).toBeGreaterThan(10_000);
      expect(fast.equals(plain)).toBe(true);
    }
  });

  it('draw whole lines as the same operators as pdfkit\'s fragment writer', async () => {
    type Fragment = { _fragment: (text: string, x: number, y: number, options: object) => void };
    const draw = (fast: boolean): Promise<Buffer> => {
      const doc = new PDFDocument({ size: 'A4', autoFirstPage: false, compress: false, info: { CreationDate: new Date(0), ModDate: new Date(0) } });
      const fonts = reportFonts();
      for (const name of Object.keys(fonts) as ReportFont[]) doc.registerFont(name, fonts[name]);
      if (fast) {
        bufferPageContent(doc);
        fastTextEncoding(doc);
      }
      return renderToBuffer(doc, () => {
        for (let page = 0; page < 2; page++) {
          doc.addPage();
          let y = 50.25;
          for (const font of ['body', 'bold', 'mono'] as const) {
            doc.font(font).fontSize(7.5 + page);
            for (const line of [...LINES, ...LINES.map((l) => l.split(' ').reverse().join(' ')), '', ' ', 'Office ']) {
              if (!fast || !drawLine(doc, line, 40.125, y)) (doc as unknown as Fragment)._fragment(line, 40.125, y, { textWidth: 0, wordCount: 0 });
              y += 11.3;
            }
          }
        }
      });
    };
    const [plain, fast] = await Promise.all([draw(false), draw(true)]);
    expect(fast.length).toBeGreaterThan(10_000);
    expect(fast.toString('latin1')).toBe(plain.toString('latin1'));
  });

  it('compress page content at the level asked, to the same content', async () => {
    const streams = (pdf: Buffer): string[] => {
      const out: string[] = [];
      const latin = pdf.toString('latin1');
      for (const m of latin.matchAll(/\/Filter \/FlateDecode[^]*?stream\n([^]*?)\nendstream/g)) out.push(inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1'));
      return out;
    };
    const [plain, fast] = await Promise.all([render(false, true), render(true, true, 1)]);
    expect(fast.equals(plain)).toBe(false);
    const a = streams(plain);
    expect(a.length).toBeGreaterThan(2);
    expect(streams(fast)).toEqual(a);
  });

  it('encodes plain text without fontkit laying out each word', async () => {
    const doc = new PDFDocument({ size: 'A4', autoFirstPage: false });
    doc.registerFont('body', reportFonts().body);
    fastTextEncoding(doc);
    doc.addPage();
    doc.font('body').fontSize(10);
    const font = (doc as unknown as { _font: { layoutRun: (t: string) => unknown; encode: (t: string) => [string[], unknown[]] } })._font;
    const calls: string[] = [];
    const layoutRun = font.layoutRun.bind(font);
    font.layoutRun = (t: string) => {
      calls.push(t);
      return layoutRun(t);
    };
    font.encode('abab abab');
    const first = calls.length;
    expect(first).toBeGreaterThan(0);
    expect(calls.every((t) => t.length <= 2)).toBe(true);
    // A new word of characters already seen needs no layout at all.
    const [glyphs] = font.encode('baba');
    expect(glyphs).toHaveLength(4);
    expect(calls.length).toBe(first);
    // Text that must be shaped still is, as a whole word (one no other test draws).
    const word = 'مرحباثثث';
    font.encode(word);
    expect(calls.at(-1)).toBe(word);

    // A later document in the same fonts reuses the shaped word: fontkit lays it out once per process.
    const next = new PDFDocument({ size: 'A4', autoFirstPage: false });
    next.registerFont('body', reportFonts().body);
    fastTextEncoding(next);
    next.addPage();
    next.font('body').fontSize(10);
    const nextFont = (next as unknown as { _font: typeof font })._font;
    const nextCalls: string[] = [];
    const nextLayout = nextFont.layoutRun.bind(nextFont);
    nextFont.layoutRun = (t: string) => {
      nextCalls.push(t);
      return nextLayout(t);
    };
    const [again] = nextFont.encode(word);
    expect(nextCalls).not.toContain(word);
    expect(again).toHaveLength(font.encode(word)[0].length);
  });
});
