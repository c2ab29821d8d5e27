// Where a Config rule is deployed and its configuration items were read too, AWS Config's
// verdicts beside the local evaluator's: how often they agree, and the resources where not.
import type { CheckResult } from '../domain/index.ts';

/** Differing resources listed in a report before "and N more". */
const LISTED = 50;

export interface AgreementView {
  compared: number;
  agreeing: number;
  /** "100 %" only when nothing differs; otherwise rounded down, so a difference never reads as 100 %. */
  percent: string;
  rules: { checkId: string; compared: number; differing: number; percent: string }[];
  differing: { checkId: string; account: string; region: string; resourceType: string; resourceId: string; configRule: string; local: string }[];
  differingOmitted: number;
}

function percentOf(agreeing: number, compared: number): string {
  if (agreeing === compared) return '100 %';
  return `${(Math.floor((agreeing / compared) * 1000) / 10).toFixed(1)} %`;
}

/** Undefined when no check of the report had both verdicts. */
export function agreementView(checks: readonly CheckResult[], used: ReadonlySet<string>): AgreementView | undefined {
  const rules: AgreementView['rules'] = [];
  const differing: AgreementView['differing'] = [];
  let compared = 0;
  let different = 0;
  for (const c of checks) {
    if (!used.has(c.id)) continue;
    let n = 0;
    let d = 0;
    for (const t of c.targets) {
      if (!t.agreement) continue;
      n += t.agreement.compared;
      d += t.agreement.differingCount;
      for (const x of t.agreement.differing) differing.push({ checkId: c.id, account: t.account, region: t.region, ...x });
    }
    if (n === 0) continue;
    rules.push({ checkId: c.id, compared: n, differing: d, percent: percentOf(n - d, n) });
    compared += n;
    different += d;
  }
  if (compared === 0) return undefined;
  return { compared, agreeing: compared - different, percent: percentOf(compared - different, compared), rules, differing: differing.slice(0, LISTED), differingOmitted: different - Math.min(differing.length, LISTED) };
}
