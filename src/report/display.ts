// What the HTML and PDF reports show alike: status order and colours, the pass rate and tag
// formats, the detail levels' descriptions. Kept apart from html.ts so the PDF render children
// load no template engine.
import type { ControlStatus } from '../domain/index.ts';
import type { CheckView, ReportDetail } from './types.ts';

/** The order statuses are listed in by every report format (worst news after the good news). */
export const STATUS_DISPLAY_ORDER: readonly ControlStatus[] = ['PASS', 'FAIL', 'EXCEPTION', 'ATTESTED', 'MANUAL', 'NO_EVIDENCE', 'ERROR'];

/** Badge colours shared by the HTML and PDF reports; every pair has at least 4.5:1 contrast. */
export const STATUS_COLOURS: Readonly<Record<ControlStatus, { background: string; text: string }>> = {
  PASS: { background: '#1a7f37', text: '#ffffff' },
  FAIL: { background: '#b42318', text: '#ffffff' },
  EXCEPTION: { background: '#f5b700', text: '#1b1b1b' },
  ATTESTED: { background: '#00796b', text: '#ffffff' },
  MANUAL: { background: '#4a6785', text: '#ffffff' },
  NO_EVIDENCE: { background: '#5f6368', text: '#ffffff' },
  ERROR: { background: '#6a1b9a', text: '#ffffff' },
};

/** Formats a pass rate (a fraction) for display; "n/a" when no control was judged. */
export function formatPassRate(rate: number | null): string {
  if (rate === null || !Number.isFinite(rate)) return 'n/a';
  return `${(rate * 100).toFixed(1)}%`;
}

/** A resource's tags as one line, "key=value" in key order; shared with the PDF and CSV. */
export function tagText(tags: unknown): string {
  if (!tags || typeof tags !== 'object') return '';
  return Object.entries(tags as Record<string, unknown>)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
}

/** What a report of this detail level contains, said on its cover. */
export const DETAIL_DESCRIPTIONS: Readonly<Record<ReportDetail, string>> = {
  summary: "summary: each control's status and reason, coverage and verification; check detail is in the full report and the CSV",
  failing: 'failing: adds the checks of the failing and errored controls; the full report and the CSV have the rest',
  full: 'full: every check of every control and the evidence index',
};

/** What a check's full detail shows, apart from why a control maps to it: equal keys show the same. */
export function checkDetailKey(check: CheckView): string {
  const { id, kind, title, status, parameters, rationale, remediation, failingResources, failingResourcesOmitted, groups } = check;
  return JSON.stringify([id, kind, title, status, parameters, rationale, remediation, failingResources, failingResourcesOmitted, groups]);
}

/**
 * A check's results in one line, for a control that refers to the detail shown under another:
 * account-regions per status (the groups also differ by reason) and the non-compliant resources.
 */
export function checkResultsLine(check: CheckView): string {
  const byStatus = new Map<string, number>();
  for (const g of check.groups) byStatus.set(g.status, (byStatus.get(g.status) ?? 0) + g.size);
  const of = check.groups[0]?.of ?? 0;
  const counts = [...byStatus].map(([status, n], i) => (i === 0 ? `${status} in ${n} of ${of} account-region${of === 1 ? '' : 's'}` : `${status} in ${n}`)).join(', ');
  const failing = check.failingResources.length + check.failingResourcesOmitted;
  return `Results: ${counts || 'no account-region'}${failing > 0 ? `; ${failing} non-compliant resource${failing === 1 ? '' : 's'}` : ''}.`;
}
