// summary.pdf of the monthly review pack: lays out a PackSummary (pack-summary.ts) and computes
// nothing about compliance. Same fonts and status colours as the reports; byte-stable for a given
// summary (fixed CreationDate and document id).
import { createHash } from 'node:crypto';
import type { ControlStatus } from '../model.ts';
import { formatPassRate, STATUS_COLOURS, STATUS_DISPLAY_ORDER } from '../report/html.ts';
import type { ReportFont } from '../report/fonts.ts';
import { createPdfDocument, renderToFile, setDocumentId, type Doc } from '../report/pdf/document.ts';
import { BAND, INK, MUTED, RULE } from '../report/pdf/palette.ts';
import type { ControlChangeKind } from './types.ts';
import type { FrameworkSummary, PackSummary, TrendDay } from './pack-summary.ts';

const PAGE = { width: 595.28, height: 841.89, margin: 50 } as const;
const WIDTH = PAGE.width - 2 * PAGE.margin;
const BOTTOM = PAGE.height - PAGE.margin;
/** Rows listed per section before "and N more": pack.json always has every one. */
const CAP = 60;

const KIND_LABEL: Record<ControlChangeKind, string> = {
  regression: 'regression',
  'coverage-loss': 'coverage loss',
  fix: 'fixed',
  accepted: 'accepted',
  'coverage-gain': 'coverage regained',
  other: 'changed',
};

interface Col {
  header: string;
  width: number;
  align?: 'left' | 'right';
}

class Writer {
  y: number = PAGE.margin;
  constructor(
    readonly doc: Doc,
    private readonly footer: string,
  ) {}

  page(): void {
    // A small bottom margin so the footer never makes pdfkit start a page of its own; BOTTOM is ours.
    this.doc.addPage({ size: 'A4', margins: { top: PAGE.margin, left: PAGE.margin, right: PAGE.margin, bottom: 20 } });
    this.doc.font('body').fontSize(7).fillColor(MUTED).text(this.footer, PAGE.margin, PAGE.height - 34, { width: WIDTH, lineBreak: false });
    this.y = PAGE.margin;
  }

  ensure(h: number): void {
    if (this.y + h > BOTTOM) this.page();
  }

  heading(text: string, size = 14): void {
    this.ensure(size * 3);
    this.y += size * 0.6;
    this.doc.font('bold').fontSize(size).fillColor(INK).text(text, PAGE.margin, this.y, { width: WIDTH });
    this.y = this.doc.y + size * 0.35;
  }

  para(text: string, opts: { size?: number; color?: string; font?: ReportFont } = {}): void {
    const size = opts.size ?? 9;
    this.doc.font(opts.font ?? 'body').fontSize(size);
    const h = this.doc.heightOfString(text, { width: WIDTH });
    this.ensure(h + 2);
    this.doc.fillColor(opts.color ?? INK).text(text, PAGE.margin, this.y, { width: WIDTH });
    this.y += h + 4;
  }

  /** A table whose header repeats on every page it spans; cells wrap. */
  table(cols: Col[], rows: string[][], opts: { badges?: number[] } = {}): void {
    const size = 7.5;
    const pad = 3;
    const widths = cols.map((c) => c.width * WIDTH);
    const xs = widths.map((_, i) => PAGE.margin + widths.slice(0, i).reduce((a, b) => a + b, 0));
    const measure = (cells: string[], font: ReportFont): number => {
      this.doc.font(font).fontSize(size);
      return Math.max(...cells.map((c, i) => this.doc.heightOfString(c, { width: widths[i]! - 2 * pad }))) + 2 * pad;
    };
    const header = (): void => {
      const h = measure(cols.map((c) => c.header), 'bold');
      this.doc.rect(PAGE.margin, this.y, WIDTH, h).fill(BAND);
      this.doc.font('bold').fontSize(size).fillColor(INK);
      cols.forEach((c, i) => this.doc.text(c.header, xs[i]! + pad, this.y + pad, { width: widths[i]! - 2 * pad, align: c.align ?? 'left' }));
      this.y += h;
    };
    this.ensure(40);
    header();
    for (const row of rows) {
      const h = measure(row, 'body');
      if (this.y + h > BOTTOM) {
        this.page();
        header();
      }
      row.forEach((cell, i) => {
        const status = opts.badges?.includes(i) ? STATUS_COLOURS[cell as ControlStatus] : undefined;
        if (status) {
          this.doc.font('bold').fontSize(6.5);
          const w = this.doc.widthOfString(cell) + 6;
          this.doc.roundedRect(xs[i]! + pad, this.y + pad - 1, w, size + 3, 2).fill(status.background);
          this.doc.fillColor(status.text).text(cell, xs[i]! + pad + 3, this.y + pad + 0.5, { lineBreak: false });
          return;
        }
        this.doc.font('body').fontSize(size).fillColor(INK).text(cell, xs[i]! + pad, this.y + pad, { width: widths[i]! - 2 * pad, align: cols[i]!.align ?? 'left' });
      });
      this.y += h;
      this.doc.moveTo(PAGE.margin, this.y).lineTo(PAGE.margin + WIDTH, this.y).lineWidth(0.4).strokeColor(RULE).stroke();
    }
    this.y += 6;
  }
}

const capped = <T>(rows: T[]): { shown: T[]; more: number } => ({ shown: rows.slice(0, CAP), more: Math.max(0, rows.length - CAP) });

/** Stacked bars of control statuses per day, with the pass rate as a line (right axis, 0–100 %). */
function trendChart(w: Writer, fw: FrameworkSummary): void {
  const days = fw.trend;
  if (days.length === 0) return;
  const h = 130;
  w.ensure(h + 40);
  const doc = w.doc;
  const x0 = PAGE.margin + 28;
  const plotW = WIDTH - 60;
  const top = w.y + 4;
  const total = Math.max(...days.map((d) => STATUS_DISPLAY_ORDER.reduce((a, s) => a + (d.byStatus[s] ?? 0), 0)), 1);
  const slot = plotW / days.length;
  const barW = Math.max(2, Math.min(24, slot * 0.7));
  doc.lineWidth(0.5).strokeColor(RULE);
  for (const f of [0, 0.5, 1]) doc.moveTo(x0, top + h * (1 - f)).lineTo(x0 + plotW, top + h * (1 - f)).stroke();
  doc.font('body').fontSize(6.5).fillColor(MUTED);
  doc.text(String(total), PAGE.margin, top - 3, { width: 24, align: 'right', lineBreak: false });
  doc.text('0', PAGE.margin, top + h - 3, { width: 24, align: 'right', lineBreak: false });
  doc.text('100%', x0 + plotW + 3, top - 3, { lineBreak: false });
  doc.text('0%', x0 + plotW + 3, top + h - 3, { lineBreak: false });
  days.forEach((d, i) => {
    let y = top + h;
    const x = x0 + i * slot + (slot - barW) / 2;
    for (const s of STATUS_DISPLAY_ORDER) {
      const n = d.byStatus[s] ?? 0;
      if (n === 0) continue;
      const bh = (n / total) * h;
      y -= bh;
      doc.rect(x, y, barW, bh).fill(STATUS_COLOURS[s].background);
    }
    if (days.length <= 16 || i % Math.ceil(days.length / 16) === 0) {
      doc.font('body').fontSize(6).fillColor(MUTED).text(d.day.slice(8), x0 + i * slot, top + h + 2, { width: slot, align: 'center', lineBreak: false });
    }
  });
  const points = days.map((d, i) => ({ x: x0 + i * slot + slot / 2, y: d.passRate === null ? null : top + h * (1 - d.passRate) }));
  doc.lineWidth(1.5).strokeColor(INK);
  let drawing = false;
  for (const p of points) {
    if (p.y === null) {
      drawing = false;
      continue;
    }
    if (drawing) doc.lineTo(p.x, p.y);
    else doc.moveTo(p.x, p.y);
    drawing = true;
  }
  doc.stroke();
  for (const p of points) if (p.y !== null) doc.circle(p.x, p.y, 1.8).fill(INK);
  w.y = top + h + 12;
  let lx = x0;
  doc.font('body').fontSize(6.5);
  for (const s of STATUS_DISPLAY_ORDER) {
    doc.rect(lx, w.y + 1, 6, 6).fill(STATUS_COLOURS[s].background);
    doc.fillColor(INK).text(s, lx + 8, w.y, { lineBreak: false });
    lx += doc.widthOfString(s) + 18;
  }
  doc.moveTo(lx, w.y + 4).lineTo(lx + 12, w.y + 4).lineWidth(1.5).strokeColor(INK).stroke();
  doc.fillColor(INK).text('pass rate', lx + 15, w.y, { lineBreak: false });
  w.y += 11;
  w.para('Pass rate, as "evidence trend" counts it: PASS / (PASS + FAIL + EXCEPTION + NO_EVIDENCE + ERROR); manual and attested controls are left out, and a control without evidence never counts as passing.', { size: 7, color: MUTED });
  w.y += 4;
}

const SHORT: Record<ControlStatus, string> = { PASS: 'PASS', FAIL: 'FAIL', EXCEPTION: 'EXC.', ATTESTED: 'ATT.', MANUAL: 'MAN.', NO_EVIDENCE: 'N/E', ERROR: 'ERR.' };

const trendRow = (d: TrendDay): string[] => [d.day, d.partial ? `${d.runId} (partial)` : d.runId, ...STATUS_DISPLAY_ORDER.map((s) => String(d.byStatus[s] ?? 0)), formatPassRate(d.passRate)];

function frameworkSection(w: Writer, fw: FrameworkSummary): void {
  w.page();
  w.heading(`${fw.name} (${fw.id})`, 15);
  w.heading('Trend over the month', 11);
  if (fw.trend.length === 0) w.para('No verified run of the month evaluated this framework.', { color: MUTED });
  trendChart(w, fw);
  const statusCols = STATUS_DISPLAY_ORDER.map((st) => ({ header: SHORT[st], width: 0.07, align: 'right' as const }));
  w.table([{ header: 'Day', width: 0.12 }, { header: 'Run that counts for the day', width: 0.26 }, ...statusCols, { header: 'Pass rate', width: 0.13, align: 'right' }], fw.trend.map(trendRow));
  w.para('EXC. EXCEPTION, ATT. ATTESTED, MAN. MANUAL, N/E NO_EVIDENCE, ERR. ERROR. A day counts its last complete run, else its last partial one (marked "partial").', { size: 7, color: MUTED });

  w.heading('Controls that changed', 11);
  if (!fw.changes) {
    w.para('The month has a single complete run: nothing to compare.', { color: MUTED });
  } else {
    const c = fw.changes;
    const k = c.counts;
    w.para(
      `From run ${c.fromRunId} (the month's first complete run) to ${c.toRunId} (its last): ${c.controls.length} control(s) changed — ` +
        `${k.regression} regression(s), ${k['coverage-loss']} coverage loss(es), ${k.fix} fixed, ${k.accepted} accepted, ${k['coverage-gain']} coverage regained, ${k.other} other. ` +
        `Resources of its checks: ${c.becameNonCompliant} became non-compliant, ${c.becameCompliant} became compliant.` +
        (c.expiredExceptions.length ? ` Exceptions that expired in between: ${c.expiredExceptions.map((e) => `${e.id} (${e.control}, ${e.expires})`).join(', ')}.` : ''),
    );
    const { shown, more } = capped(c.controls);
    if (shown.length > 0) {
      w.table(
        [{ header: 'Change', width: 0.14 }, { header: 'Control', width: 0.14 }, { header: 'Title', width: 0.44 }, { header: 'From', width: 0.14 }, { header: 'To', width: 0.14 }],
        shown.map((x) => [KIND_LABEL[x.kind], x.control, x.title, x.from ?? '(absent)', x.to ?? '(absent)']),
        { badges: [3, 4] },
      );
    }
    if (more > 0) w.para(`… and ${more} more (pack.json lists every change).`, { color: MUTED });
    if (c.checks.length > 0) {
      const byCheck = capped(c.checks);
      w.table(
        [{ header: 'Check', width: 0.6 }, { header: 'Became non-compliant', width: 0.2, align: 'right' }, { header: 'Became compliant', width: 0.2, align: 'right' }],
        byCheck.shown.map((x) => [x.check, String(x.becameNonCompliant), String(x.becameCompliant)]),
      );
      if (byCheck.more > 0) w.para(`… and ${byCheck.more} more checks (pack.json lists every one).`, { color: MUTED });
    }
  }

  w.heading('Coverage gaps (last complete run)', 11);
  if (fw.gaps.length === 0) w.para('None: every automated control had evidence.', { color: MUTED });
  else {
    const { shown, more } = capped(fw.gaps);
    w.table([{ header: 'Control', width: 0.14 }, { header: 'Status', width: 0.14 }, { header: 'Why', width: 0.72 }], shown.map((g) => [g.control, g.status, g.reason]), { badges: [1] });
    if (more > 0) w.para(`… and ${more} more (pack.json lists every gap).`, { color: MUTED });
  }
}

function firstPage(w: Writer, s: PackSummary): void {
  w.page();
  w.doc.font('bold').fontSize(22).fillColor(INK).text('Monthly review pack', PAGE.margin, w.y, { width: WIDTH });
  w.y = w.doc.y + 2;
  w.doc.font('body').fontSize(14).fillColor(MUTED).text(`${s.month.label}${s.organization ? ` · ${s.organization}` : ''}`, PAGE.margin, w.y, { width: WIDTH });
  w.y = w.doc.y + 10;
  const included = s.runs.filter((r) => r.included).length;
  const keyNote = s.verification.keySource === 'pinned' ? 'pinned trusted key' : 'key kept in the store';
  w.table(
    [{ header: 'Month (UTC)', width: 0.25 }, { header: '', width: 0.75 }],
    [
      ['Period', `${s.month.start} to ${s.month.end} (exclusive)`],
      ['Runs', `${s.runs.length} started in the month: ${included} verified and included, ${s.runs.length - included} excluded (listed with the reason under "Runs")`],
      ['Compared runs', `first complete ${s.firstCompleteRunId}, last complete ${s.lastCompleteRunId} (its signed reports are in reports/)`],
      ['Verification', `manifest signatures with the ${keyNote} (sha256 ${s.verification.keyFingerprints.join(', ') || 'n/a'}), the chain back to the first run, ${s.verification.objectsVerified} stored object version(s) re-hashed`],
      ['Store', s.store],
      ['Generated', s.generatedAt],
    ],
  );
  w.heading('At a glance', 12);
  w.table(
    [
      { header: 'Framework', width: 0.2 },
      { header: 'Pass rate, first day', width: 0.13, align: 'right' },
      { header: 'Pass rate, last day', width: 0.13, align: 'right' },
      { header: 'Regressions', width: 0.12, align: 'right' },
      { header: 'Coverage losses', width: 0.12, align: 'right' },
      { header: 'Fixed', width: 0.1, align: 'right' },
      { header: 'Gaps (ERROR / NO_EVIDENCE)', width: 0.2, align: 'right' },
    ],
    s.frameworks.map((fw) => {
      const n = (k: ControlChangeKind): string => String(fw.changes?.counts[k] ?? 0);
      const err = fw.gaps.filter((g) => g.status === 'ERROR').length;
      return [fw.id, formatPassRate(fw.trend[0]?.passRate ?? null), formatPassRate(fw.trend.at(-1)?.passRate ?? null), n('regression'), n('coverage-loss'), n('fix'), `${err} / ${fw.gaps.length - err}`];
    }),
  );
  if (s.earlierProblems.length > 0) {
    w.heading('Problems found before the month', 11);
    w.para('Following the chain back to the first run found these problems in earlier runs. They do not exclude this month\'s runs, but the history before the month needs review:', { color: MUTED });
    for (const p of s.earlierProblems.slice(0, CAP)) w.para(`• ${p}`, { size: 7.5 });
  }
}

function exceptionsSection(w: Writer, s: PackSummary): void {
  w.page();
  w.heading('Exceptions (accepted risks)', 15);
  if (s.exceptions.length === 0) {
    w.para('No exception applied to any control in the last complete run.', { color: MUTED });
    return;
  }
  w.para(`As applied in the last complete run, ${s.lastCompleteRunId}; days left are counted from the end of the month. "expired this month" was active in the month's first complete run.`, { color: MUTED });
  const { shown, more } = capped(s.exceptions);
  w.table(
    [{ header: 'Exception', width: 0.13 }, { header: 'Framework / control', width: 0.2 }, { header: 'Approver', width: 0.18 }, { header: 'Expires', width: 0.12 }, { header: 'State', width: 0.17 }, { header: 'Reason', width: 0.2 }],
    shown.map((e) => [
      e.id,
      `${e.framework} ${e.control}`,
      e.approver,
      e.expires,
      e.state === 'active' ? `open, ${e.daysLeft} day(s) left` : e.expiredDuringMonth ? 'expired this month' : 'expired',
      e.reason,
    ]),
  );
  if (more > 0) w.para(`… and ${more} more (pack.json lists every exception).`, { color: MUTED });
}

function coverageSection(w: Writer, s: PackSummary): void {
  w.heading('Coverage', 15);
  const failed = s.coverage.failedCollections;
  w.heading('Collections that failed during the month', 11);
  if (failed.length === 0) w.para('None: every included run collected everything it planned.', { color: MUTED });
  else {
    const { shown, more } = capped(failed);
    w.table([{ header: 'Run', width: 0.25 }, { header: 'Account', width: 0.14 }, { header: 'Region', width: 0.1 }, { header: 'Collector', width: 0.18 }, { header: 'Reason', width: 0.33 }], shown.map((c) => [c.runId, c.account, c.region, c.collector, c.reason]));
    if (more > 0) w.para(`… and ${more} more (pack.json lists every one).`, { color: MUTED });
  }
  w.heading(`Config rules not deployed (last complete run)`, 11);
  const rules = s.coverage.rulesNotDeployed;
  if (rules.length === 0) w.para('None.', { color: MUTED });
  else {
    const { shown, more } = capped(rules);
    w.table([{ header: 'Account', width: 0.25 }, { header: 'Region', width: 0.2 }, { header: 'Rule (source identifier)', width: 0.55 }], shown.map((r) => [r.account, r.region, r.sourceIdentifier]));
    if (more > 0) w.para(`… and ${more} more (pack.json lists every one).`, { color: MUTED });
  }
}

function runsSection(w: Writer, s: PackSummary): void {
  w.heading('Runs', 15);
  w.para('Every run that started in the month. Only runs whose manifest, signature, chain and pinned objects verified are included; the others are listed with the reason.', { color: MUTED });
  w.table(
    [{ header: 'Run', width: 0.25 }, { header: 'Status', width: 0.1 }, { header: 'In the pack', width: 0.1 }, { header: 'Collections (failed)', width: 0.13, align: 'right' }, { header: 'Reason', width: 0.42 }],
    s.runs.map((r) => [r.runId, r.status, r.included ? 'included' : 'EXCLUDED', r.included ? `${r.collections} (${r.failedCollections})` : '—', r.reason ?? '']),
  );
}

function createDocument(s: PackSummary): Doc {
  const date = new Date(s.generatedAt);
  const doc = createPdfDocument({
    margins: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin },
    info: {
      Title: `Monthly review pack ${s.month.id}`,
      Author: s.organization ? `${s.organization} (aws-evidence-collector)` : 'aws-evidence-collector',
      Subject: `Compliance evidence for ${s.month.label}`,
      Creator: 'aws-evidence-collector',
      CreationDate: date,
      ModDate: date,
    },
  });
  setDocumentId(doc, createHash('sha256').update(JSON.stringify(s)).digest().subarray(0, 16));
  return doc;
}

/** Writes the summary to `file`, streamed page by page. */
export async function renderSummaryPdf(s: PackSummary, file: string): Promise<void> {
  const doc = createDocument(s);
  await renderToFile(doc, file, () => {
    const w = new Writer(doc, `Monthly review pack ${s.month.id} · summary.pdf · verify the pack: see README.md inside it`);
    firstPage(w, s);
    for (const fw of s.frameworks) frameworkSection(w, fw);
    exceptionsSection(w, s);
    w.page();
    coverageSection(w, s);
    runsSection(w, s);
  });
}
