// Judges whether IAM Access Analyzer watches this region for external access.
// COMPLIANT: at least one analyzer of type ACCOUNT or ORGANIZATION has status ACTIVE here.
import { defineCheck } from './define.ts';

/** Analyzers of external access (the unused-access kinds answer another question). */
const EXTERNAL_ACCESS = new Set(['ACCOUNT', 'ORGANIZATION']);

export const accessAnalyzerEnabled = defineCheck({
  id: 'access-analyzer-enabled',
  title: 'IAM Access Analyzer is active in this region',
  rationale: 'Access Analyzer is how an account notices resources (buckets, roles, keys, queues) shared with principals outside the account or organization; without it, unintended external access can go unseen.',
  remediation: 'Create an analyzer of type Account or Organization in this region: IAM console > Access analyzer > Create analyzer, or `aws accessanalyzer create-analyzer --analyzer-name external-access --type ORGANIZATION --region <region>`.',
  resourceType: 'AWS::::Account',
  uses: ['access-analyzer-analyzers'],
  evaluate({ 'access-analyzer-analyzers': ds }, target) {
    const active = ds.analyzers.filter((a) => EXTERNAL_ACCESS.has(a.type) && a.status === 'ACTIVE');
    const base = { resourceType: 'AWS::::Account', resourceId: target.account };
    if (active.length > 0) return { kind: 'evaluated', results: [{ ...base, compliance: 'COMPLIANT', annotation: `active analyzer: ${active.map((a) => `${a.name} (${a.type})`).join(', ')}` }] };
    const other = ds.analyzers.map((a) => `${a.name} is ${a.status}${a.statusReason ? ` (${a.statusReason})` : ''}`);
    return { kind: 'evaluated', results: [{ ...base, compliance: 'NON_COMPLIANT', annotation: other.length > 0 ? `no active analyzer: ${other.join(', ')}` : `no analyzer in ${target.region}` }] };
  },
});
