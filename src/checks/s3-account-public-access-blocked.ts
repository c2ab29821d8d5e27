import { defineCheck } from './define.ts';

const SETTINGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

export const s3AccountPublicAccessBlocked = defineCheck({
  id: 's3-account-public-access-blocked',
  title: 'S3 Block Public Access is on for the whole account (all four settings)',
  resourceType: 'AWS::::Account',
  uses: ['s3-account-public-access-block'],
  evaluate({ 's3-account-public-access-block': ds }, target) {
    const base = { resourceType: 'AWS::::Account', resourceId: target.account };
    const c = ds.PublicAccessBlockConfiguration;
    if (!c) return { kind: 'evaluated', results: [{ ...base, compliance: 'NON_COMPLIANT', annotation: 'no account-level Block Public Access configuration' }] };
    const off = SETTINGS.filter((s) => !c[s]);
    return { kind: 'evaluated', results: [off.length === 0 ? { ...base, compliance: 'COMPLIANT' } : { ...base, compliance: 'NON_COMPLIANT', annotation: `off: ${off.join(', ')}` }] };
  },
});
