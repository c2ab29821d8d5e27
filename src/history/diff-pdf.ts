// The diff as a PDF: the same content as the text output, set in the report's embedded fonts.
// Byte-stable: the document dates are run B's finish time, never the wall clock.
import { createPdfDocument, renderToFile } from '../report/pdf/document.ts';
import { INK, WARN } from '../report/pdf/palette.ts';
import { renderDiffText } from './diff-text.ts';
import type { RunDiff } from './types.ts';

export async function writeDiffPdf(d: RunDiff, file: string, opts: { limit?: number; toolVersion?: string } = {}): Promise<void> {
  const date = new Date(d.b.finishedAt);
  const doc = createPdfDocument({
    margins: { top: 50, bottom: 50, left: 45, right: 45 },
    // The text flows with pdfkit's own wrapping and page breaks.
    autoFirstPage: true,
    info: {
      Title: `Changes from run ${d.a.runId} to run ${d.b.runId}`,
      Author: 'aws-evidence-collector',
      Creator: `aws-evidence-collector ${opts.toolVersion ?? ''}`.trim(),
      CreationDate: date,
      ModDate: date,
    },
  });
  await renderToFile(doc, file, () => {
    const [title, ...rest] = renderDiffText(d, opts).trimEnd().split('\n');
    doc.font('bold').fontSize(12).text(title ?? '', { paragraphGap: 6 });
    for (const line of rest) {
      const heading = line !== '' && !line.startsWith(' ') && !/^(Both|Controls|Scope)/.test(line);
      const alarm = /^\s+(REGRESSION|COVERAGE LOST|EXCEPTION EXPIRED|ATTESTATION EXPIRED)/.test(line) || /COVERAGE LOST/.test(line);
      doc
        .font(heading ? 'bold' : line.startsWith('    ') ? 'mono' : 'body')
        .fontSize(heading ? 11 : 8.5)
        .fillColor(alarm ? WARN : INK)
        .text(line === '' ? ' ' : line, { lineGap: 1 });
    }
  });
}
