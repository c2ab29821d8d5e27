// Renders a PDF report in a worker thread with a bounded heap. PDF layout allocates fast: in the
// main process V8 lets the heap grow to several times what is live before collecting, on top of
// the run's results. In a worker the garbage stays within its own small heap, the main event
// loop stays free, and the memory is returned when the worker ends. If a report is too large for
// the worker's heap, it is rendered in the main thread instead.
import { Worker } from 'node:worker_threads';
import { renderPdf } from './pdf.ts';
import type { ReportViewModel } from './types.ts';

export interface IsolatedPdfOptions {
  /** Old-generation heap of the worker, in MB. */
  maxOldGenerationSizeMb?: number;
}

function workerUrl(): URL {
  if (!import.meta.url.endsWith('.ts')) return new URL('./pdf-worker.js', import.meta.url);
  // Running from TypeScript sources (npm start, the tests): tsx, a development dependency, is
  // registered in the worker before the worker module loads. The installed package runs dist/.
  const entry = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};
register();
await import(${JSON.stringify(new URL('./pdf-worker.ts', import.meta.url).href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(entry)}`);
}

export async function renderPdfIsolated(vm: ReportViewModel, outPath: string, opts: IsolatedPdfOptions = {}): Promise<void> {
  const url = workerUrl();
  try {
    await new Promise<void>((resolve, reject) => {
      const worker = new Worker(url, {
        workerData: { vm, outPath },
        resourceLimits: { maxOldGenerationSizeMb: opts.maxOldGenerationSizeMb ?? 192 },
        stdout: false,
        stderr: false,
      });
      let done = false;
      worker.once('message', () => {
        done = true;
      });
      worker.once('error', reject);
      worker.once('exit', (code) => (done && code === 0 ? resolve() : reject(new Error(`PDF worker exited with code ${code}`))));
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_WORKER_OUT_OF_MEMORY') throw err;
    await renderPdf(vm, outPath);
  }
}
