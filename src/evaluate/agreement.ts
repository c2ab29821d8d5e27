// AWS Config's verdicts beside the local evaluator's on the same resources: a self-check of the
// evaluators wherever a rule is deployed and its configuration items were read as well.
import type { CheckOutcome, ResourceResult, VerdictAgreement } from '../domain/index.ts';
import type { ConfigItemsFetch, ConfigRuleResultsEvidence } from '../collect/index.ts';
import { deployedParameters, type RuleParameters } from '../managed-rules/index.ts';

export { deployedParameters };
import { configItemsOutcome } from './config-items.ts';
import { resultsFromConfigEvidence } from './config-rule.ts';

/** Differences kept per target; the count says how many there were. */
export const DIFFERENCES_KEPT = 20;

/**
 * Compares per resource. A resource is compared when both judged it, unless one side says
 * NOT_APPLICABLE and the other COMPLIANT (a scope nuance, no failure on either side); a failure
 * on one side only is always a difference. Undefined when the local side judged nothing (an
 * unrecorded type, an unreadable item): there is nothing to compare.
 */
export function compareVerdicts(configRule: ResourceResult[], local: CheckOutcome): VerdictAgreement | undefined {
  if (local.kind !== 'evaluated') return undefined;
  const mine = new Map(local.results.map((r) => [`${r.resourceType}\u0000${r.resourceId}`, r.compliance]));
  let compared = 0;
  let differingCount = 0;
  const differing: VerdictAgreement['differing'] = [];
  for (const r of configRule) {
    const l = mine.get(`${r.resourceType}\u0000${r.resourceId}`);
    if (l === undefined) continue;
    const pair = new Set([r.compliance, l]);
    if (pair.has('NOT_APPLICABLE') && pair.has('COMPLIANT')) continue;
    compared += 1;
    if (l === r.compliance) continue;
    differingCount += 1;
    if (differing.length < DIFFERENCES_KEPT) differing.push({ resourceType: r.resourceType, resourceId: r.resourceId, configRule: r.compliance, local: l });
  }
  return compared > 0 ? { compared, differingCount, differing } : undefined;
}

/**
 * AWS Config's verdicts beside the local evaluator's, the evaluator run with each deployed rule's
 * own InputParameters (not collection.ruleParameters: the comparison is with what AWS judged).
 * Rules deployed twice with different parameters are compared apart and the counts added.
 */
export function agreementWithDeployed(sid: string, found: ConfigRuleResultsEvidence[], items: { region: string; items: ConfigItemsFetch }[]): VerdictAgreement | undefined {
  const groups = new Map<string, { params: RuleParameters; rules: ConfigRuleResultsEvidence['rules'] }>();
  for (const ev of found) {
    for (const rule of ev.rules) {
      const params = deployedParameters(rule.InputParameters);
      if (!params) continue;
      const key = JSON.stringify(Object.entries(params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      const g = groups.get(key) ?? { params, rules: [] };
      g.rules.push(rule);
      groups.set(key, g);
    }
  }
  let compared = 0;
  let differingCount = 0;
  const differing: VerdictAgreement['differing'] = [];
  for (const { params, rules } of groups.values()) {
    const a = compareVerdicts(resultsFromConfigEvidence([{ sourceIdentifier: sid, rules }]), configItemsOutcome(sid, items, params).outcome);
    if (!a) continue;
    compared += a.compared;
    differingCount += a.differingCount;
    differing.push(...a.differing.slice(0, DIFFERENCES_KEPT - differing.length));
  }
  return compared > 0 ? { compared, differingCount, differing } : undefined;
}
