// Turns stored AWS Config evaluation results into a check outcome for one target.
import type { CheckOutcome, ResourceCompliance, ResourceResult } from '../domain/index.ts';
import type { ConfigRuleResultsEvidence } from '../collect/index.ts';

const RANK: Record<ResourceCompliance, number> = { NON_COMPLIANT: 3, COMPLIANT: 2, NOT_APPLICABLE: 1, INSUFFICIENT_DATA: 0 };

function asCompliance(v: string | undefined): ResourceCompliance {
  return v === 'COMPLIANT' || v === 'NON_COMPLIANT' || v === 'NOT_APPLICABLE' ? v : 'INSUFFICIENT_DATA';
}

/** Per-resource results from one or more deployed rules; a resource judged twice keeps its worst verdict. */
export function resultsFromConfigEvidence(evidence: ConfigRuleResultsEvidence[]): ResourceResult[] {
  const byResource = new Map<string, ResourceResult>();
  for (const ev of evidence) {
    for (const rule of ev.rules) {
      for (const r of rule.evaluationResults) {
        const q = r.EvaluationResultIdentifier?.EvaluationResultQualifier;
        const res: ResourceResult = {
          resourceType: q?.ResourceType ?? 'unknown',
          resourceId: q?.ResourceId ?? 'unknown',
          compliance: asCompliance(r.ComplianceType),
          ...(r.Annotation ? { annotation: r.Annotation } : {}),
        };
        const k = `${res.resourceType}\u0000${res.resourceId}`;
        const prev = byResource.get(k);
        if (!prev || RANK[res.compliance] > RANK[prev.compliance]) byResource.set(k, res);
      }
    }
  }
  return [...byResource.values()].sort((a, b) => (a.resourceType + a.resourceId < b.resourceType + b.resourceId ? -1 : 1));
}

export function configRuleOutcome(sourceIdentifier: string, evidence: ConfigRuleResultsEvidence[]): CheckOutcome {
  const results = resultsFromConfigEvidence(evidence);
  if (results.length === 0) {
    const names = evidence.flatMap((e) => e.rules.map((r) => r.ConfigRuleName));
    return { kind: 'no_evidence', reason: `rule ${sourceIdentifier} is deployed (${names.join(', ')}) but has no evaluation results` };
  }
  return { kind: 'evaluated', results };
}
