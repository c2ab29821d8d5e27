// Judges every selected check for every target from the collected evidence. Missing input
// yields ERROR or NO_EVIDENCE with its reason, never a verdict.
import type { CheckDef } from '../catalog/checks.ts';
import type { CheckOutcome, Target } from '../model.ts';
import type { ConfigRuleResultsEvidence } from '../collect/config-rule-results.ts';
import type { DatasetId } from '../collect/datasets.ts';
import { GLOBAL_REGION, type TargetEvidence } from '../run/collect.ts';
import { collectorFor } from '../collect/collectors/index.ts';
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

function apiOutcome(check: Extract<CheckDef, { kind: 'api' }>, te: TargetEvidence, global: TargetEvidence | undefined): { outcome: CheckOutcome; keys: string[] } {
  const inputs: Record<string, unknown> = {};
  const keys: string[] = [];
  for (const id of check.uses as readonly DatasetId[]) {
    // A regional check may also read the account's global datasets.
    const f = te.datasets.get(id) ?? global?.datasets.get(id);
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

/** An api check whose datasets are all account-global is judged once per account. */
export function apiCheckScope(check: Extract<CheckDef, { kind: 'api' }>): 'account' | 'region' {
  return check.uses.every((u) => collectorFor(u).scope === 'account') ? 'account' : 'region';
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

export function evaluateChecks(checks: CheckDef[], all: TargetEvidence[]): CheckResult[] {
  const regional = all.filter((t) => t.target.region !== GLOBAL_REGION);
  const globals = new Map(all.filter((t) => t.target.region === GLOBAL_REGION).map((t) => [t.target.account, t]));
  const accounts = [...new Set(all.map((t) => t.target.account))];
  return checks.map((check) => {
    let out: CheckTargetResult[];
    let scope: 'account' | 'region';
    if (check.kind === 'api') {
      scope = apiCheckScope(check);
      const over = scope === 'account' ? [...globals.values()] : regional;
      out = over.map((te) => {
        const { outcome, keys } = apiOutcome(check, te, globals.get(te.target.account));
        return toTargetResult(te.target, outcome, keys);
      });
    } else if (check.scope === 'account') {
      scope = 'account';
      out = accounts.map((account) => {
        const { outcome, keys } = configTargetOutcome(check.sourceIdentifier, regional.filter((t) => t.target.account === account));
        return toTargetResult({ account, region: GLOBAL_REGION }, outcome, keys);
      });
    } else {
      scope = 'region';
      out = regional.map((te) => {
        const { outcome, keys } = configTargetOutcome(check.sourceIdentifier, [te]);
        return toTargetResult(te.target, outcome, keys);
      });
    }
    return { id: check.id, kind: check.kind, title: check.title, scope, targets: out };
  });
}
