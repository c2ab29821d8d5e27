// Judges every selected check for every target from the collected evidence. Missing input
// yields ERROR or NO_EVIDENCE with its reason, never a verdict.
import type { CheckDef } from '../catalog/checks.ts';
import type { CheckOutcome, Target } from '../model.ts';
import type { ConfigRuleResultsEvidence } from '../collect/config-rule-results.ts';
import type { DatasetId } from '../collect/datasets.ts';
import type { TargetEvidence } from '../run/collect.ts';
import type { CheckResult, CheckTargetResult } from '../run/results.ts';
import { configRuleOutcome } from './config-rule.ts';
import { countResults, targetStatus } from './rollup.ts';

function toTargetResult(target: Target, outcome: CheckOutcome, evidenceKeys: string[]): CheckTargetResult {
  const st = targetStatus(outcome);
  const results = outcome.kind === 'evaluated' ? outcome.results : [];
  return {
    account: target.account,
    region: target.region,
    status: st.status,
    ...(st.reason ? { reason: st.reason } : {}),
    counts: countResults(results),
    results,
    evidenceKeys,
  };
}

function apiOutcome(check: Extract<CheckDef, { kind: 'api' }>, te: TargetEvidence): { outcome: CheckOutcome; keys: string[] } {
  const inputs: Record<string, unknown> = {};
  const keys: string[] = [];
  for (const id of check.uses as readonly DatasetId[]) {
    const f = te.datasets.get(id);
    if (!f) return { outcome: { kind: 'error', reason: `dataset ${id} was not collected` }, keys };
    if (!f.ok) return { outcome: { kind: 'error', reason: `dataset ${id}: ${f.reason}` }, keys };
    inputs[id] = f.data;
    keys.push(f.key);
  }
  try {
    return { outcome: check.evaluate(inputs as never, te.target), keys };
  } catch (err) {
    return { outcome: { kind: 'error', reason: `check ${check.id} threw: ${(err as Error).message}` }, keys };
  }
}

function configTargetOutcome(sid: string, tes: TargetEvidence[]): { outcome: CheckOutcome; keys: string[] } {
  const found: ConfigRuleResultsEvidence[] = [];
  const keys: string[] = [];
  const errors: string[] = [];
  const notDeployed: string[] = [];
  for (const te of tes) {
    const f = te.configRules.get(sid);
    if (!f) continue;
    if (f.ok) {
      found.push(f.data);
      keys.push(f.key);
    } else if ('notDeployed' in f) notDeployed.push(te.target.region);
    else errors.push(`${te.target.region}: ${f.reason}`);
  }
  // For a global rule, one region with results is enough; failures elsewhere do not hide it.
  if (found.length > 0) return { outcome: configRuleOutcome(sid, found), keys };
  if (errors.length > 0) return { outcome: { kind: 'error', reason: errors.join('; ') }, keys };
  return { outcome: { kind: 'no_evidence', reason: `Config rule ${sid} is not deployed (${notDeployed.join(', ') || 'no region'})` }, keys };
}

export function evaluateChecks(checks: CheckDef[], targets: TargetEvidence[]): CheckResult[] {
  return checks.map((check) => {
    let out: CheckTargetResult[];
    if (check.kind === 'api') {
      out = targets.map((te) => {
        const { outcome, keys } = apiOutcome(check, te);
        return toTargetResult(te.target, outcome, keys);
      });
    } else if (check.scope === 'account') {
      const accounts = [...new Set(targets.map((t) => t.target.account))];
      out = accounts.map((account) => {
        const { outcome, keys } = configTargetOutcome(check.sourceIdentifier, targets.filter((t) => t.target.account === account));
        return toTargetResult({ account, region: 'global' }, outcome, keys);
      });
    } else {
      out = targets.map((te) => {
        const { outcome, keys } = configTargetOutcome(check.sourceIdentifier, [te]);
        return toTargetResult(te.target, outcome, keys);
      });
    }
    return { id: check.id, kind: check.kind, title: check.title, scope: check.kind === 'api' ? 'region' : check.scope, targets: out };
  });
}
