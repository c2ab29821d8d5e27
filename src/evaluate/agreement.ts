// AWS Config's verdicts beside the local evaluator's on the same resources: a self-check of the
// evaluators wherever a rule is deployed and its configuration items were read as well.
import type { CheckOutcome, ResourceResult, VerdictAgreement } from '../domain/index.ts';

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
