// The controls section: each control with its status, reason, accepted risks and checks.
import type { Layout } from '../layout.ts';
import { BODY, SMALL, SMALL_MUTED, SMALL_BOLD, MONO_SMALL, H3, H4, MUTED, CODE_BG, WARN, LINK, type Style } from '../palette.ts';
import { drawTable, text, num, badge, dash, type TableRow } from '../table.ts';
import type { Recorder } from './blocks.ts';
import { checkDetailKey, checkResultsLine, tagText } from '../../display.ts';
import type { AttestationView, CheckView, ControlView, ExceptionView } from '../../types.ts';

/** An account id with its Organizations name, when the run recorded one. */
export function accountLabel(account: string, name: string | undefined): string {
  return name ? `${account} (${name})` : account;
}

function failingTable(layout: Layout, check: CheckView): void {
  const total = check.failingResources.length + check.failingResourcesOmitted;
  drawTable(layout,
    [
      { header: 'Account', width: 0.14 },
      { header: 'Region', width: 0.1 },
      { header: 'Type', width: 0.16 },
      { header: 'Resource', width: 0.25 },
      { header: 'Annotation', width: 0.23 },
      { header: 'Exception', width: 0.12 },
    ],
    check.failingResources.map((f) => [
      f.accountName ? { parts: [{ text: f.account }, { text: f.accountName, style: SMALL_MUTED }] } : text(f.account),
      text(f.region),
      text(f.resourceType),
      {
        parts: [
          ...(f.resourceName ? [{ text: f.resourceName, style: SMALL_BOLD }] : []),
          { text: f.resourceId, style: MONO_SMALL },
          ...(f.tags ? [{ text: tagText(f.tags), style: SMALL_MUTED }] : []),
        ],
      },
      f.annotation ? text(f.annotation) : dash(),
      f.exceptionIds?.length ? text(f.exceptionIds.join(', '), SMALL_BOLD) : dash(),
    ]),
    { caption: `Non-compliant resources for ${check.id}${check.failingResourcesOmitted > 0 ? `: ${check.failingResources.length} of ${total} listed` : ''}`, indent: 10, size: 7 },
  );
}

/**
 * A check whose detail an earlier control already showed: its status, why this control maps to
 * it, each group's status in one line, and a link to the detail. Frameworks map many controls to
 * one check (NIST SP 800-53: about 1,000 check rows, 143 distinct checks), and repeating the
 * resources and the results by account-region under each made the report seven times longer.
 */
function drawCheckReference(layout: Layout, check: CheckView, shown: { control: string; dest: string; page: number }): void {
  layout.ensure(40);
  layout.y += 3;
  layout.badgedLine(check.status, `Check ${check.id} (${check.kind}): ${check.title}`, H4, 10);
  if (check.mappingRationale) layout.paragraph(`Why this check: ${check.mappingRationale}`, SMALL_MUTED, { indent: 10, after: 1 });
  layout.paragraph(checkResultsLine(check), SMALL, { indent: 10, after: 1 });
  const top = layout.y;
  layout.paragraph(`The resources, reasons and evidence of this check are listed under ${shown.control} (page ${shown.page}).`, { ...SMALL, color: LINK }, { indent: 10, after: 4 });
  layout.link(layout.left + 10, top, layout.width - 10, Math.max(1, layout.y - top - 4), shown.dest);
}

/** Draws a check in full, or as a reference to where the same detail was drawn before. */
function drawCheckOnce(layout: Layout, check: CheckView, control: string, rec: Recorder, resourcesKey?: string): void {
  const key = checkDetailKey(check);
  const shown = rec.checksShown.get(key);
  if (shown) return drawCheckReference(layout, check, shown);
  layout.ensure(90);
  const dest = `k${String(rec.checksShown.size).padStart(5, '0')}`;
  layout.destination(dest);
  rec.checksShown.set(key, { control, dest, page: layout.pageNumber });
  drawCheck(layout, check, resourcesKey);
}

export function drawCheck(layout: Layout, check: CheckView, resourcesKey?: string): void {
  layout.ensure(90);
  layout.y += 3;
  layout.badgedLine(check.status, `Check ${check.id} (${check.kind}): ${check.title}`, H4, 10);
  if (check.parameters) layout.paragraph(`Parameters: ${Object.entries(check.parameters).map(([k, v]) => `${k}=${v}`).join('; ')}`, SMALL, { indent: 10, after: 1 });
  // A failing check says why it matters and what to change, as the HTML report does.
  if (check.status === 'FAIL') {
    if (check.rationale) layout.paragraph(`Why it matters: ${check.rationale}`, SMALL, { indent: 10, after: 1 });
    if (check.remediation) layout.paragraph(`How to fix: ${check.remediation}`, SMALL, { indent: 10, after: 2 });
  }
  if (check.mappingRationale) layout.paragraph(`Why this check: ${check.mappingRationale}`, SMALL_MUTED, { indent: 10 });
  // Failing resources first: they are what a reader acts on.
  if (check.failingResources.length > 0) failingTable(layout, check);
  if (check.failingResourcesOmitted > 0) {
    const n = check.failingResourcesOmitted;
    const total = n + check.failingResources.length;
    const where = resourcesKey ? `, and the run's resources file ${resourcesKey} holds every verdict` : ', and the evidence objects below hold them';
    layout.y -= 4;
    layout.paragraph(`…and ${n} more non-compliant resource${n === 1 ? '' : 's'} (${total} in all) not listed here: the CSV report lists every one${where}.`, SMALL_MUTED, {
      indent: 10,
      after: 8,
    });
  }
  const detailStyle: Style = { font: 'body', size: 7 };
  drawTable(layout,
    [
      { header: 'Status', width: 0.15 },
      { header: 'Account-regions', width: 0.33 },
      { header: 'Compliant', width: 0.13, align: 'right' },
      { header: 'Non-compliant', width: 0.13, align: 'right' },
      { header: 'Not applicable', width: 0.13, align: 'right' },
      { header: 'Insufficient data', width: 0.13, align: 'right' },
    ],
    check.groups.map((g) => ({
      cells: [
        badge(g.status),
        text(`${g.status} in ${g.size} of ${g.of} account-region${g.of === 1 ? '' : 's'}`),
        num(g.counts.COMPLIANT),
        num(g.counts.NON_COMPLIANT),
        num(g.counts.NOT_APPLICABLE),
        num(g.counts.INSUFFICIENT_DATA),
      ],
      detail: [
        ...(g.reason ? [{ text: `Reason: ${g.reason}`, style: detailStyle }] : []),
        { text: `Where: ${g.accounts.map((a) => `${accountLabel(a.account, a.accountName)}: ${a.regions.join(', ')}`).join('; ')}`, style: detailStyle },
        ...(g.source ? [{ text: `Evaluated by: ${sourceText(g.source, g.capturedAt)}`, style: detailStyle }] : []),
        ...(g.evidenceKeys.length
          ? g.evidenceKeys.map((k) => ({ text: k, style: { ...MONO_SMALL, size: 6.3, color: MUTED } }))
          : [{ text: 'No evidence objects.', style: SMALL_MUTED }]),
      ],
    })),
    { caption: `Results of ${check.id} by account and region, grouped by status and reason`, indent: 10, size: 7 },
  );
}

/** Controls shown without their checks (summary and failing detail): one table row each. */
/** Consecutive controls with one status and reason at least this long share a row on paper. */
export const COLLAPSE_RUN = 4;

/**
 * Controls shown without their checks, one row each, except that a run of COLLAPSE_RUN or more
 * consecutive controls with the same status and reason (hundreds of MANUAL controls in NIST SP
 * 800-53) is one row naming every control of the run beneath it. The HTML report keeps a row per
 * control, with titles, for filtering.
 */
export function drawControlRows(layout: Layout, controls: readonly ControlView[]): void {
  const rows: TableRow[] = [];
  for (let i = 0; i < controls.length; ) {
    const c = controls[i]!;
    let j = i + 1;
    while (j < controls.length && controls[j]!.status === c.status && controls[j]!.statusReason === c.statusReason) j += 1;
    if (j - i >= COLLAPSE_RUN) {
      const run = controls.slice(i, j);
      rows.push({
        cells: [text(`${run.length} controls`, SMALL_BOLD), text(`${c.id} to ${run.at(-1)!.id} in catalog order, each named below`, SMALL_MUTED), badge(c.status), text(c.statusReason)],
        detail: [{ text: run.map((x) => x.id).join(', '), style: SMALL }],
      });
    } else {
      for (const x of controls.slice(i, j)) rows.push([text(x.id, SMALL_BOLD), text(x.title), badge(x.status), text(x.statusReason)]);
    }
    i = j;
  }
  drawTable(layout,
    [
      { header: 'Control', width: 0.13 },
      { header: 'Title', width: 0.3 },
      { header: 'Status', width: 0.14 },
      { header: 'Why', width: 0.43 },
    ],
    rows,
    { size: 7 },
  );
}

function exceptionScope(e: ExceptionView): string {
  const what = e.control !== undefined ? `control ${e.control}` : `check ${e.check ?? ''}`;
  const fw = e.framework ? ` in ${e.framework}` : '';
  const res = e.resources
    ? `; resources: ${e.resources.map((r) => `${r.id}${r.account || r.region ? ` (${[r.account, r.region].filter(Boolean).join('/')})` : ''}`).join(', ')}`
    : '; all resources';
  return `${what}${fw}${res}`;
}

export function drawAcceptance(layout: Layout, control: ControlView): void {
  if (control.exceptions.length > 0) {
    drawTable(layout,
      [
        { header: 'Exception', width: 0.12 },
        { header: 'State', width: 0.09 },
        { header: 'Scope', width: 0.2 },
        { header: 'Reason', width: 0.26 },
        { header: 'Approver', width: 0.13 },
        { header: 'Expires', width: 0.11 },
        { header: 'Covers', width: 0.09, align: 'right' },
      ],
      control.exceptions.map((e) => ({
        cells: [
          text(e.id, SMALL_BOLD),
          text(e.state, e.state === 'active' ? SMALL : { ...SMALL_BOLD, color: WARN }),
          text(exceptionScope(e)),
          text(e.reason),
          text(e.approver),
          text(e.expires),
          { parts: [{ text: `${e.coveredResources} of ${e.failingResources}` }], align: 'right' as const },
        ],
        detail: [{ text: `Source: ${e.source.file} line ${e.source.line}, stored as ${e.source.key}`, style: { ...SMALL_MUTED, size: 6.5 } }],
      })),
      { caption: `Exceptions (accepted risks) naming ${control.id}`, indent: 10, size: 7 },
    );
  }
  if (control.attestations.length > 0) {
    drawTable(layout,
      [
        { header: 'State', width: 0.1 },
        { header: 'Statement', width: 0.34 },
        { header: 'Attester', width: 0.16 },
        { header: 'Date', width: 0.1 },
        { header: 'Valid until', width: 0.1 },
        { header: 'Document', width: 0.2 },
      ],
      control.attestations.map((a: AttestationView) => ({
        cells: [
          text(a.state, a.state === 'valid' ? SMALL : { ...SMALL_BOLD, color: WARN }),
          text(a.statement),
          text(a.attester),
          text(a.date),
          text(a.validUntil),
          a.document ? { parts: [{ text: a.document.name }, { text: a.document.key, style: { ...MONO_SMALL, size: 6 } }] } : text('none attached', SMALL_MUTED),
        ],
        detail: [
          ...(a.document ? [{ text: `Document SHA-256 ${a.document.sha256}, ${a.document.size} bytes, version ${a.document.versionId}`, style: { ...MONO_SMALL, size: 6, color: MUTED } }] : []),
          { text: `Source: ${a.source.file} line ${a.source.line}, stored as ${a.source.key}`, style: { ...SMALL_MUTED, size: 6.5 } },
        ],
      })),
      { caption: `Attestations for ${control.id}`, indent: 10, size: 7 },
    );
  }
}

export function drawControl(layout: Layout, control: ControlView, index: number, parent: PDFKit.PDFOutline | null, rec: Recorder, resourcesKey?: string): void {
  layout.ensure(80);
  const dest = `c${String(index).padStart(5, '0')}`;
  layout.destination(dest);
  layout.bookmark(`${control.id} ${control.status}`, parent);
  rec.toc.push({ level: 2, label: `${control.id}  ${control.title}`, status: control.status, dest, page: layout.pageNumber });

  layout.badgedLine(control.status, `${control.id}  ${control.title}`, H3);
  if (control.description) layout.paragraph(control.description, { font: 'body', size: 8, color: MUTED }, { after: 3 });
  layout.paragraph(`Why ${control.status}: ${control.statusReason}`, BODY, { after: control.evaluatedStatus ? 1 : 5 });
  if (control.evaluatedStatus) layout.paragraph(`From the evidence alone: ${control.evaluatedStatus}.`, SMALL_MUTED, { after: 5 });
  if (control.manual) {
    layout.paragraph('Manual control. Evidence a person must attest:', { font: 'bold', size: 8.5 }, { indent: 10, after: 1 });
    layout.paragraph(control.guidance ?? 'No guidance was given in the catalog.', { font: 'body', size: 8.5 }, { indent: 10, after: 6, background: CODE_BG });
    if (control.attestations.length === 0) layout.paragraph('No attestation on file.', { font: 'bold', size: 8.5 }, { indent: 10, after: 6 });
  } else if (control.checks.length === 0) {
    layout.paragraph('This control has no checks.', SMALL_MUTED, { indent: 10 });
  }
  drawAcceptance(layout, control);
  for (const check of control.checks) drawCheckOnce(layout, check, control.id, rec, resourcesKey);
  layout.y += 4;
  layout.ensure(12);
  layout.rule();
  layout.y += 10;
}

/** Who judged a Config rule check's resources, as the HTML report says it. */
function sourceText(source: 'config-rule' | 'configuration-item', capturedAt: string | undefined): string {
  if (source === 'config-rule') return "AWS Config (the deployed rule's results)";
  return `this tool, reproducing the managed rule over AWS Config's recorded configuration items${capturedAt ? ` (captured up to ${capturedAt})` : ''}`;
}
