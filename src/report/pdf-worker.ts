// Child process entry: renders one PDF report from a view model file (see pdf-isolated.ts).
import { readFileSync } from 'node:fs';
import { renderPdf } from './pdf.ts';
import { PDF_CHILD_RENDER_ERROR } from './pdf-isolated.ts';
import type { ReportViewModel } from './types.ts';

const [vmFile, outPath] = process.argv.slice(2) as [string, string];
try {
  const vm = JSON.parse(readFileSync(vmFile, 'utf8')) as ReportViewModel;
  await renderPdf(vm, outPath);
  process.exit(0);
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  // Kept apart from a dying process (out of heap: 134, killed: a signal), which is retried in-process.
  process.exit(PDF_CHILD_RENDER_ERROR);
}
