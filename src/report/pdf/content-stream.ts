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

/**
 * Colour operators kept per colour: pdfkit parses a `#rrggbb` colour and formats its components
 * each time it sets a fill or stroke colour (every table stripe, badge, rule and text colour
 * change). Here each colour's operators are made once, the same text pdfkit writes; any other
 * kind of colour goes through pdfkit.
 */
export function cacheColorOperators(doc: Doc): void {
  const d = doc as unknown as { _setColorCore(color: unknown, stroke: boolean): boolean; addContent(data: string): unknown };
  const core = d._setColorCore.bind(d);
  const made = [new Map<string, string>(), new Map<string, string>()];
  d._setColorCore = (color: unknown, stroke: boolean): boolean => {
    if (typeof color !== 'string') return core(color, stroke);
    const cache = made[stroke ? 1 : 0]!;
    let ops = cache.get(color);
    if (ops === undefined) {
      if (!/^#[0-9a-fA-F]{6}$/.test(color)) return core(color, stroke);
      // As pdfkit's _normalizeColor and _setColorCore: components over 255, joined as JavaScript prints them.
      const hex = parseInt(color.slice(1), 16);
      const rgb = [hex >> 16, (hex >> 8) & 0xff, hex & 0xff].map((part) => part / 255);
      ops = `/DeviceRGB ${stroke ? 'CS' : 'cs'}\n${rgb.join(' ')} ${stroke ? 'SCN' : 'scn'}`;
      cache.set(color, ops);
    }
    d.addContent(ops);
    return true;
  };
}
