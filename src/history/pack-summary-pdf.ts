// summary.pdf of the monthly review pack: lays out a PackSummary (pack-summary.ts) and computes
// nothing about compliance. Same fonts and status colours as the reports; byte-stable for a given
// summary (fixed CreationDate and document id).
import { createHash } from 'node:crypto';
import { formatPassRate, STATUS_COLOURS, STATUS_DISPLAY_ORDER } from '../report/index.ts';
import { createPdfDocument, renderToFile, setDocumentId, type Doc } from '../report/index.ts';
import { layOutTwice, REPORT_PAGE, type Layout } from '../report/index.ts';
import { runningHeadAndFoot } from '../report/index.ts';
import { badge, drawTable, text, type Column } from '../report/index.ts';
import { H1, INK, MUTED, RULE, type Style } from '../report/index.ts';
import { describePlaces, groupRulesNotDeployed } from '../report/index.ts';
import type { ControlStatus } from '../domain/index.ts';
import type { ControlChangeKind } from './types.ts';
import type { FrameworkSummary, PackSummary, TrendDay } from './pack-summary.ts';

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

/** A heading with space above it, kept with at least a few lines of what follows. */
function heading(l: Layout, value: string, size = 14): void {
  l.ensure(size * 3);
  l.y += size * 0.6;
  l.paragraph(value, { font: 'bold', size }, { after: size * 0.35 });
}

function para(l: Layout, value: string, style: Partial<Style> = {}): void {
  l.paragraph(value, { font: 'body', size: 9, ...style }, { after: 4 });
}

const note = (l: Layout, value: string): void => para(l, value, { color: MUTED });

/** A table of plain strings; the cells of `badges` columns that hold a status show as badges. */
function table(l: Layout, columns: Column[], rows: string[][], badges: number[] = []): void {
  drawTable(
    l,
    columns,
    rows.map((row) => row.map((cell, i) => (badges.includes(i) && cell in STATUS_COLOURS ? badge(cell) : text(cell)))),
  );
}

const capped = <T>(rows: T[]): { shown: T[]; more: number } => ({ shown: rows.slice(0, CAP), more: Math.max(0, rows.length - CAP) });

/** Stacked bars of control statuses per day, with the pass rate as a line (right axis, 0–100 %). */
function trendChart(l: Layout, fw: FrameworkSummary): void {
  const days = fw.trend;
  if (days.length === 0) return;
  const h = 130;
  l.ensure(h + 40);
  const axis: Style = { font: 'body', size: 6.5, color: MUTED };
  const x0 = l.left + 28;
  const plotW = l.width - 60;
  const top = l.y + 4;
  const total = Math.max(...days.map((d) => STATUS_DISPLAY_ORDER.reduce((a, s) => a + (d.byStatus[s] ?? 0), 0)), 1);
  const slot = plotW / days.length;
  const barW = Math.max(2, Math.min(24, slot * 0.7));
  for (const f of [0, 0.5, 1]) l.hline(x0, x0 + plotW, top + h * (1 - f), RULE, 0.5);
  const leftLabel = (value: string, y: number): void => l.draw(value, l.left + 24 - l.measure(value, axis), y, axis);
  leftLabel(String(total), top - 3);
  leftLabel('0', top + h - 3);
  l.draw('100%', x0 + plotW + 3, top - 3, axis);
  l.draw('0%', x0 + plotW + 3, top + h - 3, axis);
  const dayStyle: Style = { ...axis, size: 6 };
  days.forEach((d, i) => {
    let y = top + h;
    const x = x0 + i * slot + (slot - barW) / 2;
    for (const s of STATUS_DISPLAY_ORDER) {
      const n = d.byStatus[s] ?? 0;
      if (n === 0) continue;
      const bh = (n / total) * h;
      y -= bh;
      l.fillRect(x, y, barW, bh, STATUS_COLOURS[s].background);
    }
    if (days.length <= 16 || i % Math.ceil(days.length / 16) === 0) {
      const label = d.day.slice(8);
      l.draw(label, x0 + i * slot + (slot - l.measure(label, dayStyle)) / 2, top + h + 2, dayStyle);
    }
  });
  const points = days.map((d, i) => (d.passRate === null ? null : { x: x0 + i * slot + slot / 2, y: top + h * (1 - d.passRate) }));
  l.polyline(points, INK, 1.5);
  for (const p of points) if (p) l.disc(p.x, p.y, 1.8, INK);
  l.y = top + h + 12;
  const legend: Style = { font: 'body', size: 6.5 };
  let lx = x0;
  for (const s of STATUS_DISPLAY_ORDER) {
    l.fillRect(lx, l.y + 1, 6, 6, STATUS_COLOURS[s].background);
    l.draw(s, lx + 8, l.y, legend);
    lx += l.measure(s, legend) + 18;
  }
  l.hline(lx, lx + 12, l.y + 4, INK, 1.5);
  l.draw('pass rate', lx + 15, l.y, legend);
  l.y += 11;
  para(l, 'Pass rate, as "evidence trend" counts it: PASS / (PASS + FAIL + EXCEPTION + NO_EVIDENCE + ERROR); manual and attested controls are left out, and a control without evidence never counts as passing.', { size: 7, color: MUTED });
  l.y += 4;
}

const SHORT: Record<ControlStatus, string> = { PASS: 'PASS', FAIL: 'FAIL', EXCEPTION: 'EXC.', ATTESTED: 'ATT.', MANUAL: 'MAN.', NO_EVIDENCE: 'N/E', ERROR: 'ERR.' };

const trendRow = (d: TrendDay): string[] => [d.day, d.partial ? `${d.runId} (partial)` : d.runId, ...STATUS_DISPLAY_ORDER.map((s) => String(d.byStatus[s] ?? 0)), formatPassRate(d.passRate)];

function frameworkSection(l: Layout, fw: FrameworkSummary): void {
  l.newPage();
  heading(l, `${fw.name} (${fw.id})`, 15);
  heading(l, 'Trend over the month', 11);
  if (fw.trend.length === 0) note(l, 'No verified run of the month evaluated this framework.');
  trendChart(l, fw);
  const statusCols = STATUS_DISPLAY_ORDER.map((st) => ({ header: SHORT[st], width: 0.07, align: 'right' as const }));
  table(l, [{ header: 'Day', width: 0.12 }, { header: 'Run that counts for the day', width: 0.26 }, ...statusCols, { header: 'Pass rate', width: 0.13, align: 'right' }], fw.trend.map(trendRow));
  para(l, 'EXC. EXCEPTION, ATT. ATTESTED, MAN. MANUAL, N/E NO_EVIDENCE, ERR. ERROR. A day counts its last complete run, else its last partial one (marked "partial").', { size: 7, color: MUTED });

  heading(l, 'Controls that changed', 11);
  if (!fw.changes) {
    note(l, 'The month has a single complete run: nothing to compare.');
  } else {
    const c = fw.changes;
    const k = c.counts;
    para(l, 
      `From run ${c.fromRunId} (the month's first complete run) to ${c.toRunId} (its last): ${c.controls.length} control(s) changed — ` +
        `${k.regression} regression(s), ${k['coverage-loss']} coverage loss(es), ${k.fix} fixed, ${k.accepted} accepted, ${k['coverage-gain']} coverage regained, ${k.other} other. ` +
        `Resources of its checks: ${c.becameNonCompliant} became non-compliant, ${c.becameCompliant} became compliant.` +
        (c.expiredExceptions.length ? ` Exceptions that expired in between: ${c.expiredExceptions.map((e) => `${e.id} (${e.control}, ${e.expires})`).join(', ')}.` : ''),
    );
    const { shown, more } = capped(c.controls);
    if (shown.length > 0) {
      table(l, 
        [{ header: 'Change', width: 0.14 }, { header: 'Control', width: 0.14 }, { header: 'Title', width: 0.44 }, { header: 'From', width: 0.14 }, { header: 'To', width: 0.14 }],
        shown.map((x) => [KIND_LABEL[x.kind], x.control, x.title, x.from ?? '(absent)', x.to ?? '(absent)']),
        [3, 4],
      );
    }
    if (more > 0) note(l, `… and ${more} more (pack.json lists every change).`);
    if (c.checks.length > 0) {
      const byCheck = capped(c.checks);
      table(l, 
        [{ header: 'Check', width: 0.6 }, { header: 'Became non-compliant', width: 0.2, align: 'right' }, { header: 'Became compliant', width: 0.2, align: 'right' }],
        byCheck.shown.map((x) => [x.check, String(x.becameNonCompliant), String(x.becameCompliant)]),
      );
      if (byCheck.more > 0) note(l, `… and ${byCheck.more} more checks (pack.json lists every one).`);
    }
  }

  heading(l, 'Coverage gaps (last complete run)', 11);
  if (fw.gaps.length === 0) note(l, 'None: every automated control had evidence.');
  else {
    const { shown, more } = capped(fw.gaps);
    table(l, [{ header: 'Control', width: 0.14 }, { header: 'Status', width: 0.14 }, { header: 'Why', width: 0.72 }], shown.map((g) => [g.control, g.status, g.reason]), [1]);
    if (more > 0) note(l, `… and ${more} more (pack.json lists every gap).`);
  }
}

function firstPage(l: Layout, s: PackSummary): void {
  l.newPage();
  l.paragraph('Monthly review pack', H1, { after: 2 });
  l.paragraph(`${s.month.label}${s.organization ? ` · ${s.organization}` : ''}`, { font: 'body', size: 14, color: MUTED }, { after: 10 });
  const included = s.runs.filter((r) => r.included).length;
  const keyNote = s.verification.keySource === 'pinned' ? 'pinned trusted key' : 'key kept in the store';
  table(l, 
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
  heading(l, 'At a glance', 12);
  table(l, 
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
    heading(l, 'Problems found before the month', 11);
    note(l, 'Following the chain back to the first run found these problems in earlier runs. They do not exclude this month\'s runs, but the history before the month needs review:');
    for (const p of s.earlierProblems.slice(0, CAP)) para(l, `• ${p}`, { size: 7.5 });
  }
}

function exceptionsSection(l: Layout, s: PackSummary): void {
  l.newPage();
  heading(l, 'Exceptions (accepted risks)', 15);
  if (s.exceptions.length === 0) {
    note(l, 'No exception applied to any control in the last complete run.');
    return;
  }
  para(l, `As applied in the last complete run, ${s.lastCompleteRunId}; days left are counted from the end of the month. "expired this month" was active in the month's first complete run.`, { color: MUTED });
  const { shown, more } = capped(s.exceptions);
  table(l, 
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
  if (more > 0) note(l, `… and ${more} more (pack.json lists every exception).`);
}

function coverageSection(l: Layout, s: PackSummary): void {
  heading(l, 'Coverage', 15);
  const failed = s.coverage.failedCollections;
  heading(l, 'Collections that failed during the month', 11);
  if (failed.length === 0) note(l, 'None: every included run collected everything it planned.');
  else {
    const { shown, more } = capped(failed);
    table(l, [{ header: 'Run', width: 0.25 }, { header: 'Account', width: 0.14 }, { header: 'Region', width: 0.1 }, { header: 'Collector', width: 0.18 }, { header: 'Reason', width: 0.33 }], shown.map((c) => [c.runId, c.account, c.region, c.collector, c.reason]));
    if (more > 0) note(l, `… and ${more} more (pack.json lists every one).`);
  }
  heading(l, `Config rules not deployed (last complete run)`, 11);
  const rules = s.coverage.rulesNotDeployed;
  if (rules.length === 0) note(l, 'None.');
  else {
    // Rules missing from the same account-regions share a row, so every one fits.
    const groups = groupRulesNotDeployed(rules);
    table(l, [{ header: 'Not deployed in', width: 0.35 }, { header: 'Rules (source identifiers)', width: 0.65 }], groups.map((g) => [`${g.places.length}: ${describePlaces(g.places)}`, `${g.rules.length}: ${g.rules.join(', ')}`]));
  }
}

function runsSection(l: Layout, s: PackSummary): void {
  heading(l, 'Runs', 15);
  para(l, 'Every run that started in the month. Only runs whose manifest, signature, chain and pinned objects verified are included; the others are listed with the reason.', { color: MUTED });
  table(l, 
    [{ header: 'Run', width: 0.25 }, { header: 'Status', width: 0.1 }, { header: 'In the pack', width: 0.1 }, { header: 'Collections (failed)', width: 0.13, align: 'right' }, { header: 'Reason', width: 0.42 }],
    s.runs.map((r) => [r.runId, r.status, r.included ? 'included' : 'EXCLUDED', r.included ? `${r.collections} (${r.failedCollections})` : '—', r.reason ?? '']),
  );
}

/** Empty box outline for a decision the reviewer ticks by hand. */
function box(l: Layout, x: number, y: number, size: number): void {
  l.polyline([{ x, y }, { x: x + size, y }, { x: x + size, y: y + size }, { x, y: y + size }, { x, y }], INK, 0.6);
}

/** The reviewer's sign-off: who reviewed the pack, when, what they decided, and their signature. */
function signOffPage(l: Layout, s: PackSummary): void {
  l.newPage();
  heading(l, 'Reviewer sign-off', 15);
  para(l, `The reviewer records here that they reviewed this pack for ${s.month.label} (runs of ${s.month.id}, last complete run ${s.lastCompleteRunId}) and what they decided. Fill in by hand or with a PDF editor; the pack's signatures cover the blank form, not what is written on it.`, { color: MUTED });
  l.y += 10;
  const label: Style = { font: 'bold', size: 9.5 };
  const field = (name: string): void => {
    l.ensure(36);
    l.draw(name, l.left, l.y, label);
    l.hline(l.left + 130, l.left + l.width, l.y + 12, INK, 0.6);
    l.y += 34;
  };
  field('Reviewer name');
  field('Role');
  field('Date of review');
  l.ensure(90);
  l.draw('Decision', l.left, l.y, label);
  for (const option of ['Accepted', 'Accepted with findings', 'Rejected']) {
    box(l, l.left + 130, l.y, 9);
    l.draw(option, l.left + 146, l.y, { font: 'body', size: 9.5 });
    l.y += 22;
  }
  l.y += 8;
  l.draw('Findings or reasons', l.left, l.y, label);
  for (let i = 0; i < 4; i++) {
    l.hline(l.left + 130, l.left + l.width, l.y + 12 + i * 22, INK, 0.6);
  }
  l.y += 4 * 22 + 20;
  field('Signature');
  field('Second reviewer (if required)');
  field('Signature');
}

function createDocument(s: PackSummary): Doc {
  const date = new Date(s.generatedAt);
  const doc = createPdfDocument({
    margins: REPORT_PAGE.margin,
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
  const running = (total: number) =>
    runningHeadAndFoot({
      headLeft: `Monthly review pack ${s.month.id}${s.organization ? ` · ${s.organization}` : ''}`,
      headRight: 'summary.pdf',
      footLeft: 'Verify the pack: see README.md inside it',
      total,
    });
  await renderToFile(doc, file, () =>
    layOutTwice(doc, createDocument(s), running, (l) => {
      firstPage(l, s);
      for (const fw of s.frameworks) frameworkSection(l, fw);
      exceptionsSection(l, s);
      l.newPage();
      coverageSection(l, s);
      runsSection(l, s);
      signOffPage(l, s);
    }),
  );
}
