// Hostile input from AWS (resource ids, annotations, reasons) and from people (exception reasons,
// attestation statements, the organization name) renders safely in every format: as text, never
// as markup, template, script or spreadsheet formula, and whole (10,000-character values too).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.ts';
import { renderPdfBuffer } from '../../src/report/pdf.ts';
import { renderCsv } from '../../src/report/csv.ts';
import { renderJson } from '../../src/report/json.ts';
import { EVIL, HOSTILE_IDS, hostileRunViewModel } from '../fixtures/hostile-run.ts';
import { parseCsv } from '../fixtures/csv-parse.ts';
import { itExternal } from '../external.ts';

const { results, vm } = hostileRunViewModel(HOSTILE_IDS.length);
const work = mkdtempSync(path.join(tmpdir(), 'report-hostile-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const escapeHtml = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#x27;').replaceAll('`', '&#x60;').replaceAll('=', '&#x3D;');
const squash = (s: string) => s.replace(/\s+/g, '');

describe('hostile input', () => {
  it('HTML: escaped everywhere, only its own script, no template evaluation, values whole', () => {
    const html = renderHtml(vm);
    expect(html.match(/<script[\s>]/g)).toHaveLength(1);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('alert(1)</script>');
    for (const v of [EVIL.script, EVIL.template, EVIL.attribute, EVIL.formula, EVIL.long, EVIL.quotes]) expect(html, v.slice(0, 30)).toContain(escapeHtml(v));
    for (const v of [EVIL.arabic, EVIL.hebrew, EVIL.emoji]) expect(html).toContain(v);
    // Exception and attestation texts, the organization and the attached document's name.
    expect(html).toContain(escapeHtml(`RISK-${EVIL.script}`));
    expect(html).toContain(escapeHtml(`${EVIL.attribute}.pdf`));
    expect(html).toContain(escapeHtml(`${EVIL.script} ${EVIL.template} ${EVIL.hebrew}`));
    // RTL text is isolated so it cannot reorder the text around it.
    expect(html).toMatch(new RegExp(`<bdi>[^<]*${EVIL.arabic}`));
  });

  itExternal('PDF: the same values as text, whole, within the page (pdftotext)', async () => {
    const pdf = await renderPdfBuffer(vm);
    const file = path.join(work, 'hostile.pdf');
    writeFileSync(file, pdf);
    const r = spawnSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.error) throw new Error(`pdftotext is required for the PDF report tests (apt-get install poppler-utils): ${r.error.message}`);
    const body = r.stdout
      .split(/\n|\f/)
      .filter((l) => !/compliance report|^Run \d{8}T|^Generated \d{4}-|^Page \d+ of \d+$/.test(l.trim()))
      .join('\n');
    for (const v of [EVIL.script, EVIL.template, `RISK-${EVIL.script}`, EVIL.formula]) expect(squash(body), v).toContain(squash(v));
    expect(squash(body)).toContain('L'.repeat(4_000));
    expect(squash(body)).toContain('Z'.repeat(999));
    const bbox = spawnSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).stdout;
    const xMax = Math.max(...[...bbox.matchAll(/xMax="([\d.]+)"/g)].map((m) => Number(m[1])));
    expect(xMax).toBeLessThanOrEqual(595.28 - 49);
  });

  it('CSV: parses back to the same values, none of them a live formula', async () => {
    const rows = parseCsv(await renderCsv(vm, results));
    const ids = rows.slice(1).filter((r) => r[1] === 'C1').map((r) => r[10]!.replace(/^'(?=[=+\-@\t\r])/, ''));
    expect(ids).toEqual(HOSTILE_IDS);
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('JSON: parses back to the same values', () => {
    const back = JSON.parse(renderJson(vm));
    expect(back).toEqual(vm);
    expect(back.controls[1].exceptions[0].reason).toBe(`${EVIL.formula} ${EVIL.hebrew} ${EVIL.long}`);
  });
});

beforeAll(() => {
  // Sanity: the fixture really is hostile and 10,000 characters long where it says so.
  expect(EVIL.long.length).toBeGreaterThanOrEqual(10_000);
});
