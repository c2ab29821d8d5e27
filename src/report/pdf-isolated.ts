// Renders PDF reports in child processes with a bounded heap. PDF layout allocates fast: in the
// main process V8 lets the heap grow to several times what is live before collecting, on top of
// the run's results. A child keeps that garbage in its own heap and returns the memory when it
// ends. A worker thread cannot do this on Node 24: a worker reaching its heap limit takes the
// whole process down. A child that dies (out of heap, killed) is replaced by an in-process render;
// the PDF is written under a temporary name and renamed, so a dead child never leaves a
// truncated PDF at the final path.
import { fork } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderPdf } from './pdf.ts';
import type { ReportViewModel } from './types.ts';

export interface IsolatedPdfOptions {
  /** Old-generation heap of the child, in MB. */
  maxOldGenerationSizeMb?: number;
  /** Told when a child dies and the PDF is rendered in-process instead. */
  log?: { warn: (obj: object, msg: string) => void };
  /** Called with the child's pid once it runs (to watch it; the tests kill it). */
  onChild?: (pid: number) => void;
}

/** Exit code of a child whose render threw: the report's own error, not a dead child. */
export const PDF_CHILD_RENDER_ERROR = 3;

/** How many PDF children run at once (both cores on the nightly host); lower with setPdfParallelism. */
let parallelism = Math.max(1, os.availableParallelism());
let running = 0;
const waiting: (() => void)[] = [];

export function setPdfParallelism(n: number): void {
  parallelism = Math.max(1, Math.floor(n));
}

async function slot(): Promise<() => void> {
  if (running >= parallelism) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

function childEntry(): { module: string; execArgv: string[] } {
  const ts = import.meta.url.endsWith('.ts');
  // From TypeScript sources (npm start, the tests) the child loads tsx, a development dependency;
  // the installed package runs dist/.
  return { module: fileURLToPath(new URL(ts ? './pdf-worker.ts' : './pdf-worker.js', import.meta.url)), execArgv: ts ? ['--import', 'tsx'] : [] };
}

type ChildEnd = { ok: true } | { ok: false; died: boolean; detail: string };

function runChild(vmFile: string, outFile: string, heapMb: number, onChild?: (pid: number) => void): Promise<ChildEnd> {
  const { module, execArgv } = childEntry();
  return new Promise((resolve, reject) => {
    const child = fork(module, [vmFile, outFile], {
      // A young generation capped at 16 MB semi-spaces: layout garbage dies young either way, and
      // the child then used about 10 % less CPU and a fifth less memory than with V8's default.
      execArgv: [...execArgv, `--max-old-space-size=${heapMb}`, '--max-semi-space-size=16'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    if (onChild) child.once('spawn', () => onChild(child.pid!));
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-2000);
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve({ ok: true });
      else if (code === PDF_CHILD_RENDER_ERROR) resolve({ ok: false, died: false, detail: stderr.trim() });
      else resolve({ ok: false, died: true, detail: signal ? `signal ${signal}` : `exit code ${code}: ${stderr.trim().split('\n').slice(-3).join(' ')}` });
    });
  });
}

export async function renderPdfIsolated(vm: ReportViewModel, outPath: string, opts: IsolatedPdfOptions = {}): Promise<void> {
  const release = await slot();
  const tmpDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pdf-render-'));
  const partial = `${outPath}.partial-${process.pid}-${path.basename(tmpDir)}`;
  try {
    const vmFile = path.join(tmpDir, 'view-model.json');
    // One JSON string at a time: the child parses it back to the same plain data the render reads.
    await fs.writeFile(vmFile, JSON.stringify(vm));
    let end: ChildEnd;
    try {
      end = await runChild(vmFile, partial, opts.maxOldGenerationSizeMb ?? 192, opts.onChild);
    } catch (err) {
      throw new Error(`PDF report ${outPath}: cannot start the render process: ${(err as Error).message}`, { cause: err });
    }
    if (!end.ok && !end.died) throw new Error(`PDF report ${outPath}: ${end.detail}`);
    if (!end.ok) {
      opts.log?.warn({ file: outPath, reason: end.detail }, 'PDF render process died; rendering in-process');
      await fs.rm(partial, { force: true });
      await renderPdf(vm, partial);
    }
    await fs.rename(partial, outPath);
  } finally {
    await fs.rm(partial, { force: true });
    await fs.rm(tmpDir, { recursive: true, force: true });
    release();
  }
}
