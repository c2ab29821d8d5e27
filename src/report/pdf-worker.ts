// Child process entry: renders PDF reports sent by its parent's pool, one at a time, until the
// parent closes the channel (see pdf-isolated.ts).
import module from 'node:module';
import { renderPdf } from './pdf.ts';
import { warmPdfRenderer } from './pdf/document.ts';
import type { PdfJob, PdfJobResult } from './pdf-isolated.ts';

// The parent's compile cache (bin/evidence.js) does not reach a forked child: each child would
// otherwise parse and compile the renderer and pdfkit again.
module.enableCompileCache?.();

const reply = (r: PdfJobResult): void => void process.send!(r);

process.on('message', (job: PdfJob) => {
  const cpu = process.cpuUsage();
  renderPdf(job.vm, job.out).then(
    () => {
      const spent = process.cpuUsage(cpu);
      reply({ ok: true, usage: { cpuMs: (spent.user + spent.system) / 1000, maxRssBytes: process.resourceUsage().maxRSS * 1024 } });
    },
    (err: unknown) => reply({ ok: false, message: (err as Error).message }),
  );
});
process.once('disconnect', () => process.exit(0));
// A job that arrives meanwhile waits for this, which its own first pass would have done anyway.
setImmediate(warmPdfRenderer);
