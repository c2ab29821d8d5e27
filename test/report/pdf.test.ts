import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentId, renderPdf, renderPdfBuffer } from '../../src/report/pdf.ts';
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
    vm.coverage = { collections: [], failures: [], rulesNotDeployed: [], controlsWithoutEvidence: [] };
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
    expect(summary).toContain('66.7%');
  });

  it('keeps hostile text as text, wrapped within the page', () => {
    const txt = pdfText(hostilePdf, 'hostile');
    for (const c of hostile.controls) expect(txt).toContain(c.id);
    expect(txt).toContain('<script>alert(1)</script>');
    expect(squash(txt)).toContain(squash("{{constructor.constructor('x')()}}"));
    // The 10,000-character value is all there, only broken into lines.
    expect(squash(txt)).toContain('B'.repeat(3_999));
    // Nothing drawn outside the page: pdftotext -bbox reports every word's box.
    const file = path.join(work, 'hostile.pdf');
    const bbox = spawnSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).stdout;
    const pageWidth = 595.28;
    const xMaxes = [...bbox.matchAll(/xMax="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(xMaxes.length).toBeGreaterThan(100);
    expect(Math.max(...xMaxes)).toBeLessThanOrEqual(pageWidth - 49);
  });
});
