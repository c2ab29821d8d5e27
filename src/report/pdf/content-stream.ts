// Cheaper page content streams for pdfkit. pdfkit turns every drawing operator (each `BT`, `Tf`,
// `TJ`, colour, rectangle…) into its own small Uint8Array as it is written, then concatenates them
// all when the page ends: on a report of hundreds of pages that is millions of short-lived arrays,
// and most of the render's garbage collection. Here a page's operators are kept as strings and
// encoded once when the page ends; the bytes written are the same.
type Doc = PDFKit.PDFDocument;

interface ContentRef {
  write(chunk: string | Uint8Array): void;
  finalize(): void;
  compress: boolean;
  data: { Filter?: string };
}

function buffered(ref: ContentRef): void {
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
    finalize();
  };
}

/** Makes every page `doc` adds from now on buffer its content as described above. */
export function bufferPageContent(doc: Doc): void {
  doc.on('pageAdded', () => {
    const page = (doc as unknown as { page: { content: ContentRef } }).page;
    buffered(page.content);
  });
}
