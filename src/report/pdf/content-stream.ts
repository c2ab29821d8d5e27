// Cheaper page content streams for pdfkit. pdfkit turns every drawing operator (each `BT`, `Tf`,
// `TJ`, colour, rectangle…) into its own small Uint8Array as it is written, then concatenates them
// all when the page ends: on a report of hundreds of pages that is millions of short-lived arrays,
// and a large share of the render's garbage. Here a page's operators are kept as strings and
// encoded once when the page ends, then compressed at the given zlib level.
import { deflateSync } from 'node:zlib';

type Doc = PDFKit.PDFDocument;

interface ContentRef {
  write(chunk: string | Uint8Array): void;
  finalize(): void;
  compress: boolean;
  buffer: Uint8Array[];
  data: { Filter?: string };
}

/** zlib's default: the same bytes as pdfkit writes. */
export const PDFKIT_DEFLATE_LEVEL = 6;

function buffered(ref: ContentRef, level: number): void {
  const write = ref.write.bind(ref);
  const finalize = ref.finalize.bind(ref);
  let parts: string[] = [];
  const flush = (): void => {
    if (parts.length === 0) return;
    // pdfkit ends every operator with a newline; its content is ASCII (hex glyph strings, numbers).
    parts.push('');
    const bytes = Buffer.from(parts.join('\n'), 'latin1');
    parts = [];
    write(bytes);
  };
  ref.write = (chunk) => {
    if (typeof chunk === 'string') parts.push(chunk);
    else {
      flush();
      write(chunk);
    }
  };
  ref.finalize = () => {
    flush();
    if (ref.compress && level !== PDFKIT_DEFLATE_LEVEL && ref.buffer.length > 0) {
      // Compressed here, so pdfkit writes the stream as it is and only records the filter.
      ref.buffer = [deflateSync(Buffer.concat(ref.buffer), { level })];
      ref.compress = false;
      ref.data.Filter = 'FlateDecode';
    }
    finalize();
  };
}

/** Makes every page `doc` adds from now on buffer its content as described above. */
export function bufferPageContent(doc: Doc, level = PDFKIT_DEFLATE_LEVEL): void {
  doc.on('pageAdded', () => {
    const page = (doc as unknown as { page: { content: ContentRef } }).page;
    buffered(page.content, level);
  });
}
