// Renders PDF reports in child processes with a bounded heap. PDF layout allocates fast: in the
// main process V8 lets the heap grow to several times what is live before collecting, on top of
// the run's results. A child keeps that garbage in its own heap, bounded by its own limit. A worker
// thread cannot do this on Node 24: a worker reaching its heap limit takes the whole process down.
//
// A pool (one per run) keeps its children between reports, so each loads the renderer and fonts
// once, not once per framework; the children end when the pool closes. A child that dies (out of
// heap, killed by a signal) is replaced by an in-process render of that report, with a warning; a
// child that cannot run at all (it exits otherwise, e.g. a module it cannot load) is an error, not
// something to hide behind the fallback. The PDF is written under a temporary name and renamed, so
// a dead child never leaves a truncated PDF at the final path.
import { fork, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { renderPdf } from './pdf.ts';
import type { ReportViewModel } from './types.ts';

export interface IsolatedPdfOptions {
  /** Old-generation heap of each child, in MB. */
  maxOldGenerationSizeMb?: number;
  /** Told when a child dies and the PDF is rendered in-process instead (stderr when absent). */
  log?: { warn: (obj: object, msg: string) => void };
  /** Called with each child's pid once it runs (to watch it; the tests kill it). */
  onChild?: (pid: number) => void;
}

/** A job sent to a child: the view model itself, copied by V8's serializer (the channel's
 * 'advanced' serialization) without a JSON string of the whole report in between. */
export interface PdfJob {
  vm: ReportViewModel;
  out: string;
}
/** A child's answer to a job. */
/** What one render cost its child: CPU time of the job, and the child's peak RSS so far. */
export interface PdfRenderUsage {
  cpuMs: number;
  maxRssBytes: number;
}
export type PdfJobResult = { ok: true; usage?: PdfRenderUsage } | { ok: false; message: string };

/** How many PDFs render at once in this process (both cores on the nightly host); lower with setPdfParallelism. */
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
  if (!import.meta.url.endsWith('.ts')) return { module: fileURLToPath(new URL('./pdf-worker.js', import.meta.url)), execArgv: [] };
  // From TypeScript sources (npm start, the tests) the child loads tsx, a development dependency,
  // resolved from this file: `--import tsx` alone would resolve from the working directory.
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return { module: fileURLToPath(new URL('./pdf-worker.ts', import.meta.url)), execArgv: ['--import', tsx] };
}

/** How a job ended: rendered, a render error (the report's own), a dead child, or a child that could not run. */
type JobEnd = { kind: 'ok'; usage?: PdfRenderUsage } | { kind: 'render-error'; detail: string } | { kind: 'died'; detail: string } | { kind: 'failed'; detail: string };

class PdfChild {
  readonly process: ChildProcess;
  exited = false;
  private stderr = '';
  private pending: ((end: JobEnd) => void) | undefined;
  private readonly ended: Promise<void>;

  constructor(heapMb: number, onChild?: (pid: number) => void) {
    const { module, execArgv } = childEntry();
    this.process = fork(module, [], {
      // A young generation capped at 16 MB semi-spaces: layout garbage dies young either way, and
      // the child then used about 10 % less CPU and a fifth less memory than with V8's default.
      execArgv: [...execArgv, `--max-old-space-size=${heapMb}`, '--max-semi-space-size=16'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    if (onChild) this.process.once('spawn', () => onChild(this.process.pid!));
    this.process.stderr?.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-4000);
    });
    this.process.on('message', (m: PdfJobResult) => this.settle(m.ok ? { kind: 'ok', ...(m.usage ? { usage: m.usage } : {}) } : { kind: 'render-error', detail: m.message }));
    this.ended = new Promise((resolve) => {
      this.process.once('error', (err) => {
        this.exited = true;
        this.settle({ kind: 'failed', detail: `cannot start the render process: ${err.message}` });
        resolve();
      });
      this.process.once('exit', (code, signal) => {
        this.exited = true;
        this.settle(this.exitEnd(code, signal));
        resolve();
      });
    });
  }

  /** Out of heap (V8 aborts or traps) or killed: a death the in-process render stands in for. */
  private exitEnd(code: number | null, signal: NodeJS.Signals | null): JobEnd {
    const tail = this.stderr.trim().split('\n').filter((l) => l.trim() !== '');
    const oom = /out of memory/i.test(this.stderr);
    if (signal || oom) return { kind: 'died', detail: signal ? `signal ${signal}${oom ? ' (out of memory)' : ''}` : `exit code ${code} (out of memory)` };
    return { kind: 'failed', detail: `the render process exited with code ${code}${tail.length ? `: ${tail.slice(-5).join(' ')}` : ''}` };
  }

  private settle(end: JobEnd): void {
    const p = this.pending;
    this.pending = undefined;
    p?.(end);
  }

  run(job: PdfJob): Promise<JobEnd> {
    return new Promise((resolve) => {
      this.pending = resolve;
      if (this.exited) return this.settle({ kind: 'failed', detail: 'the render process had ended' });
      // A send on a channel that just closed fails here; the 'exit' handler settles the job then.
      this.process.send(job, (err) => {
        if (err && !this.exited) this.process.kill('SIGKILL');
      });
    });
  }

  /** Ends the child (it exits when its channel closes) and waits for it. */
  async close(): Promise<void> {
    if (!this.exited && this.process.connected) this.process.disconnect();
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 5000);
    await this.ended;
    clearTimeout(timer);
  }
}

/** Renders PDFs in long-lived children: up to setPdfParallelism at once in this process. Close it when done. */
export class PdfRenderPool {
  private readonly idle: PdfChild[] = [];
  private readonly all = new Set<PdfChild>();
  private closed = false;

  constructor(private readonly opts: IsolatedPdfOptions = {}) {}

  /** Starts children ahead of the first render, up to `n` (at most the PDFs that render at once):
   * each loads the renderer while the caller still waits on something else. */
  warm(n = parallelism): void {
    while (!this.closed && this.all.size < Math.min(n, parallelism)) this.idle.push(this.spawn());
  }

  private spawn(): PdfChild {
    const child = new PdfChild(this.opts.maxOldGenerationSizeMb ?? 192, this.opts.onChild);
    this.all.add(child);
    return child;
  }

  /** Renders one PDF; resolves with what the child spent on it (none when it rendered in-process). */
  async render(vm: ReportViewModel, outPath: string): Promise<PdfRenderUsage | undefined> {
    if (this.closed) throw new Error('PDF render pool closed');
    const release = await slot();
    const partial = `${outPath}.partial-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
    try {
      let child = this.idle.pop();
      while (child?.exited) child = this.idle.pop();
      child ??= this.spawn();
      const end = await child.run({ vm, out: partial });
      if (end.kind === 'ok' || end.kind === 'render-error') this.idle.push(child);
      else this.all.delete(child);
      if (end.kind === 'render-error') throw new Error(`PDF report ${outPath}: ${end.detail}`);
      if (end.kind === 'failed') throw new Error(`PDF report ${outPath}: ${end.detail}`);
      if (end.kind === 'died') {
        const msg = 'PDF render process died; rendering in-process';
        if (this.opts.log) this.opts.log.warn({ file: outPath, reason: end.detail }, msg);
        else process.stderr.write(`warning: ${msg}: ${outPath}: ${end.detail}\n`);
        await fs.rm(partial, { force: true });
        await renderPdf(vm, partial);
      }
      await fs.rename(partial, outPath);
      return end.kind === 'ok' ? end.usage : undefined;
    } finally {
      await fs.rm(partial, { force: true });
      release();
    }
  }

  /** Ends every child; call it once every render has settled. */
  async close(): Promise<void> {
    this.closed = true;
    this.idle.length = 0;
    await Promise.all([...this.all].map((c) => c.close()));
    this.all.clear();
  }
}

/** One PDF through a pool of its own (its child ends with it). */
export async function renderPdfIsolated(vm: ReportViewModel, outPath: string, opts: IsolatedPdfOptions = {}): Promise<PdfRenderUsage | undefined> {
  const pool = new PdfRenderPool(opts);
  try {
    return await pool.render(vm, outPath);
  } finally {
    await pool.close();
  }
}
