import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { documentId, renderPdf, renderPdfBuffer } from '../../src/report/pdf.ts';
import { PdfRenderPool, renderPdfIsolated } from '../../src/report/pdf-isolated.ts';
import { hostileViewModel, sampleViewModel } from '../fixtures/view-model.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'report-pdf-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * Text of a PDF via poppler's pdftotext. Missing pdftotext is a failure, not a skip: CI installs
 * poppler-utils, and without it these tests would prove nothing about the content.
 */
function pdfText(pdf: Buffer, name: string): string {
  const file = path.join(work, `${name}.pdf`);
  writeFileSync(file, pdf);
  const result = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) {
    throw new Error(`pdftotext is required for the PDF report tests (apt-get install poppler-utils): ${result.error.message}`);
  }
  if (result.status !== 0) throw new Error(`pdftotext failed: ${result.stderr}`);
  return result.stdout;
}

const squash = (s: string) => s.replace(/\s+/g, '');

/** The text without the running head and foot, so a value split across pages reads whole. */
const withoutRunningLines = (s: string) =>
  s
    .split(/\n|\f/)
    .filter((l) => !/compliance report|^Run \d{8}T|^Generated \d{4}-|^Page \d+ of \d+$/.test(l.trim()))
    .join('\n');

describe('renderPdf', () => {
  const sample = sampleViewModel();
  const hostile = hostileViewModel();
  let samplePdf: Buffer;
  let hostilePdf: Buffer;

  beforeAll(async () => {
    samplePdf = await renderPdfBuffer(sample);
    hostilePdf = await renderPdfBuffer(hostile);
  });

  it('produces PDF files', () => {
    for (const pdf of [samplePdf, hostilePdf]) {
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
    }
  });

  it('is byte-stable for the same view model', async () => {
    expect((await renderPdfBuffer(sampleViewModel())).equals(samplePdf)).toBe(true);
    expect((await renderPdfBuffer(hostileViewModel())).equals(hostilePdf)).toBe(true);
  });

  it('is byte-stable across processes', () => {
    // A fresh process has cold caches (fonts, glyph layout): output must not depend on them.
    const script = [
      `import { renderPdfBuffer } from ${JSON.stringify(path.join(repoRoot, 'src/report/pdf.ts'))};`,
      `import { sampleViewModel } from ${JSON.stringify(path.join(repoRoot, 'test/fixtures/view-model.ts'))};`,
      `import { createHash } from 'node:crypto';`,
      `const pdf = await renderPdfBuffer(sampleViewModel());`,
      `process.stdout.write(createHash('sha256').update(pdf).digest('hex'));`,
    ].join('\n');
    const file = path.join(work, 'render.mts');
    writeFileSync(file, script);
    const out = execFileSync(process.execPath, ['--import', 'tsx', file], { cwd: repoRoot, encoding: 'utf8' });
    expect(out).toBe(createHash('sha256').update(samplePdf).digest('hex'));
  });

  it('fixes the dates and derives the file ID from the view model', () => {
    const raw = samplePdf.toString('latin1');
    // pdfkit writes each info value as its own object: /CreationDate 12 0 R ... 12 0 obj (D:...)
    for (const key of ['CreationDate', 'ModDate']) {
      const ref = new RegExp(`/${key} (\\d+) 0 R`).exec(raw)?.[1];
      expect(ref, key).toBeDefined();
      expect(raw).toMatch(new RegExp(`\\n${ref} 0 obj\\n\\(D:20261031021409Z\\)`));
    }
    expect(raw).not.toMatch(/D:(?!20261031021409Z)\d{14}/);
    const id = documentId(sample).toString('hex');
    expect(raw).toMatch(new RegExp(`/ID \\[<${id}> <${id}>\\]`, 'i'));
    expect(documentId(hostile).toString('hex')).not.toBe(id);
  });

  it('survives control characters and empty lists', async () => {
    const vm = sampleViewModel();
    const first = vm.controls[0];
    if (!first) throw new Error('fixture has no controls');
    vm.controls = [{ ...first, title: 'nul\u0000 esc\u001b[31m bell\u0007 tab\there\r\nnext line\u2028sep' }, ...vm.controls.slice(1)];
    vm.coverage = { ...vm.coverage, services: [], collections: [], failures: [], rulesNotDeployed: [], controlsWithoutEvidence: [] };
    vm.evidence = [];
    vm.verification = { ...vm.verification, commands: [] };
    const txt = pdfText(await renderPdfBuffer(vm), 'controls');
    expect(txt).toContain('next line');
    expect(txt.match(/None\./g)?.length).toBeGreaterThanOrEqual(6);
  });

  it('rejects a view model without a valid generatedAt instead of stamping the clock', async () => {
    await expect(renderPdfBuffer(sampleViewModel({ generatedAt: 'yesterday' }))).rejects.toThrow(/generatedAt/);
  });

  it('streams to a file with the same bytes as the buffer', async () => {
    const out = path.join(work, 'streamed.pdf');
    await renderPdf(sample, out);
    expect(readFileSync(out).equals(samplePdf)).toBe(true);
  });

  it('shows every control, the run id, page numbers and the verification commands', () => {
    const txt = pdfText(samplePdf, 'sample');
    for (const c of sample.controls) expect(txt, c.id).toContain(c.id);
    expect(txt).toContain('Page 1 of');
    const pages = Number(/Page 1 of (\d+)/.exec(txt)?.[1]);
    expect(txt).toContain(`Page ${pages} of ${pages}`);
    // The run id is in the running header of every page.
    expect(txt.split(`Run ${sample.run.runId}`).length - 1).toBeGreaterThanOrEqual(pages);
    // Commands may wrap across lines; compare without whitespace.
    for (const c of sample.verification.commands) expect(squash(txt)).toContain(squash(c.command));
    for (const text of ['Contents', 'Executive summary', 'Coverage', 'Evidence index', 'Verification', 'ENCRYPTED_VOLUMES', '…and 4 more']) {
      expect(txt).toContain(text);
    }
    expect(squash(txt)).toContain(squash(sample.verification.manifestSha256));
    for (const e of sample.evidence) expect(squash(txt)).toContain(e.sha256);
  });

  it('shows the summary counts in the fixed status order', () => {
    const txt = pdfText(samplePdf, 'summary');
    const summary = txt.slice(txt.indexOf('Controls by status'));
    const order = ['PASS', 'FAIL', 'EXCEPTION', 'ATTESTED', 'MANUAL', 'NO_EVIDENCE', 'ERROR'].map((s) => summary.indexOf(`${s}\n`));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // PASS over every control judged from evidence: missing evidence and errors count against the rate.
    const s = sample.summary.byStatus;
    expect(summary).toContain(`${((100 * s.PASS) / (s.PASS + s.FAIL + s.EXCEPTION + s.NO_EVIDENCE + s.ERROR)).toFixed(1)}%`);
  });

  it('keeps hostile text as text, wrapped within the page', () => {
    const txt = pdfText(hostilePdf, 'hostile');
    for (const c of hostile.controls) expect(txt).toContain(c.id);
    expect(txt).toContain('<script>alert(1)</script>');
    expect(squash(txt)).toContain(squash("{{constructor.constructor('x')()}}"));
    // The 10,000-character value is all there, only broken into lines.
    expect(squash(withoutRunningLines(txt))).toContain('B'.repeat(3_999));
    // Nothing drawn outside the page: pdftotext -bbox reports every word's box.
    const file = path.join(work, 'hostile.pdf');
    const bbox = spawnSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).stdout;
    const pageWidth = 595.28;
    const xMaxes = [...bbox.matchAll(/xMax="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(xMaxes.length).toBeGreaterThan(100);
    expect(Math.max(...xMaxes)).toBeLessThanOrEqual(pageWidth - 49);
  });

  it('renders every page with pdftoppm: A4, none blank, the cover with ink on it', () => {
    const file = path.join(work, 'rendered.pdf');
    writeFileSync(file, samplePdf);
    const pages = Number(/Page 1 of (\d+)/.exec(pdfText(samplePdf, 'count'))?.[1]);
    const prefix = path.join(work, 'page');
    const r = spawnSync('pdftoppm', ['-r', '30', '-gray', file, prefix], { encoding: 'utf8' });
    if (r.error) throw new Error(`pdftoppm is required for the PDF report tests (apt-get install poppler-utils): ${r.error.message}`);
    expect(r.status, r.stderr).toBe(0);
    const files = readdirSync(work).filter((f) => /^page-\d+\.pgm$/.test(f)).sort();
    expect(files).toHaveLength(pages);
    for (const f of files) {
      const pgm = readFileSync(path.join(work, f));
      // Binary PGM: "P5\n<w> <h>\n255\n" then one byte per pixel.
      const m = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 32).toString('latin1'));
      expect(m, f).not.toBeNull();
      const [w, h] = [Number(m![1]), Number(m![2])];
      expect(Math.abs(w / h - 595.28 / 841.89)).toBeLessThan(0.01);
      const pixels = pgm.subarray(pgm.length - w * h);
      // The body, between the running head and foot (top and bottom tenth): the head and foot alone
      // ink about 0.0003 of a page at this resolution, a page ending a section on two short table
      // rows about 0.001; nothing is a page with only its head and foot.
      const body = pixels.subarray(Math.floor(h * 0.1) * w, Math.floor(h * 0.9) * w);
      const dark = body.reduce((n, v) => n + (v < 128 ? 1 : 0), 0);
      expect(dark / pixels.length, f).toBeGreaterThan(0.0005);
    }
  });

  it('lays a large report out page by page with the same pages the first pass measured', async () => {
    const vm = sampleViewModel();
    // distinct checks in each copy: a check already drawn in full is only referred to again
    const many = Array.from({ length: 14 }, (_, k) => vm.controls.map((c) => ({ ...c, id: `${c.id}-${k}`, checks: c.checks.map((ch) => ({ ...ch, id: `${ch.id}-${k}` })) }))).flat();
    const big = sampleViewModel({ controls: many });
    const out = path.join(work, 'big.pdf');
    await renderPdf(big, out);
    const txt = pdfText(readFileSync(out), 'big');
    const total = Number(/Page 1 of (\d+)/.exec(txt)?.[1]);
    expect(total).toBeGreaterThan(100);
    expect(txt).toContain(`Page ${total} of ${total}`);
    // The contents give each control the page it is really on (measured in the first pass, drawn in the second).
    const pages = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', out, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).stdout.split('\f');
    for (const id of ['ABL-IAM-1-0', 'ABL-NET-1-5', 'ABL-GOV-1-11']) {
      const tocLine = pages.slice(1, 12).join('\n').split('\n').find((l) => l.includes(`${id} `));
      const page = Number(/(\d+)\s*$/.exec(tocLine ?? '')?.[1]);
      expect(page, id).toBeGreaterThan(5);
      expect(pages[page - 1], `${id} on page ${page}`).toMatch(new RegExp(`^\\s*\\S*\\s*${id} `, 'm'));
    }
  });

  it('renders the same bytes in a bounded child process, and in-process when the child runs out of heap', async () => {
    const inWorker = path.join(work, 'worker.pdf');
    const usage = await renderPdfIsolated(sample, inWorker);
    expect(readFileSync(inWorker).equals(samplePdf)).toBe(true);
    // The child reports what the render cost it (the benchmark prints it).
    expect(usage?.cpuMs).toBeGreaterThan(0);
    expect(usage?.maxRssBytes).toBeGreaterThan(20 * 1024 * 1024);
    const fallback = path.join(work, 'fallback.pdf');
    const warned: object[] = [];
    const inProcess = await renderPdfIsolated(sample, fallback, { maxOldGenerationSizeMb: 1, log: { warn: (o) => warned.push(o) } });
    expect(inProcess).toBeUndefined();
    expect(readFileSync(fallback).equals(samplePdf)).toBe(true);
    expect(warned).toHaveLength(1);
    expect(readdirSync(work).filter((f) => f.includes('.partial-'))).toEqual([]);
  });

  it('renders several PDFs through the pool with the bytes of in-process renders', async () => {
    const vms = [sample, hostileViewModel(), sample];
    const expected = await Promise.all(vms.map((vm) => renderPdfBuffer(vm)));
    const files = vms.map((_, i) => path.join(work, `pool-${i}.pdf`));
    await Promise.all(vms.map((vm, i) => renderPdfIsolated(vm, files[i]!)));
    files.forEach((f, i) => expect(readFileSync(f).equals(expected[i]!), f).toBe(true));
  });

  it('a pool renders its reports in the children it started first, not one child per report', async () => {
    const children: number[] = [];
    const pool = new PdfRenderPool({ onChild: (pid) => children.push(pid) });
    const files = [0, 1, 2, 3].map((i) => path.join(work, `reuse-${i}.pdf`));
    try {
      await pool.render(sample, files[0]!);
      await pool.render(sample, files[1]!);
      expect(children).toHaveLength(1);
      await Promise.all([pool.render(sample, files[2]!), pool.render(sample, files[3]!)]);
    } finally {
      await pool.close();
    }
    expect(children.length).toBeLessThanOrEqual(2);
    for (const f of files) expect(readFileSync(f).equals(samplePdf), f).toBe(true);
  });

  it('a warmed pool starts its children before any report and renders in them', async () => {
    const children: number[] = [];
    const pool = new PdfRenderPool({ onChild: (pid) => children.push(pid) });
    const files = [0, 1, 2].map((i) => path.join(work, `warm-${i}.pdf`));
    try {
      pool.warm(2);
      pool.warm(2); // no more than asked for, however often
      await vi.waitFor(() => expect(children).toHaveLength(Math.min(2, os.availableParallelism())));
      const started = [...children];
      await Promise.all(files.map((f) => pool.render(sample, f)));
      expect(children).toEqual(started);
    } finally {
      await pool.close();
    }
    for (const f of files) expect(readFileSync(f).equals(samplePdf), f).toBe(true);
  });

  it('a child that cannot run (a module it cannot load) is an error naming the file, not an in-process render', async () => {
    const out = path.join(work, 'no-child.pdf');
    const warned: object[] = [];
    const before = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = `${before ?? ''} --import ${path.join(work, 'missing-module.mjs')}`;
    try {
      await expect(renderPdfIsolated(sample, out, { log: { warn: (o) => warned.push(o) } })).rejects.toThrow(/no-child\.pdf: the render process exited with code 1: .*missing-module/);
    } finally {
      if (before === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = before;
    }
    expect(warned).toEqual([]);
    expect(readdirSync(work).filter((f) => f.startsWith('no-child.pdf'))).toEqual([]);
  });

  it('a child killed (SIGKILL) as soon as it runs gives the in-process bytes, never a truncated PDF', async () => {
    const out = path.join(work, 'killed.pdf');
    const warned: object[] = [];
    await renderPdfIsolated(sample, out, { onChild: (pid) => process.kill(pid, 'SIGKILL'), log: { warn: (o) => warned.push(o) } });
    expect(readFileSync(out).equals(samplePdf)).toBe(true);
    expect(JSON.stringify(warned)).toContain('SIGKILL');
    expect(readdirSync(work).filter((f) => f.includes('.partial-'))).toEqual([]);
  });

  it('an error in the render names the report file and leaves no file behind', async () => {
    const out = path.join(work, 'bad.pdf');
    await expect(renderPdfIsolated({ ...sample, generatedAt: 'not a date' }, out)).rejects.toThrow(out);
    expect(readdirSync(work).filter((f) => f.startsWith('bad.pdf'))).toEqual([]);
  });
});

