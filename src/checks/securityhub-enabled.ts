// Judges whether AWS Security Hub runs in this region with the AWS Foundational Security Best Practices standard.
// COMPLIANT: the account is subscribed to Security Hub here and that standard's subscription is READY.
import { defineCheck } from './define.ts';

const FSBP = '/aws-foundational-security-best-practices/';

export const securityhubEnabled = defineCheck({
  id: 'securityhub-enabled',
  title: 'Security Hub is enabled with the AWS Foundational Security Best Practices standard',
  rationale: 'Security Hub with the Foundational Security Best Practices standard continuously checks resources against AWS\'s baseline and gathers findings in one place, which supports continuous monitoring controls.',
  remediation: 'Enable Security Hub and the standard: Security Hub console > Go to Security Hub > Enable (with AWS Foundational Security Best Practices selected), or `aws securityhub enable-security-hub --enable-default-standards --region <region>`; for an existing hub use `aws securityhub batch-enable-standards`.',
  resourceType: 'AWS::::Account',
  uses: ['securityhub-standards'],
  evaluate({ 'securityhub-standards': ds }, target) {
    const base = { resourceType: 'AWS::::Account', resourceId: target.account };
    if (!ds.hub) return { kind: 'evaluated', results: [{ ...base, compliance: 'NON_COMPLIANT', annotation: `Security Hub is not enabled in ${target.region}` }] };
    const fsbp = ds.standards.find((s) => s.StandardsArn.includes(FSBP));
    if (!fsbp) return { kind: 'evaluated', results: [{ ...base, compliance: 'NON_COMPLIANT', annotation: 'the Foundational Security Best Practices standard is not enabled' }] };
    if (fsbp.StandardsStatus !== 'READY') return { kind: 'evaluated', results: [{ ...base, compliance: 'NON_COMPLIANT', annotation: `the Foundational Security Best Practices standard is ${fsbp.StandardsStatus}` }] };
    return { kind: 'evaluated', results: [{ ...base, compliance: 'COMPLIANT', annotation: `standards: ${ds.standards.map((s) => s.StandardsArn.split('/standards/').at(-1) ?? s.StandardsArn).join(', ')}` }] };
  },
});
