// pdfkit documents for every PDF: the embedded fonts, fixed dates and id so output is byte-stable,
// and output streamed to a file or collected in memory.
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pipeline } from 'node:stream/promises';
import type PDFKitDocument from 'pdfkit';
import { reportFonts, type ReportFont } from '../fonts.ts';
import { bufferPageContent, cacheColorOperators } from './content-stream.ts';
import { fastTextEncoding } from './fast-encode.ts';

export type Doc = PDFKit.PDFDocument;

// pdfkit (with its font parsers) is loaded by the first PDF, not on import: it took about 0.2 s of
// CPU to load, paid by every command and child process that imports the report folder and draws
// no PDF (a run's PDFs are drawn in worker processes).
let PDFDocument: typeof PDFKitDocument | undefined;
const pdfkit = (): typeof PDFKitDocument => (PDFDocument ??= createRequire(import.meta.url)('pdfkit') as typeof PDFKitDocument);

/**
 * zlib level of page content: level 1 instead of zlib's default 6 took 5-10 % off a large
 * report's CPU for a file about a fifth larger (7.0 MB instead of 5.9 MB for 1,000 controls).
 */
const CONTENT_DEFLATE_LEVEL = 1;

export interface DocumentOptions {
  margins: { top: number; bottom: number; left: number; right: number };
  /** Document information; its dates should be fixed by the caller, never the wall clock. */
  info: PDFKit.DocumentInfo;
  /** A document that is only laid out to measure, never written (see layOutTwice). */
  measuring?: boolean;
}

/**
 * The report fonts parsed once for every measuring document of the process. A render process
 * lays out several reports, each twice; parsing the font tables again for each measuring pass
 * cost about as much as embedding the fonts. Only measuring documents share them: fontkit's glyph
 * objects remember the code points they were first laid out from, and a written document's text
 * extraction map is made from those, so each written document keeps fonts of its own.
 */
let measuringFonts: Record<ReportFont, unknown> | undefined;
function sharedMeasuringFonts(): Record<ReportFont, unknown> {
  if (!measuringFonts) {
    // The fontkit pdfkit itself loads (pdfkit takes a parsed font in place of its bytes).
    const fontkit = createRequire(createRequire(import.meta.url).resolve('pdfkit'))('fontkit') as { create(data: Uint8Array): unknown };
    const files = reportFonts();
    measuringFonts = { body: fontkit.create(files.body), bold: fontkit.create(files.bold), mono: fontkit.create(files.mono) };
  }
  return measuringFonts;
}

/** A new A4 document with the report fonts registered as body, bold and mono. */
export function createPdfDocument(opts: DocumentOptions): Doc {
  const doc = new (pdfkit())({
    size: 'A4',
    margins: opts.margins,
    // Pages are opened by the layout, and flushed to the output as soon as the next one starts.
    autoFirstPage: false,
    bufferPages: false,
    lang: 'en',
    displayTitle: true,
    info: opts.info,
  });
  const fonts = opts.measuring ? sharedMeasuringFonts() : reportFonts();
  for (const name of Object.keys(fonts) as ReportFont[]) doc.registerFont(name, fonts[name] as Buffer);
  bufferPageContent(doc, CONTENT_DEFLATE_LEVEL);
  cacheColorOperators(doc);
  fastTextEncoding(doc);
  return doc;
}

/**
 * Loads pdfkit and fontkit and parses the measuring documents' fonts (their glyph, kerning and
 * ligature tables), as a report's first measuring pass would: a render child does it as it
 * starts, which in a run is while collection still waits on AWS, not on the reports' path.
 */
export function warmPdfRenderer(): void {
  const doc = createPdfDocument({ measuring: true, margins: { top: 0, bottom: 0, left: 0, right: 0 }, info: {} });
  for (const font of Object.keys(reportFonts()) as ReportFont[]) doc.font(font).fontSize(10).widthOfString('Control AC-2 (1): configuration of the offload, 0123456789');
}

/**
 * Sets the trailer /ID. pdfkit derives it from the info dictionary alone, so two documents with
 * the same metadata would share one; callers derive it from their content instead.
 */
export function setDocumentId(doc: Doc, id: Uint8Array): void {
  (doc as unknown as { _id: Uint8Array })._id = id;
}

/** Waits while more than this many bytes of output are waiting to be read, so output streams. */
const HIGH_WATER = 4 * 1024 * 1024;

export async function drain(doc: Doc): Promise<void> {
  for (let i = 0; i < 10_000 && doc.readableLength > HIGH_WATER && doc.readableFlowing !== null; i++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Lays out `doc` with `draw`, ends it, and returns the bytes. */
export async function renderToBuffer(doc: Doc, draw: () => Promise<void> | void): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  await draw();
  doc.end();
  return done;
}

/** Lays out `doc` with `draw` and streams it to `file` page by page; a partial file is removed on failure. */
export async function renderToFile(doc: Doc, file: string, draw: () => Promise<void> | void): Promise<void> {
  const written = pipeline(doc, createWriteStream(file));
  try {
    await draw();
    doc.end();
  } catch (err) {
    doc.destroy(err as Error);
    await written.catch(() => undefined);
    await rm(file, { force: true });
    throw err;
  }
  try {
    await written;
  } catch (err) {
    await rm(file, { force: true });
    throw err;
  }
}
