// The trend as text (one table per framework) and as CSV (one row per framework and day).
import { CONTROL_STATUSES } from '../domain/index.ts';
import type { TrendResult } from './types.ts';

const pct = (r: number | null): string => (r === null ? 'n/a' : `${(r * 100).toFixed(1)}%`);

export function renderTrendText(t: TrendResult): string {
  const L: string[] = [`Trend from ${t.since} to ${t.until} (${t.runsRead} run(s) with a manifest read; per day the last complete run counts)`];
  L.push('Pass rate = PASS / (PASS + FAIL + EXCEPTION + NO_EVIDENCE + ERROR); MANUAL and ATTESTED are not counted.');
  for (const fw of t.frameworks) {
    L.push('', `${fw.name} (${fw.id} ${fw.version})`);
    const head = ['day', ...CONTROL_STATUSES, 'pass rate', 'run'];
    const rows = fw.points.map((p) => [p.day, ...CONTROL_STATUSES.map((s) => String(p.byStatus[s])), pct(p.passRate), `${p.runId}${p.partial ? ' (partial)' : ''}`]);
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]): string => '  ' + cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
    L.push(line(head));
    for (const r of rows) L.push(line(r));
    if (fw.points.length === 0) L.push('  no runs');
  }
  if (t.frameworks.length === 0) L.push('', 'No run in this period.');
  if (t.skipped.length > 0) {
    L.push('', 'Runs not counted:');
    for (const s of t.skipped) L.push(`  ${s.runId}  ${s.status}: ${s.reason}`);
  }
  return L.join('\n') + '\n';
}

const csvCell = (v: string): string => (/[",\n\r]/.test(v) || /^[=+\-@\t]/.test(v) ? `"${(/^[=+\-@\t]/.test(v) ? "'" : '') + v.replace(/"/g, '""')}"` : v);

export function renderTrendCsv(t: TrendResult): string {
  const head = ['framework', 'version', 'day', 'run_id', 'run_status', ...CONTROL_STATUSES.map((s) => s.toLowerCase()), 'total', 'pass_rate'];
  const rows = [head.join(',')];
  for (const fw of t.frameworks) {
    for (const p of fw.points) {
      const cells = [fw.id, fw.version, p.day, p.runId, p.runStatus, ...CONTROL_STATUSES.map((s) => String(p.byStatus[s])), String(p.total), p.passRate === null ? '' : p.passRate.toFixed(4)];
      rows.push(cells.map(csvCell).join(','));
    }
  }
  return rows.join('\r\n') + '\r\n';
}
