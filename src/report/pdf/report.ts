// The framework report as a PDF: the same content as the HTML report, laid out for paper and for
// auditors' archives. It presents the view model and computes nothing about compliance.
//
// The report is laid out twice. The first pass only measures: it counts pages and records the
// page of every contents entry, drawing nothing. The second pass draws and streams: each page
// carries its running head and "Page n of N" from the moment it is created, the contents pages
// are written with the page numbers the first pass found, and pdfkit flushes every finished page
// to the output, so a report of thousands of pages is never held in memory whole.
import { createHash } from 'node:crypto';
import type { ReportViewModel } from '../types.ts';
import { drawToc, tocLevels, tocPositions, type TocEntry } from './contents.ts';
import { createPdfDocument, drain, renderToBuffer, renderToFile, setDocumentId, type Doc } from './document.ts';
import { layOutTwice, REPORT_PAGE, type Layout, type Measured } from './layout.ts';
import { BODY } from './palette.ts';
import { runningHeadAndFoot } from './running.ts';
import { Recorder, sectionStart } from './sections/blocks.ts';
import { drawControl, drawControlRows } from './sections/controls.ts';
import { drawCover } from './sections/cover.ts';
import { drawCoverage } from './sections/coverage.ts';
import { drawAgreement } from './sections/agreement.ts';
import { drawEvidence } from './sections/evidence.ts';
import { drawSummary } from './sections/summary.ts';
import { drawVerification } from './sections/verification.ts';

/**
 * Lays out the whole report. In the measuring pass `toc` is null and the contents pages are only
 * reserved; in the drawing pass it holds the entries, with their pages, that the first pass found.
 */
async function layoutReport(layout: Layout, vm: ReportViewModel, toc: TocEntry[] | null): Promise<Recorder> {
  const rec = new Recorder();
  drawCover(layout, vm);
  const levels = tocLevels(vm);
  if (toc) drawToc(layout, toc);
  else {
    const tocPages = (tocPositions(levels).at(-1)?.page ?? 0) + 1;
    for (let i = 0; i < tocPages; i++) layout.newPage();
  }

  sectionStart(layout, rec, 'Executive summary', 's1');
  drawSummary(layout, vm);

  const controlsOutline = sectionStart(layout, rec, 'Controls', 's2');
  layout.paragraph(`All ${vm.summary.total} controls of ${vm.framework.name}, in catalog order.`, BODY, { after: 10 });
  const resourcesKey = vm.run.resourcesKey;
  let drawn = 0;
  for (let i = 0; i < vm.controls.length; ) {
    if (vm.controls[i]!.detailShown) {
      drawControl(layout, vm.controls[i]!, i, controlsOutline, rec, resourcesKey);
      i += 1;
      drawn += 1;
    } else {
      // Controls shown without their checks: one row each, in a table until the next detailed one.
      let j = i;
      while (j < vm.controls.length && !vm.controls[j]!.detailShown) j += 1;
      drawControlRows(layout, vm.controls.slice(i, j));
      layout.y += 6;
      drawn += j - i;
      i = j;
    }
    if (layout.drawing && drawn >= 16) {
      drawn = 0;
      await drain(layout.doc);
    }
  }

  sectionStart(layout, rec, 'Coverage', 's3');
  drawCoverage(layout, vm);
  drawAgreement(layout, vm);
  if (vm.detail === 'full') {
    sectionStart(layout, rec, 'Evidence index', 's4');
    drawEvidence(layout, vm);
  }
  sectionStart(layout, rec, 'Verification', 's5');
  drawVerification(layout, vm);
  if (rec.toc.length !== levels.length) throw new Error(`report layout: ${rec.toc.length} contents entries, expected ${levels.length}`);
  return rec;
}

function createDocument(vm: ReportViewModel, measuring = false): Doc {
  const date = new Date(vm.generatedAt);
  if (Number.isNaN(date.getTime())) throw new Error(`report generatedAt is not a valid timestamp: ${JSON.stringify(vm.generatedAt)}`);
  return createPdfDocument({
    measuring,
    margins: REPORT_PAGE.margin,
    info: {
      Title: `${vm.framework.name} ${vm.framework.version} compliance report`,
      Author: vm.organization ? `${vm.organization.name} (aws-evidence-collector)` : 'aws-evidence-collector',
      Subject: `Run ${vm.run.runId}, ${vm.framework.id}, observed ${vm.run.startedAt} to ${vm.run.finishedAt}`,
      Creator: `aws-evidence-collector ${vm.toolVersion}`,
      // Fixed per run: pdfkit would otherwise stamp the wall clock, and the date feeds the file ID.
      CreationDate: date,
      ModDate: date,
    },
  });
}

/** Lays the report out twice (see the top of this file) into `doc`; its output must be consumed as it is produced. */
async function drawReport(doc: Doc, vm: ReportViewModel): Promise<void> {
  // Derived from the whole view model: deterministic, and distinct whenever the content differs.
  setDocumentId(doc, documentId(vm));
  const org = vm.organization ? ` · ${vm.organization.name}` : '';
  const running = (total: number) =>
    runningHeadAndFoot({
      headLeft: `${vm.framework.name} ${vm.framework.version} · compliance report${org}`,
      headRight: `Run ${vm.run.runId}`,
      footLeft: `Generated ${vm.generatedAt} by aws-evidence-collector ${vm.toolVersion}`,
      total,
    });
  await layOutTwice(doc, createDocument(vm, true), running, (layout, measured: Measured<Recorder> | null) =>
    layoutReport(layout, vm, measured ? measured.result.toc : null),
  );
}

/** The PDF trailer /ID: the first 16 bytes of the SHA-256 of the view model's JSON. */
export function documentId(vm: ReportViewModel): Buffer {
  const h = createHash('sha256');
  // Hashed in pieces: one JSON string of a very large view model could exceed V8's string limit.
  const { controls, evidence, ...rest } = vm;
  h.update(JSON.stringify(rest));
  for (const c of controls) h.update(JSON.stringify(c));
  for (const e of evidence) h.update(JSON.stringify(e));
  return h.digest().subarray(0, 16);
}

/** Renders the report to a PDF in memory; same view model, same bytes. */
export async function renderPdfBuffer(vm: ReportViewModel): Promise<Buffer> {
  const doc = createDocument(vm);
  return renderToBuffer(doc, () => drawReport(doc, vm));
}

/** Renders the report and streams it to `outPath` page by page; a partial file is removed on failure. */
export async function renderPdf(vm: ReportViewModel, outPath: string): Promise<void> {
  const doc = createDocument(vm);
  await renderToFile(doc, outPath, () => drawReport(doc, vm));
}
