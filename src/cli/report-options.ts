// The report depth and NIST baseline options that `run`, `report` and `merge` share.
import { BASELINES, type Baseline, type Framework } from '../catalog/index.ts';
import { REPORT_DETAILS, type ReportDetail } from '../domain/index.ts';
import { UsageError } from './exit.ts';

export const DETAIL_HELP = `report depth: summary (each control's status and reason, coverage, verification), failing (adds the checks of failing and errored controls) or full (default from config: reports.detail)`;
export const BASELINE_HELP = `report only the controls of a NIST SP 800-53B baseline: ${BASELINES.join(', ')} (NIST SP 800-53 frameworks only)`;

export function parseDetail(flag: string | undefined, fallback: ReportDetail): ReportDetail {
  if (flag === undefined) return fallback;
  const d = flag.trim().toLowerCase();
  if (!(REPORT_DETAILS as readonly string[]).includes(d)) throw new UsageError(`--detail: expected ${REPORT_DETAILS.join(', ')}, got ${JSON.stringify(flag)}`);
  return d as ReportDetail;
}

/** The baseline, refused when a chosen framework's controls carry none (every framework but NIST SP 800-53). */
export function parseReportBaseline(flag: string | undefined, frameworks: readonly Framework[]): Baseline | null {
  if (flag === undefined) return null;
  const b = flag.trim().toLowerCase();
  if (!(BASELINES as readonly string[]).includes(b)) throw new UsageError(`--baseline: unknown baseline ${JSON.stringify(flag)}; known: ${BASELINES.join(', ')}`);
  const without = frameworks.filter((f) => !f.controls.some((c) => c.baselines));
  if (without.length > 0) {
    throw new UsageError(
      `--baseline applies to NIST SP 800-53 reports only; ${without.map((f) => f.id).join(', ')} ${without.length === 1 ? 'has' : 'have'} no baselines (choose the framework with -f, e.g. -f nist-800-53-r5)`,
    );
  }
  return b as Baseline;
}
