// Worker thread entry: renders one PDF report to a file (see pdf-isolated.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { renderPdf } from './pdf.ts';
import type { ReportViewModel } from './types.ts';

const { vm, outPath } = workerData as { vm: ReportViewModel; outPath: string };
await renderPdf(vm, outPath);
parentPort?.postMessage('done');
